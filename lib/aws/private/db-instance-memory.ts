/**
 * Memory of common RDS/Aurora DB instance classes, and the PostgreSQL
 * `max_connections` default derived from it.
 *
 * Shared by the data-tier constructs; not exported from the package.
 */

const GIB = 1024 * 1024 * 1024;

/** vCPUs of the sizes that m/r/x families share (large = 2 vCPUs, doubling up). */
const VCPUS_BY_SIZE: Record<string, number> = {
  'large': 2,
  'xlarge': 4,
  '2xlarge': 8,
  '4xlarge': 16,
  '8xlarge': 32,
  '12xlarge': 48,
  '16xlarge': 64,
  '24xlarge': 96,
  '32xlarge': 128,
  '48xlarge': 192,
};

/** GiB of memory per vCPU, by family (general purpose 4, memory optimized 8, x2g/x2idn 16, x2iedn 32). */
const GIB_PER_VCPU_BY_FAMILY: Record<string, number> = {
  m5: 4, m5d: 4, m6g: 4, m6gd: 4, m6i: 4, m6id: 4, m6idn: 4, m6in: 4, m7g: 4, m7i: 4, m8g: 4, m8gd: 4,
  r5: 8, r5b: 8, r5d: 8, r6g: 8, r6gd: 8, r6i: 8, r6id: 8, r6idn: 8, r6in: 8, r7g: 8, r7i: 8, r8g: 8, r8gd: 8,
  x2g: 16, x2idn: 16, x2iedn: 32,
};

/** Burstable classes do not follow the per-vCPU ratio: their memory, in GiB, by size. */
const BURSTABLE_GIB_BY_SIZE: Record<string, number> = {
  'micro': 1,
  'small': 2,
  'medium': 4,
  'large': 8,
  'xlarge': 16,
  '2xlarge': 32,
};
const BURSTABLE_FAMILIES = ['t3', 't4g'];

/**
 * Nominal memory of a DB instance class in bytes (`r6g.large` or
 * `db.r6g.large`), or `undefined` for a class not in the table.
 * @internal
 */
export function instanceClassMemoryBytes(instanceClass: string): number | undefined {
  const name = instanceClass.replace(/^db\./, '');
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const family = name.slice(0, dot);
  const size = name.slice(dot + 1);
  if (BURSTABLE_FAMILIES.includes(family)) {
    const gib = BURSTABLE_GIB_BY_SIZE[size];
    return gib === undefined ? undefined : gib * GIB;
  }
  const perVcpu = GIB_PER_VCPU_BY_FAMILY[family];
  const vcpus = VCPUS_BY_SIZE[size];
  if (perVcpu === undefined || vcpus === undefined) return undefined;
  return perVcpu * vcpus * GIB;
}

/** Divisor of the PostgreSQL `max_connections` default on RDS and Aurora. */
const BYTES_PER_CONNECTION = 9531392;
/** Cap of the PostgreSQL `max_connections` default on RDS and Aurora. */
const MAX_CONNECTIONS_CAP = 5000;

/**
 * The RDS/Aurora PostgreSQL default `max_connections`:
 * `LEAST(DBInstanceClassMemory / 9531392, 5000)`, from the nominal memory of
 * the class (the service subtracts a little for the OS, so the real value can
 * be slightly lower), or `undefined` for a class not in the table.
 * @internal
 */
export function postgresDefaultMaxConnections(instanceClass: string): number | undefined {
  const bytes = instanceClassMemoryBytes(instanceClass);
  if (bytes === undefined) return undefined;
  return Math.min(Math.floor(bytes / BYTES_PER_CONNECTION), MAX_CONNECTIONS_CAP);
}
