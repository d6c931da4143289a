import { imageReferenceProblem } from '../../src/support/checks/image.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('image references (the grammar of distribution/reference)', () => {
  it.each([
    'nginx',
    'nginx:1.27',
    'library/nginx:latest',
    'bitnami/redis:7.2.4-debian-12-r9',
    'ghcr.io/owner/app:v1.2',
    'localhost:5000/app',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:v1',
    'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.12.1-prod',
    `nginx@${DIGEST}`,
    `registry.example.com:8443/team/app:tag@${DIGEST}`,
    '[::1]:5000/app',
    'Registry.Example.com/app',
    'a__b/c-d_e.f',
  ])('%s is valid', (image) => {
    expect(imageReferenceProblem(image)).toBeUndefined();
  });

  it.each([
    ['', 'it is empty'],
    ['nginx:', 'its tag is missing after the colon (a variable that is not set?)'],
    ['nginx@', 'its tag is missing after the colon (a variable that is not set?)'],
    ['Nginx', 'a repository name must be lower case'],
    ['my org/app', 'it contains a space'],
    ['app:-bad', 'it is not of the form [registry/]repository[:tag][@digest]'],
    ['nginx@sha256:abc', 'it is not of the form [registry/]repository[:tag][@digest]'],
    [`${'a'.repeat(256)}`, 'its name is over 255 characters'],
  ])('%j is refused: %s', (image, problem) => {
    expect(imageReferenceProblem(image)).toBe(problem);
  });
});
