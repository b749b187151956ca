/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Large templates from a real one: `replicate(base, n)` puts n copies of every
 * resource of `base` into one template, each copy's logical ids suffixed
 * (`Db` -> `Db17`) and every reference inside the copy (Ref, Fn::GetAtt,
 * Fn::Sub, DependsOn) renamed with it, so each copy is wired like the original.
 * Walks iteratively (no recursion), copies by JSON round trip.
 */
export function replicate(base: any, copies: number): any {
  const ids = new Set(Object.keys(base.Resources));
  const out: any = { ...base, Resources: {} };
  const text = JSON.stringify(base.Resources);
  for (let c = 0; c < copies; c++) {
    const suffix = String(c);
    const resources = JSON.parse(text);
    for (const [id, res] of Object.entries<any>(resources)) {
      renameRefs(res, ids, suffix);
      out.Resources[id + suffix] = res;
    }
  }
  return out;
}

function rename(id: string, ids: Set<string>, suffix: string): string {
  return ids.has(id) ? id + suffix : id;
}

function renameSub(tpl: string, ids: Set<string>, suffix: string): string {
  return tpl.replace(/\$\{([A-Za-z0-9]+)([.}])/g, (m, id: string, end: string) => (ids.has(id) ? `\${${id}${suffix}${end}` : m));
}

function renameRefs(root: any, ids: Set<string>, suffix: string): void {
  const stack: any[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const v of node) stack.push(v);
      continue;
    }
    for (const k of Object.keys(node)) {
      const v = node[k];
      if (k === 'Ref' && typeof v === 'string') node[k] = rename(v, ids, suffix);
      else if (k === 'Fn::GetAtt' && Array.isArray(v) && typeof v[0] === 'string') v[0] = rename(v[0], ids, suffix);
      else if (k === 'Fn::GetAtt' && typeof v === 'string') node[k] = v.replace(/^[^.]+/, (id) => rename(id, ids, suffix));
      else if (k === 'Fn::Sub' && typeof v === 'string') node[k] = renameSub(v, ids, suffix);
      else if (k === 'Fn::Sub' && Array.isArray(v) && typeof v[0] === 'string') { v[0] = renameSub(v[0], ids, suffix); stack.push(v[1]); } else if (k === 'DependsOn' && typeof v === 'string') node[k] = rename(v, ids, suffix);
      else if (k === 'DependsOn' && Array.isArray(v)) node[k] = v.map((d) => (typeof d === 'string' ? rename(d, ids, suffix) : d));
      else stack.push(v);
    }
  }
}

/**
 * A template whose resources' top-level scalar and reference values are chosen by a condition on a parameter
 * (both branches the same value), as third-party templates choose values by environment: every rule then reads
 * in two worlds. Changes `template` and returns it.
 */
export function underCondition(template: any): any {
  template.Parameters = { ...template.Parameters, Env: { Type: 'String', AllowedValues: ['prod', 'dev'] } };
  template.Conditions = { ...template.Conditions, IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } };
  for (const r of Object.values<any>(template.Resources)) {
    for (const [k, v] of Object.entries<any>(r.Properties ?? {})) {
      if (typeof v !== 'object' || v?.Ref !== undefined || v?.['Fn::GetAtt'] !== undefined) r.Properties[k] = { 'Fn::If': ['IsProd', v, v] };
    }
  }
  return template;
}
