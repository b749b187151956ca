/**
 * A function of a string remembered: each distinct argument computed once. Bounded: past `limit` distinct
 * arguments it forgets them all and starts again, so a template of many distinct names cannot grow it without
 * limit. For pure answers that rules ask over and over of the same few strings (variable names, IAM actions).
 * @internal
 */
export function memoize<T>(compute: (key: string) => T, limit = 10000): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let v = known.get(key);
    if (v === undefined && !known.has(key)) {
      v = compute(key);
      if (known.size >= limit) known.clear();
      known.set(key, v);
    }
    return v as T;
  };
}
