import type { ComposeKeySupport } from './key-support.js';

/** The rows of COMPOSE_KEYS for the image, the lifecycle, deployment, logs and metadata of the service. */
export const SERVICE_KEYS: readonly ComposeKeySupport[] = [
  {
    key: 'annotations',
    treatment: 'warning',
    ecs: 'ECS task definitions have no container annotations; they are ignored.',
    instead: 'Use labels: (rendered as DockerLabels) for metadata the container needs.',
  },
  {
    key: 'attach',
    treatment: 'warning',
    ecs: 'The logs of every container go to CloudWatch Logs; attach: false is ignored.',
    instead: 'Remove attach, and filter the logs in CloudWatch Logs.',
  },
  {
    key: 'build',
    treatment: 'partial',
    ecs:
      'compose-x builds the image (docker buildx locally, or AWS CodeBuild with up --build remote) and pushes it to an ' +
      'Amazon ECR repository of the project (the <project>-images stack), tagged by a hash of the build context and ' +
      'settings; the task definition runs that image. A context that is a URL is an error; build keys buildx does ' +
      'not take (tags, entitlements, privileged, isolation) are warnings; with image: set, a warning says where the ' +
      'image goes instead.',
    instead: 'Point build.context at a local directory, or build and push the image yourself and set image:.',
  },
  {
    key: 'container_name',
    treatment: 'warning',
    ecs: 'ECS names containers after the service; the name is ignored.',
    instead: 'Remove container_name; other services reach this one by its service name.',
  },
  {
    key: 'depends_on',
    treatment: 'partial',
    ecs:
      'DependsOn between the ECS services (creation order); ECS does not wait for health across ' +
      'services, so the conditions service_healthy and service_completed_successfully are warnings; ' +
      'a cycle (a service depending on itself too) is an error.',
    instead: 'Make the service retry until the services it depends on are ready.',
  },
  {
    key: 'deploy',
    treatment: 'partial',
    ecs:
      'replicas -> DesiredCount; resources limits/reservations -> Fargate task size and container ' +
      'Cpu/Memory/MemoryReservation; update_config -> DeploymentConfiguration. mode global (or a job ' +
      'mode), resources devices, CPUs or memory of 0 or less, a memory limit below the memory ' +
      'reservation and replicas over the 5,000 tasks of an ' +
      'ECS service are errors; replicas 0 is a warning; placement, endpoint_mode, restart_policy, ' +
      'rollback_config, labels, resources pids and update_config delay, monitor, max_failure_ratio ' +
      'and failure_action (other than rollback) are ignored with a warning.',
    instead: 'Use replicas for the number of tasks, and resources for their size.',
  },
  {
    key: 'develop',
    treatment: 'warning',
    ecs: 'Compose Watch is a local development feature; it is ignored.',
    instead: 'Rebuild and push the image, then deploy again, to ship changes.',
  },
  { key: 'extends', treatment: 'parser', ecs: 'Resolved by the parser; the service gets the merged keys.' },
  {
    key: 'healthcheck',
    treatment: 'partial',
    ecs:
      'ContainerDefinitions[].HealthCheck: Interval 5-300 s, Timeout 2-120 s, Retries 1-10, ' +
      'StartPeriod 0-300 s (values out of range are clamped with a warning); start_interval is not ' +
      'supported (warning).',
    instead: "Keep the durations within ECS's ranges.",
  },
  { key: 'image', treatment: 'rendered', ecs: 'ContainerDefinitions[].Image' },
  {
    key: 'label_file',
    treatment: 'warning',
    ecs: 'The label files are not read, so their labels are missing from DockerLabels.',
    instead: 'Copy the labels into labels:.',
  },
  { key: 'labels', treatment: 'rendered', ecs: 'ContainerDefinitions[].DockerLabels' },
  {
    key: 'logging',
    treatment: 'partial',
    ecs:
      'Driver awslogs or unset -> a CloudWatch Logs log group per service (awslogs); any other driver ' +
      'is a warning and awslogs is used instead.',
    instead: 'Remove logging.driver, and forward the logs from CloudWatch Logs where they must go.',
  },
  {
    key: 'models',
    treatment: 'error',
    ecs: 'ECS has no Docker Model Runner, so the model endpoint variables would be missing.',
    instead: 'Serve the model elsewhere (e.g. Amazon Bedrock, or a service with an image) and pass its URL in environment.',
  },
  {
    key: 'platform',
    treatment: 'partial',
    ecs: 'RuntimePlatform: linux/amd64 -> X86_64, linux/arm64 -> ARM64; any other platform is an error.',
    instead: 'Build the image for linux/amd64 or linux/arm64.',
  },
  {
    key: 'post_start',
    treatment: 'error',
    ecs: 'ECS has no lifecycle hooks, so the commands would not run after the container starts.',
    instead: "Run the commands in the image's entrypoint, before the main process.",
  },
  {
    key: 'pre_stop',
    treatment: 'error',
    ecs: 'ECS has no lifecycle hooks, so the commands would not run before the container stops.',
    instead: 'Handle SIGTERM in the app (or in a wrapper script) and clean up there.',
  },
  {
    key: 'profiles',
    treatment: 'parser',
    ecs: 'Applied by the parser: only the services of the active profiles are rendered.',
  },
  {
    key: 'provider',
    treatment: 'error',
    ecs: 'A provider service has no container, so ECS cannot run it.',
    instead: 'Create what the provider makes outside the stack, and pass its address to the dependent services in environment.',
  },
  {
    key: 'pull_policy',
    treatment: 'warning',
    ecs: 'ECS pulls the image when a task starts; the pull policy is ignored.',
    instead: 'Remove pull_policy, and pin what runs with an immutable tag or a digest.',
  },
  {
    key: 'pull_refresh_after',
    treatment: 'warning',
    ecs: 'ECS pulls the image when a task starts; the refresh period is ignored.',
    instead: 'Remove pull_refresh_after.',
  },
  {
    key: 'restart',
    treatment: 'partial',
    ecs: 'ECS services replace every task that stops (as always or unless-stopped); no and on-failure are warnings.',
    instead: 'Keep the process running; run a one-off job as an ECS task (aws ecs run-task), not as a service.',
  },
  { key: 'scale', treatment: 'parser', ecs: 'Folded into deploy.replicas by the parser (DesiredCount; checked as replicas are).' },
  {
    key: 'stop_grace_period',
    treatment: 'partial',
    ecs: 'ContainerDefinitions[].StopTimeout, at most 120 s on Fargate (longer periods are clamped with a warning).',
    instead: 'Make the app stop within 120 seconds.',
  },
  {
    key: 'stop_signal',
    treatment: 'warning',
    ecs: 'ECS stops containers with SIGTERM; the signal is ignored.',
    instead: 'Handle SIGTERM in the app.',
  },
];
