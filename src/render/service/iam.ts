import { GetAtt, Ref, Role, Sub, type IamPolicy, type Value } from '../template/cfn.js';
import type { RenderContext } from '../context.js';

/** What a service's task execution role must be allowed, and nothing more. */
export interface ExecutionNeeds {
  logGroupId: string;
  /** Secrets Manager secret and SSM parameter ARNs of the service's secrets. */
  secretArns: string[];
  /** Customer managed KMS keys of those secrets. */
  kmsKeys?: string[];
  /** Private Amazon ECR images, as repository ARNs. */
  ecrRepositories: Value<string>[];
}

const ASSUME_ECS_TASKS = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ecs-tasks.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: {
        StringEquals: { 'aws:SourceAccount': Ref('AWS::AccountId') },
        ArnLike: { 'aws:SourceArn': Sub('arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:*') },
      },
    },
  ],
};

/**
 * The two roles of a service. The execution role (used by ECS to start the task) may
 * write to the service's log group, pull its private ECR images and read exactly its
 * secrets (and decrypt them with their customer managed keys); the task role (the app's own AWS identity) gets only what compose-x's own
 * sidecars need (Envoy's configuration under App Mesh).
 */
export function renderRoles(
  ctx: RenderContext,
  id: string,
  service: string,
  needs: ExecutionNeeds,
  taskStatements: object[] = [],
): { executionRole: string; taskRole: string } {
  const executionRole = ctx.template.add(
    `${id}ExecutionRole`,
    new Role({
      AssumeRolePolicyDocument: ASSUME_ECS_TASKS,
      Description: `ECS starts the tasks of ${ctx.project.name}/${service} with this role.`,
      Policies: executionPolicies(needs),
    }),
  );
  const taskRole = ctx.template.add(
    `${id}TaskRole`,
    new Role({
      AssumeRolePolicyDocument: ASSUME_ECS_TASKS,
      Description: `The AWS identity of the containers of ${ctx.project.name}/${service}.`,
      ...(taskStatements.length > 0 ? { Policies: [{ PolicyName: 'task', PolicyDocument: { Version: '2012-10-17', Statement: taskStatements } }] } : {}),
    }),
  );
  return { executionRole, taskRole };
}

function executionPolicies(needs: ExecutionNeeds): IamPolicy[] {
  const statements: object[] = [
    {
      Sid: 'WriteLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: GetAtt(needs.logGroupId, 'Arn'),
    },
  ];
  if (needs.ecrRepositories.length > 0) {
    statements.push(
      { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Sid: 'PullImages',
        Effect: 'Allow',
        Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        Resource: needs.ecrRepositories,
      },
    );
  }
  const secrets = needs.secretArns.filter((arn) => arn.includes(':secretsmanager:'));
  const parameters = needs.secretArns.filter((arn) => arn.includes(':ssm:'));
  if (secrets.length > 0) {
    statements.push({ Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secrets });
  }
  if (parameters.length > 0) {
    statements.push({ Sid: 'ReadParameters', Effect: 'Allow', Action: 'ssm:GetParameters', Resource: parameters });
  }
  if (needs.kmsKeys && needs.kmsKeys.length > 0) {
    statements.push({ Sid: 'DecryptSecrets', Effect: 'Allow', Action: 'kms:Decrypt', Resource: needs.kmsKeys });
  }
  return [{ PolicyName: 'execution', PolicyDocument: { Version: '2012-10-17', Statement: statements } }];
}

/** `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1` -> the repository's ARN; other registries -> undefined. */
export function ecrRepositoryArn(image: string): Value<string> | undefined {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)/.exec(image);
  if (!match) return undefined;
  const [, account, region, repository] = match;
  return Sub(`arn:\${AWS::Partition}:ecr:${region}:${account}:repository/${repository}`);
}
