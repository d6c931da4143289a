import { DOCKER_DEFAULT_CAPABILITIES, kernelCapabilities } from '../../src/support/capabilities.js';
import { renderText } from '../helpers/render-project.js';

/**
 * Point 4 of issue 14: capabilities Docker already grants are accepted. A container on Fargate
 * has Docker's default set; a task definition may add only SYS_PTRACE to it.
 */
type Resources = Record<string, { Properties: { ContainerDefinitions?: { LinuxParameters?: unknown }[] } }>;

function linuxParameters(compose: string): unknown {
  const r = renderText(compose).template.toJSON()['Resources'] as Resources;
  return r['WebTaskDefinition']!.Properties.ContainerDefinitions?.[0]?.LinuxParameters;
}

describe('kernelCapabilities', () => {
  it.each([
    { name: 'a default capability needs nothing', add: ['CHOWN', 'NET_BIND_SERVICE', 'SETUID'], drop: [], want: {} },
    { name: 'SYS_PTRACE is added', add: ['SYS_PTRACE'], drop: [], want: { Add: ['SYS_PTRACE'] } },
    { name: 'cap_ names are the names ECS takes', add: ['cap_sys_ptrace'], drop: ['CAP_NET_RAW'], want: { Add: ['SYS_PTRACE'], Drop: ['NET_RAW'] } },
    { name: 'a dropped default given back is kept', add: ['CHOWN'], drop: ['CHOWN', 'NET_RAW'], want: { Drop: ['NET_RAW'] } },
    { name: 'ALL alone drops all', add: [], drop: ['ALL'], want: { Drop: ['ALL'] } },
    { name: 'ALL with SYS_PTRACE only', add: ['SYS_PTRACE'], drop: ['ALL'], want: { Add: ['SYS_PTRACE'], Drop: ['ALL'] } },
    {
      name: 'ALL then some defaults drops the other defaults',
      add: ['NET_BIND_SERVICE', 'CHOWN'],
      drop: ['ALL'],
      want: { Drop: DOCKER_DEFAULT_CAPABILITIES.filter((c) => c !== 'CHOWN' && c !== 'NET_BIND_SERVICE') },
    },
  ])('$name', ({ add, drop, want }) => {
    expect(kernelCapabilities(add, drop)).toEqual(want);
  });
});

describe('cap_add and cap_drop in the task definition', () => {
  it('renders cap_drop: [ALL] with defaults given back (nginx as it is often hardened) as a Drop of the other defaults, and adds nothing', () => {
    expect(linuxParameters('services:\n  web:\n    image: nginx\n    cap_drop: [ALL]\n    cap_add: [CHOWN, NET_BIND_SERVICE, SETUID, SETGID]\n')).toEqual({
      Capabilities: { Drop: ['DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETFCAP', 'SETPCAP', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE'] },
    });
  });

  it('renders no capability for cap_add of defaults only', () => {
    expect(linuxParameters('services:\n  web:\n    image: nginx\n    cap_add: [CHOWN, NET_BIND_SERVICE, SETGID, SETUID, DAC_OVERRIDE]\n')).toBeUndefined();
  });

  it.each(['NET_ADMIN', 'SYS_ADMIN', 'ALL'])('refuses %s, which Fargate cannot add, at its place', (capability) => {
    expect(() => renderText(`services:\n  web:\n    image: nginx\n    cap_add: [CHOWN, ${capability}]\n`)).toThrow(
      expect.objectContaining({
        code: 'E_CAP_ADD',
        path: ['services', 'web', 'cap_add', 1],
        position: expect.objectContaining({ line: 4, col: 22 }) as unknown,
        message: expect.stringContaining(`Fargate cannot add the capability ${capability}: containers get Docker's default set (CHOWN,`) as unknown,
      }) as Error,
    );
  });
});
