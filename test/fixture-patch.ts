/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Patches for the one-item violating fixtures (AWS templates and Kubernetes
 * manifest sets alike): a compliant base, deep-copied, with a list of set,
 * delete and push operations applied.
 */

/** One patch operation: set, delete or push the value at `path`. */
export interface PatchOp {
  readonly op: 'set' | 'delete' | 'push';
  readonly path: (string | number)[];
  readonly value?: any;
}

/**
 * Apply a patch to a deep copy of `base`. Deleting something that is not there
 * is an error, so a mistyped path cannot turn a case into a silent no-op.
 */
export function applyPatch<T>(base: T, patch: PatchOp[]): T {
  const t = JSON.parse(JSON.stringify(base));
  for (const op of patch) {
    let cur = t;
    for (const k of op.path.slice(0, -1)) {
      if (cur[k] === undefined) cur[k] = typeof k === 'number' ? [] : {};
      cur = cur[k];
    }
    const last = op.path[op.path.length - 1];
    if (op.op === 'delete') {
      if (Array.isArray(cur) && typeof last === 'number') {
        if (last >= cur.length) throw new Error(`patch: nothing to delete at ${op.path.join('.')}`);
        cur.splice(last, 1);
      } else if (!(last in cur)) {
        throw new Error(`patch: nothing to delete at ${op.path.join('.')}`);
      } else {
        delete cur[last];
      }
    } else if (op.op === 'push') {
      (cur[last] ??= []).push(op.value);
    } else {
      cur[last] = op.value;
    }
  }
  return t;
}
