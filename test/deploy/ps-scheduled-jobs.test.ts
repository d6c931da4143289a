import { CloudFormationClient, DescribeStacksCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DescribeNetworkInterfacesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeTasksCommand, ECSClient, ListTasksCommand, type Task } from '@aws-sdk/client-ecs';
import { mockClient } from 'aws-sdk-client-mock';
import { ps } from '../../src/deploy/ps.js';

const cfnMock = mockClient(CloudFormationClient);
const ecsMock = mockClient(ECSClient);
const ec2Mock = mockClient(EC2Client);

const arn = (resource: string): string => `arn:aws:ecs:eu-west-1:123456789012:${resource}`;
const SCHEDULE = 'demo-ReportSchedule-1AB2';

function task(id: string, startedBy: string, minute: number, exitCode: number, stoppedReason?: string): Task {
  return {
    taskArn: arn(`task/demo/${id}`),
    lastStatus: 'STOPPED',
    startedBy,
    createdAt: new Date(Date.UTC(2026, 11, 2, 3, minute)),
    startedAt: new Date(Date.UTC(2026, 11, 2, 3, minute, 30)),
    containers: [{ name: 'report', exitCode }],
    ...(stoppedReason ? { stoppedReason } : {}),
  };
}

beforeEach(() => {
  for (const mock of [cfnMock, ecsMock, ec2Mock]) mock.reset();
  cfnMock
    .on(ListStackResourcesCommand, { StackName: 'demo' })
    .resolves({
      StackResourceSummaries: [
        { LogicalResourceId: 'Cluster', ResourceType: 'AWS::ECS::Cluster', PhysicalResourceId: 'demo', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
        { LogicalResourceId: 'ReportTaskDefinition', ResourceType: 'AWS::ECS::TaskDefinition', PhysicalResourceId: arn('task-definition/demo-report:3'), ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
        { LogicalResourceId: 'ReportSchedule', ResourceType: 'AWS::Scheduler::Schedule', PhysicalResourceId: SCHEDULE, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
      ],
    })
    .on(DescribeStacksCommand, { StackName: 'demo' })
    .resolves({
      Stacks: [
        {
          StackName: 'demo',
          StackStatus: 'CREATE_COMPLETE',
          CreationTime: new Date(),
          Outputs: [
            { OutputKey: 'ClusterName', OutputValue: 'demo' },
            { OutputKey: 'ReportScheduleName', OutputValue: SCHEDULE },
            { OutputKey: 'ReportScheduleExpression', OutputValue: 'cron(0 3 * * ? *)' },
            { OutputKey: 'ReportLogGroupName', OutputValue: '/compose-x/demo/report' },
          ],
        },
      ],
    });
  ec2Mock.on(DescribeNetworkInterfacesCommand).resolves({ NetworkInterfaces: [] });
});

describe('ps of a scheduled job', () => {
  it("shows its schedule and its last run: the newest task the scheduler started, its status and exit code", async () => {
    ecsMock
      .on(ListTasksCommand, { cluster: 'demo', family: 'demo-report', desiredStatus: 'RUNNING' })
      .resolves({ taskArns: [] })
      .on(ListTasksCommand, { cluster: 'demo', family: 'demo-report', desiredStatus: 'STOPPED' })
      .resolves({ taskArns: [arn('task/demo/older'), arn('task/demo/newer'), arn('task/demo/by-hand')] })
      .on(DescribeTasksCommand)
      .resolves({
        tasks: [
          task('older', `chronos-schedule/${SCHEDULE}`, 0, 0),
          task('newer', `chronos-schedule/${SCHEDULE}`, 10, 3, 'Essential container in task exited'),
          task('by-hand', 'compose-x run', 20, 0),
        ],
      });
    await expect(ps({ region: 'eu-west-1' }, 'demo')).resolves.toEqual([
      {
        service: 'report',
        serviceName: SCHEDULE,
        desired: 0,
        running: 0,
        pending: 0,
        tasks: [],
        schedule: {
          expression: 'cron(0 3 * * ? *)',
          lastRun: { taskId: 'newer', lastStatus: 'STOPPED', startedAt: '2026-12-02T03:10:30.000Z', exitCode: 3, stoppedReason: 'Essential container in task exited' },
        },
      },
    ]);
  });

  it('says nothing of a last run before the first', async () => {
    ecsMock.on(ListTasksCommand).resolves({ taskArns: [] });
    const [job] = await ps({ region: 'eu-west-1' }, 'demo');
    expect(job?.schedule).toEqual({ expression: 'cron(0 3 * * ? *)' });
    expect(ecsMock.commandCalls(DescribeTasksCommand)).toHaveLength(0);
  });
});
