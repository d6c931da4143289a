import type { ServerPort, ServiceConnectPlan } from '../../mesh/service-connect.js';
import { GetAtt, Ref, type Value } from '../template/cfn.js';
import { ServiceDiscoveryHttpNamespaceResource, type EcsServiceServiceConnectConfiguration, type EcsServiceServiceConnectService } from '../template/cfn-spec-types.js';
import type { RenderContext } from '../context.js';
import type { TaskSize } from '../service/fargate-size.js';

/** What AWS asks to add to a task for its Service Connect proxy. */
export const SERVICE_CONNECT_PROXY: TaskSize = { cpu: 256, memory: 64 };

/**
 * The Service Connect namespace: a new AWS::ServiceDiscovery::HttpNamespace, or an
 * existing one as the `ServiceConnectNamespaceArn` parameter. Returns its ARN. AccessLogs
 * with Logs: false is said once here: the proxy logs stay on for the access logs.
 */
export function renderServiceConnectNamespace(ctx: RenderContext, plan: ServiceConnectPlan): Value<string> {
  if (plan.accessLogs && !plan.logs) {
    const path = ['x-serviceconnect', 'Logs'];
    ctx.warn({
      code: 'W_SC_ACCESS_LOGS',
      message:
        'AccessLogs needs the proxy\'s log configuration (ECS writes the access logs with the proxy\'s own logs), so the proxy logs of every member go to its log group despite Logs: false. Remove AccessLogs to have no proxy logs.',
      path,
      position: ctx.locate(path),
    });
  }
  if (plan.namespace.kind === 'existing') {
    ctx.template.parameter('ServiceConnectNamespaceArn', {
      Type: 'String',
      Description: 'The existing Cloud Map namespace of Service Connect (x-serviceconnect.Namespace).',
      Default: plan.namespace.arn,
    });
    return Ref('ServiceConnectNamespaceArn');
  }
  ctx.template.add(
    'ServiceConnectNamespace',
    new ServiceDiscoveryHttpNamespaceResource({
      Name: plan.namespace.name,
      Description: `Service Connect namespace of ${ctx.project.name}: services reach each other by compose name.`,
    }),
  );
  ctx.template.output('ServiceConnectNamespaceArn', { Description: 'The Service Connect namespace.', Value: GetAtt('ServiceConnectNamespace', 'Arn') });
  return GetAtt('ServiceConnectNamespace', 'Arn');
}

/**
 * A member service's ServiceConnectConfiguration: its server ports, proxy logs and access logs.
 * Access logs are written with the proxy's logs, so they need its LogConfiguration, which is
 * given whenever they are on, Logs: false or not
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-serviceconnectaccesslogconfiguration.html).
 * `portNames` are the names of the task definition's TCP port mappings by container port (as
 * ECS takes them, src/render/service/port-names.ts): each server refers to its port by it.
 */
export function serviceConnectConfiguration(
  plan: ServiceConnectPlan,
  service: string,
  namespace: Value<string>,
  logGroupId: string,
  portNames: ReadonlyMap<number, string>,
): EcsServiceServiceConnectConfiguration | undefined {
  const member = plan.members[service];
  if (!member) return undefined;
  return {
    Enabled: true,
    Namespace: namespace,
    ...(member.servers.length > 0 ? { Services: member.servers.map((server) => serverEntry(server, portNames.get(server.port) ?? server.portName)) } : {}),
    ...(plan.logs || plan.accessLogs
      ? {
          LogConfiguration: {
            LogDriver: 'awslogs',
            Options: {
              'awslogs-group': Ref(logGroupId),
              'awslogs-region': Ref('AWS::Region'),
              'awslogs-stream-prefix': `${service}-service-connect`,
            },
          },
        }
      : {}),
    ...(plan.accessLogs
      ? {
          AccessLogConfiguration: {
            Format: plan.accessLogs.format,
            IncludeQueryParameters: plan.accessLogs.includeQueryParameters ? 'ENABLED' : 'DISABLED',
          },
        }
      : {}),
  };
}

function serverEntry(server: ServerPort, portName: string): EcsServiceServiceConnectService {
  return {
    PortName: portName,
    DiscoveryName: server.discoveryName,
    ClientAliases: server.clientAliases.map((a) => ({
      ...(a.DnsName !== undefined ? { DnsName: a.DnsName } : {}),
      Port: a.Port,
      ...(a.TestTrafficRules ? { TestTrafficRules: a.TestTrafficRules } : {}),
    })),
    ...(server.ingressPortOverride !== undefined ? { IngressPortOverride: server.ingressPortOverride } : {}),
    ...(server.timeout ? { Timeout: server.timeout } : {}),
    ...(server.tls
      ? {
          Tls: {
            IssuerCertificateAuthority: { AwsPcaAuthorityArn: server.tls.authorityArn },
            ...(server.tls.kmsKey ? { KmsKey: server.tls.kmsKey } : {}),
            ...(server.tls.roleArn ? { RoleArn: server.tls.roleArn } : {}),
          },
        }
      : {}),
  };
}
