import { GetAtt, Ref, Role, Sub, type IamPolicy, type Value } from '../template/cfn.js';
import type { RenderContext } from '../context.js';
import { TASK_POLICY, type TaskRolePolicies } from './task-role-policies.js';

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
 * sidecars need (Envoy's configuration under App Mesh), and what the user gives it (x-iam,
 * x-aws-role, x-aws-policies: `user`).
 */
export function renderRoles(
  ctx: RenderContext,
  id: string,
  service: string,
  needs: ExecutionNeeds,
  taskStatements: object[] = [],
  user: TaskRolePolicies = { policies: [], managedPolicyArns: [] },
): { executionRole: string; taskRole: string } {
  const policies: IamPolicy[] = [
    ...(taskStatements.length > 0 ? [{ PolicyName: TASK_POLICY, PolicyDocument: { Version: '2012-10-17', Statement: taskStatements } }] : []),
    ...user.policies,
  ];
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
      ...(policies.length > 0 ? { Policies: policies } : {}),
      ...(user.managedPolicyArns.length > 0 ? { ManagedPolicyArns: user.managedPolicyArns } : {}),
      ...(user.permissionsBoundary !== undefined ? { PermissionsBoundary: user.permissionsBoundary } : {}),
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

/**
 * A private Amazon ECR registry host, IPv4 (`<account>.dkr.ecr.<region>.amazonaws.com`, `.com.cn`
 * in China), FIPS (`dkr.ecr-fips`) or dual-stack (`<account>.dkr-ecr.<region>.on.aws`), and the
 * repository (https://docs.aws.amazon.com/AmazonECR/latest/userguide/ecr-requests.html).
 */
const ECR_IMAGE = /^(\d{12})\.(?:dkr\.ecr|dkr\.ecr-fips|dkr-ecr)\.([a-z0-9-]+)\.(?:amazonaws\.com(?:\.cn)?|on\.aws)\/([^:@]+)/;

/** `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:1` -> the repository's ARN; other registries -> undefined. */
export function ecrRepositoryArn(image: string): Value<string> | undefined {
  const match = ECR_IMAGE.exec(image);
  if (!match) return undefined;
  const [, account, region, repository] = match;
  return Sub(`arn:\${AWS::Partition}:ecr:${region}:${account}:repository/${repository}`);
}

/**
 * The repositories an execution role must pull from to start containers of these images: one
 * per private Amazon ECR image, of any account, in order, each once. An image that is not a
 * literal (a parameter) gives none: pass the value it defaults to. For the images compose-x
 * adds beside the app's, such as a sidecar's.
 */
export function ecrPullRepositories(images: readonly (string | undefined)[]): Value<string>[] {
  const seen = new Set<string>();
  return images.flatMap((image) => {
    const arn = image === undefined ? undefined : ecrRepositoryArn(image);
    const key = JSON.stringify(arn);
    if (arn === undefined || seen.has(key)) return [];
    seen.add(key);
    return [arn];
  });
}
