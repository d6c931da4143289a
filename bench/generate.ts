import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/**
 * A compose project of `size` services in tiers: every tenth service is a published
 * front end, the others are exposed back ends on a `back` network, each depending on the
 * next one, with environment, healthcheck and resource limits like real services.
 */
export function generateProject(dir: string, size: number): string {
  const services: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) {
    const name = `svc-${String(i).padStart(4, '0')}`;
    const front = i % 10 === 0;
    services[name] = {
      image: `public.ecr.aws/example/${name}:1.0.${i}`,
      ...(front ? { ports: [`${8000 + (i % 1000)}:8080`] } : { expose: ['8080'] }),
      environment: { SERVICE: name, NEXT: i + 1 < size ? `http://svc-${String(i + 1).padStart(4, '0')}:8080` : 'none', LOG_LEVEL: 'info' },
      healthcheck: { test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://localhost:8080/health'], interval: '15s', timeout: '5s', retries: 3 },
      deploy: { replicas: 2, resources: { limits: { cpus: '0.25', memory: '512M' } } },
      networks: front ? ['front', 'back'] : ['back'],
      ...(i + 1 < size && !front ? { depends_on: [`svc-${String(i + 1).padStart(4, '0')}`] } : {}),
    };
  }
  const file = path.join(dir, `bench-${size}`, 'docker-compose.yml');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, stringify({ name: `bench-${size}`, services, networks: { front: {}, back: {} } }));
  return file;
}
