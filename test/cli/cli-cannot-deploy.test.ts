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
  {
    name: 'a service that depends on itself',
    compose: 'services:\n  web:\n    image: nginx\n    depends_on: [web]\n',
    want: /docker-compose\.yml:4:5: services\.web\.depends_on\.web: service "web" depends on itself; each ECS service waits for those it depends on, and CloudFormation cannot create services that wait for each other\. Remove "web" from its own depends_on\./,
  },
  {
    name: 'a depends_on cycle of two services',
    compose: 'services:\n  a:\n    image: nginx\n    depends_on:\n      b: {condition: service_started}\n  b:\n    image: nginx\n    depends_on: [a]\n',
    want: /docker-compose\.yml:5:7: services\.a\.depends_on\.b: depends_on forms a cycle: a -> b -> a; .*Remove one dependency of the cycle \(e\.g\. "b" from the depends_on of "a"\)/,
  },
  {
    name: 'a depends_on cycle of three services',
    compose: 'services:\n  a:\n    image: nginx\n    depends_on: [b]\n  b:\n    image: nginx\n    depends_on: [c]\n  c:\n    image: nginx\n    depends_on: [a]\n',
    want: /docker-compose\.yml:4:5: services\.a\.depends_on\.b: depends_on forms a cycle: a -> b -> c -> a;/,
  },
  {
    name: 'cpus: 0',
    compose: 'services:\n  web:\n    image: nginx\n    cpus: 0\n',
    want: /docker-compose\.yml:4:11: services\.web\.deploy\.resources\.limits\.cpus: cpus 0 is no share of a CPU ECS can give a container: it must be more than 0\. Set the vCPUs the container needs/,
  },
  {
    name: 'negative cpus reserved in deploy.resources (a string the schema lets through)',
    compose: 'services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        reservations: {cpus: "-0.5"}\n',
    want: /docker-compose\.yml:6:30: services\.web\.deploy\.resources\.reservations\.cpus: cpus -0\.5 is no share of a CPU/,
  },
  {
    name: 'mem_limit: 0',
    compose: 'services:\n  web:\n    image: nginx\n    mem_limit: 0\n',
    want: /docker-compose\.yml:4:16: services\.web\.deploy\.resources\.limits\.memory: memory 0 is no amount ECS can give a container: it must be more than 0 \(Docker reads 0 as "no limit", ECS does not\)\. Set the memory the container needs/,
  },
  {
    name: 'mem_reservation: 0',
    compose: 'services:\n  web:\n    image: nginx\n    mem_reservation: 0\n',
    want: /docker-compose\.yml:4:22: services\.web\.deploy\.resources\.reservations\.memory: memory 0 is no amount/,
  },
  {
    name: 'deploy.resources.limits.memory: 0',
    compose: 'services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits: {memory: 0}\n',
    want: /docker-compose\.yml:6:26: services\.web\.deploy\.resources\.limits\.memory: memory 0 is no amount/,
  },
  {
    name: 'a memory limit below the memory reservation (deploy.resources)',
    compose: 'services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        limits: {memory: 256M}\n        reservations: {memory: 512M}\n',
    want: /docker-compose\.yml:6:26: services\.web\.deploy\.resources\.limits\.memory: the memory limit 256 MiB is below the memory reservation 512 MiB: ECS refuses a container whose Memory is less than its MemoryReservation \(docker refuses it too: "Minimum memory limit can not be less than memory reservation limit"\)\. Raise limits\.memory to at least 512 MiB, or lower reservations\.memory to at most 256 MiB\./,
  },
  {
    name: 'mem_limit below mem_reservation',
    compose: 'services:\n  web:\n    image: nginx\n    mem_limit: 1g\n    mem_reservation: 1536m\n',
    want: /docker-compose\.yml:4:16: services\.web\.deploy\.resources\.limits\.memory: the memory limit 1024 MiB is below the memory reservation 1536 MiB/,
  },
  {
    name: 'deploy.replicas over ECS tasks per service',
    compose: 'services:\n  web:\n    image: nginx\n    deploy: {replicas: 5001}\n',
    want: /docker-compose\.yml:4:24: services\.web\.deploy\.replicas: replicas 5001 is more tasks than an ECS service runs: its desired count is at most 5,000 by default \(quota "Tasks per service"; 1,000 when it is registered in Cloud Map\)\. Run at most 5,000 tasks/,
  },
  {
    name: 'scale over ECS tasks per service',
    compose: 'services:\n  web:\n    image: nginx\n    scale: 10000\n',
    want: /docker-compose\.yml:4:12: services\.web\.deploy\.replicas: replicas 10000 is more tasks than an ECS service runs/,
  },
  {
    name: 'a target port 0',
    compose: 'services:\n  web:\n    image: nginx\n    ports: ["8080:0"]\n',
    want: /docker-compose\.yml:4:13: services\.web\.ports\[0\]\.target: port 0 is no port a container listens on: ECS maps container ports 1 to 65535\. Give the port the service listens on/,
  },
  {
    name: 'a published port 0',
    compose: 'services:\n  web:\n    image: nginx\n    ports: ["80:80", "0:8080"]\n',
    want: /docker-compose\.yml:4:22: services\.web\.ports\[1\]\.published: published port 0 asks Docker for any free host port; on ECS a task is reached on its container port, and none is chosen for it\. Publish the container port itself, e\.g\. "8080:8080"\./,
  },
  {
    name: 'an exposed port 0',
    compose: 'services:\n  web:\n    image: nginx\n    expose: ["3000", "0"]\n',
    want: /docker-compose\.yml:4:22: services\.web\.expose\[1\]: port 0 is no port a container listens on/,
  },
  {
    name: 'a published range 1-65535',
    compose: 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n      - "1-65535:1-65535"\n',
    want: /docker-compose\.yml:6:9: services\.web\.ports: service "web" needs more than 60 inbound rules in its security group, the most a security group holds by default: compose-x opens each port by a rule of its own from each network of the service, and a published port by one more from its load balancer \(or from anywhere, on public IPs\) \(1 network\)\. Publish and expose only the ports the service listens on, at most 60 rules in all \(a range such as 1-65535 is a rule per port\)\./,
  },
  {
    name: 'an exposed range 1-65535',
    compose: 'services:\n  web:\n    image: nginx\n    expose: ["8080", "1-65535/udp"]\n',
    want: /docker-compose\.yml:4:22: services\.web\.expose: service "web" needs more than 60 inbound rules in its security group/,
  },
  {
    name: '31 ports exposed on two networks (62 rules)',
    compose: `services:\n  web:\n    image: nginx\n    networks: [front, back]\n    expose: [${Array.from({ length: 31 }, (_, i) => `"${9001 + i}"`).join(', ')}]\nnetworks: {front: {}, back: {}}\n`,
    want: /docker-compose\.yml:5:\d+: services\.web\.expose: service "web" needs more than 60 inbound rules .*\(2 networks\)/,
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

describe('what ECS can deploy is kept', () => {
  it('replicas 0 (scale: 0) is a warning: ECS makes the service with no task', () => {
    const run = cli(['validate'], tmpProject({ 'docker-compose.yml': 'services:\n  web:\n    image: nginx\n    scale: 0\n' }));
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^warning: .*docker-compose\.yml:4:12: services\.web\.deploy\.replicas: the ECS service of "web" is made with no task to run \(replicas 0\)\./m);
  });

  it('60 rules fit: 30 ports exposed on two networks', () => {
    const expose = Array.from({ length: 30 }, (_, i) => `"${9001 + i}"`).join(', ');
    const run = cli(['validate'], tmpProject({ 'docker-compose.yml': `services:\n  web:\n    image: nginx\n    networks: [front, back]\n    expose: [${expose}]\nnetworks: {front: {}, back: {}}\n` }));
    expect(run.status).toBe(0);
  });
});
