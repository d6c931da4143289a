/**
 * ECS Exec (`x-exec`, schemas/x-exec.json), as the ECS guide sets it up
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html): the service's
 * EnableExecuteCommand, the task role's Session Manager channels, an init process in the
 * container (recommended there, so the sessions' processes are reaped), and the logging of the
 * sessions, which is the cluster's ExecuteCommandConfiguration.
 */
import { ParseError, type TreePath } from '../../parser/diagnostics.js';
import { isMapping } from '../../parser/mapping.js';
import type { Service } from '../../parser/model.js';
import { GetAtt, LogGroup, Ref, Sub, type Value } from '../template/cfn.js';
import type { RenderContext } from '../context.js';
import { logRetention } from '../../support/extensions/log-retention.js';

type Logging = 'default' | 'none' | 'override';

/** x-exec of one service, read. */
export interface ServiceExec {
  logging: Logging;
  kmsKeyId?: string;
}

interface XExec {
  Enabled?: boolean;
  Logging?: Logging;
  KmsKeyId?: string;
}

/** The logical ID of the log group of the sessions (Logging: override). */
export const EXEC_LOG_GROUP = 'ExecLogGroup';

/**
 * A service's x-exec; undefined when exec is off (no key, false, or Enabled: false). ECS
 * ComposeX's `x-ecs.EnableExecuteCommand: true` is read as `x-exec: true`.
 */
export function execOf(service: Service | undefined): ServiceExec | undefined {
  const raw = service?.extensions['x-exec'] ?? (composeXExec(service) ? true : undefined);
  if (raw === true) return { logging: 'override' };
  if (!isMapping(raw)) return undefined;
  const x = raw as XExec;
  if (x.Enabled === false) return undefined;
  return { logging: x.Logging ?? 'override', ...(x.KmsKeyId ? { kmsKeyId: x.KmsKeyId } : {}) };
}

function composeXExec(service: Service | undefined): boolean {
  const ecs = service?.extensions['x-ecs'];
  return isMapping(ecs) && ecs['EnableExecuteCommand'] === true;
}

/** The one logging of the project's sessions; refused when two services ask for different ones (the cluster has one). */
function projectExec(ctx: RenderContext): { service: string; exec: ServiceExec } | undefined {
  const enabled = ctx.graph.services.flatMap((name) => {
    const exec = execOf(ctx.project.services[name]);
    return exec ? [{ service: name, exec }] : [];
  });
  const [first] = enabled;
  const other = enabled.find(({ exec }) => first && (exec.logging !== first.exec.logging || exec.kmsKeyId !== first.exec.kmsKeyId));
  if (first && other) {
    const path: TreePath = ['services', other.service, 'x-exec'];
    throw new ParseError(
      'E_EXEC_LOGGING',
      `services "${first.service}" and "${other.service}" ask for different logging or keys of their ECS Exec sessions; the cluster has one ExecuteCommandConfiguration.`,
      { path, position: ctx.locate(path), hint: 'Give every x-exec the same Logging and KmsKeyId.' },
    );
  }
  return first;
}

/** With an existing cluster, its own ExecuteCommandConfiguration logs the sessions: said when x-exec asks for the project's log group. */
export function warnExecOnExistingCluster(ctx: RenderContext): void {
  const found = projectExec(ctx);
  if (found?.exec.logging !== 'override') return;
  const path: TreePath = ['services', found.service, 'x-exec'];
  ctx.warn({
    code: 'W_EXEC_LOGGING_CLUSTER',
    message: `the sessions of ECS Exec are logged as the existing cluster (x-cluster.ClusterName) is configured, not to a log group of the project: a cluster has one ExecuteCommandConfiguration, and this stack does not own it.`,
    path,
    position: ctx.locate(path),
  });
}

/**
 * The cluster's ExecuteCommandConfiguration, and with Logging override (the default) the log
 * group of the sessions; undefined when no service has x-exec.
 */
export function renderExecConfiguration(ctx: RenderContext): { ExecuteCommandConfiguration: object } | undefined {
  const exec = projectExec(ctx)?.exec;
  if (!exec) return undefined;
  if (exec.logging === 'override') {
    ctx.template.add(EXEC_LOG_GROUP, new LogGroup({ LogGroupName: `/compose-x/${ctx.project.name}/exec`, RetentionInDays: logRetention(ctx.project) }));
  }
  return {
    ExecuteCommandConfiguration: {
      Logging: exec.logging.toUpperCase(),
      ...(exec.kmsKeyId ? { KmsKeyId: exec.kmsKeyId } : {}),
      ...(exec.logging === 'override' ? { LogConfiguration: { CloudWatchLogGroupName: Ref(EXEC_LOG_GROUP) } } : {}),
    },
  };
}

/**
 * What the task role of a service with exec needs: the four Session Manager channels, and
 * writing its sessions to their log group (the project's, or with Logging default the
 * service's own); and decrypting with the key of the sessions.
 */
export function execTaskStatements(exec: ServiceExec, serviceLogGroupId: string, existingCluster: boolean): object[] {
  const group: Value<string> | undefined =
    exec.logging === 'none' || (exec.logging === 'override' && existingCluster) ? undefined : GetAtt(exec.logging === 'override' ? EXEC_LOG_GROUP : serviceLogGroupId, 'Arn');
  return [
    {
      Sid: 'ExecSessions',
      Effect: 'Allow',
      Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
      // The ssmmessages actions have no resource type to name
      // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsessionmanagermessagegatewayservice.html):
      // "*" is the only Resource they take, and the one the ECS Exec guide's task role policy uses.
      Resource: '*',
    },
    ...(group
      ? [
          // The agent looks its log group up among the region's before writing to it.
          { Sid: 'ExecFindLogGroup', Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: Sub('arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*') },
          { Sid: 'ExecWriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'], Resource: group },
        ]
      : []),
    ...(exec.kmsKeyId ? [{ Sid: 'ExecDecrypt', Effect: 'Allow', Action: 'kms:Decrypt', Resource: exec.kmsKeyId }] : []),
  ];
}
