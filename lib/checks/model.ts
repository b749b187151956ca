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
  /** The item concerns a platform or a kind of resource absent from the input (a Kubernetes item for a CloudFormation-only app, an API item for an app without APIs). */
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
  /** When a live value was measured (ISO 8601), for findings of `cdk-golive verify`. @default - a static finding */
  readonly observedAt?: string;
  /** What was found, in one line. */
  readonly message: string;
  /** How to fix it, in one line. */
  readonly fix: string;
  /** The acknowledgement reason, for acknowledged findings. @default - not acknowledged */
  readonly acknowledgedReason?: string;
  /**
   * The CloudFormation condition the resource is created under (and its nested
   * stack's). A passing finding on a conditional resource cannot by itself
   * satisfy an item. @default - the resource is unconditional
   */
  readonly condition?: string;
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
  /** `resource`, `live` (measured on the deployed stack) or `attestation`. */
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
  /** When a live value was measured (ISO 8601). @default - not a live measurement */
  readonly observedAt?: string;
}

/**
 * A file that was read and left out of the check, with the reason: a file that
 * parses but is neither a CloudFormation template nor a Kubernetes manifest
 * (parameter files, test events, documents), an empty stack, a symlink to what
 * was already read.
 */
export interface SkippedFile {
  /** The file (or folder). */
  readonly file: string;
  /** Why it was left out, in words. */
  readonly reason: string;
}

/**
 * One acknowledgement found in the app, with its reason.
 */
export interface AcknowledgementRecord {
  /**
   * The acknowledged id as written, e.g. `GoLiveChecks::DB-MULTI-AZ`; for a Kubernetes annotation, the annotation key,
   * e.g. `acknowledge.cdk-golive.io/K8S-POD-DISRUPTION-BUDGET`.
   */
  readonly id: string;
  /**
   * The construct path it was recorded on; for an annotation on a Kubernetes object, the object as the findings name
   * it (`Kind/namespace/name`).
   */
  readonly constructPath: string;
  /**
   * The manifest file of the annotated object, for an acknowledgement written as a Kubernetes annotation
   * (`acknowledge.cdk-golive.io/<RuleOrItemId>`).
   * @default - none: recorded on the construct tree (`Validations.of(scope).acknowledge()`)
   */
  readonly file?: string;
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
  /**
   * Why the item is unknown when none of its findings is: only resources created under a condition evidence it,
   * part of the app was not read (see `coverage`), or the app holds a resource of the item's kind no rule reads.
   * @default - none: the findings say why
   */
  readonly reason?: string;
}

/**
 * What the checks could not read or judge. A gate that says "satisfied" must
 * have read the whole app: while a nested stack's template is missing, or a
 * transform will deploy what the template does not show, no item is satisfied.
 */
export interface Coverage {
  /** Nested stacks whose template is not in the checked folder (`file: LogicalId (TemplateURL)`). */
  readonly unreadNestedStacks: string[];
  /** Resources of types no rule judges, counted by type (SAM and macro resources land here). */
  readonly notJudged: { [resourceType: string]: number };
  /** Transforms the checks do not expand (SAM, macros, Secrets Manager hosted rotation), by template file (`file: Transform`). */
  readonly unexpandedTransforms: string[];
  /**
   * What deploys something the template does not show, by template file: the transforms of `unexpandedTransforms`
   * that are a macro, `AWS::CodeDeployBlueGreen` or SAM in a template with `AWS::Serverless::` resources
   * (`file: Transform`), and an `Fn::Transform` beside a resource's `Type`, at the template root or in a section
   * (`file: Fn::Transform in resource Id`). While any is listed, no item is satisfied.
   */
  readonly undecidedTransforms: string[];
  /**
   * Resources of a kind some items are about that no rule reads (`file: Id (AWS::DocDB::DBCluster: a database no
   * rule reads)`): an item whose rules judge that kind (the database items, judged on RDS) is not satisfied.
   */
  readonly unreadKinds: string[];
}
