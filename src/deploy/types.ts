import type { ImageBuild } from '../render/images/builds.js';
import type { Broadening } from '../review/rendered-diff/broadening.js';

/**
 * The contract of the deploy layer: what the CLI passes in, what it is told while a
 * deployment runs, and what it gets back. The CLI prints; src/deploy never writes to a
 * terminal itself.
 */

/** Where and as whom to talk to AWS; unset fields follow the SDK's own chain (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL...). */
export interface AwsTarget {
  region?: string;
  profile?: string;
  /** A CloudFormation-compatible endpoint (moto_server, LocalStack). */
  endpoint?: string;
  /** Milliseconds to wait for each answer (and each connection) before the request fails. Default: 60 s (10 s to connect). */
  requestTimeout?: number;
}

/** A rendered template set, as `render` produces it. */
export interface DeployTemplates {
  stackName: string;
  /** The root template body (JSON or YAML text). */
  body: string;
  /** Nested templates by file name, uploaded beside the root (issue 7 fills this). */
  nested?: Record<string, string>;
  /** Parameter values (ParameterKey -> ParameterValue). */
  parameters: Record<string, string>;
  tags?: Record<string, string>;
  /** The images the project builds: the stack of their repositories, deployed first, and what to build. */
  images?: DeployImages;
}

/** The images stack (`<project>-images`) and the images to build and push before the project's stack. */
export interface DeployImages {
  stackName: string;
  body: string;
  builds: ImageBuild[];
}

export type ChangeAction = 'Add' | 'Modify' | 'Remove' | 'Import' | 'Dynamic';

/** One row of a change set summary. */
export interface ChangeRow {
  action: ChangeAction;
  logicalId: string;
  type: string;
  /** 'True' | 'False' | 'Conditional' for Modify; undefined otherwise. */
  replacement?: string;
  /** The nested stack this change belongs to, for nested change sets. */
  nestedStack?: string;
}

/** One stack event, as the progress printers show it. */
export interface ResourceEvent {
  timestamp: Date;
  stackName: string;
  logicalId: string;
  type: string;
  status: string;
  reason?: string;
}

/** Where a failure started: the first FAILED event, looked up in nested stacks too. */
export interface RootCause {
  stackName: string;
  logicalId: string;
  type: string;
  status: string;
  reason: string;
}

/** One container of a stopped task: its exit code and ECS's reason, when ECS gives them. */
export interface StoppedContainer {
  name: string;
  exitCode?: number;
  reason?: string;
}

/** A task of a service that stopped, and why, as ECS says (DescribeTasks). */
export interface StoppedTask {
  /** The compose service (the ECS service's `compose-x:service` tag, else its logical id without `Service`). */
  service: string;
  /** The logical id of the AWS::ECS::Service. */
  logicalId: string;
  taskId: string;
  stoppedAt?: Date;
  /** `Essential container in task exited`, `CannotPullContainerError: ...`, `Task failed ELB health checks in (target-group ...)`. */
  stoppedReason: string;
  /** TaskFailedToStart, EssentialContainerExited, ServiceSchedulerInitiated, UserInitiated, SpotInterruption, TerminationNotice. */
  stopCode?: string;
  containers: StoppedContainer[];
}

/** What the deploy layer tells the CLI while it works (the CLI picks a printer). */
export type DeployMessage =
  | { kind: 'uploaded'; url: string; reused: boolean }
  | { kind: 'waiting-for-stack'; status: string }
  | { kind: 'change-set'; changeSetType: 'CREATE' | 'UPDATE'; changes: ChangeRow[] }
  /** What the change set widens (permissions, ingress, public ports, listeners), when it widens anything. */
  | { kind: 'broadening'; broadening: Broadening }
  | { kind: 'executing'; changeSetName: string }
  | { kind: 'event'; event: ResourceEvent; done: number; total: number }
  /** A task started by the deployment stopped (each task once). */
  | { kind: 'task-stopped'; task: StoppedTask }
  /** The tasks can no longer be watched (ECS refused or failed); the stack is still followed. */
  | { kind: 'tasks-unwatched'; reason: string }
  | { kind: 'deleting-failed-stack'; status: string }
  /** The images stack is deployed (`deploying`), or was already what the project needs (`up-to-date`). */
  | { kind: 'images-stack'; stackName: string; outcome: 'up-to-date' | 'deploying' }
  /** A built image: already in its repository (`present`), or built now, here or in AWS CodeBuild. */
  | { kind: 'image'; service: string; uri: string; outcome: 'present' | 'building' | 'built'; site?: 'local' | 'remote' }
  | { kind: 'build-output'; service: string; line: string };

export interface DeployIo {
  emit(message: DeployMessage): void;
  /**
   * Whether there is a person to ask (a terminal, outside CI); default true. Without one, a
   * change that widens access is refused rather than asked about.
   */
  interactive?: boolean;
  /** Ask the person at the terminal; the CLI answers false (refuses) when there is no terminal and no --yes. */
  confirm(question: string): Promise<boolean>;
  /** Resolves when the user presses Ctrl-C: watching stops, nothing is deleted. */
  interrupted?: Promise<void>;
}

export type ApprovalPolicy = 'never' | 'any-change' | 'broadening';

export interface UpOptions {
  target: AwsTarget;
  templates: DeployTemplates;
  /** Skip the confirmation. */
  yes: boolean;
  /**
   * When to ask (as `cdk deploy --require-approval`): `any-change` (default) for every change
   * set, `broadening` only for one that widens access, `never`.
   */
  requireApproval?: ApprovalPolicy;
  /** Delete and recreate a stack left in ROLLBACK_COMPLETE by a failed create. */
  replaceFailed: boolean;
  /** Execute, then return without following the events. */
  detach: boolean;
  /** S3 bucket for templates over 51,200 bytes and nested templates (default: created on first use). */
  bucket?: string;
  /** Milliseconds between event polls (tests use 0). Default 2000. */
  pollInterval?: number;
  /** Where the images of `build:` services are built: the local Docker (default), or AWS CodeBuild. */
  build?: 'local' | 'remote';
}

/** The outcome of `up`; the CLI turns it into an exit code (0: up-to-date, succeeded, detached; 1: the rest). */
export type DeployResult =
  | { kind: 'up-to-date'; stackName: string; outputs: Record<string, string> }
  | { kind: 'succeeded'; stackName: string; status: 'CREATE_COMPLETE' | 'UPDATE_COMPLETE'; outputs: Record<string, string> }
  /** `stoppedTask`: the task of the deployment whose stop explains the failure, when one stopped. */
  | { kind: 'failed'; stackName: string; status: string; rootCause?: RootCause; stoppedTask?: StoppedTask }
  | { kind: 'declined'; stackName: string }
  /** The change widens access and there was nobody to approve it (no terminal, or CI): nothing was deployed, the change set was deleted. */
  | { kind: 'refused'; stackName: string; broadening: Broadening }
  | { kind: 'detached'; stackName: string; changeSetName: string }
  | { kind: 'interrupted'; stackName: string; status: string }
  /** Ctrl-C before the change set was executed: nothing was deployed, and what compose-x created was deleted. */
  | { kind: 'stopped'; stackName: string; waitedFor?: string };
