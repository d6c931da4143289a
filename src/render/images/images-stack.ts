/**
 * The images stack, `<project>-images`, deployed by `up` before the project's own stack so
 * that each image is pushed before a task needs it: one Amazon ECR repository per built
 * service (scanned on push, encrypted, tags immutable, the last images kept, emptied when the
 * stack is deleted), and an AWS CodeBuild project that builds them in AWS for `up --build
 * remote` (a runner without Docker), allowed to push to those repositories only.
 */
import codeBuildProject from 'cloudform-types/types/codeBuild/project.js';
import ecrRepository from 'cloudform-types/types/ecr/repository.js';
import { GetAtt, LogGroup, Ref, Role, Sub } from '../template/cfn.js';
import type { LogicalIds } from '../template/logical-ids.js';
import { Template } from '../template/template.js';
import { IMAGE_BUILDER_BUILDSPEC } from './buildspec.js';
import type { ImageBuild } from './builds.js';

const Repository = ecrRepository.default;
const Project = codeBuildProject.default;

/** How many images of a repository are kept (older ones expire): enough to roll back. */
export const KEPT_IMAGES = 10;
/** The parameter that names the bucket remote builds read their context from (`up` sets it). */
export const BUILD_BUCKET_PARAMETER = 'BuildBucket';
/** The CodeBuild project of `up --build remote`. */
export const IMAGE_BUILDER = 'ImageBuilder';
/** Days CloudWatch keeps the logs of remote builds. */
const BUILD_LOG_RETENTION_DAYS = 30;

const LIFECYCLE_POLICY = JSON.stringify({
  rules: [
    {
      rulePriority: 1,
      description: `Keep the last ${KEPT_IMAGES} images`,
      selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: KEPT_IMAGES },
      action: { type: 'expire' },
    },
  ],
});

/** The tag that marks a stack as the images stack of a project (its value: the project). */
export const IMAGES_OF_TAG = 'compose-x:images-of';

/** The name of the images stack of a project. */
export function imagesStackName(project: string): string {
  return `${project}-images`;
}

/** The ARN of a repository of the images stack, in the account and region the stacks are deployed to. */
export function repositoryArn(repository: string): ReturnType<typeof Sub> {
  return Sub(`arn:\${AWS::Partition}:ecr:\${AWS::Region}:\${AWS::AccountId}:repository/${repository}`);
}

/** The CodeBuild role: push to the project's repositories, read the build sources under its prefix, write its log group. */
function builderRole(project: string, builds: readonly ImageBuild[], logGroup: string): InstanceType<typeof Role> {
  return new Role({
    Description: `AWS CodeBuild builds the images of ${project} with this role (compose-x up --build remote).`,
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'codebuild.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': Ref('AWS::AccountId') } },
        },
      ],
    },
    Policies: [
      {
        PolicyName: 'build-images',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
            {
              Sid: 'PushImages',
              Effect: 'Allow',
              Action: [
                'ecr:BatchCheckLayerAvailability',
                'ecr:BatchGetImage',
                'ecr:CompleteLayerUpload',
                'ecr:GetDownloadUrlForLayer',
                'ecr:InitiateLayerUpload',
                'ecr:PutImage',
                'ecr:UploadLayerPart',
              ],
              Resource: builds.map((b) => repositoryArn(b.repository)),
            },
            {
              Sid: 'ReadBuildSources',
              Effect: 'Allow',
              Action: 's3:GetObject',
              Resource: Sub(`arn:\${AWS::Partition}:s3:::\${${BUILD_BUCKET_PARAMETER}}/compose-x/${project}/builds/*`),
            },
            { Sid: 'WriteLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: GetAtt(logGroup, 'Arn') },
          ],
        },
      },
    ],
  });
}

/** The template of the images stack of `project`, for these builds; `ids` are the services' logical ID stems. */
export function renderImagesStack(project: string, builds: readonly ImageBuild[], ids: LogicalIds): Template {
  const template = new Template(`compose-x: the images of the compose project ${project} (Amazon ECR repositories, and the AWS CodeBuild project of remote builds)`);
  template.parameter(BUILD_BUCKET_PARAMETER, {
    Type: 'String',
    Description: 'The S3 bucket remote builds read their context from (compose-x up sets it to its template bucket).',
    Default: '',
  });
  for (const build of builds) {
    const id = ids.of(build.service);
    template.add(
      `${id}Repository`,
      new Repository({
        RepositoryName: build.repository,
        ImageScanningConfiguration: { ScanOnPush: true },
        EncryptionConfiguration: { EncryptionType: 'AES256' },
        ImageTagMutability: 'IMMUTABLE',
        LifecyclePolicy: { LifecyclePolicyText: LIFECYCLE_POLICY },
        EmptyOnDelete: true,
        Tags: [
          { Key: 'compose-x:project', Value: project },
          { Key: 'compose-x:service', Value: build.service },
        ],
      }),
    );
    template.output(`${id}RepositoryUri`, { Description: `The repository of the image of ${build.service}.`, Value: GetAtt(`${id}Repository`, 'RepositoryUri') });
  }
  const logGroup = template.add(`${IMAGE_BUILDER}LogGroup`, new LogGroup({ LogGroupName: `/compose-x/${project}/image-builds`, RetentionInDays: BUILD_LOG_RETENTION_DAYS }));
  const role = template.add(`${IMAGE_BUILDER}Role`, builderRole(project, builds, logGroup));
  template.add(
    IMAGE_BUILDER,
    new Project({
      Name: `${project}-images`,
      Description: `Builds the images of ${project} in AWS for compose-x up --build remote.`,
      ServiceRole: GetAtt(role, 'Arn'),
      Artifacts: { Type: 'NO_ARTIFACTS' },
      Source: { Type: 'NO_SOURCE', BuildSpec: IMAGE_BUILDER_BUILDSPEC },
      Environment: {
        Type: 'LINUX_CONTAINER',
        ComputeType: 'BUILD_GENERAL1_MEDIUM',
        Image: 'aws/codebuild/amazonlinux-x86_64-standard:5.0',
        PrivilegedMode: true,
      },
      LogsConfig: { CloudWatchLogs: { Status: 'ENABLED', GroupName: Ref(logGroup) } },
      TimeoutInMinutes: 60,
    }),
  );
  template.output(`${IMAGE_BUILDER}Name`, { Description: 'The AWS CodeBuild project of remote builds.', Value: Ref(IMAGE_BUILDER) });
  return template;
}
