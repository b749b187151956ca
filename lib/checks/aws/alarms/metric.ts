/* eslint-disable @typescript-eslint/no-explicit-any */
import { FindingStatus } from '../../model';
import { fail, pass, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { subReferences } from '../../sub-references';

/**
 * Reading CloudWatch alarms (and dashboards) from a template: which metric an
 * alarm watches, on which resource, with which statistic, threshold and
 * timing, in both forms CloudFormation accepts — a single metric
 * (`Namespace`/`MetricName`/`Dimensions`/`Statistic`|`ExtendedStatistic`) and
 * metric math (`Metrics[]` with `MetricStat` entries and one returned
 * `Expression`).
 */

/** @internal */
export const ALARM_TYPE = 'AWS::CloudWatch::Alarm';
/** @internal */
export const DASHBOARD_TYPE = 'AWS::CloudWatch::Dashboard';

/** One metric dimension: its name and the logical ids its value references. @internal */
export interface Dim {
  readonly name: string;
  readonly refs: Set<string>;
  /** The literal value, when the value is a plain string. */
  readonly literal?: string;
}

/** One metric (a `MetricStat`, or the alarm's own single metric). @internal */
export interface MetricRef {
  /** The metric-math id (`m1`); undefined for a single-metric alarm. */
  readonly id?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly dims: Dim[];
  /** `Sum`, `Average`, `p95`, ... (ExtendedStatistic for single-metric alarms). */
  readonly stat?: string;
  readonly period?: number;
  readonly returnData: boolean;
}

/** An alarm, read. @internal */
export interface AlarmView {
  readonly alarm: CfnResource;
  /** Every metric the alarm reads. */
  readonly metrics: MetricRef[];
  /** Metric-math expressions by id. */
  readonly expressions: Map<string, string>;
  /** The returned entry: a metric (single-metric alarm, or Metrics[] returning a MetricStat) or an expression id. */
  readonly returned?: { readonly metric?: MetricRef; readonly expressionId?: string };
  readonly threshold: Val;
  readonly comparison?: string;
  readonly evaluationPeriods: Val;
  /** The longest period of the metrics read, in seconds (the alarm's `Period` for a single metric). */
  readonly periodSeconds?: number;
}

/** The logical ids referenced anywhere below a raw template value (Ref, GetAtt, Sub). @internal */
export function refsIn(node: any, out: Set<string> = new Set()): Set<string> {
  if (node === null || typeof node !== 'object') return out;
  if (Array.isArray(node)) {
    for (const n of node) refsIn(n, out);
    return out;
  }
  for (const [k, v] of Object.entries(node)) {
    if (k === 'Ref' && typeof v === 'string') {
      if (!v.startsWith('AWS::')) out.add(v);
    } else if (k === 'Fn::GetAtt') {
      if (Array.isArray(v) && typeof v[0] === 'string') out.add(v[0]);
      else if (typeof v === 'string') out.add(v.split('.')[0]);
      else refsIn(v, out);
    } else if (k === 'Fn::Sub') {
      const tpl = Array.isArray(v) ? v[0] : v;
      if (typeof tpl === 'string') {
        for (const r of subReferences(tpl, true)) {
          const id = r.inner.split('.')[0];
          if (!id.startsWith('AWS::')) out.add(id);
        }
      }
      if (Array.isArray(v)) refsIn(v[1], out);
    } else refsIn(v, out);
  }
  return out;
}

function dims(raw: any): Dim[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((d) => d && typeof d === 'object').map((d) => ({
    name: String(d.Name),
    refs: refsIn(d.Value),
    literal: typeof d.Value === 'string' ? d.Value : undefined,
  }));
}

function num(index: TemplateIndex, raw: any): number | undefined {
  return V.num(index.value(raw));
}

/** Read an alarm's metrics, threshold and timing. @internal */
export function parseAlarm(index: TemplateIndex, alarm: CfnResource): AlarmView {
  const p = alarm.properties;
  const metrics: MetricRef[] = [];
  const expressions = new Map<string, string>();
  let returned: AlarmView['returned'];
  if (Array.isArray(p.Metrics)) {
    const entries = p.Metrics.filter((m: any) => m && typeof m === 'object');
    const returning = entries.filter((m: any) => m.ReturnData === undefined || V.isTrue(index.value(m.ReturnData)));
    for (const m of entries) {
      const id = typeof m.Id === 'string' ? m.Id : undefined;
      if (m.MetricStat) {
        const ms = m.MetricStat;
        const metric: MetricRef = {
          id,
          namespace: V.str(index.value(ms.Metric?.Namespace)),
          name: V.str(index.value(ms.Metric?.MetricName)),
          dims: dims(ms.Metric?.Dimensions),
          stat: V.str(index.value(ms.Stat)),
          period: num(index, ms.Period),
          returnData: returning.includes(m),
        };
        metrics.push(metric);
        if (returning.length === 1 && returning[0] === m) returned = { metric };
      } else if (typeof m.Expression === 'string' && id) {
        expressions.set(id, m.Expression);
        if (returning.length === 1 && returning[0] === m) returned = { expressionId: id };
      }
    }
  } else if (p.MetricName !== undefined) {
    const metric: MetricRef = {
      namespace: V.str(index.value(p.Namespace)),
      name: V.str(index.value(p.MetricName)),
      dims: dims(p.Dimensions),
      stat: V.str(index.value(p.ExtendedStatistic)) ?? V.str(index.value(p.Statistic)),
      period: num(index, p.Period),
      returnData: true,
    };
    metrics.push(metric);
    returned = { metric };
  }
  const periods = metrics.map((m) => m.period).filter((x): x is number => x !== undefined);
  const own = num(index, p.Period);
  const periodSeconds = own ?? (periods.length > 0 ? Math.max(...periods) : undefined);
  return {
    alarm,
    metrics,
    expressions,
    returned,
    threshold: index.value(p.Threshold),
    comparison: V.str(index.value(p.ComparisonOperator)),
    evaluationPeriods: index.value(p.EvaluationPeriods),
    periodSeconds,
  };
}

/** Whether a metric's dimensions reference one of the given resources. @internal */
export function metricOn(m: MetricRef, targets: CfnResource[]): boolean {
  return m.dims.some((d) => targets.some((t) => d.refs.has(t.logicalId)));
}

/** A metric matcher: namespace and one of the metric names. @internal */
export interface MetricKind {
  readonly namespace: string;
  readonly names: string[];
}

/** Whether a metric is of a kind. @internal */
export function isKind(m: MetricRef, kind: MetricKind): boolean {
  return m.namespace === kind.namespace && m.name !== undefined && kind.names.includes(m.name);
}

/**
 * The alarms of the template that watch one of `targets` (through a metric
 * dimension), found through the reverse-reference index, each read once.
 * @internal
 */
export function alarmsOn(index: TemplateIndex, targets: CfnResource[]): AlarmView[] {
  const seen = new Set<string>();
  const out: AlarmView[] = [];
  for (const t of targets) {
    for (const a of index.referrers(t, ALARM_TYPE)) {
      if (seen.has(a.logicalId)) continue;
      seen.add(a.logicalId);
      const view = parseAlarm(index, a);
      if (view.metrics.some((m) => metricOn(m, targets))) out.push(view);
    }
  }
  return out;
}

/** The single metric an alarm compares with its threshold (not metric math over several), if any. @internal */
export function singleMetric(view: AlarmView): MetricRef | undefined {
  return view.returned?.metric;
}

/** Seconds from a breach to the alarm: period x evaluation periods, or undefined when not known. @internal */
export function detectionSeconds(view: AlarmView): number | undefined {
  const evals = V.num(view.evaluationPeriods);
  if (view.periodSeconds === undefined || evals === undefined) return undefined;
  return view.periodSeconds * evals;
}

/** The percentile of a statistic (`p95` → 95, `p99.9` → 99.9), or undefined. @internal */
export function percentile(stat: string | undefined): number | undefined {
  const m = /^p(\d+(?:\.\d+)?)$/i.exec(stat ?? '');
  return m ? Number(m[1]) : undefined;
}

const UPPER = ['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold'];
const LOWER = ['LessThanThreshold', 'LessThanOrEqualToThreshold'];

/** The alarm's name for evidence. @internal */
export function label(view: AlarmView): string {
  return view.alarm.logicalId;
}

/**
 * Whether an alarm notifies someone: a non-empty AlarmActions and actions not
 * disabled. Returns undefined when it does, else a verdict (fail/unknown)
 * about the alarm.
 * @internal
 */
export function actionProblem(index: TemplateIndex, view: AlarmView): Verdict | undefined {
  const a = view.alarm;
  const enabled = index.prop(a, 'ActionsEnabled');
  if (V.isFalse(enabled)) return fail(`${label(view)}.ActionsEnabled`, enabled, `alarm ${label(view)} has its actions disabled`);
  if (enabled.k === 'unknown') return unknown(`${label(view)}.ActionsEnabled`, enabled, `whether alarm ${label(view)} acts is decided at deploy time (${enabled.why})`);
  const actions = index.prop(a, 'AlarmActions');
  if (actions.k === 'unknown') return unknown(`${label(view)}.AlarmActions`, actions, `actions of alarm ${label(view)} decided at deploy time (${actions.why})`);
  const list = V.list(actions);
  if (!list || list.length === 0) return fail(`${label(view)}.AlarmActions`, actions, `alarm ${label(view)} has no action: nobody is told when it fires`);
  return undefined;
}

/**
 * Judge an alarm that must fire when its value rises above `limit`: the
 * comparison is Greater*, the threshold is known and <= limit, and the alarm
 * has an action.
 * @internal
 */
export function judgeUpper(index: TemplateIndex, view: AlarmView, limit: number, what: string, unit = ''): Verdict {
  return judge(index, view, 'upper', limit, what, unit, true);
}

/**
 * Judge an alarm that must fire when its value falls below `limit` (LessThan*,
 * threshold >= limit). With `showLimit` false the limit is only a floor (any
 * positive threshold) and is not shown.
 * @internal
 */
export function judgeLower(index: TemplateIndex, view: AlarmView, limit: number, what: string, unit = '', showLimit = true): Verdict {
  return judge(index, view, 'lower', limit, what, unit, showLimit);
}

function judge(index: TemplateIndex, view: AlarmView, dir: 'upper' | 'lower', limit: number, what: string, unit: string, showLimit: boolean): Verdict {
  const l = label(view);
  const ops = dir === 'upper' ? UPPER : LOWER;
  const show = (n: number) => (unit === ' bytes' ? `${fmt(n / GIB)} GiB` : `${fmt(n)}${unit}`);
  if (view.comparison === undefined && index.prop(view.alarm, 'ComparisonOperator').k === 'unknown') {
    return unknown(`${l}.ComparisonOperator`, index.prop(view.alarm, 'ComparisonOperator'), `${what}: comparison of alarm ${l} decided at deploy time`);
  }
  if (!view.comparison || !ops.includes(view.comparison)) {
    return fail(`${l}.ComparisonOperator`, view.comparison ?? '(not set)', `${what}: alarm ${l} compares with ${view.comparison ?? 'nothing'}, so it does not fire when the value goes ${dir === 'upper' ? 'above' : 'below'} the threshold`);
  }
  const t = view.threshold;
  if (t.k === 'unknown') return unknown(`${l}.Threshold`, t, `${what}: threshold of alarm ${l} decided at deploy time (${t.why})`);
  const n = V.num(t);
  if (n === undefined) return fail(`${l}.Threshold`, t, `${what}: alarm ${l} has no static threshold (${V.show(t)})`);
  const ok = dir === 'upper' ? n <= limit : n >= limit;
  const side = dir === 'upper' ? 'above' : 'below';
  if (!ok) {
    return fail(`${l}.Threshold`, String(n), `${what}: alarm ${l} fires ${side} ${show(n)}, the limit is ${dir === 'upper' ? 'at most' : 'at least'} ${show(limit)}`);
  }
  const act = actionProblem(index, view);
  if (act) return { ...act, message: `${what}: ${act.message}` };
  return pass(`${l}.Threshold`, String(n), `${what}: alarm ${l} fires ${side} ${show(n)}${showLimit ? ` (limit ${show(limit)})` : ''} and notifies`);
}

const GIB = 1024 * 1024 * 1024;

/** A number for messages: at most 3 decimals, no trailing zeros. @internal */
export function fmt(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/**
 * The best of several verdicts about one requirement: a pass if any passes,
 * else an unknown if any is unknown, else the first failure; `none` when there
 * is no candidate.
 * @internal
 */
export function best(verdicts: Verdict[], none: () => Verdict): Verdict {
  if (verdicts.length === 0) return none();
  return verdicts.find((v) => v.status === FindingStatus.PASS)
    ?? verdicts.find((v) => v.status === FindingStatus.UNKNOWN)
    ?? verdicts[0];
}

// ---------------------------------------------------------------- metric math

type Node =
  | { t: 'num'; v: number }
  | { t: 'id'; name: string }
  | { t: 'neg'; e: Node }
  | { t: 'bin'; op: string; l: Node; r: Node }
  | { t: 'call'; fn: string; args: Node[] }
  | { t: 'arr'; items: Node[] };

/** Parse a CloudWatch metric-math expression (arithmetic, function calls, arrays). Throws on syntax it does not know. @internal */
export function parseExpression(text: string): Node {
  const tokens = text.match(/\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|[-+*/^(),[\]]|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`expected ${t} in '${text}'`);
  };
  const primary = (): Node => {
    const t = next();
    if (t === undefined) throw new Error(`unexpected end of '${text}'`);
    if (t === '(') {
      const e = add();
      expect(')');
      return e;
    }
    if (t === '[') {
      const items: Node[] = [];
      if (peek() !== ']') {
        do items.push(add()); while (peek() === ',' && next());
      }
      expect(']');
      return { t: 'arr', items };
    }
    if (t === '-') return { t: 'neg', e: unary() };
    if (/^\d/.test(t)) return { t: 'num', v: Number(t) };
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() === '(') {
        next();
        const args: Node[] = [];
        if (peek() !== ')') {
          do args.push(add()); while (peek() === ',' && next());
        }
        expect(')');
        return { t: 'call', fn: t.toUpperCase(), args };
      }
      return { t: 'id', name: t };
    }
    throw new Error(`unexpected '${t}' in '${text}'`);
  };
  const unary = (): Node => primary();
  const pow = (): Node => {
    let l = unary();
    while (peek() === '^') {
      next();
      l = { t: 'bin', op: '^', l, r: unary() };
    }
    return l;
  };
  const mul = (): Node => {
    let l = pow();
    while (peek() === '*' || peek() === '/') l = { t: 'bin', op: next()!, l, r: pow() };
    return l;
  };
  const add = (): Node => {
    let l = mul();
    while (peek() === '+' || peek() === '-') l = { t: 'bin', op: next()!, l, r: mul() };
    return l;
  };
  const e = add();
  if (i !== tokens.length) throw new Error(`unexpected '${tokens[i]}' in '${text}'`);
  return e;
}

function idsIn(n: Node, out: string[] = []): string[] {
  switch (n.t) {
    case 'id': out.push(n.name); break;
    case 'neg': idsIn(n.e, out); break;
    case 'bin': idsIn(n.l, out); idsIn(n.r, out); break;
    case 'call': for (const a of n.args) idsIn(a, out); break;
    case 'arr': for (const a of n.items) idsIn(a, out); break;
    default: break;
  }
  return out;
}

type Num = number | number[];

function evalNode(n: Node, env: (id: string) => Num): Num {
  switch (n.t) {
    case 'num': return n.v;
    case 'id': return env(n.name);
    case 'neg': return mapNum(evalNode(n.e, env), (x) => -x);
    case 'arr': return n.items.map((x) => scalar(evalNode(x, env)));
    case 'bin': {
      const l = scalar(evalNode(n.l, env));
      const r = scalar(evalNode(n.r, env));
      switch (n.op) {
        case '+': return l + r;
        case '-': return l - r;
        case '*': return l * r;
        case '/': return l / r;
        default: return Math.pow(l, r);
      }
    }
    case 'call': {
      const args = n.args.map((a) => evalNode(a, env));
      const flat = args.flatMap((a) => (Array.isArray(a) ? a : [a]));
      switch (n.fn) {
        case 'FILL': return args[0];
        case 'MAX': return Math.max(...flat);
        case 'MIN': return Math.min(...flat);
        case 'SUM': return flat.reduce((s, x) => s + x, 0);
        case 'AVG': return flat.reduce((s, x) => s + x, 0) / flat.length;
        case 'ABS': return mapNum(args[0], Math.abs);
        default: throw new Error(`function ${n.fn} is not interpreted`);
      }
    }
  }
}

function scalar(v: Num): number {
  if (Array.isArray(v)) throw new Error('array used as a number');
  return v;
}

function mapNum(v: Num, f: (x: number) => number): Num {
  return Array.isArray(v) ? v.map(f) : f(v);
}

/**
 * Whether an expression computes `k x (sum of the error metrics) / requests`,
 * and the factor k (100 for a percentage, 1 for a fraction). Decided by
 * evaluating the expression on sample values: the result must be zero without
 * errors, proportional to each error metric and inversely proportional to the
 * requests. Expressions may refer to other expressions by id.
 * @returns the factor, or a reason it is not a rate
 * @internal
 */
export function rateFactor(view: AlarmView, exprId: string, isError: (m: MetricRef) => boolean, isRequests: (m: MetricRef) => boolean): { factor?: number; reason?: string } {
  const byId = new Map(view.metrics.filter((m) => m.id).map((m) => [m.id!, m]));
  const parsed = new Map<string, Node>();
  try {
    for (const [id, text] of view.expressions) parsed.set(id, parseExpression(text));
  } catch (e) {
    return { reason: (e as Error).message };
  }
  // Only the metrics the returned expression reads (directly or through other expressions) count.
  const used = new Set<string>();
  const visit = (id: string) => {
    if (used.has(id)) return;
    used.add(id);
    const node = parsed.get(id);
    if (node) for (const ref of idsIn(node)) visit(ref);
  };
  visit(exprId);
  const errorIds = [...byId.values()].filter((m) => used.has(m.id!) && isError(m)).map((m) => m.id!);
  const requestIds = [...byId.values()].filter((m) => used.has(m.id!) && isRequests(m)).map((m) => m.id!);
  if (errorIds.length === 0) return { reason: 'the expression reads no error count' };
  if (requestIds.length === 0) return { reason: 'the expression reads no request count' };
  const run = (errs: Record<string, number>, requests: number): number => {
    const stack = new Set<string>();
    const env = (id: string): Num => {
      if (byId.has(id)) return errorIds.includes(id) ? (errs[id] ?? 0) : requestIds.includes(id) ? requests : 0;
      const node = parsed.get(id);
      if (!node) throw new Error(`unknown id ${id}`);
      if (stack.has(id)) throw new Error(`cycle at ${id}`);
      stack.add(id);
      const v = evalNode(node, env);
      stack.delete(id);
      return v;
    };
    return scalar(env(exprId));
  };
  try {
    if (Math.abs(run({}, 1000)) > 1e-12) return { reason: 'the expression is not zero when there are no errors' };
    let factor: number | undefined;
    for (const id of errorIds) {
      const a = run({ [id]: 10 }, 1000);
      const b = run({ [id]: 20 }, 1000);
      const c = run({ [id]: 10 }, 2000);
      const k = (a * 1000) / 10;
      if (!(Math.abs(b - 2 * a) <= 1e-9 * Math.abs(b)) || !(Math.abs(c - a / 2) <= 1e-9 * Math.abs(a)) || !(k > 0)) {
        return { reason: `the expression is not ${id} divided by the requests` };
      }
      if (factor !== undefined && Math.abs(k - factor) > 1e-9 * factor) return { reason: 'the error counts are weighted differently' };
      factor = k;
    }
    return { factor };
  } catch (e) {
    return { reason: (e as Error).message };
  }
}

// ---------------------------------------------------------------- related resources

/** The listeners of a load balancer (TG-level metrics name the balancer through its listener's ARN). @internal */
export function listenersOf(index: TemplateIndex, lb: CfnResource): CfnResource[] {
  return index.referrers(lb, 'AWS::ElasticLoadBalancingV2::Listener')
    .filter((l) => refsIn(l.properties.LoadBalancerArn).has(lb.logicalId));
}

/** Whether a load balancer is an internet-facing Application Load Balancer. @internal */
export function isInternetFacingAlb(index: TemplateIndex, lb: CfnResource): boolean {
  const type = V.str(index.prop(lb, 'Type')) ?? 'application';
  const scheme = V.str(index.prop(lb, 'Scheme')) ?? 'internet-facing';
  return type === 'application' && scheme === 'internet-facing';
}

/** The target groups, listeners and load balancers in front of an ECS service. @internal */
export function serviceTraffic(index: TemplateIndex, svc: CfnResource): { targetGroups: CfnResource[]; listeners: CfnResource[]; loadBalancers: CfnResource[] } {
  const tgs = new Map<string, CfnResource>();
  const lbs = V.list(index.prop(svc, 'LoadBalancers')) ?? [];
  for (const lb of lbs) {
    for (const raw of [lb?.TargetGroupArn, lb?.AdvancedConfiguration?.AlternateTargetGroupArn]) {
      const v = index.value(raw);
      if (v.k === 'ref' && v.target.type === 'AWS::ElasticLoadBalancingV2::TargetGroup') tgs.set(v.target.logicalId, v.target);
    }
  }
  const listeners = new Map<string, CfnResource>();
  for (const tg of tgs.values()) {
    for (const r of index.referrers(tg, 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::ListenerRule')) {
      if (r.type === 'AWS::ElasticLoadBalancingV2::Listener') listeners.set(r.logicalId, r);
      else {
        const l = index.prop(r, 'ListenerArn');
        if (l.k === 'ref' && l.target.type === 'AWS::ElasticLoadBalancingV2::Listener') listeners.set(l.target.logicalId, l.target);
      }
    }
  }
  const balancers = new Map<string, CfnResource>();
  for (const l of listeners.values()) {
    const lb = index.prop(l, 'LoadBalancerArn');
    if (lb.k === 'ref' && lb.target.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') balancers.set(lb.target.logicalId, lb.target);
  }
  return { targetGroups: [...tgs.values()], listeners: [...listeners.values()], loadBalancers: [...balancers.values()] };
}

/** Whether an ECS service takes request traffic (sits behind a load balancer). @internal */
export function servesRequests(index: TemplateIndex, svc: CfnResource): boolean {
  const lbs = index.prop(svc, 'LoadBalancers');
  if (lbs.k === 'absent') return false;
  return lbs.k !== 'lit' || (Array.isArray(lbs.v) && lbs.v.length > 0);
}

/** The member instances of an RDS cluster. @internal */
export function clusterMembers(index: TemplateIndex, cluster: CfnResource): CfnResource[] {
  return index.referrers(cluster, 'AWS::RDS::DBInstance')
    .filter((i) => refsIn(i.properties.DBClusterIdentifier).has(cluster.logicalId));
}

/** Whether an RDS instance belongs to a cluster (its alarms are judged with the cluster's). @internal */
export function inCluster(index: TemplateIndex, inst: CfnResource): boolean {
  return inst.type === 'AWS::RDS::DBInstance' && index.prop(inst, 'DBClusterIdentifier').k !== 'absent';
}

/** A verdict on one scope, with how many candidate alarms were judged. @internal */
export interface ScopeVerdict {
  readonly verdict: Verdict;
  readonly candidates: number;
}

/**
 * Judge an alarm requirement on an RDS cluster or instance. A cluster is
 * covered by an alarm on the cluster, or by one on every member instance; a
 * member instance is judged with its cluster (no finding of its own).
 * @internal
 */
export function rdsAlarmVerdict(index: TemplateIndex, res: CfnResource, judgeOne: (scope: CfnResource, alarms: AlarmView[]) => ScopeVerdict): Verdict | undefined {
  if (inCluster(index, res)) return undefined;
  const own = judgeOne(res, alarmsOn(index, [res]));
  if (own.verdict.status === FindingStatus.PASS || res.type !== 'AWS::RDS::DBCluster') return own.verdict;
  const members = clusterMembers(index, res);
  if (members.length === 0) return own.verdict;
  const per = members.map((m) => ({ m, s: judgeOne(m, alarmsOn(index, [m])) }));
  if (per.every((x) => x.s.verdict.status === FindingStatus.PASS)) {
    const v = per[0].s.verdict;
    return pass(v.property, v.value, `every member instance is covered (${per.map((x) => x.m.logicalId).join(', ')}): ${v.message}`);
  }
  if (own.verdict.status === FindingStatus.UNKNOWN) return own.verdict;
  const unk = per.find((x) => x.s.verdict.status === FindingStatus.UNKNOWN);
  if (unk && per.every((x) => x.s.verdict.status !== FindingStatus.FAIL)) return unk.s.verdict;
  // Prefer the explanation of an alarm that exists but falls short over "no alarm on the cluster".
  if (own.candidates === 0) {
    const tried = per.find((x) => x.s.candidates > 0 && x.s.verdict.status === FindingStatus.FAIL);
    if (tried) return { ...tried.s.verdict, message: `${tried.m.logicalId}: ${tried.s.verdict.message}` };
    const missing = per.find((x) => x.s.verdict.status === FindingStatus.FAIL);
    if (missing && per.some((x) => x.s.candidates > 0)) return { ...missing.s.verdict, message: `member ${missing.m.logicalId} is not covered: ${missing.s.verdict.message}` };
  }
  return own.verdict;
}
