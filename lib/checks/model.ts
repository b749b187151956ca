/**
 * How serious a violated rule is.
 */
export enum Severity {
  CRITICAL = 'critical',
  HIGH = 'high',
  MEDIUM = 'medium',
  LOW = 'low',
}

/**
 * The outcome of one rule on one resource.
 */
export enum FindingStatus {
  /** The resource satisfies the rule. */
  PASS = 'pass',
  /** The resource violates the rule. */
  FAIL = 'fail',
  /** The rule cannot decide at synth (a parameter, an import, an SSM reference). Never a pass. */
  UNKNOWN = 'unknown',
  /** The resource violates the rule, and a person acknowledged it with a reason. */
  ACKNOWLEDGED = 'acknowledged',
}

/**
 * The status of one checklist item over a whole app or folder.
 */
export enum ItemStatus {
  /** Every finding for the item passes. */
  SATISFIED = 'satisfied',
  /** At least one unacknowledged finding fails. */
  VIOLATED = 'violated',
  /** No failure, but at least one finding could not be decided. */
  UNKNOWN = 'unknown',
  /** Every failure is acknowledged, with a reason. */
  ACKNOWLEDGED = 'acknowledged',
  /** An attestation or pipeline item vouched for in the attestations file. */
  ATTESTED = 'attested',
  /** Nothing evidences the item yet (no applicable resource, or not attested). */
  PENDING = 'pending',
  /** The item concerns a platform absent from the input (a Kubernetes item for a CloudFormation-only app). */
  NOT_APPLICABLE = 'not-applicable',
}

/**
 * One rule's verdict on one resource.
 */
export interface Finding {
  /** The rule id, e.g. `RdsStorageEncrypted`. */
  readonly ruleId: string;
  /** The checklist items the rule evidences. */
  readonly itemIds: string[];
  /** Severity of the rule. */
  readonly severity: Severity;
  /** Outcome. */
  readonly status: FindingStatus;
  /** The template or manifest file the resource comes from. */
  readonly file: string;
  /** The stack (or chart/manifest) name. */
  readonly stack: string;
  /** Logical id of the resource (CloudFormation) or `Kind/namespace/name` (Kubernetes). */
  readonly resource: string;
  /** The resource type, e.g. `AWS::RDS::DBCluster`. */
  readonly resourceType: string;
  /** The construct path, when known. @default - unknown */
  readonly constructPath?: string;
  /** The property that decides the verdict, e.g. `Properties.StorageEncrypted`. @default - the resource as a whole */
  readonly property?: string;
  /** The value found, rendered as text. @default - none */
  readonly value?: string;
  /** What was found, in one line. */
  readonly message: string;
  /** How to fix it, in one line. */
  readonly fix: string;
  /** The acknowledgement reason, for acknowledged findings. @default - not acknowledged */
  readonly acknowledgedReason?: string;
  /**
   * A failing finding recorded in the baseline (`cdk-golive baseline`): still a violation of its
   * item, but it does not fail the gate; only findings not in the baseline do.
   * @default false
   */
  readonly baselined?: boolean;
}

/**
 * What evidences an item: a resource property, or an attestation.
 */
export interface Evidence {
  /** `resource` or `attestation`. */
  readonly kind: string;
  /** The file (template, manifest, attestations file). */
  readonly file: string;
  /** The resource (logical id) or the attester. */
  readonly resource: string;
  /** The property that satisfies the item. @default - none */
  readonly property?: string;
  /** The value found. @default - none */
  readonly value?: string;
  /** Free text (rule message, attestation note and date). */
  readonly note: string;
}

/**
 * One acknowledgement found in the app, with its reason.
 */
export interface AcknowledgementRecord {
  /** The acknowledged id as written, e.g. `GoLiveChecks::DB-MULTI-AZ`. */
  readonly id: string;
  /** The construct path it was recorded on. */
  readonly constructPath: string;
  /** The reason given. */
  readonly reason: string;
  /** How many findings it acknowledged. */
  readonly findings: number;
}

/**
 * The result for one checklist item.
 */
export interface ItemResult {
  /** Catalog id. */
  readonly id: string;
  /** Title. */
  readonly title: string;
  /** Section. */
  readonly section: string;
  /** Evidence kind of the item. */
  readonly evidenceKind: string;
  /** Status. */
  readonly status: ItemStatus;
  /** What satisfies the item (passing findings, attestations). */
  readonly evidence: Evidence[];
  /** Number of findings per status, e.g. `{ pass: 3, fail: 1 }`. */
  readonly counts: { [status: string]: number };
}
