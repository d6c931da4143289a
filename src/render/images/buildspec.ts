/**
 * The buildspec of the remote image builder (AWS CodeBuild). compose-x starts a build per
 * image with the context as its S3 source and three variables: the registry to log in to,
 * the `docker buildx build` arguments (one per line, base64, so that any value passes
 * unchanged), and nothing else: what is built is decided by compose-x, as for a local build.
 */
export const IMAGE_BUILDER_BUILDSPEC = [
  'version: 0.2',
  'env:',
  '  shell: bash',
  'phases:',
  '  build:',
  '    commands:',
  '      - aws ecr get-login-password | docker login --username AWS --password-stdin "$COMPOSE_X_REGISTRY"',
  '      - docker buildx create --use --name compose-x >/dev/null',
  '      - mapfile -t args < <(printf %s "$COMPOSE_X_BUILDX_ARGS" | base64 -d)',
  '      - docker buildx build "${args[@]}"',
  '',
].join('\n');

/** The variables of a remote build. */
export const BUILDER_REGISTRY = 'COMPOSE_X_REGISTRY';
export const BUILDER_ARGS = 'COMPOSE_X_BUILDX_ARGS';
