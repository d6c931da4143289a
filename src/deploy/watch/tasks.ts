/**
 * Watching the ECS deployments a stack operation starts: each task they start that stops is
 * reported once, as it stops, with why (`task-stopped`). The services are those whose events
 * the operation reports (their physical id is the service's ARN); a service's deployments are
 * those created after its first event of the operation, and a task is theirs when ECS started
 * it for one of them (its `startedBy` is the deployment's id).
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html
 */
import { composeServiceOf } from '../stack/compose-service.js';
import { DescribeServicesCommand, DescribeTasksCommand, paginateListTasks, type ECSClient } from '@aws-sdk/client-ecs';
import { explainAwsError, isThrottling } from '../aws-errors.js';
import { chunks, hasStopped, toStoppedTask } from './stopped-task.js';
import type { StackEventRecord } from './events.js';
import type { AwsTarget, DeployIo, StoppedTask } from '../types.js';

/** A service the operation creates or updates. */
interface WatchedService {
  /** Its physical id: the service ARN. */
  arn: string;
  cluster: string;
  logicalId: string;
  /** Its first event of the operation: deployments created before it are not the operation's. */
  since: Date;
  /** The ECS service name and the compose service, once described. */
  name?: string;
  service?: string;
  /** The ids of the deployments the operation started (`ecs-svc/...`). */
  deployments: Set<string>;
}

/**
 * Polls skipped, at most, after AWS throttles a poll (doubling from 1); ECS throttles each
 * account's requests per Region with a token bucket.
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html
 */
const MAX_BACKOFF = 32;

/** The cluster of `arn:aws:ecs:<region>:<account>:service/<cluster>/<name>`; `default` for the old ARN format without one. */
function clusterOf(serviceArn: string): string {
  const parts = serviceArn.split(':').slice(5).join(':').split('/');
  return parts.length === 3 && parts[1] ? parts[1] : 'default';
}


export class TaskWatcher {
  private readonly services = new Map<string, WatchedService>();
  /** Tasks reported, or found not to be the operation's: never described again. */
  private readonly judged = new Set<string>();
  private readonly reported: StoppedTask[] = [];
  private skip = 0;
  private backoff = 0;
  private ended = false;

  /** `client` is called once there is a service to watch. */
  constructor(
    private readonly client: () => ECSClient,
    private readonly target: AwsTarget,
    private readonly io: DeployIo,
  ) {}

  /** The stopped tasks reported so far, in the order they were. */
  get stopped(): readonly StoppedTask[] {
    return this.reported;
  }

  /**
   * Learns the services from the new stack events, then looks at their tasks. After a
   * throttled poll the next 1, 2, 4... polls are skipped. `settled`: the operation ended; the
   * tasks ECS is still stopping are reported as they are, and watching ends.
   */
  async poll(events: readonly StackEventRecord[], settled: boolean): Promise<void> {
    this.learn(events);
    if (this.ended || this.services.size === 0) return;
    if (!settled && this.skip > 0) {
      this.skip -= 1;
      return;
    }
    try {
      await this.look(settled);
      this.backoff = 0;
    } catch (error) {
      if (!settled && isThrottling(error)) {
        this.backoff = Math.min(this.backoff * 2 || 1, MAX_BACKOFF);
        this.skip = this.backoff;
        return;
      }
      this.ended = true;
      const explained = explainAwsError(error, this.target);
      this.io.emit({ kind: 'tasks-unwatched', reason: explained instanceof Error ? explained.message : String(explained) });
    }
    if (settled) this.ended = true;
  }

  private learn(events: readonly StackEventRecord[]): void {
    for (const event of events) {
      if (event.type !== 'AWS::ECS::Service' || !event.physicalId || this.services.has(event.physicalId)) continue;
      if (event.status !== 'CREATE_IN_PROGRESS' && event.status !== 'UPDATE_IN_PROGRESS') continue;
      const arn = event.physicalId;
      this.services.set(arn, { arn, cluster: clusterOf(arn), logicalId: event.logicalId, since: event.timestamp, deployments: new Set() });
    }
  }

  private async look(settled: boolean): Promise<void> {
    const client = this.client();
    for (const cluster of new Set([...this.services.values()].map((service) => service.cluster))) {
      const members = [...this.services.values()].filter((service) => service.cluster === cluster);
      await this.describeServices(client, cluster, members);
      const owners = new Map<string, WatchedService>();
      // By service, not by `startedBy`: ListTasks takes `startedBy` only as its one filter; the
      // deployment is checked on the described task. Stopped tasks are listed for at least an hour.
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html
      for (const member of members.filter((service) => service.name !== undefined && service.deployments.size > 0)) {
        for await (const page of paginateListTasks({ client }, { cluster, serviceName: member.name, desiredStatus: 'STOPPED' })) {
          for (const arn of page.taskArns ?? []) if (!this.judged.has(arn)) owners.set(arn, member);
        }
      }
      await this.describeTasks(client, cluster, owners, settled);
    }
  }

  /** DescribeServices, 10 at a time: the names, and the deployments created since each service's first event. */
  private async describeServices(client: ECSClient, cluster: string, members: WatchedService[]): Promise<void> {
    const byArn = new Map(members.map((member) => [member.arn, member]));
    for (const batch of chunks(members, 10)) {
      const { services = [] } = await client.send(new DescribeServicesCommand({ cluster, services: batch.map((member) => member.arn), include: ['TAGS'] }));
      for (const service of services) {
        const member = byArn.get(service.serviceArn ?? '');
        if (!member) continue;
        member.name = service.serviceName ?? member.arn;
        member.service = composeServiceOf(service, member.logicalId);
        for (const deployment of service.deployments ?? []) {
          if (deployment.id && deployment.createdAt && deployment.createdAt >= member.since) member.deployments.add(deployment.id);
        }
      }
    }
  }

  /** DescribeTasks, 100 at a time: each stopped task of the operation's deployments is reported once. */
  private async describeTasks(client: ECSClient, cluster: string, owners: Map<string, WatchedService>, settled: boolean): Promise<void> {
    for (const batch of chunks([...owners.keys()], 100)) {
      const { tasks = [] } = await client.send(new DescribeTasksCommand({ cluster, tasks: batch }));
      for (const task of tasks) {
        const owner = owners.get(task.taskArn ?? '');
        if (!owner || !task.taskArn) continue;
        if (!owner.deployments.has(task.startedBy ?? '')) {
          this.judged.add(task.taskArn);
          continue;
        }
        if (!settled && !hasStopped(task)) continue;
        this.judged.add(task.taskArn);
        const stopped = toStoppedTask(task, { service: owner.service ?? owner.logicalId, logicalId: owner.logicalId });
        this.reported.push(stopped);
        this.io.emit({ kind: 'task-stopped', task: stopped });
      }
    }
  }
}
