/**
 * Memory of common RDS / Aurora instance classes, in GiB, to derive the
 * default `max_connections` of a database from its class.
 *
 * The engines compute defaults from `DBInstanceClassMemory`, the memory left to
 * the database after the operating system and RDS processes take their share.
 * AWS does not publish that reserve per class, so we use the class's nominal
 * memory in bytes (GiB x 2^30) as `DBInstanceClassMemory`. This slightly
 * overestimates max_connections (by the OS reserve, a few percent; more on the
 * smallest burstable classes), so a threshold judged against it is at most a
 * few percent looser than one judged against the exact value.
 * @internal
 */

const SIZES: Array<[string, number]> = [
  ['large', 2], ['xlarge', 4], ['2xlarge', 8], ['4xlarge', 16], ['8xlarge', 32], ['12xlarge', 48], ['16xlarge', 64],
];

function family(prefixes: string[], gibPerVcpu: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of prefixes) for (const [size, vcpu] of SIZES) out[`db.${p}.${size}`] = vcpu * gibPerVcpu;
  return out;
}

/** Instance class → memory in GiB. @internal */
export const INSTANCE_MEMORY_GIB: Readonly<Record<string, number>> = {
  // Burstable: micro 1 GiB, doubling per size.
  ...Object.fromEntries(['t3', 't4g'].flatMap((p) => [
    [`db.${p}.micro`, 1], [`db.${p}.small`, 2], [`db.${p}.medium`, 4], [`db.${p}.large`, 8], [`db.${p}.xlarge`, 16], [`db.${p}.2xlarge`, 32],
  ])),
  // Memory optimized: 8 GiB per vCPU (large = 2 vCPU, 16 GiB).
  ...family(['r5', 'r6g', 'r6i', 'r7g', 'r7i', 'r8g'], 8),
  // General purpose: 4 GiB per vCPU (large = 2 vCPU, 8 GiB).
  ...family(['m5', 'm6g', 'm6i', 'm7g', 'm7i'], 4),
};

/** Memory of an Aurora capacity unit, in GiB. @internal */
export const ACU_GIB = 2;

const GIB = 1024 * 1024 * 1024;

/** `DBInstanceClassMemory` of a class in bytes (nominal memory, see above), or undefined for an unknown class. @internal */
export function instanceClassMemoryBytes(instanceClass: string): number | undefined {
  const gib = INSTANCE_MEMORY_GIB[instanceClass];
  return gib === undefined ? undefined : gib * GIB;
}

/** `DBInstanceClassMemory` of Aurora Serverless v2 at its maximum capacity, in bytes. @internal */
export function serverlessMemoryBytes(maxAcu: number): number {
  return maxAcu * ACU_GIB * GIB;
}

/**
 * The engine's default `max_connections` formula, as RDS writes it in default
 * parameter groups, or undefined when we do not model the engine's default.
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
 * @returns the value, or undefined when the formula is not understood
 * @internal
 */
export function evaluateMaxConnections(value: string, memoryBytes: number | undefined): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  if (memoryBytes === undefined) return undefined;
  const withMemory = text.replace(/\{\s*DBInstanceClassMemory\s*\/\s*(\d+(?:\.\d+)?)\s*\}/gi, (_m, d: string) => String(Math.floor(memoryBytes / Number(d))));
  let cur = withMemory;
  for (let i = 0; i < 10 && /(LEAST|GREATEST)\(/i.test(cur); i++) {
    cur = cur.replace(/(LEAST|GREATEST)\(\s*([\d.]+)\s*,\s*([\d.]+)\s*\)/gi, (_m, fn: string, a: string, b: string) =>
      String(fn.toUpperCase() === 'LEAST' ? Math.min(Number(a), Number(b)) : Math.max(Number(a), Number(b))));
  }
  return /^\d+(\.\d+)?$/.test(cur.trim()) ? Math.floor(Number(cur.trim())) : undefined;
}
