import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cli, lastLine } from '../helpers/cli.js';
import { CASE_TIMEOUT, runCase } from '../helpers/fake-run.js';
import { tmpProject } from '../helpers/tmp-project.js';

/** One meaning per flag: `--profile` is the compose profile everywhere, `--aws-profile` the AWS one. */

const PROFILED = 'services:\n  web:\n    image: nginx:1.27\n  debug:\n    image: busybox:1.36\n    profiles: [debug]\n';

/** The environment of the fake without its keys, and an AWS profile `ci` with them in HOME's credentials file. */
const profileInHome = (extra: Record<string, string> = {}) => (env: Record<string, string>): Record<string, string> => {
  const home = env['HOME'] ?? '';
  mkdirSync(path.join(home, '.aws'), { recursive: true });
  writeFileSync(path.join(home, '.aws', 'credentials'), '[ci]\naws_access_key_id = AKIAFAKE\naws_secret_access_key = fake\n');
  const { AWS_ACCESS_KEY_ID: _id, AWS_SECRET_ACCESS_KEY: _secret, ...rest } = env;
  return { ...rest, ...extra };
};

describe('--profile and --aws-profile', () => {
  it('--profile enables a compose profile on up, as on every command', async () => {
    const { result, fake } = await runCase({ name: 'up --profile', args: ['up', '--yes', '--profile', 'debug'], compose: PROFILED, exit: 0, last: /./ });
    expect(result.status).toBe(0);
    const resources = Object.keys((JSON.parse(fake.stacks.get('proj')?.template ?? '{}') as { Resources: object }).Resources);
    expect(resources).toEqual(expect.arrayContaining(['WebService', 'DebugService']));
  }, CASE_TIMEOUT);

  it('a --profile that no service has is refused before any call to AWS, naming the profiles there are', async () => {
    const { result, fake } = await runCase({ name: 'plan --profile prod', args: ['plan', '--profile', 'prod'], compose: PROFILED, exit: 2, last: /./ });
    expect(result.status).toBe(2);
    expect(lastLine(result.stderr)).toMatch(/--profile prod: no service of the project has this compose profile \(the project's profiles are debug\)\. .*pass --aws-profile prod \(or set AWS_PROFILE=prod\)/);
    expect(fake.calls).toEqual([]);
  }, CASE_TIMEOUT);

  it('down -p NAME --profile X, with no compose project in the directory, points at --aws-profile', () => {
    const result = cli(['down', '-p', 'shop', '--profile', 'prod', '--yes'], tmpProject({}));
    expect(result.status).toBe(2);
    expect(lastLine(result.stderr)).toMatch(/--profile prod: .*there is no compose project here to have it.*--aws-profile prod/);
  });

  it('--aws-profile names the AWS profile the SDK reads its credentials from', async () => {
    const { result } = await runCase({ name: 'up --aws-profile', args: ['up', '--yes', '--aws-profile', 'ci'], env: profileInHome(), exit: 0, last: /./ });
    expect({ status: result.status, last: lastLine(result.stdout) }).toEqual({ status: 0, last: 'proj: CREATE_COMPLETE' });
  }, CASE_TIMEOUT);

  it('AWS_PROFILE does the same, read by the SDK', async () => {
    const { result } = await runCase({ name: 'up AWS_PROFILE', args: ['up', '--yes'], env: profileInHome({ AWS_PROFILE: 'ci' }), exit: 0, last: /./ });
    expect({ status: result.status, last: lastLine(result.stdout) }).toEqual({ status: 0, last: 'proj: CREATE_COMPLETE' });
  }, CASE_TIMEOUT);

  it('without either, the credentials of the profile are not found', async () => {
    const { result } = await runCase({ name: 'up without profile', args: ['up', '--yes'], env: profileInHome(), exit: 1, last: /./ });
    expect(result.status).toBe(1);
    expect(lastLine(result.stderr)).toMatch(/no AWS credentials were found .*--aws-profile/);
  }, CASE_TIMEOUT);

  it('up -d is --detach, and --help says what it does', () => {
    const help = cli(['up', '--help'], tmpProject({})).stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/-d, --detach start the deployment and return once CloudFormation runs the change set, without following it/);
    expect(help).toMatch(/--aws-profile <profile>/);
    expect(help).toMatch(/--profile <profile> enable services of this compose profile/);
    expect(help).not.toMatch(/--compose-profile/);
  });
});
