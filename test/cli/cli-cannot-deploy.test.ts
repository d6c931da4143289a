import { existsSync } from 'node:fs';
import path from 'node:path';
import { cli } from '../helpers/cli.js';
import { tmpProject } from '../helpers/tmp-project.js';

/**
 * What cannot deploy is refused before AWS sees it: `validate` and `render` both exit 2 with
 * the file, line and column, what is wrong and how to fix it, and `render` writes nothing.
 */
const cases: { name: string; compose: string; dir?: string; args?: string[]; env?: Record<string, string>; want: RegExp }[] = [
  {
    name: 'a service with neither image nor build',
    compose: 'services:\n  web:\n    image: nginx\n  worker:\n    command: ["run"]\n',
    want: /docker-compose\.yml:4:3: services\.worker: service "worker" has neither image nor build, so there is nothing to run \(docker compose refuses it too\)\. Set image:/,
  },
  {
    name: 'an image whose tag comes from an unset variable',
    compose: 'services:\n  web:\n    image: "nginx:${TAG}"\n',
    want: /docker-compose\.yml:3:12: services\.web\.image: image "nginx:" is not an image reference ECS can pull: its tag is missing after the colon \(a variable that is not set\?\)\./,
  },
  {
    name: 'an empty image',
    compose: 'services:\n  web:\n    image: "${IMAGE}"\n',
    want: /docker-compose\.yml:3:12: services\.web\.image: image "" is not an image reference ECS can pull: it is empty\./,
  },
  {
    name: 'an image with upper-case letters',
    compose: 'services:\n  web:\n    image: MyOrg/Nginx\n',
    want: /services\.web\.image: image "MyOrg\/Nginx" is not an image reference ECS can pull: a repository name must be lower case\./,
  },
  {
    name: 'a project name with an underscore (from name:)',
    compose: 'name: my_app\nservices:\n  web:\n    image: nginx\n',
    want: /docker-compose\.yml:1:7: name: the project name "my_app" cannot be the name of its CloudFormation stack: a stack name has only letters, digits and hyphens\. Name the project with -p my-app/,
  },
  {
    name: 'a project name that starts with a digit (from the directory)',
    compose: 'services:\n  web:\n    image: nginx\n',
    dir: '9lives',
    want: /the project name "9lives" cannot be the name of its CloudFormation stack: a stack name starts with a letter\. Name the project with -p app-9lives/,
  },
  {
    name: 'a project name over 128 characters',
    compose: 'services:\n  web:\n    image: nginx\n',
    args: ['-p', `a${'b'.repeat(130)}`],
    want: /the project name "ab+" cannot be the name of its CloudFormation stack: it is 131 characters long, over CloudFormation's 128\./,
  },
  {
    name: 'a service name ECS cannot take',
    compose: 'services:\n  web.api:\n    image: nginx\n',
    want: /docker-compose\.yml:2:3: services\.web\.api: service "web\.api" cannot be named so on ECS: ECS task families and container names take only letters, digits, hyphens and underscores\. Rename the service \(e\.g\. "web-api"\)/,
  },
  {
    name: 'a service name whose task family is over 255 characters',
    compose: `services:\n  ${'w'.repeat(260)}:\n    image: nginx\n`,
    want: /cannot be named so on ECS: its task family "proj-w+\.\.\." would be 265 characters, over ECS's 255\./,
  },
];

describe.each(['validate', 'render'])('%s refuses what cannot deploy', (command) => {
  it.each(cases)('$name: exit 2, with the place and the fix', ({ compose, dir, args = [], env, want }) => {
    const project = tmpProject({ 'docker-compose.yml': compose }, dir);
    const run = cli([command, ...args, ...(command === 'render' ? ['-d', 'out'] : [])], project, env);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(want);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
    expect(existsSync(path.join(project, 'out'))).toBe(false);
  });
});
