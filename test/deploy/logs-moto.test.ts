import { CloudFormationClient, CreateStackCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { cli, startCli } from '../helpers/cli.js';
import { motoAvailable, motoClientConfig, motoEnvironment, startMoto, type Moto } from '../helpers/moto.js';
import { conforming, outputSchemas } from '../helpers/output-schemas.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * `logs` against moto_server's CloudWatch Logs: a stack with the log groups the render makes
 * (`/compose-x/<project>/<service>`), streams named as the awslogs driver names them, events
 * put by the test, and the built CLI printing them.
 */
const suite = motoAvailable() ? describe : describe.skip;
const TASK_WEB = '0a1b2c3d4e5f';
const TASK_API = '9f8e7d6c5b4a';
const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);

const TEMPLATE = JSON.stringify({
  Resources: {
    WebLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/compose-x/demo/web' } },
    ApiLogGroup: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: '/compose-x/demo/api' } },
  },
});

async function put(logs: CloudWatchLogsClient, group: string, stream: string, events: [number, string][]): Promise<void> {
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events.map(([at, message]) => ({ timestamp: T0 + at * 1000, message })) }));
}

suite('logs against moto_server', () => {
  let moto: Moto;
  let env: Record<string, string>;
  let logs: CloudWatchLogsClient;
  const dir = tmpProject({ 'docker-compose.yml': 'services:\n  web: {image: nginx}\n  api: {image: nginx}\n' });

  beforeAll(async () => {
    moto = await startMoto();
    env = { ...motoEnvironment(moto), NO_COLOR: '' };
    const cf = new CloudFormationClient(motoClientConfig(moto));
    await cf.send(new CreateStackCommand({ StackName: 'demo', TemplateBody: TEMPLATE }));
    cf.destroy();
    logs = new CloudWatchLogsClient(motoClientConfig(moto));
    await put(logs, '/compose-x/demo/web', `web/web/${TASK_WEB}`, [[1, 'web starts'], [3, 'web GET /'], [5, 'web GET /health']]);
    await put(logs, '/compose-x/demo/api', `api/api/${TASK_API}`, [[2, 'api starts'], [4, 'api ready']]);
    await put(logs, '/compose-x/demo/web', `web-service-connect/ecs-service-connect-Ab12/${TASK_WEB}`, [[2.5, 'proxy: listener up']]);
  }, 60_000);

  afterAll(async () => {
    logs.destroy();
    await moto.stop();
  }, 30_000);

  it('prints every service\'s events interleaved by time, each with its prefix, the proxy left out', () => {
    const result = cli(['logs', '-p', 'demo', '--since', '2026-12-01T00:00:00Z'], dir, env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      ['web-1  | web starts', 'api-1  | api starts', 'web-1  | web GET /', 'api-1  | api ready', 'web-1  | web GET /health', ''].join('\n'),
    );
  });

  it('--proxy adds the Service Connect proxy, named after its service and task', () => {
    const result = cli(['logs', 'web', '-p', 'demo', '--proxy'], dir, env);
    // The prefixes are padded to the longest so far, as the lines stream.
    expect(result.stdout.split('\n')).toEqual(['web-1  | web starts', 'web-1/service-connect  | proxy: listener up', 'web-1                  | web GET /', 'web-1                  | web GET /health', '']);
  });

  it('--tail N keeps the last N lines of each service; -t shows their times', () => {
    const result = cli(['logs', '-p', 'demo', '--tail', '1', '-t'], dir, env);
    expect(result.stdout).toBe('api-1  | 2026-12-01T10:00:04.000Z api ready\nweb-1  | 2026-12-01T10:00:05.000Z web GET /health\n');
  });

  it('--since and --until bound the window', () => {
    const result = cli(['logs', '-p', 'demo', '--since', '2026-12-01T10:00:02Z', '--until', '1796119203'], dir, env);
    expect(result.stdout).toBe('api-1  | api starts\nweb-1  | web GET /\n');
  });

  it('colours each prefix with FORCE_COLOR, and --no-color takes the colours off', () => {
    const coloured = cli(['logs', 'web', '-p', 'demo', '--tail', '1'], dir, { ...env, FORCE_COLOR: '1' });
    expect(coloured.stdout).toBe('\u001b[36mweb-1  |\u001b[39m web GET /health\n');
    const plain = cli(['logs', 'web', '-p', 'demo', '--tail', '1', '--no-color'], dir, { ...env, FORCE_COLOR: '1' });
    expect(plain.stdout).toBe('web-1  | web GET /health\n');
  });

  it('--json prints one event a line, conforming to schemas/output/logs.json', () => {
    const result = cli(['logs', 'api', '-p', 'demo', '--json'], dir, env);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => conforming(outputSchemas().logs, JSON.parse(line)));
    expect(lines).toEqual([
      expect.objectContaining({ kind: 'log', service: 'api', taskId: TASK_API, logGroup: '/compose-x/demo/api', logStream: `api/api/${TASK_API}`, timestamp: '2026-12-01T10:00:02.000Z', message: 'api starts' }),
      expect.objectContaining({ kind: 'log', service: 'api', message: 'api ready' }),
    ]);
  });

  it('refuses a service the stack has not, naming the ones it has (exit 1)', () => {
    const result = cli(['logs', 'db', '-p', 'demo'], dir, env);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('error: no such service: db (the services of stack demo with logs: api, web).\n');
  });

  it('says when the stack is not deployed (exit 1)', () => {
    const result = cli(['logs', '-p', 'nothing'], dir, env);
    expect(result.stderr).toBe('error: there is no stack nothing in this region: deploy it with `compose-x up`, or name it with -p.\n');
    expect(result.status).toBe(1);
  });

  it('--follow prints what comes later, and Ctrl-C ends it with exit 0 and no stack trace', async () => {
    const running = startCli(['logs', 'api', '-p', 'demo', '--follow', '--tail', '0'], dir, env);
    // A line a second until one is printed: the CLI shows only what comes after it starts following.
    const deadline = Date.now() + 30_000;
    for (let n = 1; !running.output().includes('api late line') && Date.now() < deadline; n += 1) {
      const logEvents = [{ timestamp: Date.now(), message: `api late line ${n}` }];
      await logs.send(new PutLogEventsCommand({ logGroupName: '/compose-x/demo/api', logStreamName: `api/api/${TASK_API}`, logEvents }));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    running.signal('SIGINT');
    const result = await running.done;
    expect(result.stdout).toMatch(/^(api-1  \| api late line \d+\n)+$/);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 60_000);
});
