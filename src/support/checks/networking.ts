/** The value checks of links, network_mode and networks. */
import { SERVICE_NAME_INSTEAD } from '../keys/networking.js';
import { finding, type Severity, type SupportFinding } from '../finding.js';
import { subKeyFindings, type SubKeyRule } from '../sub-keys.js';
import type { Scope } from '../value-check.js';

export function checkLinks({ at, value }: Scope): SupportFinding[] {
  const links = Array.isArray(value) ? value.map(String) : [];
  return links.map((link, i) => {
    const [target = link, alias = target] = link.split(':');
    const path = [...at, 'links', i];
    if (alias !== target) {
      return finding(
        'error',
        'E_LINK_ALIAS',
        path,
        `ECS has no links, so the alias "${alias}" of "${target}" would not resolve.`,
        `Use the service name "${target}" instead of "${alias}".`,
      );
    }
    return finding(
      'warning',
      'W_IGNORED_KEY',
      path,
      `ECS has no links; "${target}" is reached by its service name without one.`,
      'Remove the link.',
    );
  });
}

interface NetworkModeRule {
  matches: (mode: string) => boolean;
  severity: Severity;
  code: string;
  text: (mode: string) => string;
  hint: string;
}

const REMOVE_NETWORK_MODE = 'Remove network_mode: services reach each other by service name, and ports: publishes ports.';

/** The first rule that matches a network_mode applies. */
const NETWORK_MODE_RULES: readonly NetworkModeRule[] = [
  {
    matches: (mode) => mode === 'bridge' || mode === 'default',
    severity: 'warning',
    code: 'W_NETWORK_MODE_BRIDGE',
    text: (mode) => `Fargate tasks use awsvpc networking; ${mode} is ignored.`,
    hint: 'Remove network_mode.',
  },
  {
    matches: (mode) => mode === 'host',
    severity: 'error',
    code: 'E_NETWORK_MODE',
    text: () => 'Fargate has no host network; each task has a network interface of its own (awsvpc).',
    hint: REMOVE_NETWORK_MODE,
  },
  {
    matches: (mode) => mode === 'none',
    severity: 'error',
    code: 'E_NETWORK_MODE',
    text: () => 'Fargate tasks always have a network interface (awsvpc).',
    hint: 'Remove network_mode, and publish no ports so that only the services of the project reach it.',
  },
  {
    matches: (mode) => mode.startsWith('service:') || mode.startsWith('container:'),
    severity: 'error',
    code: 'E_NETWORK_MODE',
    text: (mode) => `the tasks of different ECS services cannot share a network stack (${mode}).`,
    hint: REMOVE_NETWORK_MODE,
  },
  {
    matches: () => true,
    severity: 'error',
    code: 'E_NETWORK_MODE',
    text: (mode) => `Fargate tasks use awsvpc networking, not ${mode}.`,
    hint: 'Remove network_mode, and join compose networks with networks:.',
  },
];

export function checkNetworkMode({ service, at }: Scope): SupportFinding[] {
  const mode = service.network_mode ?? '';
  const rule = NETWORK_MODE_RULES.find((candidate) => candidate.matches(mode));
  return rule ? [finding(rule.severity, rule.code, [...at, 'network_mode'], rule.text(mode), rule.hint)] : [];
}

const ONE_INTERFACE: Omit<SubKeyRule, 'path'> = {
  severity: 'warning',
  ecs: 'a task has one awsvpc network interface; the setting is ignored.',
  instead: 'Remove it.',
};
const VPC_ADDRESSES: Omit<SubKeyRule, 'path'> = {
  severity: 'warning',
  ecs: "the VPC assigns the task's addresses; the address is ignored.",
  instead: SERVICE_NAME_INSTEAD,
};

const NETWORK_ATTACHMENT_RULES: readonly SubKeyRule[] = [
  {
    path: ['aliases'],
    severity: 'warning',
    ecs: 'ECS registers no network aliases; other services reach this one by its service name.',
    instead: 'Use the service name, or a Service Connect client alias (x-serviceconnect).',
  },
  { path: ['driver_opts'], ...ONE_INTERFACE },
  { path: ['gw_priority'], ...ONE_INTERFACE },
  { path: ['interface_name'], ...ONE_INTERFACE },
  { path: ['ipv4_address'], ...VPC_ADDRESSES },
  { path: ['ipv6_address'], ...VPC_ADDRESSES },
  { path: ['link_local_ips'], ...VPC_ADDRESSES },
  {
    path: ['mac_address'],
    severity: 'warning',
    ecs: "AWS assigns the MAC address of the task's network interface; it is ignored.",
    instead: SERVICE_NAME_INSTEAD,
  },
  { path: ['priority'], ...ONE_INTERFACE },
];

export function checkNetworks({ service, at }: Scope): SupportFinding[] {
  return Object.entries(service.networks).flatMap(([network, attachment]) =>
    subKeyFindings(attachment, [...at, 'networks', network], NETWORK_ATTACHMENT_RULES),
  );
}
