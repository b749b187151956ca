/**
 * Memory of RDS / Aurora DB instance classes, and the engine defaults of
 * `max_connections` derived from it: one table for the data-tier constructs
 * (which claim ALARM-DB-CONNECTIONS only for a class they can size) and the
 * checks (which say unknown for a class not in the table).
 *
 * The engines compute defaults from `DBInstanceClassMemory`, the memory left to
 * the database after the operating system and RDS processes take their share.
 * AWS does not publish that reserve per class, so the class's nominal memory in
 * bytes (GiB x 2^30) stands for `DBInstanceClassMemory`. This slightly
 * overestimates max_connections (by the OS reserve, a few percent; more on the
 * smallest burstable classes), so a threshold judged against it is at most a
 * few percent looser than one judged against the exact value.
 * @internal
 */

const GIB = 1024 * 1024 * 1024;

/** vCPUs by size, for the families whose memory is a fixed number of GiB per vCPU (large = 2 vCPUs, doubling up). */
const VCPUS_BY_SIZE: Readonly<Record<string, number>> = {
  'large': 2, 'xlarge': 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32, '12xlarge': 48,
  '16xlarge': 64, '24xlarge': 96, '32xlarge': 128, '48xlarge': 192,
};

/**
 * GiB of memory per vCPU, by family: general purpose 4, memory optimized 8
 * (r*, z1d), x2g / x2idn 16, x2iedn / x2iezn 32.
 */
const GIB_PER_VCPU_BY_FAMILY: Readonly<Record<string, number>> = {
  m5: 4, m5d: 4, m6g: 4, m6gd: 4, m6i: 4, m6id: 4, m6idn: 4, m6in: 4, m7g: 4, m7i: 4, m8g: 4, m8gd: 4,
  r5: 8, r5b: 8, r5d: 8, r6g: 8, r6gd: 8, r6i: 8, r6id: 8, r6idn: 8, r6in: 8, r7g: 8, r7i: 8, r8g: 8, r8gd: 8, z1d: 8,
  x2g: 16, x2idn: 16, x2iedn: 32, x2iezn: 32,
};

/** Burstable classes do not follow a per-vCPU ratio: their memory, in GiB, by size. */
const BURSTABLE_GIB_BY_SIZE: Readonly<Record<string, number>> = {
  micro: 1, small: 2, medium: 4, large: 8, xlarge: 16, '2xlarge': 32,
};
const BURSTABLE_FAMILIES = ['t3', 't4g'];

/** Memory of an Aurora capacity unit, in GiB. @internal */
export const ACU_GIB = 2;

/**
 * Nominal memory of a DB instance class in GiB (`db.r6g.large` or
 * `r6g.large`), or undefined for a class not in the table (an older
 * generation, a `metal` size, a typo): callers say unknown, never guess.
 * @internal
 */
export function instanceClassMemoryGib(instanceClass: string): number | undefined {
  const name = instanceClass.trim().toLowerCase().replace(/^db\./, '');
  const dot = name.indexOf('.');
  if (dot < 0) return undefined;
  const family = name.slice(0, dot);
  const size = name.slice(dot + 1);
  if (BURSTABLE_FAMILIES.includes(family)) return BURSTABLE_GIB_BY_SIZE[size];
  const perVcpu = GIB_PER_VCPU_BY_FAMILY[family];
  const vcpus = VCPUS_BY_SIZE[size];
  return perVcpu === undefined || vcpus === undefined ? undefined : perVcpu * vcpus;
}

/** `DBInstanceClassMemory` of a class in bytes (nominal memory, see above), or undefined for a class not in the table. @internal */
export function instanceClassMemoryBytes(instanceClass: string): number | undefined {
  const gib = instanceClassMemoryGib(instanceClass);
  return gib === undefined ? undefined : gib * GIB;
}

/** `DBInstanceClassMemory` of Aurora Serverless v2 at its maximum capacity, in bytes. @internal */
export function serverlessMemoryBytes(maxAcu: number): number {
  return maxAcu * ACU_GIB * GIB;
}

/**
 * The engine's default `max_connections` formula, as RDS writes it in default
 * parameter groups, or undefined when the engine's default is not modelled.
 * - PostgreSQL (RDS and Aurora): `LEAST({DBInstanceClassMemory/9531392},5000)`
 * - MySQL / MariaDB (RDS): `{DBInstanceClassMemory/12582880}`
 * @internal
 */
export function defaultMaxConnectionsFormula(engine: string): string | undefined {
  if (/postgres/.test(engine)) return 'LEAST({DBInstanceClassMemory/9531392},5000)';
  if (engine === 'mysql' || engine === 'mariadb') return '{DBInstanceClassMemory/12582880}';
  return undefined;
}

/**
 * Evaluate a `max_connections` parameter value: a number, or a formula of
 * `{DBInstanceClassMemory/N}` terms, LEAST/GREATEST and numbers.
 * @returns the value, or undefined when the formula is not understood or needs an unknown memory
 * @internal
 */
export function evaluateMaxConnections(value: string, memoryBytes: number | undefined): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (memoryBytes === undefined) return undefined;
  let cur = text.replace(/\{\s*DBInstanceClassMemory\s*\/\s*(\d+(?:\.\d+)?)\s*\}/gi, (_m, d: string) => String(Math.floor(memoryBytes / Number(d))));
  for (let i = 0; i < 10 && /(LEAST|GREATEST)\(/i.test(cur); i++) {
    cur = cur.replace(/(LEAST|GREATEST)\(\s*([\d.]+)\s*,\s*([\d.]+)\s*\)/gi, (_m, fn: string, a: string, b: string) =>
      String(fn.toUpperCase() === 'LEAST' ? Math.min(Number(a), Number(b)) : Math.max(Number(a), Number(b))));
  }
  return /^\d+(\.\d+)?$/.test(cur.trim()) ? Math.floor(Number(cur.trim())) : undefined;
}

/**
 * The RDS/Aurora PostgreSQL default `max_connections` of a class, or
 * undefined for a class not in the table.
 * @internal
 */
export function postgresDefaultMaxConnections(instanceClass: string): number | undefined {
  return evaluateMaxConnections(defaultMaxConnectionsFormula('postgres')!, instanceClassMemoryBytes(instanceClass));
}

/**
 * Amazon DocumentDB's limit of open connections (active and idle) per instance, by class: fixed by AWS (its quotas
 * page, "Instance limits"; there is no max_connections parameter), published as DatabaseConnectionsLimit. R6GD
 * classes have R6G's limits. Classes not in the table (db.serverless, whose limit follows its current capacity, and
 * newer families) are undefined: callers say unknown.
 */
const DOCDB_CONNECTIONS: Readonly<Record<string, number>> = {
  't3.medium': 1000, 't4g.medium': 1000,
  'r4.large': 1700, 'r4.xlarge': 3400, 'r4.2xlarge': 6800, 'r4.4xlarge': 13600, 'r4.8xlarge': 27200, 'r4.16xlarge': 30000,
  'r5.large': 3400, 'r5.xlarge': 7000, 'r5.2xlarge': 14200, 'r5.4xlarge': 28400, 'r5.8xlarge': 60000, 'r5.12xlarge': 60000, 'r5.16xlarge': 60000, 'r5.24xlarge': 60000,
  'r6g.large': 3400, 'r6g.xlarge': 7000, 'r6g.2xlarge': 14200, 'r6g.4xlarge': 28400, 'r6g.8xlarge': 60000, 'r6g.12xlarge': 60000, 'r6g.16xlarge': 60000,
};

/**
 * The connection limit of a DocumentDB instance class (`db.r6g.large` or `r6g.large`), or undefined when not in the
 * table.
 * @internal
 */
export function docdbConnectionLimit(instanceClass: string): number | undefined {
  const name = instanceClass.trim().toLowerCase().replace(/^db\./, '').replace(/^r6gd\./, 'r6g.');
  return Object.prototype.hasOwnProperty.call(DOCDB_CONNECTIONS, name) ? DOCDB_CONNECTIONS[name] : undefined;
}
