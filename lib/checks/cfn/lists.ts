import { TemplateIndex, Val, V } from '../template-index';
import { Undecidable } from '../world';

/** One entry of a list property, resolved in the current world, with its position in the template's list. @internal */
export interface Entry {
  readonly value: Val;
  /** Position in the list as written (for evidence paths); entries that are `AWS::NoValue` in this world are dropped. */
  readonly position: number;
}

/**
 * The entries of a list value in the current world, with their positions as
 * written: an entry that is `AWS::NoValue` (or an `Fn::If` branch choosing it)
 * is dropped, a single value that is not a list is one entry (position -1:
 * CloudFormation accepts a lone string or object where IAM and EC2 take a
 * list), and an absent value has none. `undefined` when the list is decided at
 * deploy time, so a caller cannot mistake it for an empty list.
 * @internal
 */
export function entries(index: TemplateIndex, v: Val): Entry[] | undefined {
  if (v.k === 'absent') return [];
  if (v.k === 'unknown') return undefined;
  const list = V.list(v);
  if (!list) return [{ value: v, position: -1 }];
  const out: Entry[] = [];
  for (let position = 0; position < list.length; position++) {
    const value = index.value(list[position]);
    if (value.k !== 'absent') out.push({ value, position });
  }
  return out;
}

/** `base.N` for an entry at position N, `base` for a lone value. @internal */
export function entryPath(base: string, e: Entry): string {
  return e.position < 0 ? base : `${base}.${e.position}`;
}

/**
 * The values of a list in the current world (`AWS::NoValue` entries dropped, a
 * lone value as a one-entry list, absent as empty). Throws `Undecidable` (the
 * verdict is unknown) when the list is decided at deploy time.
 * @internal
 */
export function listOf(index: TemplateIndex, v: Val): Val[] {
  const list = entries(index, v);
  if (list === undefined) throw new Undecidable(v.k === 'unknown' ? v.why : 'a list decided at deploy time');
  return list.map((e) => e.value);
}
