import { ParseError } from '../../../src/parser/diagnostics.js';
import type { ServicePort } from '../../../src/parser/model.js';
import { parsePort } from '../../../src/parser/syntax/ports.js';

describe('parsePort', () => {
  const cases: { name: string; input: unknown; want: ServicePort[] }[] = [
    { name: 'a number', input: 80, want: [{ mode: 'ingress', target: 80, protocol: 'tcp' }] },
    { name: 'container port', input: '80', want: [{ mode: 'ingress', target: 80, protocol: 'tcp' }] },
    {
      name: 'host:container',
      input: '8080:80',
      want: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
    },
    {
      name: 'ip:host:container',
      input: '127.0.0.1:8080:80',
      want: [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'tcp' }],
    },
    {
      name: 'ip with a random host port',
      input: '127.0.0.1::80',
      want: [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, protocol: 'tcp' }],
    },
    {
      name: 'IPv6 host ip in brackets',
      input: '[::1]:8080:80',
      want: [{ mode: 'ingress', host_ip: '::1', target: 80, published: '8080', protocol: 'tcp' }],
    },
    {
      name: 'IPv6 host ip without brackets',
      input: '::1:8080:80',
      want: [{ mode: 'ingress', host_ip: '::1', target: 80, published: '8080', protocol: 'tcp' }],
    },
    {
      name: 'protocol',
      input: '53:53/udp',
      want: [{ mode: 'ingress', target: 53, published: '53', protocol: 'udp' }],
    },
    { name: 'protocol in capitals', input: '53/UDP', want: [{ mode: 'ingress', target: 53, protocol: 'udp' }] },
    { name: 'sctp', input: '9/sctp', want: [{ mode: 'ingress', target: 9, protocol: 'sctp' }] },
    { name: 'empty protocol is tcp', input: '80/', want: [{ mode: 'ingress', target: 80, protocol: 'tcp' }] },
    {
      name: 'ranges expand to one entry per port',
      input: '8000-8001:80-81',
      want: [
        { mode: 'ingress', target: 80, published: '8000', protocol: 'tcp' },
        { mode: 'ingress', target: 81, published: '8001', protocol: 'tcp' },
      ],
    },
    {
      name: 'container range without host ports',
      input: '3000-3001',
      want: [
        { mode: 'ingress', target: 3000, protocol: 'tcp' },
        { mode: 'ingress', target: 3001, protocol: 'tcp' },
      ],
    },
    {
      name: 'a host range for one container port stays a range',
      input: '9090-9091:8080',
      want: [{ mode: 'ingress', target: 8080, published: '9090-9091', protocol: 'tcp' }],
    },
    {
      name: 'everything',
      input: '127.0.0.1:5000-5001:6000-6001/udp',
      want: [
        { mode: 'ingress', host_ip: '127.0.0.1', target: 6000, published: '5000', protocol: 'udp' },
        { mode: 'ingress', host_ip: '127.0.0.1', target: 6001, published: '5001', protocol: 'udp' },
      ],
    },
    {
      name: 'long syntax gets defaults',
      input: { target: 80, published: 8080 },
      want: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }],
    },
    {
      name: 'long syntax keeps everything',
      input: {
        name: 'web',
        target: '80',
        published: '8000-8010',
        host_ip: '0.0.0.0',
        protocol: 'UDP',
        mode: 'host',
        app_protocol: 'http',
      },
      want: [
        {
          name: 'web',
          mode: 'host',
          host_ip: '0.0.0.0',
          target: 80,
          published: '8000-8010',
          protocol: 'udp',
          app_protocol: 'http',
        },
      ],
    },
    {
      name: 'long syntax keeps a mode Docker does not have, as Compose does (awsvpc)',
      input: { target: 80, published: 80, mode: 'awsvpc' },
      want: [{ mode: 'awsvpc', target: 80, published: '80', protocol: 'tcp' }],
    },
  ];
  it.each(cases)('$name', ({ input, want }) => {
    expect(parsePort(input)).toEqual(want);
  });

  const errors: { name: string; input: unknown }[] = [
    { name: 'a word', input: 'http' },
    { name: 'empty', input: '' },
    { name: 'no container port', input: '8080:' },
    { name: 'unknown protocol', input: '80/icmp' },
    { name: 'port too large', input: '70000' },
    { name: 'fractional number', input: 80.5 },
    { name: 'negative number', input: -1 },
    { name: 'reversed range', input: '81-80' },
    { name: 'three-part range', input: '80-81-82' },
    { name: 'ranges of different sizes', input: '8000-8002:80-81' },
    { name: 'a host port for a container range', input: '8000:80-81' },
    { name: 'bad host ip', input: '1.2.3.4.5:80:80' },
    { name: 'unclosed IPv6 bracket', input: '[::1:80:80' },
    { name: 'long syntax without target', input: { published: 80 } },
    { name: 'long syntax with a bad published port', input: { target: 80, published: 'http' } },
    { name: 'a boolean', input: true },
  ];
  it.each(errors)('rejects $name with E_PORT and a hint', ({ input }) => {
    let error: unknown;
    try {
      parsePort(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect(error).toMatchObject({ code: 'E_PORT', path: undefined });
    expect((error as ParseError).hint).toMatch(/8080:80/);
  });
});
