import { parse } from 'yaml';
import { mergeTrees } from '../../src/parser/merge.js';
import { stripMergeTags } from '../../src/parser/yaml/merge-tags.js';
import { parseComposeYaml } from '../../src/parser/yaml/yaml-source.js';

/** base, override and expected result, as YAML, like compose-go's merge tests. */
const cases: { name: string; base: string; override: string; want: string }[] = [
  {
    name: 'scalars replace',
    base: 'services: {web: {image: nginx:1, restart: always}}',
    override: 'services: {web: {image: nginx:2}}',
    want: 'services: {web: {image: nginx:2, restart: always}}',
  },
  {
    name: 'mappings merge, new services are added',
    base: 'services: {web: {image: a, deploy: {replicas: 2}}}',
    override: 'services: {web: {deploy: {resources: {limits: {cpus: "1"}}}}, db: {image: pg}}',
    want: 'services: {web: {image: a, deploy: {replicas: 2, resources: {limits: {cpus: "1"}}}}, db: {image: pg}}',
  },
  {
    name: 'sequences append',
    base: 'services: {web: {dns_search: [a.local]}}',
    override: 'services: {web: {dns_search: [b.local, a.local]}}',
    want: 'services: {web: {dns_search: [b.local, a.local]}}',
  },
  {
    name: 'command replaces',
    base: 'services: {web: {command: [npm, start]}}',
    override: 'services: {web: {command: [npm, run, dev]}}',
    want: 'services: {web: {command: [npm, run, dev]}}',
  },
  {
    name: 'entrypoint replaces',
    base: 'services: {web: {entrypoint: [/a, b]}}',
    override: 'services: {web: {entrypoint: /c}}',
    want: 'services: {web: {entrypoint: /c}}',
  },
  {
    name: 'healthcheck.test replaces, other healthcheck keys merge',
    base: 'services: {web: {healthcheck: {test: [CMD, a], interval: 10s}}}',
    override: 'services: {web: {healthcheck: {test: [CMD, b]}}}',
    want: 'services: {web: {healthcheck: {test: [CMD, b], interval: 10s}}}',
  },
  {
    name: 'environment merges by key across list and mapping forms',
    base: 'services: {web: {environment: [A=1, B=2, C]}}',
    override: 'services: {web: {environment: {B: "3", D: "4"}}}',
    want: 'services: {web: {environment: {A: "1", B: "3", C: null, D: "4"}}}',
  },
  {
    name: 'labels merge by key',
    base: 'services: {web: {labels: {a: "1"}}}',
    override: 'services: {web: {labels: [b=2]}}',
    want: 'services: {web: {labels: {a: "1", b: "2"}}}',
  },
  {
    name: 'extra_hosts merge by host',
    base: 'services: {web: {extra_hosts: ["db:10.0.0.1", "cache=10.0.0.2"]}}',
    override: 'services: {web: {extra_hosts: ["db:10.0.0.9"]}}',
    want: 'services: {web: {extra_hosts: {db: 10.0.0.9, cache: 10.0.0.2}}}',
  },
  {
    name: 'ports deduplicate by their key',
    base: 'services: {web: {ports: ["8080:80", "443:443"]}}',
    override: 'services: {web: {ports: ["8080:80", "9000:9000"]}}',
    want: 'services: {web: {ports: ["443:443", "8080:80", "9000:9000"]}}',
  },
  {
    name: 'volumes deduplicate by target, the later one wins',
    base: 'services: {web: {volumes: ["data:/data", "./conf:/etc/conf:ro"]}}',
    override: 'services: {web: {volumes: ["other:/data"]}}',
    want: 'services: {web: {volumes: ["./conf:/etc/conf:ro", "other:/data"]}}',
  },
  {
    name: 'secrets deduplicate by target',
    base: 'services: {web: {secrets: [token, {source: key, target: /k}]}}',
    override: 'services: {web: {secrets: [token, {source: key2, target: /k}]}}',
    want: 'services: {web: {secrets: [token, {source: key2, target: /k}]}}',
  },
  {
    name: 'depends_on merges list and mapping forms',
    base: 'services: {web: {depends_on: [db]}}',
    override: 'services: {web: {depends_on: {cache: {condition: service_healthy}}}}',
    want: 'services: {web: {depends_on: {db: null, cache: {condition: service_healthy}}}}',
  },
  {
    name: 'logging with another driver replaces the block',
    base: 'services: {web: {logging: {driver: json-file, options: {max-size: 1m}}}}',
    override: 'services: {web: {logging: {driver: awslogs}}}',
    want: 'services: {web: {logging: {driver: awslogs}}}',
  },
  {
    name: 'logging with the same driver merges options',
    base: 'services: {web: {logging: {driver: awslogs, options: {a: "1"}}}}',
    override: 'services: {web: {logging: {options: {b: "2"}}}}',
    want: 'services: {web: {logging: {driver: awslogs, options: {a: "1", b: "2"}}}}',
  },
  {
    name: '!reset removes an inherited value',
    base: 'services: {web: {image: a, ports: ["80:80"], environment: {A: "1"}}}',
    override: 'services: {web: {ports: !reset [], environment: !reset {}}}',
    want: 'services: {web: {image: a}}',
  },
  {
    name: '!override replaces instead of merging',
    base: 'services: {web: {ports: ["80:80"], environment: {A: "1"}}}',
    override: 'services: {web: {ports: !override ["81:81"], environment: !override {B: "2"}}}',
    want: 'services: {web: {ports: ["81:81"], environment: {B: "2"}}}',
  },
  {
    name: 'env_file as a string in both files: one list, unique by path (compose-go normalizes the string form)',
    base: 'services: {web: {env_file: x.env}}',
    override: 'services: {web: {env_file: x.env}}',
    want: 'services: {web: {env_file: [x.env]}}',
  },
  {
    name: 'env_file as a string over a list, and a list over a string',
    base: 'services: {web: {env_file: [a.env, {path: b.env, required: false}]}, db: {env_file: c.env}}',
    override: 'services: {web: {env_file: c.env}, db: {env_file: [a.env, c.env]}}',
    want: 'services: {web: {env_file: [a.env, {path: b.env, required: false}, c.env]}, db: {env_file: [a.env, c.env]}}',
  },
  {
    name: 'dns as a string over a list appends the server (not its characters)',
    base: 'services: {web: {dns: [8.8.8.8, 1.1.1.1]}}',
    override: 'services: {web: {dns: 8.8.4.4}}',
    want: 'services: {web: {dns: [8.8.8.8, 1.1.1.1, 8.8.4.4]}}',
  },
  {
    name: 'dns_search, tmpfs and label_file as strings in both files',
    base: 'services: {web: {dns_search: a.local, tmpfs: /run, label_file: a.labels}}',
    override: 'services: {web: {dns_search: [b.local, a.local], tmpfs: /tmp, label_file: b.labels}}',
    want: 'services: {web: {dns_search: [b.local, a.local], tmpfs: [/run, /tmp], label_file: [a.labels, b.labels]}}',
  },
  {
    name: 'devices append, unique by their container path',
    base: 'services: {web: {devices: ["/dev/a:/dev/x", "/dev/b"]}}',
    override: 'services: {web: {devices: ["/dev/c:/dev/x"]}}',
    want: 'services: {web: {devices: ["/dev/b", "/dev/c:/dev/x"]}}',
  },
  {
    name: 'build as a string is the context, merged with a build mapping',
    base: 'services: {web: {build: ./app}}',
    override: 'services: {web: {build: {dockerfile: Dockerfile.prod, args: {A: "1"}}}}',
    want: 'services: {web: {build: {context: ./app, dockerfile: Dockerfile.prod, args: {A: "1"}}}}',
  },
  {
    name: 'x- extensions merge as mappings',
    base: 'x-serviceconnect: {Namespace: a.local, Logs: true}',
    override: 'x-serviceconnect: {Namespace: b.local}',
    want: 'x-serviceconnect: {Namespace: b.local, Logs: true}',
  },
];

describe('merge of compose files', () => {
  it.each(cases)('$name', ({ base, override, want }) => {
    const [b] = parseComposeYaml(base, 'base.yaml');
    const [o] = parseComposeYaml(override, 'override.yaml');
    const merged = mergeTrees(stripMergeTags(b!.value), o!.value);
    expect(merged).toEqual(parse(want));
  });
});
