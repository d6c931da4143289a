/** What `diff --rendered` finds between two renders. */
/** An ingress rule of a security group. */
export interface PortRule {
  /** The service whose own security group holds the rule; else the security group's logical ID. */
  service: string;
  /** `9000`, `9000-9010`, or `all`. */
  port: string;
  /** `tcp`, `udp`, ... or `all`. */
  protocol: string;
  /** `world` (0.0.0.0/0 or ::/0), the logical ID of the admitted security group, or another CIDR. */
  from: string;
}

/** One action on one resource, allowed by an inline policy of an IAM role; or a managed policy attached to it (action `managed policy`, the policy's ARN). */
export interface Permission {
  /** The role's logical ID. */
  role: string;
  /** The service whose task definition uses the role. */
  service?: string;
  action: string;
  /** Readable: `arn:aws:...`, `WebLogGroup.Arn` for a GetAtt, `X` for a Ref. */
  resource: string;
}

/** A resource whose update starts new tasks of a service. */
export interface Restart {
  service: string;
  /** The logical ID of the task definition (a new revision), or of the service. */
  resource: string;
  /** What changed: `Image`, `Environment REDIS_URL`, `WebLogGroup replaced`, ... */
  reason: string[];
}

/** A resource that CloudFormation replaces (a new physical resource) because of the properties that changed. */
export interface Replacement {
  resource: string;
  type: string;
  properties: string[];
}

/** A change of how many tasks a service runs, or on what: `web: scaling 2-10 -> 2-20`. */
export interface ScalingChange {
  service: string;
  /** `scaling`: its range (or fixed count), targets and schedules; `capacity`: its capacity providers and ephemeral storage. */
  aspect: 'scaling' | 'capacity';
  before: string;
  after: string;
}

/** A service present in both renders whose deployment changed (strategy, pace, bake time, alarms, test traffic). */
export interface DeploymentChange {
  service: string;
  /** As `deploymentText` prints it: `ROLLING 100-200%`, `CANARY 10% 5 min, bake 10 min, alarms a, b`. */
  from: string;
  to: string;
}

/** The differences between two renders, each list in a deterministic order. */
export interface RenderDiff {
  servicesAdded: string[];
  servicesRemoved: string[];
  portsOpened: PortRule[];
  portsClosed: PortRule[];
  permissionsGranted: Permission[];
  permissionsRevoked: Permission[];
  restarts: Restart[];
  replacements: Replacement[];
  /** Services in both renders whose scaling or capacity changed. */
  scaling: ScalingChange[];
  /** Services in both renders whose deployment changed. */
  deployments: DeploymentChange[];
  /** Resources added, removed or modified that no other part of the diff accounts for. */
  otherChanges: { added: number; removed: number; modified: number };
  /** Those resources one by one, by logical ID; a modified one with the paths that differ. */
  otherResources: OtherResource[];
}

/** A resource that no other part of the diff accounts for. */
export interface OtherResource {
  resource: string;
  type: string;
  change: 'added' | 'removed' | 'modified';
  /** Of a modified resource: where it differs (`Properties.DeploymentConfiguration.MaximumPercent`), three levels deep at most. */
  paths?: string[];
}
