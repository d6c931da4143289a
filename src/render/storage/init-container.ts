/**
 * The init container that puts a service's files in place: it runs the service's own image
 * with `sh -c`, as root, with each files volume mounted at /compose-x-files/<volume>; for each
 * one it copies the image's own directory first (when a file is placed in it), empties the
 * directories a directory bind replaces, then writes every file from its base64 content (one
 * environment variable per file, named by a hash of its path, so that a change of one file
 * changes one variable) with its mode and owner. It is not essential; the app container starts
 * when it has exited with 0 (DependsOn SUCCESS). The task definition's metadata lists the files
 * (path, source, size, SHA-256), for the review and `diff --rendered`.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { FilesRoot } from '../../support/storage/plan.js';
import { Ref, type ContainerDefinition, type Value } from '../template/cfn.js';

/** A root of files and the task volume that holds it. */
export interface PlacedRoot {
  root: FilesRoot;
  volume: string;
}

/** The metadata key of a task definition that lists its files. */
export const FILES_METADATA = 'compose-x:files';

/** What the metadata says: the init container, and each file it writes. */
interface FilesMetadata {
  Container: string;
  Files: { Path: string; Source: string; Bytes: number; Sha256: string }[];
}

const STAGING = '/compose-x-files';

/** A word of sh, quoted. */
function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The environment variable that holds a file's content. */
function variableOf(file: string): string {
  return `COMPOSE_X_FILE_${createHash('sha256').update(file).digest('hex').slice(0, 12).toUpperCase()}`;
}

/** The commands that fill one files volume, staged at `staging`. */
function rootCommands({ root, volume }: PlacedRoot): string[] {
  const staging = `${STAGING}/${volume}`;
  const staged = (file: string): string => quote(path.posix.join(staging, path.posix.relative(root.path, file)));
  const commands = root.fromImage ? [`if [ -d ${quote(root.path)} ]; then cp -a ${quote(`${root.path}/.`)} ${quote(`${staging}/`)}; fi`] : [];
  for (const directory of root.replaced) commands.push(`rm -rf ${staged(directory)}`, `mkdir -p ${staged(directory)}`);
  const made = new Set<string>();
  for (const file of root.files) {
    const directory = path.posix.dirname(file.path);
    if (directory !== root.path && !made.has(directory)) {
      made.add(directory);
      commands.push(`mkdir -p ${staged(directory)}`);
    }
    commands.push(
      `rm -f ${staged(file.path)}`,
      `printf '%s' "$${variableOf(file.path)}" | base64 -d > ${staged(file.path)}`,
      `chmod ${file.mode.toString(8)} ${staged(file.path)}`,
      ...(file.owner ? [`chown ${file.owner} ${staged(file.path)}`] : []),
    );
  }
  return commands;
}

/** The init container of a service's files, and the metadata that lists them. */
export function filesInitContainer(service: string, roots: readonly PlacedRoot[], image: Value<string>, logGroupId: string): { container: ContainerDefinition; metadata: FilesMetadata } {
  const name = `${service}-files`;
  const files = roots.flatMap((r) => r.root.files);
  const script = ['set -e', ...roots.flatMap(rootCommands)].join('\n');
  const container: ContainerDefinition = {
    Name: name,
    Image: image,
    Essential: false,
    EntryPoint: ['sh', '-c'],
    Command: [script],
    User: '0',
    Environment: files.map((f) => ({ Name: variableOf(f.path), Value: f.content.toString('base64') })).sort((a, b) => (a.Name < b.Name ? -1 : 1)),
    MountPoints: roots.map((r) => ({ SourceVolume: r.volume, ContainerPath: `${STAGING}/${r.volume}`, ReadOnly: false })),
    LogConfiguration: {
      LogDriver: 'awslogs',
      Options: { 'awslogs-group': Ref(logGroupId), 'awslogs-region': Ref('AWS::Region'), 'awslogs-stream-prefix': name },
    },
  };
  const listed = files
    .map((f) => ({ Path: f.path, Source: f.source, Bytes: f.content.length, Sha256: createHash('sha256').update(f.content).digest('hex') }))
    .sort((a, b) => (a.Path < b.Path ? -1 : 1));
  return { container, metadata: { Container: name, Files: listed } };
}
