import { ParseError } from '../../src/parser/diagnostics.js';
import { fargateSize } from '../../src/render/service/fargate-size.js';

const at = ['services', 'web', 'deploy', 'resources'];

describe('Fargate task size', () => {
  it.each([
    { name: 'nothing requested', cpu: 0, memory: 0, want: [256, 512] },
    { name: '256 with 512 MiB', cpu: 256, memory: 512, want: [256, 512] },
    { name: '256 with 513 MiB', cpu: 256, memory: 513, want: [256, 1024] },
    { name: '256 with 2 GiB, the top of its tier', cpu: 256, memory: 2048, want: [256, 2048] },
    { name: '256 CPU with 3 GiB raises CPU', cpu: 256, memory: 3072, want: [512, 3072] },
    { name: '257 units', cpu: 257, memory: 0, want: [512, 1024] },
    { name: '512 with 4 GiB', cpu: 512, memory: 4096, want: [512, 4096] },
    { name: '512 with 4097 MiB raises CPU', cpu: 512, memory: 4097, want: [1024, 5120] },
    { name: '1 vCPU, nothing asked of memory', cpu: 1024, memory: 0, want: [1024, 2048] },
    { name: '1 vCPU with 8 GiB', cpu: 1024, memory: 8192, want: [1024, 8192] },
    { name: '1 vCPU with 9 GiB', cpu: 1024, memory: 9216, want: [2048, 9216] },
    { name: '2 vCPU with 16 GiB', cpu: 2048, memory: 16384, want: [2048, 16384] },
    { name: '2 vCPU with 17 GiB', cpu: 2048, memory: 17408, want: [4096, 17408] },
    { name: '4 vCPU with 30 GiB', cpu: 4096, memory: 30720, want: [4096, 30720] },
    { name: '4 vCPU with 31 GiB goes to 8 vCPU, 4 GiB steps', cpu: 4096, memory: 31744, want: [8192, 32768] },
    { name: '8 vCPU minimum memory', cpu: 8192, memory: 0, want: [8192, 16384] },
    { name: '8 vCPU with 60 GiB', cpu: 8192, memory: 61440, want: [8192, 61440] },
    { name: '8 vCPU with 61 GiB goes to 16 vCPU', cpu: 8192, memory: 62464, want: [16384, 65536] },
    { name: '16 vCPU minimum memory', cpu: 16384, memory: 0, want: [16384, 32768] },
    { name: '16 vCPU with 33 GiB, 8 GiB steps', cpu: 16384, memory: 33792, want: [16384, 40960] },
    { name: '16 vCPU with 120 GiB', cpu: 16384, memory: 122880, want: [16384, 122880] },
    { name: 'a sidecar budget on top of 256/512', cpu: 256 + 256, memory: 512 + 64, want: [512, 1024] },
  ])('$name -> $want', ({ cpu, memory, want }) => {
    const size = fargateSize({ cpu, memory }, at);
    expect([size.cpu, size.memory]).toEqual(want);
  });

  it.each([
    { name: 'more than 16 vCPU', cpu: 16385, memory: 0 },
    { name: 'more than 120 GiB', cpu: 0, memory: 122881 },
  ])('refuses $name with a clear error', ({ cpu, memory }) => {
    expect(() => fargateSize({ cpu, memory }, at)).toThrow(ParseError);
    expect(() => fargateSize({ cpu, memory }, at)).toThrow(/largest Fargate task \(16 vCPU, 120 GiB\)/);
  });
});
