import { Sub, type Value } from '../template/cfn.js';
import type { RenderContext } from '../context.js';
import type { ImageBuild } from './builds.js';
import { repositoryArn } from './images-stack.js';

/** What a service's task definition and execution role take of its built image. */
export interface ServiceImage {
  image: Value<string>;
  repositoryArn: Value<string>;
}

/**
 * The image of a built service, in its ECR repository of the deploying account and region;
 * its tag is a parameter (`<Service>ImageTag`) whose default is the content tag, so a render
 * is byte-stable and another image can be deployed with `--parameters`.
 */
export function renderServiceImage(ctx: RenderContext, build: ImageBuild): ServiceImage {
  const parameter = ctx.template.parameter(`${ctx.serviceIds.of(build.service)}ImageTag`, {
    Type: 'String',
    Description: `The tag of the image of ${build.service}, built from its build context (the default is the hash of that context and its build settings).`,
    Default: build.tag,
  });
  return {
    image: Sub(`\${AWS::AccountId}.dkr.ecr.\${AWS::Region}.\${AWS::URLSuffix}/${build.repository}:\${${parameter}}`),
    repositoryArn: repositoryArn(build.repository),
  };
}
