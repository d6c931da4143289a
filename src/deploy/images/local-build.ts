/**
 * Building on this machine: the local Docker (`docker buildx build --push`), logged in to the
 * account's ECR registry with the SDK's token. Docker's output is reported line by line
 * (`build-output`), never printed here.
 */
import { spawn } from 'node:child_process';
import { ComposeXError } from '../../parser/diagnostics.js';
import type { ImageBuild } from '../../render/images/builds.js';
import type { DeployIo } from '../types.js';
import { buildxArguments } from './buildx-args.js';
import type { RegistryLogin } from './registry.js';

interface Run {
  code: number | null;
  output: string;
}

/** Runs `docker ...args` with `input` on stdin; each output line goes to `line`. A missing `docker` is `code: null`. */
function docker(args: readonly string[], input: string | undefined, line: (text: string) => void = () => undefined): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn('docker', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let partial = '';
    const collect = (chunk: Buffer): void => {
      const text = partial + chunk.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const one of lines) line(one);
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', () => resolve({ code: null, output: '' }));
    child.on('close', (code) => {
      if (partial) line(partial);
      resolve({ code, output });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

const REMOTE_HINT = 'Start Docker (with its buildx plugin), or build the images in AWS with `compose-x up --build remote`.';

/** Docker with buildx, and its daemon running; otherwise why not, and what to do. */
export async function checkLocalDocker(): Promise<void> {
  const info = await docker(['info', '--format', '{{.ServerVersion}}'], undefined);
  if (info.code === null) throw new ComposeXError('E_NO_DOCKER', `Docker is not installed here (no docker command on the PATH), so the images cannot be built on this machine. ${REMOTE_HINT}`);
  if (info.code !== 0) throw new ComposeXError('E_NO_DOCKER', `no Docker daemon is running here (docker info: ${info.output.trim().split('\n').at(-1) ?? 'failed'}). ${REMOTE_HINT}`);
  const buildx = await docker(['buildx', 'version'], undefined);
  if (buildx.code !== 0) throw new ComposeXError('E_NO_DOCKER', `docker buildx is not installed here, and compose-x builds with it. ${REMOTE_HINT}`);
}

/** Logs the local Docker in to the registry (the password on stdin, never in the arguments). */
export async function dockerLogin(login: RegistryLogin): Promise<void> {
  const run = await docker(['login', '--username', login.username, '--password-stdin', login.host], login.password);
  if (run.code !== 0) throw new ComposeXError('E_ECR_LOGIN', `docker login to ${login.host} failed: ${run.output.trim().split('\n').at(-1) ?? ''}`);
}

/** Builds and pushes one image with the local Docker. */
export async function buildLocally(build: ImageBuild, uri: string, io: DeployIo): Promise<void> {
  const input = build.build.dockerfile_inline;
  const run = await docker(buildxArguments(build, uri, 'local'), input, (line) => io.emit({ kind: 'build-output', service: build.service, line }));
  if (run.code !== 0) {
    const last = run.output.trim().split('\n').slice(-3).join(' | ');
    throw new ComposeXError('E_BUILD_FAILED', `the image of ${build.service} did not build (docker buildx exited ${run.code}): ${last}`);
  }
}
