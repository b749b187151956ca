/**
 * The section of a production checklist an item belongs to.
 */
export enum Section {
  DATABASE = 'database',
  BACKUP = 'backup',
  CACHE = 'cache',
  SECRETS = 'secrets',
  TLS_EDGE = 'tls-edge',
  WAF = 'waf',
  SECURITY_HEADERS = 'security-headers',
  ALARMS = 'alarms',
  DASHBOARDS = 'dashboards',
  LOGGING = 'logging',
  DEPLOYMENT = 'deployment',
  SCALING_HA = 'scaling-ha',
  NETWORK = 'network',
  CONFIG = 'config',
  AUDIT = 'audit',
  HEALTH_CHECKS = 'health-checks',
  KUBERNETES = 'kubernetes',
  PIPELINE = 'pipeline',
  PROCESS = 'process',
}

/**
 * How a checklist item is evidenced.
 */
export enum EvidenceKind {
  /** A check proves it from a synthesized CloudFormation template or Kubernetes manifest. */
  RULE = 'rule',
  /** A CI run proves it (tests, scans, audits); recorded as an attestation by the pipeline. */
  PIPELINE = 'pipeline',
  /** Only the running system can show it: `cdk-golive verify` measures it on the deployed stacks. */
  LIVE = 'live',
  /** Only a person can attest it (sign-offs, training, drills, notices). */
  ATTESTATION = 'attestation',
}

/**
 * Which way a threshold becomes stricter.
 */
export enum ThresholdDirection {
  /** A larger value is stricter (a retention in days, a secret length). */
  HIGHER_IS_STRICTER = 'higher-is-stricter',
  /** A smaller value is stricter (an alarm threshold, a rotation period, a rate limit). */
  LOWER_IS_STRICTER = 'lower-is-stricter',
}

/**
 * A threshold of the catalog: its key, default value and unit.
 */
export interface ThresholdSpec {
  /** Stable key, e.g. `backupRetentionDays`. */
  readonly key: string;
  /** The default (the loosest value the catalog accepts). */
  readonly value: number;
  /** Unit, e.g. `days`, `percent`, `ms`. */
  readonly unit: string;
  /** Which way the threshold becomes stricter. */
  readonly direction: ThresholdDirection;
  /** What the threshold bounds, in one line. */
  readonly description: string;
}

/**
 * One item of the production checklist.
 */
export interface ChecklistItem {
  /** Stable id, e.g. `DB-ENCRYPTION-AT-REST`. */
  readonly id: string;
  /** Title, in our words. */
  readonly title: string;
  /** Section of the checklist. */
  readonly section: Section;
  /** How the item is evidenced. */
  readonly evidence: EvidenceKind;
  /** Keys of the thresholds (see `Thresholds`) that apply to this item. */
  readonly thresholds: string[];
  /** Seed checklists (file names) that ask for this item. */
  readonly seeds: string[];
  /** AWS Security Hub Foundational Security Best Practices control ids that correspond. */
  readonly securityHubControls: string[];
  /** AWS Control Tower control ids that correspond. */
  readonly controlTowerControls: string[];
  /**
   * The resource types the item concerns, when it concerns only some (an API Gateway item): an app without any of
   * them has the item not-applicable rather than pending.
   * @default - the item applies to every app of its platform
   */
  readonly onlyFor?: string[];
  /** How the item is satisfied, in one or two sentences. */
  readonly description: string;
}

/**
 * One checkbox line of a seed checklist and the item it maps to.
 */
export interface SeedMapping {
  /** The seed file name, e.g. `000_5ec17f4a8f2a5f31.txt`. */
  readonly seed: string;
  /** 1-based line number of the `- [ ]` line. */
  readonly line: number;
  /** The catalog item id. */
  readonly item: string;
}
