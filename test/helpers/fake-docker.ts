import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A `docker` command for tests (this machine has the Docker CLI but no daemon and no buildx):
 * it records each call (its arguments and what it read on stdin) and answers as Docker would,
 * a daemon running or not. With `ecrEndpoint`, `buildx build --push --tag URI` also puts an
 * image with that tag into the (moto) ECR repository, so that a later `up` finds it there.
 */
export interface FakeDocker {
  /** The directory to put first on the PATH. */
  dir: string;
  calls(): { args: string[]; stdin: string }[];
  /** The `buildx build` calls only. */
  builds(): string[][];
}

export interface FakeDockerOptions {
  daemon?: boolean;
  buildx?: boolean;
  /** Exit code of `buildx build` (0 by default). */
  buildExit?: number;
  ecrEndpoint?: string;
}

const SCRIPT = String.raw`#!/usr/bin/env node
const fs = require('node:fs');
const options = JSON.parse(process.env.FAKE_DOCKER_OPTIONS);
const args = process.argv.slice(2);
let stdin = '';
try { stdin = fs.readFileSync(0, 'utf8'); } catch {}
fs.appendFileSync(options.log, JSON.stringify({ args, stdin }) + '\n');
const out = (text, code = 0) => { process.stdout.write(text + '\n'); process.exit(code); };
if (args[0] === 'info') {
  if (!options.daemon) { process.stderr.write('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n'); process.exit(1); }
  out('28.2.2');
}
if (args[0] === 'buildx' && args[1] === 'version') options.buildx ? out('github.com/docker/buildx v0.20.1') : (process.stderr.write("docker: 'buildx' is not a docker command.\n"), process.exit(1));
if (args[0] === 'login') out('Login Succeeded');
if (args[0] === 'buildx' && args[1] === 'build') {
  process.stdout.write('#1 [internal] load build definition from Dockerfile\n#2 DONE 0.1s\n');
  if (options.buildExit) { process.stderr.write('ERROR: failed to solve: process "/bin/sh -c make" did not complete successfully: exit code: 2\n'); process.exit(options.buildExit); }
  const uri = args[args.indexOf('--tag') + 1];
  if (!options.ecrEndpoint || !args.includes('--push')) process.exit(0);
  const [host, ...rest] = uri.split('/');
  const [repositoryName, imageTag] = rest.join('/').split(':');
  const { ECRClient, PutImageCommand } = require(options.sdk);
  const client = new ECRClient({ endpoint: options.ecrEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const imageManifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json', config: { digest: 'sha256:' + '0'.repeat(64), size: 1, mediaType: 'application/vnd.docker.container.image.v1+json' }, layers: [], tag: imageTag });
  client.send(new PutImageCommand({ repositoryName, imageTag, imageManifest })).then(() => out('pushed ' + host + '/' + repositoryName + ':' + imageTag), (e) => { process.stderr.write(String(e) + '\n'); process.exit(1); });
  return;
}
process.exit(0);
`;

export function fakeDocker(options: FakeDockerOptions = {}): FakeDocker & { env: Record<string, string> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'compose-x-docker-'));
  const log = path.join(dir, 'calls.jsonl');
  const docker = path.join(dir, 'docker');
  writeFileSync(docker, SCRIPT);
  chmodSync(docker, 0o755);
  const settings = {
    log,
    daemon: options.daemon ?? true,
    buildx: options.buildx ?? true,
    buildExit: options.buildExit ?? 0,
    ecrEndpoint: options.ecrEndpoint,
    sdk: path.resolve('node_modules/@aws-sdk/client-ecr'),
  };
  const calls = (): { args: string[]; stdin: string }[] =>
    existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as { args: string[]; stdin: string }) : [];
  return {
    dir,
    calls,
    builds: () => calls().filter((c) => c.args[0] === 'buildx' && c.args[1] === 'build').map((c) => c.args),
    env: { PATH: `${dir}:${process.env['PATH'] ?? ''}`, FAKE_DOCKER_OPTIONS: JSON.stringify(settings) },
  };
}
