import type { ComposeKeySupport } from './key-support.js';

/** What to do instead of addressing a service other than by its name; the network checks say it too. */
export const SERVICE_NAME_INSTEAD = 'Reach the service by its compose service name.';

/** The rows of COMPOSE_KEYS for networks, ports, names and DNS. */
export const NETWORKING_KEYS: readonly ComposeKeySupport[] = [
  {
    key: 'dns',
    treatment: 'warning',
    ecs: 'Fargate tasks use the DNS resolver of the VPC; the servers are ignored.',
    instead: 'Remove dns; use Route 53 Resolver rules in the VPC for custom DNS.',
  },
  {
    key: 'dns_opt',
    treatment: 'warning',
    ecs: 'Fargate tasks use the DNS resolver of the VPC; resolver options are ignored.',
    instead: 'Remove dns_opt.',
  },
  {
    key: 'dns_search',
    treatment: 'warning',
    ecs: 'Fargate does not support DNS search domains; they are ignored.',
    instead: 'Use fully qualified names, or set the search domain in the DHCP options of the VPC.',
  },
  {
    key: 'domainname',
    treatment: 'warning',
    ecs: 'Tasks with awsvpc networking cannot set their domain name; it is ignored.',
    instead: 'Remove domainname; reach services by their service names.',
  },
  {
    key: 'driver_opts',
    treatment: 'warning',
    ecs: 'Tasks have one awsvpc network interface; network driver options are ignored.',
    instead: 'Remove driver_opts.',
  },
  {
    key: 'expose',
    treatment: 'partial',
    ecs:
      'ContainerDefinitions[].PortMappings, reachable from other services only (a security group rule per ' +
      'port and network of the service). Port 0, and more than the 60 inbound rules a security group holds ' +
      'by default (with ports:), are errors.',
    instead: 'Expose only the ports the service listens on.',
  },
  {
    key: 'external_links',
    treatment: 'error',
    ecs: 'ECS cannot link to containers outside the project, so their names would not resolve.',
    instead: 'Reach the outside service by a DNS name (e.g. a Route 53 record) passed in environment.',
  },
  {
    key: 'extra_hosts',
    treatment: 'error',
    ecs: 'Fargate does not support extra hosts entries with awsvpc networking, so the names would not resolve.',
    instead: 'Use DNS: the service names of the project, or records in a Route 53 private hosted zone.',
  },
  {
    key: 'hostname',
    treatment: 'warning',
    ecs: 'Tasks with awsvpc networking cannot set their hostname; it is ignored.',
    instead: 'Remove hostname; other services reach this one by its service name.',
  },
  {
    key: 'links',
    treatment: 'warning',
    ecs:
      'Services reach each other by service name without links: a link is ignored with a warning, ' +
      'and a link alias (service:alias) is an error because the alias would not resolve.',
    instead: 'Remove links, and use the service name.',
  },
  {
    key: 'mac_address',
    treatment: 'warning',
    ecs: "AWS assigns the MAC address of the task's network interface; it is ignored.",
    instead: 'Remove mac_address, and identify the service by name.',
  },
  {
    key: 'network_mode',
    treatment: 'error',
    ecs:
      'Tasks use awsvpc networking: host, none, service:<name>, container:<name> (and any other mode) ' +
      'are errors; bridge is ignored with a warning.',
    instead: 'Remove network_mode: services reach each other by service name, and ports: publishes ports.',
  },
  {
    key: 'networks',
    treatment: 'partial',
    ecs:
      "Security groups: services on a shared compose network may reach each other's target ports; " +
      'aliases, ipv4_address, ipv6_address, mac_address and the other attachment settings are ' +
      'ignored with a warning.',
    instead: SERVICE_NAME_INSTEAD,
  },
  {
    key: 'ports',
    treatment: 'partial',
    ecs:
      'ContainerDefinitions[].PortMappings (each target port); a published port goes behind the ' +
      "project's load balancer (an Application Load Balancer for HTTP, a Network Load Balancer for TCP " +
      'and UDP, listening on the published port; see x-ingress), and with x-ingress: public-ip opens that ' +
      'port to the world, where a published port other than the target is a warning (awsvpc networking does not ' +
      'remap ports); a port published on one host address (127.0.0.1:5432:5432) is not published: the ' +
      'services of its networks reach it, with a warning; the sctp protocol, port 0 and more than the 60 ' +
      'inbound rules a security group holds by default (a rule per port: a range such as 1-65535 cannot ' +
      'be opened) are errors.',
    instead: 'Publish a port as "80:80"; leave it unpublished (or use expose:) to keep it private.',
  },
];
