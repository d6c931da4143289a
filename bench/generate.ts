import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/**
 * The discovery flavours of a generated project: no discovery (`x-serviceconnect: false`),
 * Service Connect (the default for more than one service), App Mesh (`x-appmesh`).
 */
export const FLAVOURS = ['plain', 'serviceconnect', 'appmesh'] as const;
export type Flavour = (typeof FLAVOURS)[number];

const serviceName = (i: number): string => `svc-${String(i).padStart(4, '0')}`;
const splitName = (i: number): string => `split-${String(i).padStart(4, '0')}`;

/**
 * A compose project of `size` services in tiers: every tenth service is a published
 * front end, the others are exposed back ends on a `back` network, each depending on the
 * next one, with environment, healthcheck and resource limits like real services. The
 * front ends are on public IPs (`x-ingress: public-ip`): each publishes its own port, and a
 * load balancer holds 50 listeners.
 */
export function generateProject(dir: string, size: number, flavour: Flavour = 'serviceconnect'): string {
  const services: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) {
    const name = serviceName(i);
    const front = i % 10 === 0;
    services[name] = {
      image: `public.ecr.aws/example/${name}:1.0.${i}`,
      ...(front ? { ports: [`${8000 + (i % 1000)}:8080`] } : { expose: ['8080'] }),
      environment: { SERVICE: name, NEXT: i + 1 < size ? `http://${serviceName(i + 1)}:8080` : 'none', LOG_LEVEL: 'info' },
      healthcheck: { test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://localhost:8080/health'], interval: '15s', timeout: '5s', retries: 3 },
      deploy: { replicas: 2, resources: { limits: { cpus: '0.25', memory: '512M' } } },
      networks: front ? ['front', 'back'] : ['back'],
      ...(i + 1 < size && !front ? { depends_on: [serviceName(i + 1)] } : {}),
    };
  }
  const extensions =
    flavour === 'plain' ? { 'x-serviceconnect': false } : flavour === 'appmesh' ? { 'x-appmesh': appMesh(size) } : {};
  const file = path.join(dir, `bench-${flavour}-${size}`, 'docker-compose.yml');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, stringify({ name: `bench-${size}`, 'x-ingress': 'public-ip', ...extensions, services, networks: { front: {}, back: {} } }));
  return file;
}

/**
 * x-appmesh for the generated services: a node per service (HTTP on 8080) and a virtual
 * service of its name; for every tenth service instead a router splitting 50:50 between it
 * and the next one, behind the virtual service `split-<n>`. Each node has 1 to 3 backends among the
 * next services, the first one the service it calls (through the router in front of it,
 * if any), so that DROP_ALL lets every call through.
 */
function appMesh(size: number): Record<string, unknown> {
  const nodes: unknown[] = [];
  const routers: unknown[] = [];
  const virtualServices: unknown[] = [];
  const routed = (i: number): boolean => i % 10 === 0 && size > 1;
  for (let i = 0; i < size; i++) {
    const backends = new Set<string>();
    for (let k = 1; k <= 1 + (i % 3) && k < size; k++) {
      const callee = (i + k) % size;
      backends.add(routed(callee) ? splitName(callee) : serviceName(callee));
    }
    nodes.push({ Name: serviceName(i), Protocol: 'http', Port: 8080, ...(backends.size > 0 ? { Backends: [...backends] } : {}) });
    // A routed service is called through its router's virtual service only.
    if (!routed(i)) virtualServices.push({ Name: serviceName(i), Node: serviceName(i) });
    if (routed(i)) {
      routers.push({
        Name: splitName(i),
        Listener: { Port: 8080, Protocol: 'http' },
        Routes: {
          Http: [
            {
              Match: { Prefix: '/' },
              Nodes: [
                { Name: serviceName(i), Weight: 50 },
                { Name: serviceName((i + 1) % size), Weight: 50 },
              ],
            },
          ],
        },
      });
      virtualServices.push({ Name: splitName(i), Router: splitName(i) });
    }
  }
  return { MeshName: 'bench', EgressPolicy: 'DROP_ALL', Settings: { Nodes: nodes, Routers: routers, Services: virtualServices } };
}
