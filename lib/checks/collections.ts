/**
 * Small shapes shared by the engines.
 * @internal
 */

/** `T` with its fields writable, for an object built in steps before it is handed on as `T`. @internal */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Whether a value is a map: an object that is not a list (a template section, a resource, a manifest's spec). @internal */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function isMap(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The own property `key` of a plain object (not an array, nothing inherited), else undefined. @internal */
export function own(obj: any, key: string): any {
  return isMap(obj) && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Items listed under each of their keys (a rule under each resource type or kind it judges). @internal */
export function groupBy<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keysOf(item)) {
      let list = out.get(key);
      if (!list) out.set(key, (list = []));
      list.push(item);
    }
  }
  return out;
}
