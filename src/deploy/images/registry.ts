/** The Amazon ECR registry of the deploying account: where built images go, and whether one is there already. */
import { BatchDeleteImageCommand, DescribeImagesCommand, GetAuthorizationTokenCommand, paginateListImages, type ImageIdentifier } from '@aws-sdk/client-ecr';
import { ComposeXError } from '../../parser/diagnostics.js';
import { ecr } from '../clients.js';
import type { AwsTarget } from '../types.js';

/** The registry host (`123456789012.dkr.ecr.eu-west-1.amazonaws.com`) and the credentials `docker login` takes. */
export interface RegistryLogin {
  host: string;
  username: string;
  password: string;
}

/** Logs in to the account's registry through the SDK (GetAuthorizationToken), as `aws ecr get-login-password` does. */
export async function registryLogin(target: AwsTarget): Promise<RegistryLogin> {
  const { authorizationData = [] } = await ecr(target).send(new GetAuthorizationTokenCommand({}));
  const data = authorizationData[0];
  if (!data?.authorizationToken || !data.proxyEndpoint) {
    throw new ComposeXError('E_ECR_LOGIN', 'Amazon ECR returned no authorization token, so images cannot be pushed.');
  }
  const [username = 'AWS', ...rest] = Buffer.from(data.authorizationToken, 'base64').toString('utf8').split(':');
  return { host: new URL(data.proxyEndpoint).host, username, password: rest.join(':') };
}

/** Whether the repository holds an image with this tag (a missing repository holds none). */
export async function imageExists(target: AwsTarget, repository: string, tag: string): Promise<boolean> {
  try {
    const { imageDetails = [] } = await ecr(target).send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }));
    return imageDetails.length > 0;
  } catch (error) {
    if (error instanceof Error && (error.name === 'ImageNotFoundException' || error.name === 'RepositoryNotFoundException')) return false;
    throw error;
  }
}

/** Deletes every image of a repository (a missing repository has none), 100 at a time as ECR takes them. */
export async function emptyRepository(target: AwsTarget, repository: string): Promise<void> {
  const client = ecr(target);
  const images: ImageIdentifier[] = [];
  try {
    for await (const page of paginateListImages({ client }, { repositoryName: repository })) images.push(...(page.imageIds ?? []));
  } catch (error) {
    if (error instanceof Error && error.name === 'RepositoryNotFoundException') return;
    throw error;
  }
  for (let i = 0; i < images.length; i += 100) {
    await client.send(new BatchDeleteImageCommand({ repositoryName: repository, imageIds: images.slice(i, i + 100) }));
  }
}
