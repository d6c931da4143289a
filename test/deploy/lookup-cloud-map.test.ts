import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListNamespacesCommand, ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { mockClient } from 'aws-sdk-client-mock';
import { lookup } from '../../src/deploy/lookup/lookup.js';
import { cli, startCli } from '../helpers/cli.js';
import { FakeCloudFormation } from '../helpers/fake-cloudformation.js';

/**
 * `compose-x lookup` of ECS ComposeX's `x-cloudmap.<key>.Lookup`: the ID of the private DNS
 * namespace of that name (moto has no Cloud Map, so the SDK is mocked, and the CLI talks to a
 * scripted JSON endpoint).
 */
const sdMock = mockClient(ServiceDiscoveryClient);
beforeEach(() => sdMock.reset());

const request = { kind: 'namespace', parameter: 'CloudMapNamespaceId', from: 'x-cloudmap.Lookup', name: 'testing.cluster' } as const;
const target = { region: 'us-east-1' };

describe('the Cloud Map namespace lookup', () => {
  it('asks for the private DNS namespaces of that name, every page, and takes the one', async () => {
    sdMock
      .on(ListNamespacesCommand)
      .resolvesOnce({ Namespaces: [], NextToken: 'page-2' })
      .resolvesOnce({ Namespaces: [{ Id: 'ns-abc123', Name: 'testing.cluster', Type: 'DNS_PRIVATE' }] });
    expect(await lookup(target, [request])).toEqual({ values: { CloudMapNamespaceId: 'ns-abc123' } });
    const calls = sdMock.commandCalls(ListNamespacesCommand).map((call) => call.args[0].input);
    expect(calls).toEqual([
      { Filters: [{ Name: 'NAME', Values: ['testing.cluster'], Condition: 'EQ' }, { Name: 'TYPE', Values: ['DNS_PRIVATE'], Condition: 'EQ' }] },
      { Filters: [{ Name: 'NAME', Values: ['testing.cluster'], Condition: 'EQ' }, { Name: 'TYPE', Values: ['DNS_PRIVATE'], Condition: 'EQ' }], NextToken: 'page-2' },
    ]);
  });

  it('fails naming the namespace when none has that name', async () => {
    sdMock.on(ListNamespacesCommand).resolves({ Namespaces: [] });
    await expect(lookup(target, [request])).rejects.toThrow('x-cloudmap.Lookup: no private DNS namespace is named testing.cluster; it must name one.');
  });

  it('fails naming both when two private DNS namespaces (in two VPCs) have that name', async () => {
    sdMock.on(ListNamespacesCommand).resolves({
      Namespaces: [
        { Id: 'ns-one', Name: 'testing.cluster', Type: 'DNS_PRIVATE' },
        { Id: 'ns-two', Name: 'testing.cluster', Type: 'DNS_PRIVATE' },
      ],
    });
    await expect(lookup(target, [request])).rejects.toThrow('x-cloudmap.Lookup: 2 private DNS namespaces (ns-one, ns-two) are named testing.cluster; it must name one.');
  });
});

describe('compose-x lookup of a namespace against a scripted Cloud Map', () => {
  const project = (): string => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'compose-x-')), 'top-create');
    cpSync(path.join('test', 'fixtures', 'composex', 'top-create'), dir, { recursive: true });
    return dir;
  };
  const run = async (namespaces: { Id: string; Name: string; Type: string }[]): Promise<{ dir: string; status: number | null; stdout: string; stderr: string; calls: string[]; asked: unknown[] }> => {
    const asked: unknown[] = [];
    const fake = new FakeCloudFormation({ json: { ListNamespaces: (input) => (asked.push(input), { Namespaces: namespaces }) } });
    const endpoint = await fake.start();
    try {
      const dir = project();
      const result = await startCli(['lookup'], dir, fake.environment(endpoint, mkdtempSync(path.join(tmpdir(), 'compose-x-home-')))).done;
      return { dir, ...result, calls: fake.calls, asked };
    } finally {
      await fake.stop();
    }
  };

  it('writes the namespace ID, and render takes it as the parameter default', async () => {
    const { dir, status, stdout, calls, asked } = await run([{ Id: 'ns-0fb1', Name: 'testing.cluster', Type: 'DNS_PRIVATE' }]);
    expect(status).toBe(0);
    expect(calls).toEqual(['servicediscovery:ListNamespaces']);
    expect(asked).toEqual([{ Filters: [{ Name: 'NAME', Values: ['testing.cluster'], Condition: 'EQ' }, { Name: 'TYPE', Values: ['DNS_PRIVATE'], Condition: 'EQ' }] }]);
    expect(stdout).toContain('CloudMapNamespaceId = ns-0fb1');
    expect(JSON.parse(readFileSync(path.join(dir, 'compose-x.lookup.json'), 'utf8')).parameters).toEqual({ CloudMapNamespaceId: 'ns-0fb1' });
    const rendered = cli(['render', '-d', 'cfn', '--format', 'json'], dir);
    expect(rendered.status).toBe(0);
    expect(rendered.stderr).not.toContain('W_LOOKUP_PENDING');
    const template = JSON.parse(readFileSync(path.join(dir, 'cfn', 'top-create.json'), 'utf8'));
    expect(template.Parameters.CloudMapNamespaceId.Default).toBe('ns-0fb1');
  }, 60_000);

  it('exits 1 naming the namespace when AWS has none of that name, and writes no file', async () => {
    const { dir, status, stderr } = await run([]);
    expect(status).toBe(1);
    expect(stderr).toContain('x-cloudmap.Lookup: no private DNS namespace is named testing.cluster; it must name one.');
    expect(() => readFileSync(path.join(dir, 'compose-x.lookup.json'))).toThrow();
  }, 60_000);
});
