/* eslint-disable @typescript-eslint/no-explicit-any */
import { CfnResource } from '../../template-index';
import { refsIn } from './metric';

/** One metric row of a dashboard widget. @internal */
export interface DashboardMetric {
  readonly namespace: string;
  readonly name: string;
  /** Logical ids referenced by the row's dimension values. */
  readonly refs: Set<string>;
  readonly stat: string;
}

const PLACEHOLDER = /@@ref:([^@]*)@@/g;

/**
 * The dashboard body as text, with every value computed at deploy time
 * replaced by a placeholder naming the resources it references
 * (`@@ref:Alb,Listener@@`). Unlike `TemplateIndex.value`, this keeps the text
 * when a part is an Fn::Select/Fn::Split (the CDK names a load balancer that
 * way in target-group metrics).
 */
function render(node: any): string | undefined {
  if (typeof node === 'string') return node;
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  if ('Fn::Join' in node) {
    const [sep, parts] = node['Fn::Join'];
    if (typeof sep !== 'string' || !Array.isArray(parts)) return undefined;
    return parts.map((p: any) => (typeof p === 'string' ? p : render(p) ?? placeholder(p))).join(sep);
  }
  if ('Fn::Sub' in node) {
    const arg = node['Fn::Sub'];
    const [tpl, vars] = Array.isArray(arg) ? arg : [arg, {}];
    if (typeof tpl !== 'string') return undefined;
    return tpl.replace(/\$\{([^!}][^}]*)\}/g, (_m, name: string) => {
      if (vars && name in vars) return typeof vars[name] === 'string' ? vars[name] : placeholder(vars[name]);
      return name.startsWith('AWS::') ? '' : `@@ref:${name.split('.')[0]}@@`;
    });
  }
  return placeholder(node);
}

function placeholder(raw: any): string {
  return `@@ref:${[...refsIn(raw)].join(',')}@@`;
}

/**
 * The metric rows of a dashboard (`AWS::CloudWatch::Dashboard`), or undefined
 * when its body cannot be read at synth. Handles the dashboard body's
 * shorthands: `"."` repeats the value above, `"..."` the rest of the row above.
 * @internal
 */
export function dashboardMetrics(dashboard: CfnResource): DashboardMetric[] | undefined {
  const text = render(dashboard.properties.DashboardBody);
  if (text === undefined) return undefined;
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const out: DashboardMetric[] = [];
  for (const w of Array.isArray(body?.widgets) ? body.widgets : []) {
    const props = w?.properties ?? {};
    const defaultStat = typeof props.stat === 'string' ? props.stat : 'Average';
    let prev: string[] = [];
    for (const row of Array.isArray(props.metrics) ? props.metrics : []) {
      if (!Array.isArray(row)) continue;
      const opts = row.find((x: any) => x && typeof x === 'object') ?? {};
      const cells: string[] = [];
      for (const [i, c] of row.entries()) {
        if (typeof c !== 'string') continue;
        if (c === '...') {
          cells.push(...prev.slice(cells.length));
          break;
        }
        cells.push(c === '.' ? prev[i] ?? '' : c);
      }
      prev = cells;
      if (cells.length < 2) continue;
      const refs = new Set<string>();
      for (const c of cells.slice(2)) for (const m of c.matchAll(PLACEHOLDER)) for (const id of m[1].split(',')) if (id) refs.add(id);
      out.push({ namespace: cells[0], name: cells[1], refs, stat: typeof opts.stat === 'string' ? opts.stat : defaultStat });
    }
  }
  return out;
}
