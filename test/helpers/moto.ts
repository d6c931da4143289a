import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';

/** A moto_server on 127.0.0.1, started by a test suite and stopped after it. */
export interface Moto {
  endpoint: string;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

let available: boolean | undefined;

/** Is moto_server on the PATH (as on these machines and in CI)? */
export function motoAvailable(): boolean {
  available ??= spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
  return available;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(endpoint: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${endpoint}/moto-api/`)).ok) return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error('moto_server did not start within 30 s');
}

/**
 * moto_server, with what its CloudFormation lacks for our templates: `Fn::GetAtt` of an EFS
 * file system and access point (moto 5 has no `get_cfn_attribute` on them, so a stack holding
 * `FileSystem.Arn` answers ListStackResources with an HTML 500), and the outputs of a stack
 * deployed by a change set (moto keeps the outputs of the template the stack was created
 * with, which for a change set is empty).
 */
const MOTO_SERVER = `
import sys
from moto.efs.models import AccessPoint, FileSystem
from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.cloudformation.models import ChangeSet
from moto.cloudformation.parsing import OutputMap

def attributes(names):
    def get_cfn_attribute(self, name):
        if name in names:
            return getattr(self, names[name])
        raise UnformattedGetAttTemplateException()
    return get_cfn_attribute

FileSystem.get_cfn_attribute = attributes({'Arn': 'file_system_arn', 'FileSystemId': 'file_system_id'})
AccessPoint.get_cfn_attribute = attributes({'Arn': 'access_point_arn', 'AccessPointId': 'access_point_id'})

apply_change_set = ChangeSet.apply
def apply_with_outputs(self):
    apply_change_set(self)
    self.stack.output_map = OutputMap(self.stack.resource_map, self.template_dict, self.stack.stack_id)
ChangeSet.apply = apply_with_outputs

from moto.server import main
sys.exit(main(sys.argv[1:]))
`;

/** Starts moto_server on a free port of 127.0.0.1 and waits until it answers. */
export async function startMoto(): Promise<Moto> {
  const port = await freePort();
  const child = spawn('python3', ['-c', MOTO_SERVER, '-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilUp(endpoint, child);
  return {
    endpoint,
    reset: async () => {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Environment for the CLI or the SDK to talk to moto: fake credentials, a region, the endpoint. */
export function motoEnvironment(moto: Moto): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL: moto.endpoint,
  };
}

/** The same, as SDK client configuration (for a test's own look-ups). */
export function motoClientConfig(moto: Moto): { region: string; endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } } {
  return { region: 'us-east-1', endpoint: moto.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
}

/** x-serviceconnect off and x-vpc on moto's default VPC, as an override file. */
export async function motoOverride(moto: Moto): Promise<string> {
  const ec2 = new EC2Client({ ...motoClientConfig(moto) });
  const found = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }));
  const subnets = (found.Subnets ?? []).slice(0, 2);
  ec2.destroy();
  return `x-serviceconnect: false\nx-vpc:\n  VpcId: ${subnets[0]?.VpcId}\n  Subnets: [${subnets.map((s) => s.SubnetId).join(', ')}]\n  AssignPublicIp: true\n`;
}

/**
 * One call of moto's Elastic Load Balancing v2 API (its Query protocol: a form POST; moto
 * finds the service in the credential scope), for the tests to see the load balancers a
 * stack made; the answer is the XML text.
 */
export async function elbv2Call(moto: Moto, action: string, parameters: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${moto.endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0',
    },
    body: new URLSearchParams({ Action: action, Version: '2015-12-01', ...parameters }).toString(),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`elasticloadbalancing:${action} answered ${response.status}: ${text}`);
  return text;
}

/** The text of every `<tag>` element of an XML answer, in order. */
export function xmlValues(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1] ?? '');
}
