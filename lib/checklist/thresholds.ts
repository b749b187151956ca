import { ThresholdDirection, ThresholdSpec } from './types';

/**
 * Tightened values for the catalog's thresholds. Every field is optional; an
 * omitted field keeps the catalog default. A value looser than the default is
 * refused with an error naming the threshold.
 */
export interface ThresholdOverrides {
  /** Minimum automated backup retention of a database, in days. @default 30 */
  readonly backupRetentionDays?: number;
  /** Minimum retention of daily AWS Backup recovery points, in days. @default 35 */
  readonly dailyBackupRetentionDays?: number;
  /** Minimum retention of monthly AWS Backup recovery points, in days. @default 365 */
  readonly monthlyBackupRetentionDays?: number;
  /** Minimum retention of cache snapshots, in days. @default 7 */
  readonly cacheSnapshotRetentionDays?: number;
  /** Error-rate alarm threshold, in percent of requests. @default 1 */
  readonly errorRatePercent?: number;
  /** p95 latency alarm threshold, in milliseconds. @default 500 */
  readonly latencyP95Ms?: number;
  /** p99 latency alarm threshold, in milliseconds. @default 1000 */
  readonly latencyP99Ms?: number;
  /** Database connections alarm threshold, in percent of max_connections. @default 90 */
  readonly dbConnectionsPercent?: number;
  /** Memory utilization alarm threshold, in percent. @default 85 */
  readonly memoryPercent?: number;
  /** Disk/storage utilization alarm threshold, in percent. @default 80 */
  readonly diskPercent?: number;
  /** CPU utilization alarm threshold, in percent. @default 80 */
  readonly cpuPercent?: number;
  /** Alarm when a certificate expires in fewer than this many days. @default 30 */
  readonly certificateExpiryDays?: number;
  /** Minimum length of a generated secret, in characters. @default 32 */
  readonly secretLengthChars?: number;
  /** Maximum rotation period of a secret, in days. @default 30 */
  readonly secretRotationDays?: number;
  /** Maximum requests per minute per client before the rate limit blocks. @default 100 */
  readonly rateLimitPerMinute?: number;
  /** Minimum retention of application and access log groups, in days. @default 30 */
  readonly logRetentionDays?: number;
  /** Minimum retention of audit logs, in days. @default 365 */
  readonly auditLogRetentionDays?: number;
  /** Maximum minutes from an error spike to an alarm (period x evaluation periods). @default 3 */
  readonly alarmDetectionMinutes?: number;
  /** Minimum number of replicas/tasks of a production service. @default 3 */
  readonly minReplicas?: number;
  /** Minimum number of availability zones a service and its data span. @default 2 */
  readonly minAvailabilityZones?: number;
  /** Minimum HSTS max-age, in seconds (one year). @default 31536000 */
  readonly hstsMaxAgeSeconds?: number;
  /** Oldest acceptable completed backup job of a protected resource, in hours (a daily job plus slack). @default 26 */
  readonly backupMaxAgeHours?: number;
  /** Longest time since the last failover drill (an AWS FIS experiment or a database/cache failover), in days. @default 90 */
  readonly failoverDrillDays?: number;
}

const H = ThresholdDirection.HIGHER_IS_STRICTER;
const L = ThresholdDirection.LOWER_IS_STRICTER;

/** @internal */
export const THRESHOLD_SPECS: ThresholdSpec[] = [
  { key: 'backupRetentionDays', value: 30, unit: 'days', direction: H, description: 'automated database backup retention (point-in-time restore window)' },
  { key: 'dailyBackupRetentionDays', value: 35, unit: 'days', direction: H, description: 'retention of daily AWS Backup recovery points' },
  { key: 'monthlyBackupRetentionDays', value: 365, unit: 'days', direction: H, description: 'retention of monthly AWS Backup recovery points' },
  { key: 'cacheSnapshotRetentionDays', value: 7, unit: 'days', direction: H, description: 'retention of cache snapshots' },
  { key: 'errorRatePercent', value: 1, unit: 'percent', direction: L, description: 'error rate (5xx / requests) that raises an alarm' },
  { key: 'latencyP95Ms', value: 500, unit: 'ms', direction: L, description: 'p95 latency that raises an alarm' },
  { key: 'latencyP99Ms', value: 1000, unit: 'ms', direction: L, description: 'p99 latency that raises an alarm' },
  { key: 'dbConnectionsPercent', value: 90, unit: 'percent', direction: L, description: 'database connections, in percent of max_connections, that raise an alarm' },
  { key: 'memoryPercent', value: 85, unit: 'percent', direction: L, description: 'memory utilization that raises an alarm' },
  { key: 'diskPercent', value: 80, unit: 'percent', direction: L, description: 'disk or storage utilization that raises an alarm' },
  { key: 'cpuPercent', value: 80, unit: 'percent', direction: L, description: 'CPU utilization that raises an alarm' },
  { key: 'certificateExpiryDays', value: 30, unit: 'days', direction: H, description: 'days before certificate expiry when an alarm is raised' },
  { key: 'secretLengthChars', value: 32, unit: 'characters', direction: H, description: 'length of a generated secret' },
  { key: 'secretRotationDays', value: 30, unit: 'days', direction: L, description: 'longest rotation period of a secret' },
  { key: 'rateLimitPerMinute', value: 100, unit: 'requests/minute', direction: L, description: 'requests per minute per client before the rate limit blocks' },
  { key: 'logRetentionDays', value: 30, unit: 'days', direction: H, description: 'retention of application and access logs' },
  { key: 'auditLogRetentionDays', value: 365, unit: 'days', direction: H, description: 'retention of audit logs' },
  { key: 'alarmDetectionMinutes', value: 3, unit: 'minutes', direction: L, description: 'longest time from an error spike to an alarm (period x evaluation periods)' },
  { key: 'minReplicas', value: 3, unit: 'replicas', direction: H, description: 'replicas or tasks of a production service' },
  { key: 'minAvailabilityZones', value: 2, unit: 'zones', direction: H, description: 'availability zones a service and its data span' },
  { key: 'hstsMaxAgeSeconds', value: 31536000, unit: 'seconds', direction: H, description: 'HSTS max-age' },
  { key: 'backupMaxAgeHours', value: 26, unit: 'hours', direction: L, description: 'age of the latest completed backup (and copy) job of a protected resource' },
  { key: 'failoverDrillDays', value: 90, unit: 'days', direction: L, description: 'time since the last failover drill (AWS FIS experiment or database/cache failover)' },
];

/**
 * The thresholds in force: the catalog defaults, optionally tightened.
 *
 * Constructs and rules read every threshold from here, so a value lives in one
 * place. `Thresholds.of({ errorRatePercent: 0.5 })` tightens; a looser value
 * (`errorRatePercent: 5`) throws, naming the threshold and its default.
 */
export class Thresholds {
  /** The catalog defaults. */
  public static readonly DEFAULTS: Thresholds = new Thresholds({});

  /**
   * Thresholds with the given overrides applied.
   * @throws if an override is looser than the catalog default, or not a positive finite number
   */
  public static of(overrides?: ThresholdOverrides): Thresholds {
    return new Thresholds(overrides ?? {});
  }

  /** Every threshold with its default, unit and direction. */
  public static specs(): ThresholdSpec[] {
    return THRESHOLD_SPECS.map((s) => ({ ...s }));
  }

  /** Minimum automated backup retention of a database, in days. */
  public readonly backupRetentionDays: number;
  /** Minimum retention of daily AWS Backup recovery points, in days. */
  public readonly dailyBackupRetentionDays: number;
  /** Minimum retention of monthly AWS Backup recovery points, in days. */
  public readonly monthlyBackupRetentionDays: number;
  /** Minimum retention of cache snapshots, in days. */
  public readonly cacheSnapshotRetentionDays: number;
  /** Error-rate alarm threshold, in percent. */
  public readonly errorRatePercent: number;
  /** p95 latency alarm threshold, in ms. */
  public readonly latencyP95Ms: number;
  /** p99 latency alarm threshold, in ms. */
  public readonly latencyP99Ms: number;
  /** Database connections alarm threshold, in percent of max_connections. */
  public readonly dbConnectionsPercent: number;
  /** Memory utilization alarm threshold, in percent. */
  public readonly memoryPercent: number;
  /** Disk utilization alarm threshold, in percent. */
  public readonly diskPercent: number;
  /** CPU utilization alarm threshold, in percent. */
  public readonly cpuPercent: number;
  /** Days before certificate expiry when an alarm is raised. */
  public readonly certificateExpiryDays: number;
  /** Minimum generated secret length, in characters. */
  public readonly secretLengthChars: number;
  /** Maximum secret rotation period, in days. */
  public readonly secretRotationDays: number;
  /** Maximum requests per minute per client. */
  public readonly rateLimitPerMinute: number;
  /** Minimum log retention, in days. */
  public readonly logRetentionDays: number;
  /** Minimum audit log retention, in days. */
  public readonly auditLogRetentionDays: number;
  /** Maximum minutes from an error spike to an alarm. */
  public readonly alarmDetectionMinutes: number;
  /** Minimum replicas or tasks of a production service. */
  public readonly minReplicas: number;
  /** Minimum availability zones. */
  public readonly minAvailabilityZones: number;
  /** Minimum HSTS max-age, in seconds. */
  public readonly hstsMaxAgeSeconds: number;
  /** Oldest acceptable completed backup job, in hours. */
  public readonly backupMaxAgeHours: number;
  /** Longest time since the last failover drill, in days. */
  public readonly failoverDrillDays: number;

  private constructor(overrides: ThresholdOverrides) {
    const values: Record<string, number> = {};
    for (const spec of THRESHOLD_SPECS) {
      const given = (overrides as Record<string, number | undefined>)[spec.key];
      if (given === undefined) {
        values[spec.key] = spec.value;
        continue;
      }
      if (typeof given !== 'number' || !Number.isFinite(given) || given <= 0) {
        throw new Error(`Thresholds: '${spec.key}' must be a positive number, got ${JSON.stringify(given)}`);
      }
      const looser = spec.direction === H ? given < spec.value : given > spec.value;
      if (looser) {
        const bound = spec.direction === H ? 'at least' : 'at most';
        throw new Error(`Thresholds: '${spec.key}' = ${given} ${spec.unit} is looser than the catalog's ${spec.value} ${spec.unit} (${spec.description}); it may only be tightened (${bound} ${spec.value})`);
      }
      values[spec.key] = given;
    }
    const unknown = Object.keys(overrides).filter((k) => !THRESHOLD_SPECS.some((s) => s.key === k));
    if (unknown.length > 0) {
      throw new Error(`Thresholds: unknown threshold(s) ${unknown.join(', ')}; known: ${THRESHOLD_SPECS.map((s) => s.key).join(', ')}`);
    }
    this.backupRetentionDays = values.backupRetentionDays;
    this.dailyBackupRetentionDays = values.dailyBackupRetentionDays;
    this.monthlyBackupRetentionDays = values.monthlyBackupRetentionDays;
    this.cacheSnapshotRetentionDays = values.cacheSnapshotRetentionDays;
    this.errorRatePercent = values.errorRatePercent;
    this.latencyP95Ms = values.latencyP95Ms;
    this.latencyP99Ms = values.latencyP99Ms;
    this.dbConnectionsPercent = values.dbConnectionsPercent;
    this.memoryPercent = values.memoryPercent;
    this.diskPercent = values.diskPercent;
    this.cpuPercent = values.cpuPercent;
    this.certificateExpiryDays = values.certificateExpiryDays;
    this.secretLengthChars = values.secretLengthChars;
    this.secretRotationDays = values.secretRotationDays;
    this.rateLimitPerMinute = values.rateLimitPerMinute;
    this.logRetentionDays = values.logRetentionDays;
    this.auditLogRetentionDays = values.auditLogRetentionDays;
    this.alarmDetectionMinutes = values.alarmDetectionMinutes;
    this.minReplicas = values.minReplicas;
    this.minAvailabilityZones = values.minAvailabilityZones;
    this.hstsMaxAgeSeconds = values.hstsMaxAgeSeconds;
    this.backupMaxAgeHours = values.backupMaxAgeHours;
    this.failoverDrillDays = values.failoverDrillDays;
  }

  /** The value of a threshold by key. @throws for an unknown key */
  public get(key: string): number {
    if (!THRESHOLD_SPECS.some((s) => s.key === key)) {
      throw new Error(`Thresholds: unknown threshold '${key}'`);
    }
    return (this as unknown as Record<string, number>)[key];
  }

  /**
   * Whether `value` meets threshold `key`: for a higher-is-stricter threshold,
   * `value >= threshold`; for a lower-is-stricter one, `value <= threshold`.
   */
  public meets(key: string, value: number): boolean {
    const spec = THRESHOLD_SPECS.find((s) => s.key === key);
    if (!spec) throw new Error(`Thresholds: unknown threshold '${key}'`);
    const t = this.get(key);
    return spec.direction === H ? value >= t : value <= t;
  }
}
