import type { Project, Service } from '../../src/parser/model.js';

/** A normalized service with every collection empty (as the parser gives it), plus `overrides`. */
export function service(overrides: Partial<Service> & { name: string }): Service {
  return {
    image: `example/${overrides.name}`,
    environment: {},
    ports: [],
    expose: [],
    volumes: [],
    depends_on: {},
    networks: { default: null },
    labels: {},
    secrets: [],
    configs: [],
    ulimits: {},
    extra_hosts: {},
    profiles: [],
    cap_add: [],
    cap_drop: [],
    other: {},
    extensions: {},
    ...overrides,
  };
}

/** A normalized project of these services on the default network, plus `overrides`. */
export function project(name: string, services: Service[], overrides: Partial<Project> = {}): Project {
  return {
    name,
    working_dir: `/tmp/${name}`,
    services: Object.fromEntries(services.map((s) => [s.name, s])),
    networks: { default: { name: `${name}_default`, extensions: {} } },
    volumes: {},
    secrets: {},
    configs: {},
    extensions: {},
    ...overrides,
  };
}
