/**
 * `ps`: the ECS services of a stack (nested stacks included), their task counts, each
 * task's addresses, found the way the demo finds them: task -> ENI -> public IP, and the
 * addresses of the services behind a load balancer (the stack's `<Service>Url` outputs).
 */
import { paginateListStackResources, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { paginateDescribeNetworkInterfaces, type EC2Client } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, DescribeTasksCommand, paginateListTasks, type ECSClient, type Service, type Task } from '@aws-sdk/client-ecs';
import { cloudFormation, ec2, ecs } from './clients.js';
import { composeServiceOf } from './stack/compose-service.js';
import { lastRun, stackJobs, type JobSchedule } from './operate/scheduled-jobs.js';
import { describeStack } from './stack/stack-status.js';
import { latestStopped, toStoppedTask } from './watch/stopped-task.js';
import type { AwsTarget, StoppedTask } from './types.js';

/** One task of a service. */
export interface TaskStatus {
  taskId: string;
  /** PROVISIONING, PENDING, RUNNING, STOPPED... */
  lastStatus: string;
  privateIp?: string;
  /** Set when the task's network interface has a public IP (assignPublicIp). */
  publicIp?: string;
}

/** One ECS service of the stack. */
export interface ServiceStatus {
  /** The compose service: the service's `compose-x:service` tag, else its logical id without the `Service` suffix (the prefix of its `<id>ServiceName` output). */
  service: string;
  /** The ECS service name. */
  serviceName: string;
  desired: number;
  running: number;
  pending: number;
  /** Sorted by task id. */
  tasks: TaskStatus[];
  /** Where its load balancer serves it (`<Service>Url` and `<Service>Tcp1883Url` outputs), when one does. */
  urls?: string[];
  /** Its most recent stopped task, and why it stopped (ECS keeps stopped tasks about an hour). */
  lastStopped?: StoppedTask;
  /** A scheduled job (x-schedule): no ECS service (serviceName is its schedule's), its schedule and last run. */
  schedule?: JobSchedule;
}

/** An AWS::ECS::Service resource of the stack. */
export interface StackService {
  logicalId: string;
  arn: string;
  cluster: string;
}

/** A described ECS service with its described tasks. */
interface ServiceTasks {
  logicalId: string | undefined;
  service: Service;
  tasks: Task[];
  /** Its most recent stopped task. */
  stopped?: Task;
}

/** The addresses of one network interface. */
interface EniAddresses {
  privateIp?: string;
  publicIp?: string;
}

/** API batch limits: DescribeServices 10, DescribeTasks 100, values of one EC2 filter 200. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The cluster of `arn:aws:ecs:<region>:<account>:service/<cluster>/<name>`; `default` for the old ARN format without one. */
function clusterOf(serviceArn: string): string {
  const parts = serviceArn.split(':').slice(5).join(':').split('/');
  return parts.length === 3 && parts[1] ? parts[1] : 'default';
}

/** The ECS services of a stack and of its nested stacks; the ARNs of their task definitions by logical id go to `taskDefinitions`. */
export async function stackServices(client: CloudFormationClient, stackName: string, taskDefinitions: Record<string, string> = {}): Promise<StackService[]> {
  const found: StackService[] = [];
  for await (const page of paginateListStackResources({ client }, { StackName: stackName })) {
    for (const { ResourceType: type, LogicalResourceId: logicalId, PhysicalResourceId: physicalId } of page.StackResourceSummaries ?? []) {
      if (!physicalId || !logicalId) continue;
      if (type === 'AWS::ECS::Service') found.push({ logicalId, arn: physicalId, cluster: clusterOf(physicalId) });
      if (type === 'AWS::ECS::TaskDefinition') taskDefinitions[logicalId] = physicalId;
      if (type === 'AWS::CloudFormation::Stack') found.push(...(await stackServices(client, physicalId, taskDefinitions)));
    }
  }
  return found;
}

/** The ARNs of a service's tasks that are meant to run (pending ones included), or of those ECS stopped. */
async function taskArns(client: ECSClient, cluster: string, serviceName: string, desiredStatus?: 'STOPPED'): Promise<string[]> {
  const arns: string[] = [];
  for await (const page of paginateListTasks({ client }, { cluster, serviceName, ...(desiredStatus ? { desiredStatus } : {}) })) arns.push(...(page.taskArns ?? []));
  return arns;
}

/** DescribeTasks, 100 at a time, by task ARN. */
async function describeTasks(client: ECSClient, cluster: string, arns: string[]): Promise<Map<string, Task>> {
  const tasks = new Map<string, Task>();
  for (const batch of chunks(arns, 100)) {
    const { tasks: described = [] } = await client.send(new DescribeTasksCommand({ cluster, tasks: batch }));
    for (const task of described) if (task.taskArn) tasks.set(task.taskArn, task);
  }
  return tasks;
}

/** The services of one cluster, described with their tags and their tasks. */
async function clusterServices(client: ECSClient, cluster: string, members: StackService[]): Promise<ServiceTasks[]> {
  const logicalIds = new Map(members.map((member) => [member.arn, member.logicalId]));
  const services: Service[] = [];
  for (const batch of chunks(members, 10)) {
    const command = new DescribeServicesCommand({ cluster, services: batch.map((member) => member.arn), include: ['TAGS'] });
    services.push(...((await client.send(command)).services ?? []));
  }
  const arnsByService = await Promise.all(services.map((service) => taskArns(client, cluster, service.serviceName ?? '')));
  const stoppedByService = await Promise.all(services.map((service) => taskArns(client, cluster, service.serviceName ?? '', 'STOPPED')));
  const tasks = await describeTasks(client, cluster, [...new Set([...arnsByService.flat(), ...stoppedByService.flat()])]);
  return services.map((service, i) => {
    const stopped = latestStopped((stoppedByService[i] ?? []).flatMap((arn) => tasks.get(arn) ?? []));
    return {
      logicalId: logicalIds.get(service.serviceArn ?? ''),
      service,
      tasks: (arnsByService[i] ?? []).flatMap((arn) => tasks.get(arn) ?? []),
      ...(stopped ? { stopped } : {}),
    };
  });
}

/** A detail of the task's network interface attachment (awsvpc). */
function eniDetail(task: Task, name: 'networkInterfaceId' | 'privateIPv4Address'): string | undefined {
  const attachment = task.attachments?.find((candidate) => candidate.type === 'ElasticNetworkInterface');
  return attachment?.details?.find((detail) => detail.name === name)?.value;
}

/** The addresses of the given network interfaces; one filter (not ids), so an interface deleted meanwhile is simply absent. */
async function eniAddresses(client: EC2Client, eniIds: string[]): Promise<Map<string, EniAddresses>> {
  const addresses = new Map<string, EniAddresses>();
  for (const batch of chunks(eniIds, 200)) {
    const filter = { Name: 'network-interface-id', Values: batch };
    for await (const page of paginateDescribeNetworkInterfaces({ client }, { Filters: [filter] })) {
      for (const eni of page.NetworkInterfaces ?? []) {
        if (!eni.NetworkInterfaceId) continue;
        addresses.set(eni.NetworkInterfaceId, {
          ...(eni.PrivateIpAddress ? { privateIp: eni.PrivateIpAddress } : {}),
          ...(eni.Association?.PublicIp ? { publicIp: eni.Association.PublicIp } : {}),
        });
      }
    }
  }
  return addresses;
}

/** One task's row: the ENI's addresses, else the private IP ECS recorded on the attachment. */
function taskStatus(task: Task, addresses: Map<string, EniAddresses>): TaskStatus {
  const eni = addresses.get(eniDetail(task, 'networkInterfaceId') ?? '');
  const privateIp = eni?.privateIp ?? eniDetail(task, 'privateIPv4Address');
  return {
    taskId: (task.taskArn ?? '').split('/').pop() ?? '',
    lastStatus: task.lastStatus ?? 'UNKNOWN',
    ...(privateIp ? { privateIp } : {}),
    ...(eni?.publicIp ? { publicIp: eni.publicIp } : {}),
  };
}

/** The compose service an ECS service runs. */
function composeService({ logicalId, service }: ServiceTasks): string {
  return composeServiceOf(service, logicalId) ?? service.serviceName ?? '';
}

/** The address outputs of the ECS service `<Id>Service`: `<Id>Url`, `<Id>Tcp1883Url`, `<Id>Udp53Url` (src/render/load-balancer/). */
function urlsOf(logicalId: string | undefined, outputs: Record<string, string>): string[] {
  const id = logicalId?.replace(/Service$/, '');
  if (!id) return [];
  const pattern = new RegExp(`^${id}((Tcp|Udp)\\d+)?Url$`);
  return Object.keys(outputs)
    .filter((key) => pattern.test(key))
    .sort()
    .map((key) => outputs[key] ?? '');
}

/** The services' rows, sorted by compose service. */
function serviceStatuses(described: ServiceTasks[], addresses: Map<string, EniAddresses>, outputs: Record<string, string>): ServiceStatus[] {
  const rows = described.map((entry) => {
    const urls = urlsOf(entry.logicalId, outputs);
    const service = composeService(entry);
    const lastStopped = entry.stopped && toStoppedTask(entry.stopped, { service, logicalId: entry.logicalId ?? '' });
    return {
      service,
      serviceName: entry.service.serviceName ?? '',
      desired: entry.service.desiredCount ?? 0,
      running: entry.service.runningCount ?? 0,
      pending: entry.service.pendingCount ?? 0,
      tasks: entry.tasks.map((task) => taskStatus(task, addresses)).sort((a, b) => (a.taskId < b.taskId ? -1 : 1)),
      ...(urls.length > 0 ? { urls } : {}),
      ...(lastStopped ? { lastStopped } : {}),
    };
  });
  return rows.sort((a, b) => (a.service < b.service ? -1 : 1));
}

/**
 * The status of every ECS service of the stack (nested stacks included): desired, running
 * and pending counts, per task its status, private IP and public IP (from the task's
 * network interface), and the addresses its load balancer serves it at (the root stack's
 * outputs, where the render puts them), and its most recent stopped task with why it stopped.
 * Calls are batched: DescribeTasks per 100 tasks, one
 * DescribeNetworkInterfaces for all the interfaces.
 */
export async function ps(target: AwsTarget, stackName: string): Promise<ServiceStatus[]> {
  const cf = cloudFormation(target);
  const taskDefinitions: Record<string, string> = {};
  const services = await stackServices(cf, stackName, taskDefinitions);
  const outputs = (await describeStack(cf, stackName))?.outputs ?? {};
  const client = ecs(target);
  const described: ServiceTasks[] = [];
  for (const cluster of new Set(services.map((service) => service.cluster))) {
    const members = services.filter((service) => service.cluster === cluster);
    described.push(...(await clusterServices(client, cluster, members)));
  }
  const eniIds = described.flatMap(({ tasks }) => tasks.flatMap((task) => eniDetail(task, 'networkInterfaceId') ?? []));
  const addresses = await eniAddresses(ec2(target), eniIds);
  const jobs = await Promise.all(
    stackJobs(outputs, taskDefinitions).map(async (job): Promise<ServiceStatus> => {
      const run = outputs['ClusterName'] ? await lastRun(client, outputs['ClusterName'], job) : undefined;
      return { service: job.service, serviceName: job.scheduleName, desired: 0, running: 0, pending: 0, tasks: [], schedule: { expression: job.expression, ...(run ? { lastRun: run } : {}) } };
    }),
  );
  return [...serviceStatuses(described, addresses, outputs), ...jobs].sort((a, b) => (a.service < b.service ? -1 : 1));
}
