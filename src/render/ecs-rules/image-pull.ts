import type { Finding } from './finding.js';
import { allows, rolePermissions } from './iam-policies.js';
import { resolveText, unjudgeable } from './resolve-text.js';
import { getAttOf, label, type Container, type TaskDefinitionView, type TemplateView } from './template-view.js';

/** `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]`, literal or with the account, region and URL suffix of the stack. */
const PRIVATE_ECR = /^(\d{12}|\$\{AWS::AccountId\})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+|\$\{AWS::Region\})\.(?:amazonaws\.com(?:\.cn)?|\$\{AWS::URLSuffix\})\/(.+)$/;

/** What the task execution role needs to pull a private image from Amazon ECR. */
const PULL_ACTIONS = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] as const;
const LOGIN_ACTION = 'ecr:GetAuthorizationToken';

interface PrivateImage {
  account: string;
  region: string;
  repository: string;
  /** `arn:${AWS::Partition}:ecr:<region>:<account>:repository/<repository>` */
  arn: string;
}

/** The private Amazon ECR repository of an image, when the image is one and its repository is known. */
function privateImage(image: string): PrivateImage | undefined {
  const match = PRIVATE_ECR.exec(image);
  if (!match) return undefined;
  const [, account = '', region = '', rest = ''] = match;
  const end = rest.search(/[:@]|\$\{/);
  if (end >= 0 && rest.startsWith('${', end)) return undefined;
  const repository = end < 0 ? rest : rest.slice(0, end);
  if (repository === '') return undefined;
  return { account, region, repository, arn: `arn:\${AWS::Partition}:ecr:${region}:${account}:repository/${repository}` };
}

/**
 * Rule image-pull: ECS pulls a private Amazon ECR image with the task execution role, which
 * must be allowed ecr:GetAuthorizationToken (on "*") and ecr:BatchGetImage and
 * ecr:GetDownloadUrlForLayer on the image's repository
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html,
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/ECR_on_ECS.html). Judged when the
 * execution role is a role of the template whose policies are all there to read: inline,
 * AWS::IAM::Policy and AWS::IAM::ManagedPolicy resources that name it, and the AWS managed
 * policies that allow pulling (AmazonECSTaskExecutionRolePolicy...). Repository ARNs may be
 * literal, Fn::Sub with the stack's account and region (as compose-x grants built images),
 * or the Arn of a repository of the template.
 */
export function checkImagePull(view: TemplateView): Finding[] {
  return view.taskDefinitions.flatMap((task) =>
    task.containers.flatMap((container) => {
      const image = privateImage(resolveText(container.definition['Image'], view));
      const finding = image ? pullFinding(view, task, container, image) : undefined;
      return finding ? [finding] : [];
    }),
  );
}

function pullFinding(view: TemplateView, task: TaskDefinitionView, container: Container, image: PrivateImage): Finding | undefined {
  const where = `container ${label(container)} pulls its image from the private Amazon ECR repository "${image.repository}" (${accountText(image.account)}, ${regionText(image.region)})`;
  const grant = `Allow ${PULL_ACTIONS.join(' and ')} on ${image.arn} and ${LOGIN_ACTION} on "*" in the execution role, or attach the AWS managed policy AmazonECSTaskExecutionRolePolicy.`;
  const executionRole = task.resource.properties['ExecutionRoleArn'];
  if (executionRole === undefined) {
    return {
      rule: 'image-pull',
      resource: task.resource.id,
      path: 'Properties.ExecutionRoleArn',
      message: `${where}, but the task definition has no execution role, which ECS needs to pull it; the task fails to start (CannotPullContainerError).`,
      fix: `Give the task definition an ExecutionRoleArn. ${grant}`,
    };
  }
  const attribute = getAttOf(executionRole);
  const role = attribute?.attribute === 'Arn' ? view.byId.get(attribute.id) : undefined;
  if (role?.type !== 'AWS::IAM::Role') return undefined;
  const permissions = rolePermissions(view, role);
  if (permissions.managedPull || permissions.opaque) return undefined;
  const granted = (action: string, arn?: string): boolean => permissions.statements.some((s) => allows(s.statement, action, view, arn));
  const missing = [
    ...(granted(LOGIN_ACTION) ? [] : [`${LOGIN_ACTION} (on "*")`]),
    ...PULL_ACTIONS.filter((action) => !granted(action, image.arn)),
  ];
  if (missing.length === 0) return undefined;
  return {
    rule: 'image-pull',
    resource: task.resource.id,
    path: `${container.path}.Image`,
    message: `${where}, but its execution role ${role.id} is not allowed ${missing.join(', ')}; the task fails to start (CannotPullContainerError).`,
    fix: grant,
  };
}

function accountText(account: string): string {
  return unjudgeable(account) ? "the stack's account" : `account ${account}`;
}

function regionText(region: string): string {
  return unjudgeable(region) ? "the stack's region" : region;
}
