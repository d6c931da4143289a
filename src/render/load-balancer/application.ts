/**
 * The project's Application Load Balancer: internet-facing in the public subnets, its
 * security group open to the world on its listener ports only; a listener on each port the
 * services' rules are on, HTTP, or HTTPS (certificate, security policy) with 80 answering a
 * 301 to HTTPS on 443; a 404 where no rule matches; an
 * ACM certificate validated by DNS records in the hosted zone, and alias records to the load
 * balancer. A shared listener of an existing load balancer is two parameters instead; the
 * existing load balancer of x-aws-loadbalancer gets the listeners, and nothing else is made.
 */
import { ParseError } from '../../parser/diagnostics.js';
import type { ApplicationBalancer } from '../../mesh/ingress/application.js';
import { Certificate, GetAtt, RecordSet, Ref, SecurityGroup, type Value } from '../template/cfn.js';
import { Elbv2ListenerResource, Elbv2LoadBalancerResource, type Elbv2ListenerAction, type Elbv2ListenerProperties } from '../template/cfn-spec-types.js';
import { pascalCase } from '../template/logical-ids.js';
import type { NetworkPlacement, RenderContext } from '../context.js';
import { APPLICATION_GROUP, APPLICATION_LOAD_BALANCER, EXISTING_LISTENER, EXISTING_GROUP } from './security-group.js';
import type { DockerBalancer } from './docker-balancer.js';

/** Where the services' rules go, and how the balancer is named in addresses. */
export interface ApplicationPlacement {
  /** The listener of each port the rules are on. */
  listeners: Map<number, Value<string>>;
  /** `${ApplicationLoadBalancer.DNSName}` for an address in a Sub, when there is a balancer of the project. */
  dnsName?: string;
}

/** What a listener answers when no rule matches. */
const NOT_FOUND: Elbv2ListenerAction = { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'Not found' } };
/** HTTP to HTTPS, keeping host, path and query: https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions */
const TO_HTTPS: Elbv2ListenerAction = { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } };

/** Renders the balancer (or, with `docker`, the listeners on that existing one) for rules on the listener `ports` (those of the services' HTTP targets). */
export function renderApplicationBalancer(ctx: RenderContext, balancer: ApplicationBalancer, ports: readonly number[], network: NetworkPlacement, docker?: DockerBalancer): ApplicationPlacement {
  const t = ctx.template;
  if (balancer.kind === 'existing') {
    t.parameter(EXISTING_LISTENER, { Type: 'String', Description: 'The listener of the existing load balancer the services get their rules on (x-ingress.Listener).', Default: balancer.listenerArn });
    t.parameter(EXISTING_GROUP, { Type: 'AWS::EC2::SecurityGroup::Id', Description: 'The security group of that load balancer, which the tasks admit (x-ingress.SecurityGroup).', Default: balancer.securityGroup });
    return { listeners: new Map(ports.map((port) => [port, Ref(EXISTING_LISTENER)])) };
  }
  if (balancer.records && balancer.records.names.length > 0 && docker) {
    throw new ParseError('E_DOCKER_LOADBALANCER', 'x-ingress.HostedZoneId asks for alias records of the load balancer, and the DNS records of the existing one x-aws-loadbalancer names are its owner\'s.', {
      path: ['x-ingress', 'HostedZoneId'],
      position: ctx.locate(['x-ingress', 'HostedZoneId']),
      hint: 'Remove HostedZoneId (give CertificateArn for HTTPS), or remove x-aws-loadbalancer to have a load balancer made for the project.',
    });
  }
  if (!docker && network.eachSubnet.length < 2) {
    throw new ParseError('E_INGRESS_SUBNETS', 'an Application Load Balancer needs subnets in two Availability Zones, and x-vpc gives one.', {
      path: ['x-vpc', 'Subnets'],
      position: ctx.locate(['x-vpc', 'Subnets']),
      hint: 'Add a public subnet of another Availability Zone to x-vpc.Subnets, or keep the HTTP services on public IPs with x-ingress: public-ip.',
    });
  }
  const tls = balancer.tls;
  const redirect = tls !== undefined && ports.includes(443);
  const balancerArn = docker?.arn ?? Ref(APPLICATION_LOAD_BALANCER);
  if (!docker) renderOwnBalancer(ctx, redirect ? [80, ...ports] : ports, network);
  const listener = (port: number, properties: Omit<Elbv2ListenerProperties, 'LoadBalancerArn' | 'Port'>): string =>
    t.add(`${APPLICATION_LOAD_BALANCER}${properties.Protocol === 'HTTPS' ? 'Https' : 'Http'}${port}Listener`, new Elbv2ListenerResource({ LoadBalancerArn: balancerArn, Port: port, ...properties }));
  if (redirect) listener(80, { Protocol: 'HTTP', DefaultActions: [TO_HTTPS] });
  const certificate = tls ? (tls.certificate.kind === 'existing' ? tls.certificate.arn : Ref(renderCertificate(ctx, tls.certificate))) : undefined;
  const listeners = new Map<number, Value<string>>();
  for (const port of ports) {
    const properties = tls && certificate ? { Protocol: 'HTTPS', Certificates: [{ CertificateArn: certificate }], SslPolicy: tls.sslPolicy } : { Protocol: 'HTTP' };
    listeners.set(port, Ref(listener(port, { ...properties, DefaultActions: [NOT_FOUND] })));
  }
  const { hostedZoneId, names } = balancer.records ?? { hostedZoneId: '', names: [] };
  for (const name of names) {
    t.add(
      `${pascalCase(name)}AliasRecord`,
      new RecordSet({
        HostedZoneId: hostedZoneId,
        Name: name,
        Type: 'A',
        AliasTarget: { DNSName: GetAtt(APPLICATION_LOAD_BALANCER, 'DNSName'), HostedZoneId: GetAtt(APPLICATION_LOAD_BALANCER, 'CanonicalHostedZoneID'), EvaluateTargetHealth: true },
      }),
    );
  }
  return { listeners, ...(docker ? {} : { dnsName: `\${${APPLICATION_LOAD_BALANCER}.DNSName}` }) };
}

/** The project's own balancer, internet-facing in the public subnets, and its group open on the listener ports. */
function renderOwnBalancer(ctx: RenderContext, open: readonly number[], network: NetworkPlacement): void {
  const t = ctx.template;
  t.add(
    APPLICATION_GROUP,
    new SecurityGroup({
      GroupDescription: `Application Load Balancer of ${ctx.project.name}`,
      VpcId: network.vpcId,
      SecurityGroupIngress: open.map((port) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, CidrIp: '0.0.0.0/0', Description: `listener ${port}` })),
    }),
  );
  const resource = new Elbv2LoadBalancerResource({
    Type: 'application',
    Scheme: 'internet-facing',
    Subnets: network.publicSubnets,
    SecurityGroups: [GetAtt(APPLICATION_GROUP, 'GroupId')],
    LoadBalancerAttributes: [{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }],
  });
  t.add(APPLICATION_LOAD_BALANCER, network.dependsOn.length > 0 ? resource.dependsOn(network.dependsOn) : resource);
}

/** An ACM certificate for the domain and the rules' host names, validated by the DNS records CloudFormation puts in the hosted zone. */
function renderCertificate(ctx: RenderContext, certificate: { domain: string; alternativeNames: string[]; hostedZoneId: string }): string {
  const names = [certificate.domain, ...certificate.alternativeNames];
  return ctx.template.add(
    `${APPLICATION_LOAD_BALANCER}Certificate`,
    new Certificate({
      DomainName: certificate.domain,
      ...(certificate.alternativeNames.length > 0 ? { SubjectAlternativeNames: certificate.alternativeNames } : {}),
      ValidationMethod: 'DNS',
      DomainValidationOptions: names.map((name) => ({ DomainName: name, HostedZoneId: certificate.hostedZoneId })),
    }),
  );
}
