/* eslint-disable @typescript-eslint/no-explicit-any */
import { CfnResource } from '../template-index';
import { refsIn } from './alarms/metric';
import { replaceSubReferences, subReferences } from '../sub-references';

/**
 * The one parser of CloudWatch dashboard bodies, shared by the alarms and
 * observability rules.
 */

/** One metric row of a dashboard, with its dimensions as text (`${LogicalId}` for references). @internal */
export interface DashRow {
  readonly namespace: string;
  readonly name: string;
  readonly dims: Record<string, string>;
  /** Logical ids the row's dimension values reference. */
  readonly refs: Set<string>;
  /** The row's statistic (its own, else the widget's, else Average). */
  readonly stat: string;
  readonly dashboard: CfnResource;
}

/** Logical ids referenced in dimension texts (`${Id}`, `${Id.Attr}`, `${A,B}`), pseudo parameters left out. */
function refsOfDims(dims: Record<string, string>): Set<string> {
  const out = new Set<string>();
  for (const text of Object.values(dims)) {
    for (const r of subReferences(text)) {
      for (const id of r.inner.split(',')) {
        const logicalId = id.split('.')[0];
        if (logicalId && !logicalId.startsWith('AWS::')) out.add(logicalId);
      }
    }
  }
  return out;
}

function render(node: any): string {
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (node === null || typeof node !== 'object') return '';
  const [fn] = Object.keys(node);
  const arg = node[fn];
  switch (fn) {
    case 'Fn::Join': return Array.isArray(arg) && Array.isArray(arg[1]) ? arg[1].map(render).join(typeof arg[0] === 'string' ? arg[0] : '') : '';
    case 'Fn::Sub': {
      const [tpl, vars] = Array.isArray(arg) ? arg : [arg, {}];
      if (typeof tpl !== 'string') return '';
      return replaceSubReferences(tpl, (m, name) => (vars && name in vars ? render(vars[name]) : m), true);
    }
    case 'Ref': return `\${${arg}}`;
    case 'Fn::GetAtt': return `\${${Array.isArray(arg) ? arg.join('.') : arg}}`;
    default: return `\${${[...refsIn(node)].join(',')}}`;
  }
}

/**
 * The metric rows of a dashboard, or undefined when its body cannot be read.
 * Handles the `.`/`...` shorthands and `SEARCH('{Namespace,...}')` expressions
 * (a row with the searched namespace and metric name when given).
 * @internal
 */
export function dashboardRows(dashboard: CfnResource): DashRow[] | undefined {
  const text = render(dashboard.properties.DashboardBody);
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  const out: DashRow[] = [];
  for (const w of Array.isArray(body?.widgets) ? body.widgets : []) {
    const props = w?.properties ?? {};
    const widgetStat = typeof props.stat === 'string' ? props.stat : 'Average';
    let prev: string[] = [];
    for (const row of Array.isArray(props.metrics) ? props.metrics : []) {
      if (!Array.isArray(row)) continue;
      const opts = row.find((x: any) => x && typeof x === 'object') ?? {};
      const stat = typeof opts.stat === 'string' ? opts.stat : widgetStat;
      if (typeof opts.expression === 'string') {
        const m = /SEARCH\(\s*'\{([^,}]+)[^}]*\}([^']*)'/i.exec(opts.expression);
        if (m) out.push({ namespace: m[1].trim(), name: /MetricName\s*=\s*"?([A-Za-z0-9_.-]+)/.exec(m[2])?.[1] ?? '', dims: {}, refs: new Set(), stat, dashboard });
        continue;
      }
      const cells: string[] = [];
      for (const [i, c] of row.entries()) {
        if (typeof c !== 'string') continue;
        if (c === '...') { cells.push(...prev.slice(cells.length)); break; }
        cells.push(c === '.' ? prev[i] ?? '' : c);
      }
      prev = cells;
      if (cells.length < 2) continue;
      const dims: Record<string, string> = {};
      for (let i = 2; i + 1 < cells.length; i += 2) dims[cells[i]] = cells[i + 1];
      out.push({ namespace: cells[0], name: cells[1], dims, refs: refsOfDims(dims), stat, dashboard });
    }
  }
  return out;
}

/** Whether a dimension value text references a resource (`${Id}` or `${Id.Attr}`). @internal */
export function mentions(text: string, res: CfnResource): boolean {
  return text.includes(`\${${res.logicalId}}`) || text.includes(`\${${res.logicalId}.`);
}

/** The rows of the given dashboards, and the dashboards whose bodies cannot be read. @internal */
export function rowsOf(dashboards: CfnResource[]): { rows: DashRow[]; unreadable: CfnResource[] } {
  const rows: DashRow[] = [];
  const unreadable: CfnResource[] = [];
  for (const d of dashboards) {
    const r = dashboardRows(d);
    if (r) rows.push(...r);
    else unreadable.push(d);
  }
  return { rows, unreadable };
}
