/**
 * The extensions of ECS ComposeX (docs.compose-x.io, "Services-level Extension Fields" and the
 * x-resources) that compose-x does not read, with what ECS ComposeX would do with them. A
 * project written for ECS ComposeX keeps them after it moves to compose-x; each one set is a
 * warning (W_COMPOSEX_EXTENSION) that names what will not exist. x-vpc, x-cluster,
 * x-cloudmap, x-logging, x-xray, x-appmesh and x-ingress, and on a service x-iam and x-network (its settings compose-x does not carry are in composex-settings.ts),
 * x-scaling and x-ecs (as x-autoscaling and x-fargate, schemas/x-autoscaling.json, x-fargate.json) are read by compose-x (their schemas are in schemas/).
 */

export type ExtensionLevel = 'project' | 'service';

export interface ComposeXExtension {
  key: string;
  level: ExtensionLevel;
  /** What ECS ComposeX would do: "ECS ComposeX would <would>". */
  would: string;
  /** What follows without it: "compose-x does not, so <without>". */
  without: string;
  /** What to do instead. */
  instead: string;
}

const RESOURCE = 'Create them outside this stack (with CloudFormation, or ECS ComposeX) and pass their names or endpoints to the services in environment: or secrets:.';
const OUTSIDE = 'Create them outside this stack (with CloudFormation, or ECS ComposeX), or remove it.';
const ELSEWHERE = 'Remove it, or set this up outside compose-x.';

/** An x-resource of ECS ComposeX the services use: AWS resources it would create, and the access of the services to them. */
function forServices(key: string, what: string): ComposeXExtension {
  return { key, level: 'project', would: `create ${what} here`, without: 'none is created and no service gets access to one', instead: RESOURCE };
}

/** An x-resource of ECS ComposeX that stands on its own (alarms, DNS records, load balancers...). */
function standalone(key: string, what: string, without = 'none is created'): ComposeXExtension {
  return { key, level: 'project', would: `create ${what} here`, without, instead: OUTSIDE };
}

export const COMPOSEX_EXTENSIONS: readonly ComposeXExtension[] = [
  {
    key: 'x-acm',
    level: 'project',
    would: 'create ACM certificates here',
    without: 'none is created from it',
    instead: "Remove it: x-ingress.Domain with HostedZoneId makes the certificate of the project's load balancer (x-ingress.CertificateArn uses an existing one).",
  },
  standalone('x-alarms', 'CloudWatch alarms'),
  forServices('x-aps', 'Amazon Managed Service for Prometheus workspaces'),
  forServices('x-codeguru_profiler', 'CodeGuru Profiler profiling groups'),
  {
    key: 'x-cognito_userpool',
    level: 'project',
    would: 'look up these Cognito user pools for the load balancers and the services',
    without: 'no load balancer or service uses one',
    instead: 'Remove it, and pass the user pool IDs to the services in environment: if they need them.',
  },
  standalone('x-dashboards', 'CloudWatch dashboards'),
  standalone('x-dns', 'DNS zones (Route 53 and Cloud Map, in earlier ECS ComposeX versions)'),
  forServices('x-docdb', 'DocumentDB clusters'),
  forServices('x-dynamodb', 'DynamoDB tables'),
  {
    key: 'x-efs',
    level: 'project',
    would: 'create EFS file systems here',
    without: 'none is created from it',
    instead: 'Declare the volumes under the top-level volumes: and mount them in the services: compose-x keeps named volumes on Amazon EFS (external: true with name: fs-ID mounts an existing file system).',
  },
  forServices('x-elasticache', 'ElastiCache clusters'),
  {
    key: 'x-elbv2',
    level: 'project',
    would: 'create load balancers in front of the services here',
    without: 'none is created from it',
    instead: "Remove it: compose-x puts each published port behind the project's load balancer; x-ingress sets its domain, rules and health checks, or names an existing listener.",
  },
  standalone('x-events', 'EventBridge rules that run tasks of the services', 'none is created and no task runs on a schedule or an event'),
  forServices('x-kinesis', 'Kinesis data streams'),
  forServices('x-kinesis_firehose', 'Kinesis Data Firehose delivery streams'),
  forServices('x-kms', 'KMS keys'),
  forServices('x-neptune', 'Neptune clusters'),
  forServices('x-opensearch', 'OpenSearch domains'),
  forServices('x-rds', 'RDS databases'),
  {
    key: 'x-route53',
    level: 'project',
    would: 'create Route 53 hosted zones and records here',
    without: 'none is created from it',
    instead: "Remove it: x-ingress.HostedZoneId names the zone that gets the load balancer's alias records; create other zones and records outside this stack.",
  },
  forServices('x-s3', 'S3 buckets'),
  forServices('x-sns', 'SNS topics'),
  forServices('x-sqs', 'SQS queues'),
  forServices('x-ssm_parameter', 'SSM parameters'),
  {
    key: 'x-tags',
    level: 'project',
    would: 'tag every resource of the stack with these tags',
    without: 'the resources get no tags from it',
    instead: 'Tag the stack when you deploy it: CloudFormation copies stack tags to the resources it creates.',
  },
  standalone('x-wafv2_webacl', 'WAF web ACLs for the load balancers'),
  {
    key: 'x-alarms',
    level: 'service',
    would: 'create CloudWatch alarms for this service',
    without: 'none is created',
    instead: 'Create the alarms outside this stack, on the ECS service and its log group (both are stack outputs).',
  },
  {
    key: 'x-codeguru_profiler',
    level: 'service',
    would: 'create a CodeGuru Profiler profiling group for this service and give it access',
    without: 'none is created',
    instead: RESOURCE,
  },
  {
    key: 'x-docker_opts',
    level: 'service',
    would: 'apply these image options (such as deploying the image by its digest)',
    without: 'the image is deployed as image: names it',
    instead: 'Write the image by its digest in image: if that is what you need.',
  },
  {
    key: 'x-ecr',
    level: 'service',
    would: 'scan the image with Amazon ECR before deploying it',
    without: 'the image is not scanned',
    instead: 'Turn on scanning in the ECR repository of the image.',
  },
  {
    key: 'x-monitoring',
    level: 'service',
    would: 'run the CloudWatch agent beside the service',
    without: 'no CloudWatch agent runs',
    instead: ELSEWHERE,
  },
  {
    key: 'x-prometheus',
    level: 'service',
    would: 'collect the Prometheus metrics of the service',
    without: 'its metrics are not collected',
    instead: ELSEWHERE,
  },
];
