import { FindingStatus } from '../model';
import { fail, pass, unknown, Verdict } from '../rule';
import { CfnResource, pseudoMark, refMark, TemplateIndex, V, Val } from '../template-index';
import { IAM_POLICY_TYPES } from './iam-policies';
import { DB_CLUSTER, DB_INSTANCE, DOCDB_CLUSTER, DOCDB_INSTANCE, isCluster, isClusterMember, membersOf, NEPTUNE_CLUSTER, NEPTUNE_INSTANCE, REPLICATION_GROUP } from './databases';
import { REST_API } from './edge';
import { listenersOf, pointsAt, routedTargetGroups, targetGroupsOfListener } from './load-balancers';
import { aliasesOf } from './service-compute';
import { settled, settledFor } from './settled';
import { candidates, Keyed, keyedIndex } from './keyed';
import { OPEN_PARAMETER, inStackAccount, padded, sameName, valueText } from './names';
import { muteOf } from './alarm-mutes';
import { dataNodes, isDomain, OPENSEARCH_TYPES } from './opensearch';

export { sameName, valueText } from './names';

/**
 * Reading CloudWatch alarms (and dashboards) from a template: which metric an
 * alarm watches, on which resource, with which statistic, threshold and
 * timing, in both forms CloudFormation accepts — a single metric
 * (`Namespace`/`MetricName`/`Dimensions`/`Statistic`|`ExtendedStatistic`) and
 * metric math (`Metrics[]` with `MetricStat` entries and one returned
 * `Expression`).
 *
 * Everything is read through the evaluator, in the current world: a
 * dimension behind `Fn::If` names the resource of the branch this world
 * takes, a `Metrics` entry that is `AWS::NoValue` is not there. What no world
 * can decide (a metric name or dimension from an open parameter, an
 * expression from an import) is recorded as `open` with the reason, so a rule
 * can answer "unknown" for that alarm instead of passing or failing it.
 *
 * An alarm found because a dimension references a resource is that
 * resource's alarm only if CloudWatch publishes data under what it reads:
 * for the metrics whose dimension rules the checks know (`PUBLISHED`: AWS/ECS
 * CPU/memory, the ALB/NLB request, latency, 5XX and host-count metrics,
 * AWS/Lambda Errors/Invocations/Duration, AWS/RDS CPU, freeable memory, free
 * storage and connections, AWS/DocDB CPU, freeable memory and connections,
 * AWS/Neptune CPU and freeable memory, AWS/ES CPU, JVM memory pressure and free
 * storage of an OpenSearch domain, AWS/ElastiCache engine CPU and memory used) the
 * dimension set must be one AWS publishes and each dimension must carry the
 * attribute CloudWatch uses (`!GetAtt Svc.Name`, `LoadBalancerFullName`,
 * `TargetGroupFullName`, a function's name `!Ref Fn` and `<name>:<alias>`,
 * a DB identifier `!Ref Db`, a domain's name `!Ref Domain` with the account as
 * ClientId, a member cache cluster `<group id>-001`; ARNs
 * and endpoints name nothing), and a `Unit` must be the metric's own
 * (`PUBLISHED_UNIT`). Otherwise the alarm watches nothing: see `metricFit`,
 * `unitFit` and `watchedMetric`. Other metrics keep the reference match.
 */

/** @internal */
export const ALARM_TYPE = 'AWS::CloudWatch::Alarm';
/** @internal */
export const COMPOSITE_TYPE = 'AWS::CloudWatch::CompositeAlarm';
/** @internal */
export const DASHBOARD_TYPE = 'AWS::CloudWatch::Dashboard';

/** One metric dimension: its name and the logical ids its value references. @internal */
export interface Dim {
  /** The dimension name ('' when it is decided at deploy time). */
  readonly name: string;
  readonly refs: Set<string>;
  /** The literal value, when the value is a plain string. */
  readonly literal?: string;
  /** The value, in this world. */
  readonly value: Val;
  /** Why the name or value is decided at deploy time. */
  readonly open?: string;
  /** A SEARCH row's schema dimension no term constrains: any value (see `dashboards.ts`). */
  readonly any?: boolean;
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
  /** Why the statistic is decided at deploy time. */
  readonly statOpen?: string;
  /** The `Unit` the alarm asks for (`MetricStat.Unit`, or the alarm's own `Unit`), when set. */
  readonly unit?: string;
  /** Why the unit is decided at deploy time. */
  readonly unitOpen?: string;
  readonly period?: number;
  /** Why the period is decided at deploy time. */
  readonly periodOpen?: string;
  /**
   * The account the metric is read in (a `Metrics` entry's `AccountId`, for a cross-account alarm); absent: the
   * alarm's own account. See `accountFit`.
   */
  readonly account: Val;
  readonly returnData: boolean;
  /** Why the namespace, name, statistic or dimension list is decided at deploy time. */
  readonly open?: string;
  /** Why the namespace or metric name is decided at deploy time. */
  readonly kindOpen?: string;
  /** Why the dimension list (or one of its entries) is decided at deploy time. */
  readonly dimsOpen?: string;
}

/**
 * An alarm, read in the current world. `threshold`, `comparison`,
 * `evaluationPeriods` and `periodSeconds` are read when asked for.
 * @internal
 */
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
  /** `DatapointsToAlarm` (M of an M-out-of-N alarm; absent: EvaluationPeriods). */
  readonly datapointsToAlarm: Val;
  /** `TreatMissingData` (absent: `missing`). */
  readonly treatMissingData: Val;
  /** Why what the alarm computes (its Metrics list, an entry, an expression, which entry it returns) is decided at deploy time. */
  readonly open?: string;
  /**
   * An anomaly detection alarm's band (`ThresholdMetricId` naming an `ANOMALY_DETECTION_BAND` expression of its
   * Metrics): the alarm compares its other returned entry (`returned`) with the band, not with a static
   * `Threshold` (see `judge`).
   */
  readonly band?: { readonly id: string; readonly expression?: string };
  /**
   * Why CloudWatch refuses the alarm (a `Metrics` entry's expression calls SEARCH: "You can't create an alarm based
   * on the SEARCH expression", Use search expressions in graphs): the stack does not deploy and no alarm exists, so
   * it watches nothing (`metrics` and `returned` empty).
   */
  readonly refused?: string;
}

/** The text of a value, or why it is decided at deploy time. */
function text(v: Val): { s?: string; open?: string } {
  if (v.k === 'unknown') return { open: v.why };
  const s = valueText(v);
  return s === undefined ? {} : { s };
}

/** A number, or undefined when absent, not a number, or decided at deploy time. */
function num(v: Val): number | undefined {
  return v.k === 'unknown' ? undefined : V.num(v);
}

function readDims(index: TemplateIndex, v: Val): { dims: Dim[]; open?: string } {
  if (v.k === 'unknown') return { dims: [], open: `dimensions decided at deploy time (${v.why})` };
  const dims: Dim[] = [];
  let open: string | undefined;
  for (const d of index.items(v) ?? []) {
    if (d.k === 'unknown') {
      open = `a dimension is decided at deploy time (${d.why})`;
      continue;
    }
    const name = text(index.field(d, 'Name'));
    const value = index.field(d, 'Value');
    const shown = text(value);
    const why = name.open ?? shown.open;
    dims.push({
      name: name.s ?? '',
      value,
      refs: index.refsOf(value),
      ...(value.k === 'lit' && shown.s !== undefined ? { literal: shown.s } : {}),
      ...(why !== undefined ? { open: `dimension ${name.s ?? '?'} is decided at deploy time (${why})` } : {}),
    });
  }
  return open ? { dims, open } : { dims };
}

/**
 * Read a metric: `metric` is the alarm's properties (single metric) or a
 * `MetricStat.Metric` value. The period is read only when asked for (lazily),
 * so a rule that does not time the alarm does not enumerate the worlds of its
 * period.
 */
function readMetric(index: TemplateIndex, metric: Val, statV: Val, unitV: Val, period: () => Val, id: string | undefined, returnData: boolean, account: () => Val = () => ({ k: 'absent' })): MetricRef {
  const ns = text(index.field(metric, 'Namespace'));
  const name = text(index.field(metric, 'MetricName'));
  const stat = text(statV);
  const unit = text(unitV);
  const dims = readDims(index, index.field(metric, 'Dimensions'));
  const kindOpen = ns.open ?? name.open;
  const open = kindOpen ?? stat.open ?? dims.open;
  return {
    id,
    namespace: ns.s,
    name: name.s,
    dims: dims.dims,
    stat: stat.s,
    ...(stat.open !== undefined ? { statOpen: stat.open } : {}),
    ...(unit.s !== undefined ? { unit: unit.s } : {}),
    ...(unit.open !== undefined ? { unitOpen: unit.open } : {}),
    get period() { return num(period()); },
    get periodOpen() { const v = period(); return v.k === 'unknown' ? v.why : undefined; },
    get account() { return account(); },
    returnData,
    ...(open !== undefined ? { open } : {}),
    ...(kindOpen !== undefined ? { kindOpen } : {}),
    ...(dims.open !== undefined ? { dimsOpen: dims.open } : {}),
  };
}

/**
 * An alarm read in the current world (`parseAlarm`), kept for the run (`settledFor`): an alarm that may watch the
 * signal of many resources is read once, not once per resource.
 * @internal
 */
export function alarmView(index: TemplateIndex, alarm: CfnResource): AlarmView {
  return settledFor(index, 'alarm-view', alarm, (a) => parseAlarm(index, a));
}

/** Read an alarm's metrics, threshold and timing in the current world. @internal */
export function parseAlarm(index: TemplateIndex, alarm: CfnResource): AlarmView {
  const metrics: MetricRef[] = [];
  const expressions = new Map<string, string>();
  let returned: AlarmView['returned'];
  let open: string | undefined;
  let band: AlarmView['band'];
  let refused: string | undefined;
  const list = index.prop(alarm, 'Metrics');
  // An anomaly detection alarm names its band (`ThresholdMetricId`): the entry it compares is the other one returned.
  const bandId = list.k === 'absent' ? { k: 'absent' as const } : index.prop(alarm, 'ThresholdMetricId');
  if (bandId.k === 'unknown') open = `its ThresholdMetricId is decided at deploy time (${bandId.why})`;
  const bandText = bandId.k === 'unknown' ? undefined : text(bandId).s;
  if (list.k === 'unknown') {
    open = `its Metrics are decided at deploy time (${list.why})`;
  } else if (list.k !== 'absent') {
    const entries = (index.items(list) ?? []).filter((m) => {
      if (m.k === 'unknown') open = `a Metrics entry is decided at deploy time (${m.why})`;
      return m.k === 'lit';
    });
    const returning: Val[] = [];
    for (const m of entries) {
      if (bandText !== undefined && text(index.field(m, 'Id')).s === bandText) {
        const e = text(index.field(m, 'Expression'));
        band = { id: bandText, ...(e.s !== undefined ? { expression: e.s } : {}) };
        continue;
      }
      const rd = index.field(m, 'ReturnData');
      if (rd.k === 'unknown') open = `ReturnData is decided at deploy time (${rd.why})`;
      else if (rd.k === 'absent' || V.isTrue(rd)) returning.push(m);
    }
    for (const m of entries) {
      const id = text(index.field(m, 'Id')).s;
      const returns = returning.includes(m);
      const only = returning.length === 1 && returns;
      const stat = index.field(m, 'MetricStat');
      if (stat.k === 'unknown') {
        open = `a MetricStat is decided at deploy time (${stat.why})`;
      } else if (stat.k !== 'absent') {
        const metric = readMetric(index, index.field(stat, 'Metric'), index.field(stat, 'Stat'), index.field(stat, 'Unit'), () => index.field(stat, 'Period'), id, returns, () => index.field(m, 'AccountId'));
        metrics.push(metric);
        if (only) returned = { metric };
        continue;
      }
      const expr = text(index.field(m, 'Expression'));
      if (expr.open !== undefined) open = `expression ${id ?? '?'} is decided at deploy time (${expr.open})`;
      else if (expr.s !== undefined && /SEARCH\s*\(/i.test(expr.s)) refused ??= `expression ${id ?? '?'} calls SEARCH, which CloudWatch refuses in an alarm`;
      else if (expr.s !== undefined && id) {
        expressions.set(id, expr.s);
        if (only) returned = { expressionId: id };
      }
    }
  } else {
    const name = index.prop(alarm, 'MetricName');
    if (name.k !== 'absent') {
      const props = index.prop(alarm, '');
      const extended = index.prop(alarm, 'ExtendedStatistic');
      const metric = readMetric(index, props, extended.k !== 'absent' ? extended : index.prop(alarm, 'Statistic'), index.prop(alarm, 'Unit'), () => index.prop(alarm, 'Period'), undefined, true);
      metrics.push(metric);
      returned = { metric };
    }
  }
  // A SEARCH in an entry (returned or not): CloudWatch creates no alarm, which watches nothing.
  if (refused !== undefined) {
    metrics.length = 0;
    expressions.clear();
    returned = undefined;
  }
  // Threshold, comparison and timing are read when a rule asks for them, so the
  // worlds of an alarm's threshold are enumerated only by rules that judge it.
  return {
    alarm,
    metrics,
    expressions,
    returned,
    ...(refused !== undefined ? { refused } : {}),
    get threshold() { return index.prop(alarm, 'Threshold'); },
    get comparison() {
      const c = index.prop(alarm, 'ComparisonOperator');
      return c.k === 'unknown' ? undefined : V.str(c);
    },
    get evaluationPeriods() { return index.prop(alarm, 'EvaluationPeriods'); },
    get datapointsToAlarm() { return index.prop(alarm, 'DatapointsToAlarm'); },
    get treatMissingData() { return index.prop(alarm, 'TreatMissingData'); },
    get periodSeconds() {
      const own = num(index.prop(alarm, 'Period'));
      if (own !== undefined) return own;
      const periods = metrics.map((m) => m.period).filter((x): x is number => x !== undefined);
      return periods.length > 0 && periods.length === metrics.length ? Math.max(...periods) : undefined;
    },
    ...(open !== undefined ? { open } : {}),
    ...(band !== undefined ? { band } : {}),
  };
}

/** The property that names a resource in CloudWatch metric dimensions, the dimension, and whether the service lower-cases it. */
/** `caseless`: the service stores the name in lower case, and publishes its metrics with that (`storedLowerCase`). */
const NAMED_BY: Record<string, { prop: string; dim: string; caseless: boolean }> = {
  'AWS::ECS::Service': { prop: 'ServiceName', dim: 'ServiceName', caseless: false },
  'AWS::RDS::DBInstance': { prop: 'DBInstanceIdentifier', dim: 'DBInstanceIdentifier', caseless: true },
  'AWS::RDS::DBCluster': { prop: 'DBClusterIdentifier', dim: 'DBClusterIdentifier', caseless: true },
  // DocumentDB and Neptune share RDS's control plane: identifiers unique across the three, stored in lower case.
  [DOCDB_INSTANCE]: { prop: 'DBInstanceIdentifier', dim: 'DBInstanceIdentifier', caseless: true },
  [DOCDB_CLUSTER]: { prop: 'DBClusterIdentifier', dim: 'DBClusterIdentifier', caseless: true },
  [NEPTUNE_INSTANCE]: { prop: 'DBInstanceIdentifier', dim: 'DBInstanceIdentifier', caseless: true },
  [NEPTUNE_CLUSTER]: { prop: 'DBClusterIdentifier', dim: 'DBClusterIdentifier', caseless: true },
  'AWS::ElastiCache::ReplicationGroup': { prop: 'ReplicationGroupId', dim: 'ReplicationGroupId', caseless: true },
  // An OpenSearch domain name is lower case only (CreateDomain refuses another), and CloudWatch matches it as written.
  ...Object.fromEntries(OPENSEARCH_TYPES.map((t) => [t, { prop: 'DomainName', dim: 'DomainName', caseless: false }])),
  'AWS::Lambda::Function': { prop: 'FunctionName', dim: 'FunctionName', caseless: false },
  'AWS::ApiGateway::RestApi': { prop: 'Name', dim: 'ApiName', caseless: false },
};

/**
 * The name a template gives a resource (its ServiceName, DBInstanceIdentifier,
 * FunctionName...) and the dimension that carries it, when the template sets
 * it: an alarm may name the resource by that value instead of referencing it
 * (`ServiceName: !Ref ServiceName` on both, or the same `!Sub` text).
 * @internal
 */
export function givenName(index: TemplateIndex, res: CfnResource): { dim: string; value: Val; caseless: boolean } | undefined {
  const by = NAMED_BY[res.type];
  if (!by) return undefined;
  // Asked for each alarm that may name the resource (`dimOn`): read once per run (`settledFor`).
  return settledFor(index, 'given-name', res, () => readGivenName(index, res, by));
}

function readGivenName(index: TemplateIndex, res: CfnResource, by: { prop: string; dim: string; caseless: boolean }): { dim: string; value: Val; caseless: boolean } | undefined {
  let value = index.prop(res, by.prop);
  // A REST API imported from an OpenAPI definition written in the template, without a Name, bears the definition's title.
  if (value.k === 'absent' && res.type === REST_API) value = index.prop(res, 'Body.info.title');
  return value.k === 'absent' ? undefined : { dim: by.dim, value, caseless: by.caseless };
}

/** Whether a dimension names a target: references it, or carries the name the template gives it. */
function dimOn(index: TemplateIndex, d: Dim, t: CfnResource): boolean {
  if (d.refs.has(t.logicalId)) return true;
  // A state machine by an ARN written out (`arn:...:stateMachine:<its StateMachineName>`) in the stack's region and account.
  if (t.type === STATE_MACHINE) return d.name === 'StateMachineArn' && stateMachineArn(index, d.value, t)?.names === true;
  const n = givenName(index, t);
  if (n === undefined) return false;
  if (n.dim === d.name) return sameName(d.value, n.value, n.caseless);
  // A member cache cluster of a replication group the template names: `<group id>-001`.
  const member = t.type === REPLICATION_GROUP && d.name === 'CacheClusterId' && d.value.k === 'lit' ? memberName(V.show(d.value)) : undefined;
  return member !== undefined && sameName({ k: 'lit', v: member.group }, n.value, true);
}

/**
 * The parts of a member cache cluster id of a replication group:
 * `<group>-NNN` (cluster mode disabled) or `<group>-NNNN-NNN` (shard and
 * node, cluster mode enabled). Undefined for any other text.
 */
function memberName(text: string): { group: string; shard?: string; node: string } | undefined {
  const sharded = /^(.+)-(\d{4})-(\d{3})$/.exec(text);
  if (sharded) return { group: sharded[1], shard: sharded[2], node: sharded[3] };
  const plain = /^(.+)-(\d{3})$/.exec(text);
  return plain ? { group: plain[1], node: plain[2] } : undefined;
}

/** A Step Functions state machine ARN written out: `arn:<partition>:states:<region>:<account>:stateMachine:<name>`. */
const STATE_MACHINE_ARN = /^arn:((?:\$\{[^}]*\}|[^:$])+):states:((?:\$\{[^}]*\}|[^:$])+):((?:\$\{[^}]*\}|[^:$])+):stateMachine:((?:\$\{[^}]*\}|[^:$])+)$/;

/** The parts of a StateMachineArn dimension's value written as an ARN (a literal, or a Sub / Join text); undefined for any other value. */
function arnParts(v: Val): { partition: string; region: string; account: string; name: string } | undefined {
  if (v.k !== 'lit' && v.k !== 'expr') return undefined;
  const m = STATE_MACHINE_ARN.exec(valueText(v) ?? '');
  return m ? { partition: m[1], region: m[2], account: m[3], name: m[4] } : undefined;
}

/**
 * Whether a StateMachineArn dimension written as an ARN (`arn:aws:states:eu-west-1:111111111111:stateMachine:orders`,
 * or an Fn::Sub of it with `${AWS::Partition}`, `${AWS::Region}`, `${AWS::AccountId}`) is `sm`'s ARN. `names`: its
 * name is `sm`'s StateMachineName (the same text), or `${Sm.Name}`; false when it is another name, or a literal name
 * while CloudFormation generates `sm`'s (no StateMachineName). Then `wrong` when its partition, region or account is
 * not the stack's (a literal other than the stack's known one, or `${AWS::Region}` left as written by a plain string
 * or an Fn::Join piece: only the pseudo parameter placed by Fn::Sub / Fn::Join, `pseudoMark`, is the stack's), `open` when that is decided at deploy time (a literal while the stack's is
 * not known: a template checked alone). Undefined when the value is not such an ARN, or its name or `sm`'s is
 * decided at deploy time: the dimension is judged as before.
 */
function stateMachineArn(index: TemplateIndex, v: Val, sm: CfnResource): { names: boolean } & Fit | undefined {
  const arn = arnParts(v);
  if (!arn) return undefined;
  const shown = V.show(v);
  if (arn.name !== refMark(sm.logicalId, 'Name')) {
    const own = index.prop(sm, 'StateMachineName');
    if (own.k === 'absent') {
      return arn.name.includes('${') ? undefined : { names: false, wrong: `dimension StateMachineArn (${shown}) names state machine ${arn.name}; CloudFormation generates the name of ${sm.logicalId} (it sets no StateMachineName), so no ARN written out names it: use !Ref ${sm.logicalId}` };
    }
    if (own.k !== 'lit' && own.k !== 'expr') return undefined;
    if (arn.name !== valueText(own)) {
      return arn.name.includes('${') || own.k === 'expr' ? undefined : { names: false, wrong: `dimension StateMachineArn (${shown}) names state machine ${arn.name}, not ${sm.logicalId} (${valueText(own)})` };
    }
  }
  const parts: [string, string, string][] = [['region', arn.region, 'AWS::Region'], ['account', arn.account, 'AWS::AccountId'], ['partition', arn.partition, 'AWS::Partition']];
  let open: string | undefined;
  for (const [what, part, pseudo] of parts) {
    const mine = index.value({ Ref: pseudo });
    const mineText = mine.k === 'lit' ? V.str(mine) : undefined;
    if (part === pseudoMark(pseudo)) continue;
    if (part === `\${${pseudo}}`) {
      return { names: true, wrong: `dimension StateMachineArn (${shown}) keeps \${${pseudo}} as written (a plain string or an Fn::Join piece; only Fn::Sub places it): it is no ARN of ${sm.logicalId}` };
    } else if (part.includes('${') || mineText === undefined) {
      open ??= `whether the ${what} ${part} of dimension StateMachineArn (${shown}) is this stack's ${what} (${mineText ?? 'decided at deploy time'}), where ${sm.logicalId} runs, is not known`;
    } else if (part !== mineText) {
      return { names: true, wrong: `dimension StateMachineArn (${shown}) is in ${what} ${part}, not this stack's ${what} ${mineText}: ${sm.logicalId} publishes its metrics under its own ARN, so the alarm gets no data of it` };
    }
  }
  return open !== undefined ? { names: true, open } : { names: true };
}

/**
 * Whether a metric's dimensions name one of the given resources (by
 * reference or by the name the template gives it): `true`, `false`, or
 * `undefined` when no dimension does but one is decided at deploy time (it
 * may). This finds the candidate alarms of a resource; whether the metric is
 * published with those dimensions (so the alarm gets data) is `metricFit`.
 * @internal
 */
export function metricOn(index: TemplateIndex, m: MetricRef, targets: CfnResource[]): boolean | undefined {
  if (m.dims.some((d) => targets.some((t) => dimOn(index, d, t)))) return true;
  return m.dimsOpen !== undefined || m.dims.some((d) => d.open !== undefined) ? undefined : false;
}

/** Why some part of a metric (namespace, name, statistic, a dimension) is decided at deploy time, if one is. @internal */
export function metricOpen(m: MetricRef): string | undefined {
  return m.open ?? m.dims.find((d) => d.open !== undefined)?.open;
}

/** A metric matcher: namespace and one of the metric names. @internal */
export interface MetricKind {
  readonly namespace: string;
  readonly names: string[];
}

/** Whether a metric is of a kind: `true`, `false`, or `undefined` when its namespace or name is decided at deploy time. @internal */
export function isKind(m: MetricRef, kind: MetricKind): boolean | undefined {
  const ns = m.namespace === kind.namespace;
  const name = m.name !== undefined && kind.names.includes(m.name);
  if (ns && name) return true;
  if (m.kindOpen === undefined) return false;
  // One of them is decided at deploy time: it may be this kind when the other one matches (or is open too).
  return (ns || m.namespace === undefined) && (name || m.name === undefined) ? undefined : false;
}

/**
 * Whether a metric is of a kind and on one of the targets: `true`, `false`,
 * or `undefined` when that depends on a value decided at deploy time.
 * @internal
 */
export function watchesKind(index: TemplateIndex, m: MetricRef, kind: MetricKind, targets: CfnResource[]): boolean | undefined {
  const k = isKind(m, kind);
  if (k === false) return false;
  const on = metricOn(index, m, targets);
  if (on === false) return false;
  return k === true && on === true ? true : undefined;
}

// ---------------------------------------------------------------- dimensions CloudWatch publishes

/** How a metric dimension names a resource: its types, the attribute CloudWatch publishes under it (undefined: what `Ref` returns), and the form to write. */
interface Naming {
  readonly types: string[];
  readonly attr?: string;
  /** Another attribute that returns the same value (a state machine's `Arn`, which `Ref` returns too). */
  readonly sameAttr?: string;
  readonly form: string;
}

const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const ECS_SERVICE = 'AWS::ECS::Service';
const ECS_CLUSTER = 'AWS::ECS::Cluster';
const LAMBDA_FUNCTION = 'AWS::Lambda::Function';
const LAMBDA_VERSION = 'AWS::Lambda::Version';
const REST_STAGE = 'AWS::ApiGateway::Stage';
const REST_DEPLOYMENT = 'AWS::ApiGateway::Deployment';
const HTTP_API = 'AWS::ApiGatewayV2::Api';
const HTTP_STAGE = 'AWS::ApiGatewayV2::Stage';
const CACHE_CLUSTER = 'AWS::ElastiCache::CacheCluster';
const SERVERLESS_CACHE = 'AWS::ElastiCache::ServerlessCache';
const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';
const USER_POOL = 'AWS::Cognito::UserPool';

/** How the database namespaces name an instance and a cluster (each service's own types: `!Ref`, the identifier). */
function dbNaming(instance: string, cluster: string): Record<string, Naming> {
  return {
    DBInstanceIdentifier: { types: [instance], form: '!Ref <DBInstance> (the instance identifier; its endpoint and ARN name nothing)' },
    DBClusterIdentifier: { types: [cluster], form: '!Ref <DBCluster> (the cluster identifier; its endpoints and ARN name nothing)' },
  };
}

/**
 * The namespace each database type publishes its instance metrics (CPU, freeable memory, connections) in: AWS/RDS,
 * AWS/DocDB (DocumentDB), AWS/Neptune; an OpenSearch Service or Elasticsearch domain publishes its node metrics (CPU,
 * JVM memory pressure, free storage) in AWS/ES. A metric of another namespace naming the database has no data of it.
 * @internal
 */
export const DB_NAMESPACE: Readonly<Record<string, string>> = {
  [DB_INSTANCE]: 'AWS/RDS', [DB_CLUSTER]: 'AWS/RDS',
  [DOCDB_INSTANCE]: 'AWS/DocDB', [DOCDB_CLUSTER]: 'AWS/DocDB',
  [NEPTUNE_INSTANCE]: 'AWS/Neptune', [NEPTUNE_CLUSTER]: 'AWS/Neptune',
  ...Object.fromEntries(OPENSEARCH_TYPES.map((t) => [t, 'AWS/ES'])),
};

const ELB_NAMING: Record<string, Naming> = {
  LoadBalancer: { types: [LOAD_BALANCER], attr: 'LoadBalancerFullName', form: '!GetAtt <LoadBalancer>.LoadBalancerFullName (app/name/id; !Ref gives the ARN)' },
  TargetGroup: { types: [TARGET_GROUP], attr: 'TargetGroupFullName', form: '!GetAtt <TargetGroup>.TargetGroupFullName (targetgroup/name/id; !Ref gives the ARN)' },
};

/** AWS/ECS, and Container Insights (ECS/ContainerInsights), name a service by its name within its cluster's name. */
const ECS_NAMING: Record<string, Naming> = {
  ClusterName: { types: [ECS_CLUSTER], form: '!Ref <Cluster> (the cluster name)' },
  ServiceName: { types: [ECS_SERVICE], attr: 'Name', form: '!GetAtt <Service>.Name (!Ref gives the ARN)' },
};

/**
 * The dimensions whose values name resources, per namespace (only the namespaces whose dimension rules the checks
 * know). The alarm readers judge a metric by it where they know its dimension sets (`PUBLISHED`, `metricFit`); the
 * dashboard readers judge every row of these namespaces by it (`dimensionNames`).
 */
const NAMING: Record<string, Record<string, Naming>> = {
  'AWS/ECS': ECS_NAMING,
  'ECS/ContainerInsights': ECS_NAMING,
  'AWS/ApplicationELB': ELB_NAMING,
  'AWS/NetworkELB': ELB_NAMING,
  'AWS/Lambda': {
    FunctionName: { types: [LAMBDA_FUNCTION], form: '!Ref <Function> (the function name; !GetAtt <Function>.Arn and !Ref <Alias> are ARNs)' },
    Resource: { types: [LAMBDA_FUNCTION], form: "<function name>:<alias> (!Sub '${Function}:live'; !Ref <Alias> is the alias ARN)" },
    ExecutedVersion: { types: [LAMBDA_VERSION], attr: 'Version', form: '!GetAtt <Version>.Version (the version number; !Ref <Version> is its ARN)' },
  },
  'AWS/RDS': dbNaming(DB_INSTANCE, DB_CLUSTER),
  'AWS/DocDB': dbNaming(DOCDB_INSTANCE, DOCDB_CLUSTER),
  'AWS/Neptune': { ...dbNaming(NEPTUNE_INSTANCE, NEPTUNE_CLUSTER), EngineName: { types: [], form: 'neptune, the engine name of every Neptune instance' } },
  // OpenSearch Service and legacy Elasticsearch domains both publish in AWS/ES, by domain name and account.
  'AWS/ES': {
    DomainName: { types: OPENSEARCH_TYPES, form: '!Ref <Domain> (the domain name; its Arn, DomainArn, Id and endpoints name nothing)' },
    ClientId: { types: [], form: 'the account id of the domain, !Ref AWS::AccountId' },
    NodeId: { types: [], form: 'the id of one node, given by the service' },
  },
  'AWS/ApiGateway': {
    ApiName: { types: [], form: 'the REST API\'s name, its Name (!Ref <RestApi> is its id)' },
    ApiId: { types: [HTTP_API], form: '!Ref <Api> (the HTTP API\'s id)' },
    Stage: { types: [REST_STAGE, HTTP_STAGE], form: 'the stage name (!Ref <Stage>)' },
    Method: { types: [], form: 'an HTTP method' },
    Resource: { types: [], form: 'a resource path or route' },
  },
  'AWS/States': {
    StateMachineArn: { types: [STATE_MACHINE], sameAttr: 'Arn', form: '!Ref <StateMachine> (its ARN; !GetAtt <StateMachine>.Name is its name)' },
  },
  'AWS/ElastiCache': {
    CacheClusterId: { types: [CACHE_CLUSTER], form: "a member cache cluster id, <replication group id>-001 (!Sub '${Group}-001'; !Ref <ReplicationGroup> is the group id)" },
    CacheNodeId: { types: [], form: 'a node id such as 0001' },
    // A serverless cache publishes per cache, under its name (what !Ref returns).
    clusterId: { types: [SERVERLESS_CACHE], form: '!Ref <ServerlessCache> (the cache name; its Arn and endpoint name nothing)' },
  },
  // A user pool by its id (!Ref), its app clients by their ids: sign-ins per UserPool + UserPoolClient, risk per UserPoolId.
  'AWS/Cognito': {
    UserPool: { types: [USER_POOL], form: '!Ref <UserPool> (the pool id; its Arn and ProviderName name nothing)' },
    UserPoolId: { types: [USER_POOL], form: '!Ref <UserPool> (the pool id; its Arn and ProviderName name nothing)' },
    UserPoolClient: { types: ['AWS::Cognito::UserPoolClient'], form: '!Ref <UserPoolClient> (the app client id)' },
  },
};

const ECS_SETS = [['ClusterName'], ['ClusterName', 'ServiceName']];
const LB_SETS = [['LoadBalancer'], ['AvailabilityZone', 'LoadBalancer'], ['LoadBalancer', 'TargetGroup'], ['AvailabilityZone', 'LoadBalancer', 'TargetGroup']];
const ELB_ONLY_SETS = [['LoadBalancer'], ['AvailabilityZone', 'LoadBalancer']];
const TARGET_SETS = [['LoadBalancer', 'TargetGroup'], ['AvailabilityZone', 'LoadBalancer', 'TargetGroup']];
/** AWS/Lambda: the function, one of its aliases or versions (Resource `name:qualifier`), and the version an alias ran (ExecutedVersion). */
const LAMBDA_SETS = [['FunctionName'], ['FunctionName', 'Resource'], ['ExecutedVersion', 'FunctionName', 'Resource']];
/** AWS/RDS: one instance, one cluster, or the instances of one role (WRITER / READER) of a cluster. */
const RDS_SETS = [['DBInstanceIdentifier'], ['DBClusterIdentifier'], ['DBClusterIdentifier', 'Role']];
/** AWS/Neptune: as AWS/RDS, and a cluster with its engine name (`DBClusterIdentifier` + `EngineName` neptune), the whole cluster. */
const NEPTUNE_SETS = [...RDS_SETS, ['DBClusterIdentifier', 'EngineName']];
/**
 * AWS/ES (OpenSearch Service, Elasticsearch): per domain (`ClientId`, the account, + `DomainName`: the data points of
 * every data node), or per node (+ `NodeId`). The "Monitoring OpenSearch cluster metrics with Amazon CloudWatch" page.
 */
const ES_SETS = [['ClientId', 'DomainName'], ['ClientId', 'DomainName', 'NodeId']];
/** AWS/ElastiCache host and engine metrics: per node (a member cache cluster, and its node 0001); there is no replication-group dimension. */
const CACHE_SETS = [['CacheClusterId'], ['CacheClusterId', 'CacheNodeId']];
/** AWS/ElastiCache of a serverless cache: per cache, `clusterId` (its name) alone. */
const SERVERLESS_CACHE_SETS = [['clusterId']];
/** AWS/States execution metrics: per state machine, by its ARN. */
const STATES_SETS = [['StateMachineArn']];

/**
 * The dimension sets AWS publishes a metric with (names sorted), for the
 * metrics whose dimensions the checks know: a metric read with any other set
 * has no data, so an alarm on it never fires. Metrics not listed here are
 * matched as before (a dimension naming the resource is enough).
 */
/** AWS/ApiGateway: a REST API by its name, an HTTP API by its id; one of its stages; a method of a stage (detailed metrics). */
const REST_API_SETS = [['ApiName'], ['ApiName', 'Stage'], ['ApiName', 'Method', 'Resource', 'Stage']];
const HTTP_API_SETS = [['ApiId'], ['ApiId', 'Stage'], ['ApiId', 'Method', 'Resource', 'Stage']];
const PUBLISHED: Record<string, string[][]> = {
  'AWS/ApiGateway 5XXError': REST_API_SETS,
  'AWS/ApiGateway 5xx': HTTP_API_SETS,
  'AWS/ApiGateway Count': [...REST_API_SETS, ...HTTP_API_SETS],
  'AWS/ApiGateway Latency': [...REST_API_SETS, ...HTTP_API_SETS],
  'AWS/ECS CPUUtilization': ECS_SETS,
  'AWS/ECS MemoryUtilization': ECS_SETS,
  'AWS/ApplicationELB TargetResponseTime': LB_SETS,
  'AWS/ApplicationELB RequestCount': LB_SETS,
  'AWS/ApplicationELB HTTPCode_Target_5XX_Count': LB_SETS,
  'AWS/ApplicationELB HTTPCode_ELB_5XX_Count': ELB_ONLY_SETS,
  'AWS/ApplicationELB UnHealthyHostCount': TARGET_SETS,
  'AWS/ApplicationELB HealthyHostCount': TARGET_SETS,
  'AWS/NetworkELB UnHealthyHostCount': TARGET_SETS,
  'AWS/NetworkELB HealthyHostCount': TARGET_SETS,
  'AWS/Lambda Errors': LAMBDA_SETS,
  'AWS/Lambda Invocations': LAMBDA_SETS,
  'AWS/Lambda Duration': LAMBDA_SETS,
  'AWS/RDS CPUUtilization': RDS_SETS,
  'AWS/RDS FreeableMemory': RDS_SETS,
  'AWS/RDS FreeStorageSpace': RDS_SETS,
  'AWS/RDS DatabaseConnections': RDS_SETS,
  // DocumentDB: per instance, per cluster, per role of a cluster (as RDS); Neptune publishes no DatabaseConnections.
  'AWS/DocDB CPUUtilization': RDS_SETS,
  'AWS/DocDB FreeableMemory': RDS_SETS,
  'AWS/DocDB DatabaseConnections': RDS_SETS,
  'AWS/Neptune CPUUtilization': NEPTUNE_SETS,
  'AWS/Neptune FreeableMemory': NEPTUNE_SETS,
  'AWS/ES CPUUtilization': ES_SETS,
  'AWS/ES JVMMemoryPressure': ES_SETS,
  'AWS/ES FreeStorageSpace': ES_SETS,
  'AWS/ElastiCache EngineCPUUtilization': CACHE_SETS,
  'AWS/ElastiCache DatabaseMemoryUsagePercentage': CACHE_SETS,
  // A serverless cache publishes under `clusterId` alone (ElastiCache, "Metrics and events for Valkey and Redis OSS
  // serverless caches"); a node-based cluster under CacheClusterId (+ CacheNodeId).
  'AWS/ElastiCache ElastiCacheProcessingUnits': SERVERLESS_CACHE_SETS,
  'AWS/ElastiCache BytesUsedForCache': [...CACHE_SETS, ...SERVERLESS_CACHE_SETS],
  'AWS/ElastiCache CurrConnections': [...CACHE_SETS, ...SERVERLESS_CACHE_SETS],
  'AWS/States ExecutionsStarted': STATES_SETS,
  'AWS/States ExecutionsFailed': STATES_SETS,
  'AWS/States ExecutionsTimedOut': STATES_SETS,
  'AWS/States ExecutionsAborted': STATES_SETS,
  'AWS/States ExecutionTime': STATES_SETS,
};

/**
 * Whether AWS publishes a metric under these dimension names: false when the checks know its dimension sets and
 * this is none of them (a reading gets no data), undefined when they do not know its sets.
 * @internal
 */
export function publishedUnder(namespace: string | undefined, name: string | undefined, dimNames: string[]): boolean | undefined {
  const sets = PUBLISHED[`${namespace} ${name}`];
  if (!sets) return undefined;
  const names = [...dimNames].sort();
  return sets.some((s) => s.length === names.length && s.every((n, i) => n === names[i]));
}

/** The unit AWS publishes a metric in: an alarm asking for another `Unit` gets no data. */
const PUBLISHED_UNIT: Record<string, string> = {
  'AWS/ApiGateway 5XXError': 'Count',
  'AWS/ApiGateway 5xx': 'Count',
  'AWS/ApiGateway Count': 'Count',
  'AWS/ApiGateway Latency': 'Milliseconds',
  'AWS/ECS CPUUtilization': 'Percent',
  'AWS/ECS MemoryUtilization': 'Percent',
  'AWS/RDS CPUUtilization': 'Percent',
  'AWS/RDS FreeableMemory': 'Bytes',
  'AWS/RDS FreeStorageSpace': 'Bytes',
  'AWS/RDS FreeLocalStorage': 'Bytes',
  'AWS/RDS DatabaseConnections': 'Count',
  'AWS/DocDB CPUUtilization': 'Percent',
  'AWS/DocDB FreeableMemory': 'Bytes',
  'AWS/DocDB DatabaseConnections': 'Count',
  'AWS/Neptune CPUUtilization': 'Percent',
  'AWS/Neptune FreeableMemory': 'Bytes',
  // FreeStorageSpace is in MiB ("The Amazon CloudWatch console displays it in MiB"), asked for as Megabytes.
  'AWS/ES CPUUtilization': 'Percent',
  'AWS/ES JVMMemoryPressure': 'Percent',
  'AWS/ES FreeStorageSpace': 'Megabytes',
  'AWS/ElastiCache EngineCPUUtilization': 'Percent',
  'AWS/ElastiCache DatabaseMemoryUsagePercentage': 'Percent',
  'AWS/ApplicationELB TargetResponseTime': 'Seconds',
  'AWS/ApplicationELB RequestCount': 'Count',
  'AWS/ApplicationELB HTTPCode_Target_5XX_Count': 'Count',
  'AWS/ApplicationELB HTTPCode_ELB_5XX_Count': 'Count',
  'AWS/ApplicationELB UnHealthyHostCount': 'Count',
  'AWS/NetworkELB UnHealthyHostCount': 'Count',
  'AWS/Lambda Duration': 'Milliseconds',
  'AWS/Lambda Errors': 'Count',
  'AWS/Lambda Invocations': 'Count',
  'AWS/Cognito SignInSuccesses': 'Count',
  'AWS/Cognito TokenRefreshSuccesses': 'Count',
  'AWS/Cognito FederationSuccesses': 'Count',
  'AWS/States ExecutionsStarted': 'Count',
  'AWS/States ExecutionsFailed': 'Count',
  'AWS/States ExecutionsTimedOut': 'Count',
  'AWS/States ExecutionsAborted': 'Count',
  'AWS/States ExecutionTime': 'Milliseconds',
};

/** What a dimension value names: a resource, a name to compare (a literal or an open parameter), or nothing (with why), or not known. */
type Named = { res: CfnResource } | { name: Val } | { wrong: string } | { open: string };

/** The load balancer whose ARN a listener is on (`LoadBalancerArn`), if the template has it. */
function listenerBalancer(index: TemplateIndex, listener: CfnResource): CfnResource | undefined {
  const v = index.prop(listener, 'LoadBalancerArn');
  return v.k === 'ref' && v.target.type === LOAD_BALANCER ? v.target : undefined;
}

/** What a dimension value names under `naming`. */
function namedBy(index: TemplateIndex, d: Dim, naming: Naming): Named {
  const v = d.value;
  const shown = V.show(v);
  if (v.k === 'unknown') return OPEN_PARAMETER.test(v.why) ? { name: v } : { open: `dimension ${d.name} is decided at deploy time (${v.why})` };
  if (v.k === 'lit' || v.k === 'secret') return { name: v };
  if (v.k === 'absent') return { wrong: `dimension ${d.name} has no value` };
  let target: CfnResource | undefined;
  let attr: string | undefined;
  if (v.k === 'ref') {
    target = v.target;
    attr = v.attr;
  } else {
    // Sub / Join text: `${X}` / `${X.Attr}` alone (as the index places it, `refMark`) is the reference itself; the
    // CDK writes a load balancer's full name as the last three parts of a
    // listener (or balancer) ARN split on '/', and a target group's as the
    // sixth part of its ARN split on ':'.
    const one = /^\$\{\u0005([^.}]+)(?:\.([^}]+))?\}$/.exec(v.text);
    const lbName = /^\$\{\u0005([^.}]+)\.split\("\/"\)\[1\]\}\/\$\{\u0005\1\.split\("\/"\)\[2\]\}\/\$\{\u0005\1\.split\("\/"\)\[3\]\}$/.exec(v.text);
    const tgName = /^\$\{\u0005([^.}]+)\.split\(":"\)\[5\]\}$/.exec(v.text);
    if (one) {
      target = index.get(one[1]);
      attr = one[2];
    } else if (lbName && naming.attr === 'LoadBalancerFullName') {
      const r = index.get(lbName[1]);
      const lb = r?.type === LOAD_BALANCER ? r : r?.type === LISTENER ? listenerBalancer(index, r) : undefined;
      if (lb) return { res: lb };
    } else if (tgName && naming.attr === 'TargetGroupFullName') {
      const r = index.get(tgName[1]);
      if (r?.type === TARGET_GROUP) return { res: r };
    }
    if (!target) {
      if (v.refs.length === 0) return { name: v };
      return { open: `whether dimension ${d.name} (${shown}) is what CloudWatch publishes, ${naming.form}, is not known` };
    }
  }
  if (!naming.types.includes(target.type)) {
    return { wrong: `dimension ${d.name} is ${shown}, a ${target.type}; CloudWatch names it by ${naming.form}` };
  }
  if (attr !== naming.attr && (naming.sameAttr === undefined || attr !== naming.sameAttr)) {
    return { wrong: `dimension ${d.name} is ${shown}, not what CloudWatch publishes under ${d.name}: ${naming.form}` };
  }
  return { res: target };
}

/**
 * The REST APIs of the template (in this world) whose given name (`givenName`) may be `name`: those under its
 * `nameKey`, in the template's order, each with its name. A superset: the caller compares with `sameName` (a name
 * without a key is the same as no other). Indexed once per run (per combination of the choices read, `settled`),
 * instead of every REST API's name read again for each API judged.
 */
function restApisNamed(index: TemplateIndex, name: Val): readonly { api: CfnResource; name: Val }[] {
  const key = nameKey('ApiName', name);
  if (key === undefined) return [];
  return settled(index, 'rest-apis-by-name', () => {
    const out = new Map<string, { api: CfnResource; name: Val }[]>();
    for (const api of index.ofType(REST_API)) {
      const n = givenName(index, api);
      const k = n && nameKey('ApiName', n.value);
      if (k === undefined) continue;
      let list = out.get(k);
      if (!list) out.set(k, (list = []));
      list.push({ api, name: n!.value });
    }
    return out;
  }).get(key) ?? [];
}

/**
 * The stages of an API Gateway REST or HTTP API in the template (those whose `RestApiId` / `ApiId` references it),
 * and the names they are given (`StageName`; a REST deployment's `StageName` makes a stage too).
 * @internal
 */
export function apiStages(index: TemplateIndex, api: CfnResource): { resources: CfnResource[]; names: Val[] } {
  // Asked for each alarm judged against the API (`metricFit`): read once per run (`settledFor`).
  return settledFor(index, 'api-stages', api, () => readApiStages(index, api));
}

function readApiStages(index: TemplateIndex, api: CfnResource): { resources: CfnResource[]; names: Val[] } {
  const rest = api.type === REST_API;
  const idProp = rest ? 'RestApiId' : 'ApiId';
  const ofApi = (type: string) => index.referrers(api, type).filter((r) => index.refsOf(index.prop(r, idProp)).has(api.logicalId));
  const resources = ofApi(rest ? REST_STAGE : HTTP_STAGE);
  const names = [...resources, ...(rest ? ofApi(REST_DEPLOYMENT) : [])].map((r) => index.prop(r, 'StageName')).filter((v) => v.k !== 'absent');
  return { resources, names };
}

/** Where each kind of invoker names the function it invokes, and (for a list) the field of each entry. */
const INVOKERS: Record<string, { prop: string; field?: string }> = {
  'AWS::Lambda::EventSourceMapping': { prop: 'FunctionName' },
  'AWS::Lambda::Permission': { prop: 'FunctionName' },
  'AWS::Lambda::Url': { prop: 'TargetFunctionArn' },
  'AWS::SNS::Subscription': { prop: 'Endpoint' },
  'AWS::Events::Rule': { prop: 'Targets', field: 'Arn' },
  'AWS::Scheduler::Schedule': { prop: 'Target.Arn' },
  // Its LogGroupName names the function too (`/aws/lambda/${Fn}`: the function's own logs), without invoking it.
  'AWS::Logs::SubscriptionFilter': { prop: 'DestinationArn' },
};

/** Whether `v` names `fn` itself, unqualified: `!Ref Fn`, `!GetAtt Fn.Arn`, or a Sub / Join of just that. */
function namesFunctionItself(v: Val, fn: CfnResource): boolean {
  if (v.k === 'ref') return v.target === fn;
  return v.k === 'expr' && (v.text === refMark(fn.logicalId) || v.text === refMark(fn.logicalId, 'Arn'));
}

/**
 * Types that invoke a function they name anywhere in their properties (an integration URI, a target, a trigger, a
 * task of a state machine definition), besides the invokers above whose property is read exactly.
 */
const NAMING_INVOKERS = new Set([
  'AWS::ApiGateway::Method', 'AWS::ApiGateway::Authorizer', 'AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Integration',
  'AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGatewayV2::Api', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::S3::Bucket',
  'AWS::AppSync::DataSource', 'AWS::Pipes::Pipe', 'AWS::IoT::TopicRule',
  'AWS::Cognito::UserPool', 'AWS::StepFunctions::StateMachine', 'AWS::SecretsManager::RotationSchedule',
  'AWS::SES::ReceiptRule', 'AWS::Config::ConfigRule', 'AWS::KinesisFirehose::DeliveryStream',
]);

/**
 * Types that name a function without invoking it: its aliases and versions, their settings, its log group, alarms and
 * dashboards on its metrics, the deployment group that shifts its alias, and custom resources (invoked by CloudFormation
 * at deploy time, not by the service's clients).
 */
const NOT_INVOKERS = new Set([
  'AWS::Lambda::Alias', LAMBDA_VERSION, 'AWS::Lambda::EventInvokeConfig', 'AWS::Logs::LogGroup', 'AWS::Logs::MetricFilter',
  'AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm', 'AWS::CloudWatch::Dashboard', 'AWS::CodeDeploy::DeploymentGroup',
  'AWS::CloudFormation::CustomResource', 'AWS::CloudFormation::WaitCondition',
]);

/**
 * How a value names `target` (a function, or an alias of it): `itself` where a reference is the target unqualified
 * (`!Ref T`, `!GetAtt T.Arn`, or `${T.Arn}` in a Sub / Join not followed by `:` and a qualifier); `qualifiers`, the
 * qualifiers written after it (`${T.Arn}:live`; `?` where the qualifier is decided at deploy time). Nothing where no
 * readable reference names it (a reference inside a value decided at deploy time is not readable: the callers ask
 * `refsIn` for those). The current world's values are read.
 */
function namingOf(index: TemplateIndex, v: Val, target: CfnResource): { itself: boolean; qualifiers: Set<string> } {
  const qualifiers = new Set<string>();
  const stack: Val[] = [v];
  let budget = 100000;
  while (stack.length > 0 && budget-- > 0) {
    const x = stack.pop()!;
    if (x.k === 'ref') {
      if (x.target === target && (x.attr === undefined || x.attr === 'Arn')) return { itself: true, qualifiers };
    } else if (x.k === 'expr') {
      if (!x.refs.includes(target)) continue;
      for (const mark of [refMark(target.logicalId), refMark(target.logicalId, 'Arn')]) {
        for (let at = x.text.indexOf(mark); at >= 0; at = x.text.indexOf(mark, at + 1)) {
          const after = at + mark.length;
          if (x.text[after] !== ':') return { itself: true, qualifiers };
          const q = /^[A-Za-z0-9_$-]*/.exec(x.text.slice(after + 1))![0];
          qualifiers.add(x.text.startsWith('${', after + 1 + q.length) || q === '' ? '?' : q);
        }
      }
    } else if (x.k === 'lit') {
      const children = index.items(x) ?? index.keys(x)?.map(([, c]) => c) ?? [];
      for (const c of children) stack.push(c);
    }
  }
  return { itself: false, qualifiers };
}

/** One resource the template shows calling a function outside the alias an alarm watches (or the aliases CodeDeploy releases), and how. @internal */
export interface Caller {
  readonly res: CfnResource;
  /** The alias or qualifier it calls instead, when it calls one (undefined: the function itself). */
  readonly through?: string;
}

/**
 * The resources that reference `target` (the function, or one of its other aliases) and call it outside the
 * qualifiers `inside` admits (true: inside, false: outside, undefined: not known): `invokers` do (an invoking type
 * naming the target itself, or the function with a qualifier outside); `maybe` may (another type naming it so, a
 * qualifier not known to be inside or out, or a reference inside a value decided at deploy time).
 * `sure`: whether a call of the target itself is outside (false for an alias whose name is decided at deploy time:
 * it may be the watched one).
 */
function callersOf(index: TemplateIndex, target: CfnResource, inside: (qualifier: string) => boolean | undefined, through: string | undefined, sure: boolean): { invokers: Caller[]; maybe: Caller[] } {
  const invokers: Caller[] = [];
  const maybe: Caller[] = [];
  const other = (n: { qualifiers: Set<string> }) => [...n.qualifiers].find((q) => inside(q) !== true);
  for (const r of index.referrers(target)) {
    if (NOT_INVOKERS.has(r.type) || r.type.startsWith('Custom::')) continue;
    // A grant is not a call: the CDK's grantInvoke() allows the function and every qualifier of it to each role it
    // wires (a deployment hook's, a state machine's), and what calls it names it where the template shows the call.
    if (IAM_POLICY_TYPES.includes(r.type)) continue;
    const by = INVOKERS[r.type];
    if (r.type === 'AWS::Lambda::Url') {
      // A URL on the function with a Qualifier calls that alias or version.
      const q = index.prop(r, 'Qualifier');
      if (q.k !== 'absent' && target.type === LAMBDA_FUNCTION) {
        const name = valueText(q);
        const outside = name === undefined ? undefined : inside(name);
        if (outside === undefined && name !== undefined) maybe.push({ res: r, through: name });
        else if (name === undefined) maybe.push({ res: r, through: '?' });
        else if (outside === false) invokers.push({ res: r, through: name });
        continue;
      }
    }
    const where = by ? by.prop : '';
    const v = index.prop(r, where);
    const named = by?.field ? (index.items(v) ?? []).map((e) => index.field(e, by.field!)) : [v];
    const namings = named.map((x) => namingOf(index, x, target));
    const itself = by ? named.some((x) => namesFunctionItself(x, target)) : namings.some((n) => n.itself);
    const calls = by !== undefined || NAMING_INVOKERS.has(r.type);
    const otherQ = target.type === LAMBDA_FUNCTION ? namings.map(other).find((q) => q !== undefined) : undefined;
    if (itself && calls) (sure ? invokers : maybe).push({ res: r, through });
    else if (otherQ !== undefined && otherQ !== '?' && inside(otherQ) === false && calls) invokers.push({ res: r, through: otherQ });
    // Named inside a longer text, with a qualifier decided at deploy time, or inside a value decided at deploy time.
    else if (namings.some((n) => n.itself) || otherQ !== undefined
      || (namings.every((n) => !n.itself && n.qualifiers.size === 0) && index.refsIn(r, where).has(target.logicalId))) maybe.push({ res: r, through: otherQ ?? through });
  }
  return { invokers, maybe };
}

/**
 * What the template shows invoking a function outside the alias the metric `m` watches (a `Resource` dimension
 * `<function>:<alias>`): those invocations are not in its data. `invokers`: resources that do (an event source
 * mapping, a permission or function URL, an EventBridge rule, schedule or SNS subscription targeting it, an API Gateway
 * integration or authorizer, a target group, a bucket notification, a log subscription, a state machine, a Cognito
 * trigger... naming the function unqualified, with another qualifier, or another alias of it). `maybe`: resources that
 * may (any other resource naming it so, or naming it inside a value decided at deploy time; the callers of an alias
 * whose name is decided at deploy time). Both empty when `m` watches the whole function. IAM policies are not read as
 * invokers (a grant is not a call; see the README's decisions), and callers outside the template cannot be seen.
 * @internal
 */
export function unwatchedInvokers(index: TemplateIndex, m: MetricRef, fn: CfnResource): { invokers: Caller[]; maybe: Caller[] } {
  const resource = m.dims.find((d) => d.name === 'Resource');
  if (fn.type !== LAMBDA_FUNCTION || !resource) return { invokers: [], maybe: [] };
  const text = dimText(resource).text;
  const watched = text === undefined || !text.includes(':') ? '' : text.slice(text.lastIndexOf(':') + 1);
  const inside = (q: string) => q === watched;
  const found = [callersOf(index, fn, inside, undefined, true)];
  for (const alias of aliasesOf(index, fn)) {
    const name = valueText(index.prop(alias, 'Name'));
    if (name === watched) continue;
    found.push(callersOf(index, alias, inside, name ?? `${alias.logicalId} (its name decided at deploy time)`, name !== undefined));
  }
  return { invokers: found.flatMap((f) => f.invokers), maybe: found.flatMap((f) => f.maybe) };
}

/**
 * What the template shows invoking a function outside the aliases `released` (those CodeDeploy shifts): `invokers`
 * surely do (a caller of the function itself, which runs `$LATEST`; of a qualifier or alias other than the released
 * ones), `maybe` may (as in `unwatchedInvokers`; and a qualifier that may be a released alias whose name is decided
 * at deploy time). IAM policies are not read as invokers, and callers outside the template cannot be seen.
 * @internal
 */
export function invokersOutside(index: TemplateIndex, fn: CfnResource, released: readonly CfnResource[]): { invokers: Caller[]; maybe: Caller[] } {
  const names = new Set<string>();
  let open = false;
  for (const a of released) {
    const name = valueText(index.prop(a, 'Name'));
    if (name === undefined) open = true;
    else names.add(name);
  }
  const inside = (q: string) => (names.has(q) ? true : open ? undefined : false);
  const found = [callersOf(index, fn, inside, undefined, true)];
  for (const alias of aliasesOf(index, fn)) {
    if (released.includes(alias)) continue;
    found.push(callersOf(index, alias, inside, valueText(index.prop(alias, 'Name')) ?? alias.logicalId, true));
  }
  return { invokers: found.flatMap((f) => f.invokers), maybe: found.flatMap((f) => f.maybe) };
}

/**
 * What an alarm on one availability zone (an `AvailabilityZone` dimension) leaves out, or undefined: a load balancer
 * and its target groups span two zones or more, and the other zones' requests (or targets) are not in its data.
 * Alarms zone by zone are not added up: the verdict is unknown, not a fail.
 */
function zoneOnly(metrics: MetricRef[]): string | undefined {
  const zoned = metrics.find((m) => m.dims.some((d) => d.name === 'AvailabilityZone'));
  if (!zoned) return undefined;
  const zone = zoned.dims.find((d) => d.name === 'AvailabilityZone')!;
  return `watches one availability zone (AvailabilityZone ${V.show(zone.value)}): what the other zones serve is not in its data, and alarms zone by zone are not added up (alarm without the AvailabilityZone dimension)`;
}

/**
 * What an alarm on a load balancer's metrics per target group (a `TargetGroup` dimension) leaves out, or undefined
 * when the target groups it names are every one the load balancer routes to (`routedTargetGroups`): the other target
 * groups' requests are not in its data. Unknown, with the target groups it watches (`parts`), which the rules add up
 * with the other alarms' (`PartsCover`).
 */
function targetGroupsOnly(index: TemplateIndex, metrics: MetricRef[], lb: CfnResource): Unwatched | undefined {
  const per = metrics.filter((m) => m.dims.some((d) => d.name === 'TargetGroup'));
  if (per.length === 0) return undefined;
  const watched = new Set<CfnResource>();
  for (const m of per) {
    const d = m.dims.find((x) => x.name === 'TargetGroup')!;
    const named = d.value.k === 'ref' ? [d.value.target] : d.value.k === 'expr' ? d.value.refs : [];
    const tg = named.find((r) => r.type === TARGET_GROUP);
    if (!tg) return { text: `watches target group ${V.show(d.value)} of the load balancer: whether it is every target group the load balancer routes to is not known`, open: true };
    watched.add(tg);
  }
  const routed = routedTargetGroups(index, lb);
  const others = routed.groups.filter((tg) => !watched.has(tg));
  if (others.length === 0 && routed.open === undefined) return undefined;
  const shown = [...watched].map((t) => t.logicalId).join(', ');
  return {
    text: others.length > 0
      ? `watches target group ${shown} of the load balancer, which also routes to ${others.map((t) => t.logicalId).join(', ')}: their requests are not in its data (alarm on the load balancer without the TargetGroup dimension, or on each of its target groups)`
      : `watches target group ${shown} of the load balancer: whether it is every target group the load balancer routes to is not known (${routed.open})`,
    open: true,
    parts: [...watched].map((t) => t.logicalId),
  };
}

/** What an alarm leaves out of its target (`unwatchedOf`). @internal */
export interface Unwatched {
  readonly text: string;
  /** The verdict is unknown (the template only shows what may escape the alarm), not a fail. */
  readonly open: boolean;
  /**
   * The alarm watches these parts of its target only (target groups of a load balancer by logical id, stages of
   * an API by name): alarms on the other parts may cover the rest (`PartsCover`).
   */
  readonly parts?: string[];
}

/** Every part of a target alarms may watch one by one: the target groups a load balancer routes to, the stages of an API. */
function partsOf(index: TemplateIndex, target: CfnResource): { keys: string[]; open?: string; what: string } {
  if (target.type === LOAD_BALANCER) {
    const routed = routedTargetGroups(index, target);
    return { keys: routed.groups.map((g) => g.logicalId), open: routed.open, what: 'target group the load balancer routes to' };
  }
  const stages = stageNames(index, target);
  return { keys: [...stages.names], open: stages.open, what: 'stage of the API' };
}

/** The names of an API's stages the template declares, and why one is decided at deploy time, if one is. */
function stageNames(index: TemplateIndex, api: CfnResource): { names: Set<string>; open?: string } {
  const names = new Set<string>();
  let open: string | undefined;
  for (const v of apiStages(index, api).names) {
    const t = valueText(v);
    if (t === undefined || t.includes('${')) open ??= v.k === 'unknown' ? v.why : 'a stage name is built at deploy time';
    else names.add(t);
  }
  return { names, open };
}

/**
 * Alarms on a target part by part (a load balancer's metrics per target group, an API's per stage), added up: each
 * would pass alone but for the parts it leaves out; together they pass when they watch every part (the target
 * groups the load balancer routes to, blue/green pairs included; every stage of the API). Otherwise each stays
 * unknown, naming what it leaves out.
 * @internal
 */
export class PartsCover {
  private readonly parts: { keys: string[]; label: string; unknown: Verdict }[] = [];

  /** One alarm that passes but for the parts it leaves out (`aside.parts` are those it watches): `unknown` is its verdict alone. */
  public add(view: AlarmView, aside: Unwatched, unknownAlone: Verdict): void {
    this.parts.push({ keys: aside.parts ?? [], label: label(view), unknown: unknownAlone });
  }

  public verdicts(index: TemplateIndex, target: CfnResource): Verdict[] {
    if (this.parts.length === 0) return [];
    const watched = new Set(this.parts.flatMap((p) => p.keys));
    const all = partsOf(index, target);
    if (all.open === undefined && all.keys.length > 0 && all.keys.every((k) => watched.has(k))) {
      const labels = this.parts.map((p) => p.label).join(', ');
      return [pass(undefined, labels, `alarms ${labels} together watch every ${all.what} (${all.keys.join(', ')})`)];
    }
    return this.parts.map((p) => p.unknown);
  }
}

/**
 * What an alarm on one stage of an API (a `Stage` dimension) leaves out, or undefined when that stage is the API's
 * only one: the other stages' requests are not in its data. Unknown (which stage serves production is not in the
 * template), with the stage it watches (`parts`), which the rules add up with the other alarms' (`PartsCover`).
 */
function stageOnly(index: TemplateIndex, metrics: MetricRef[], api: CfnResource): Unwatched | undefined {
  const staged = metrics.find((m) => m.dims.some((d) => d.name === 'Stage'));
  if (!staged) return undefined;
  const d = staged.dims.find((x) => x.name === 'Stage')!;
  const watched = d.value.k === 'ref' ? valueText(index.prop(d.value.target, 'StageName')) : valueText(d.value);
  const { names, open } = stageNames(index, api);
  if (watched === undefined || watched.includes('${')) {
    return names.size > 1 || open !== undefined ? { text: `watches stage ${V.show(d.value)} of the API: whether it is the only stage is not known`, open: true } : undefined;
  }
  const others = [...names].filter((n) => n !== watched);
  if (others.length > 0) {
    return { text: `watches stage ${watched} of the API, which also has stage${others.length === 1 ? '' : 's'} ${others.join(', ')}: their requests are not in its data (alarm on the API without the Stage dimension, or on each of its stages)`, open: true, parts: [watched] };
  }
  if (open !== undefined) return { text: `watches stage ${watched} of the API: whether it has other stages is not known (${open})`, open: true };
  return undefined;
}

/**
 * What an alarm on `metrics` leaves out of `target`'s requests, in words after "alarm X ", or undefined: the other
 * availability zones (an `AvailabilityZone` dimension, `zoneOnly`), a load balancer's other target groups (a
 * `TargetGroup` dimension, `targetGroupsOnly`), a function's invocations that do not go through the alias it watches
 * (`unwatchedInvokers`), or an API's routes other than the one method it watches (a `Method` and `Resource`
 * dimension: the detailed metrics of one route). `open` when the verdict is unknown rather than a fail (a zone, a
 * target group, what may invoke the function itself).
 * @internal
 */
export function unwatchedOf(index: TemplateIndex, metrics: MetricRef[], target: CfnResource): Unwatched | undefined {
  const zoned = zoneOnly(metrics);
  if (zoned) return { text: zoned, open: true };
  if (target.type === LOAD_BALANCER) return targetGroupsOnly(index, metrics, target);
  if (target.type === REST_API || target.type === HTTP_API) {
    const one = metrics.find((m) => m.dims.some((d) => d.name === 'Method' || d.name === 'Resource'));
    if (!one) return stageOnly(index, metrics, target);
    const shown = (name: string) => { const d = one.dims.find((x) => x.name === name); return d ? V.show(d.value) : '?'; };
    return { text: `watches one route of the API (Method ${shown('Method')}, Resource ${shown('Resource')}): the other routes' requests are not in its data (alarm on the API or its stage)`, open: false };
  }
  const found = metrics.map((m) => unwatchedInvokers(index, m, target));
  const named = (cs: Caller[]) => [...new Set(cs.map((c) => `${c.res.logicalId} (${c.res.type}${c.through === undefined ? '' : `, through ${c.through}`})`))];
  const invokers = named(found.flatMap((f) => f.invokers));
  if (invokers.length > 0) {
    return { text: `watches one alias of the function, but ${invokers.join(', ')} invoke${invokers.length === 1 ? 's' : ''} the function itself or another alias or version of it, not through the alias: those invocations are not in its data (alarm on FunctionName alone to watch every invocation)`, open: false };
  }
  const maybe = named(found.flatMap((f) => f.maybe));
  if (maybe.length === 0) return undefined;
  return { text: `watches one alias of the function, but ${maybe.join(', ')} may invoke the function itself or another alias or version of it, not through the alias (they name it, and the template does not say how they use it): whether invocations escape its data is not known (alarm on FunctionName alone to watch every invocation)`, open: true };
}

/** The ECS cluster a service runs in: the cluster resource, and the name values it may be given by. */
function serviceCluster(index: TemplateIndex, svc: CfnResource): { res?: CfnResource; names: Val[] } {
  const c = index.prop(svc, 'Cluster');
  if (c.k === 'absent') return { names: [{ k: 'lit', v: 'default' }] };
  const res = [...index.refsOf(c)].map((id) => index.get(id)).find((r) => r?.type === ECS_CLUSTER);
  if (!res) return { names: [c] };
  const given = index.prop(res, 'ClusterName');
  return { res, names: given.k === 'absent' ? [] : [given] };
}

/**
 * The load balancers whose listeners forward to a target group (empty when none does in the template), in the
 * template's order. Read from an index of every load balancer's target groups, built once per run (per combination
 * of the choices it read, `settled`), instead of every load balancer's listeners read again for each target group.
 */
function balancersOf(index: TemplateIndex, tg: CfnResource): readonly CfnResource[] {
  return settled(index, 'balancers-by-target-group', () => {
    const out = new Map<CfnResource, CfnResource[]>();
    for (const lb of index.ofType(LOAD_BALANCER)) {
      for (const t of new Set(listenersOf(index, lb).flatMap((l) => targetGroupsOfListener(index, l)))) {
        let list = out.get(t);
        if (!list) out.set(t, (list = []));
        list.push(lb);
      }
    }
    return out;
  }).get(tg) ?? [];
}

type Fit = { wrong?: string; open?: string };

/** The text of a literal or Sub/Join value, or why it is decided at deploy time. */
function dimText(d: Dim): { text?: string; open?: string } {
  const v = d.value;
  if (v.k === 'unknown') return { open: `dimension ${d.name} is decided at deploy time (${v.why})` };
  const t = valueText(v);
  return t === undefined ? {} : { text: t };
}

/**
 * A Lambda `Resource` dimension: `<function name>:<qualifier>`, where the
 * qualifier is an alias (the name an alias of the function has in the
 * template) or a version. The function part must be the function: `${Fn}`
 * (what `!Ref Fn` gives), or the literal name the template gives it. An
 * alias `!Ref Alias` is its ARN and names nothing; a version qualifier, the
 * bare function name, or an alias the template does not declare leave it
 * open.
 */
function lambdaResource(index: TemplateIndex, d: Dim, fn: CfnResource): Fit | undefined {
  const form = NAMING['AWS/Lambda'].Resource.form;
  const v = d.value;
  if (v.k === 'ref') {
    if (v.target === fn && v.attr === undefined) return { open: `whether Lambda publishes Resource ${V.show(v)} (the bare function name) for ${fn.logicalId} is not known: an alias is named ${form}` };
    return { wrong: `dimension Resource is ${V.show(v)}, not what CloudWatch publishes under Resource: ${form}` };
  }
  const t = dimText(d);
  if (t.open !== undefined) return { open: `whether dimension Resource names an alias of ${fn.logicalId} is not known: ${t.open}` };
  if (t.text === undefined) return { wrong: `dimension Resource is ${V.show(v)}, not what CloudWatch publishes under Resource: ${form}` };
  const cut = t.text.lastIndexOf(':');
  const head = cut < 0 ? t.text : t.text.slice(0, cut);
  const qualifier = cut < 0 ? undefined : t.text.slice(cut + 1);
  const ref = /^\$\{\u0005([^.}]+)(?:\.([^}]+))?\}$/.exec(head);
  if (ref) {
    const r = index.get(ref[1]);
    if (r !== fn) return { wrong: `dimension Resource names ${ref[1]}, not function ${fn.logicalId}` };
    if (ref[2] !== undefined) return { wrong: `dimension Resource is ${t.text}, built from ${ref[1]}.${ref[2]}: CloudWatch publishes under Resource ${form}` };
  } else if (/\$\{/.test(head)) {
    return { open: `whether dimension Resource (${t.text}) names function ${fn.logicalId} is not known` };
  } else {
    const own = givenName(index, fn);
    if (own === undefined || own.value.k === 'unknown') return { open: `whether dimension Resource (${t.text}) names function ${fn.logicalId} is not known` };
    if (!sameName({ k: 'lit', v: head }, own.value, false)) return { wrong: `dimension Resource (${t.text}) names function ${head}, not ${fn.logicalId} (${V.show(own.value)})` };
  }
  if (qualifier === undefined) return { open: `whether Lambda publishes Resource ${t.text} (the bare function name) for ${fn.logicalId} is not known: an alias is named ${form}` };
  if (/^(\d+|\$LATEST)$/.test(qualifier) || qualifier.includes('${')) {
    return { open: `dimension Resource ${t.text} names a version of ${fn.logicalId}: whether it is invoked by that qualifier (an alias's invocations are published under <name>:<alias>) is not known` };
  }
  const names = aliasesOf(index, fn).map((a) => index.prop(a, 'Name'));
  if (names.some((n) => n.k !== 'unknown' && valueText(n) === qualifier)) return undefined;
  const open = names.find((n): n is Extract<Val, { k: 'unknown' }> => n.k === 'unknown');
  if (open) return { open: `whether alias ${qualifier} of ${fn.logicalId} is in the template is not known: an alias name is decided at deploy time (${open.why})` };
  return { open: `dimension Resource ${t.text}: no alias of ${fn.logicalId} in the template is named ${qualifier}, so whether it is published is not known` };
}

/** A Lambda `ExecutedVersion` dimension: the `Version` attribute of a version of the function. */
function executedVersion(index: TemplateIndex, d: Dim, fn: CfnResource): Fit | undefined {
  const n = namedBy(index, d, NAMING['AWS/Lambda'].ExecutedVersion);
  if ('wrong' in n) return { wrong: n.wrong };
  if ('open' in n) return { open: n.open };
  if ('res' in n) {
    if (pointsAt(index.prop(n.res, 'FunctionName'), fn)) return undefined;
    const of = [...index.refsOf(index.prop(n.res, 'FunctionName'))][0];
    return { wrong: `dimension ExecutedVersion is a version of ${of ?? V.show(index.prop(n.res, 'FunctionName'))}, not of function ${fn.logicalId}` };
  }
  return { open: `whether version ${V.show(n.name)} (dimension ExecutedVersion) is one the alias runs is not known` };
}

/**
 * The member cache clusters of a replication group, as ElastiCache names
 * them: without cluster mode, `<group id>-001` to `-NNN` (NumCacheClusters,
 * or the replicas of its one node group + 1); with cluster mode (ClusterMode
 * enabled, more than one node group, or a `cluster-enabled` parameter
 * group), `<group id>-<shard>-NNN` for each node group (NodeGroupId, by
 * default 0001 to NumNodeGroups) and its replicas + 1. `open` when a value
 * that decides it is decided at deploy time or not in the template.
 */
function memberLayout(index: TemplateIndex, rg: CfnResource): { open: string } | { shards?: string[]; nodes: number; counts?: number[] } {
  const literal = (prop: string): number | undefined | { open: string } => {
    const v = index.prop(rg, prop);
    if (v.k === 'unknown') return { open: `${prop} of ${rg.logicalId} is decided at deploy time (${v.why})` };
    return V.num(v);
  };
  if (index.prop(rg, 'PrimaryClusterId').k !== 'absent') return { open: `${rg.logicalId} is built on an existing primary cache cluster (PrimaryClusterId), so the names of its members are not in the template` };
  const mode = index.prop(rg, 'ClusterMode');
  if (mode.k === 'unknown') return { open: `the cluster mode of ${rg.logicalId} is decided at deploy time (${mode.why})` };
  const groups = index.prop(rg, 'NodeGroupConfiguration');
  if (groups.k === 'unknown') return { open: `the node groups of ${rg.logicalId} are decided at deploy time (${groups.why})` };
  const configs = index.items(groups) ?? [];
  const numGroups = literal('NumNodeGroups');
  if (typeof numGroups === 'object') return numGroups;
  const params = index.prop(rg, 'CacheParameterGroupName');
  let clusterOn: boolean | undefined = false;
  if (params.k === 'ref' && params.target.type === 'AWS::ElastiCache::ParameterGroup') {
    const on = index.prop(params.target, 'Properties.cluster-enabled');
    clusterOn = on.k === 'unknown' ? undefined : V.str(on) === 'yes';
  } else if (params.k !== 'absent') {
    const name = params.k === 'lit' ? V.str(params) : undefined;
    clusterOn = name === undefined ? undefined : name.includes('.cluster.on') ? true : name.startsWith('default.') ? false : undefined;
  }
  const modeName = V.str(mode);
  if (modeName === 'compatible' || clusterOn === undefined) return { open: `whether ${rg.logicalId} runs in cluster mode is not known (${modeName === 'compatible' ? 'ClusterMode compatible' : `parameter group ${V.show(params)}`})` };
  const sharded = modeName === 'enabled' || clusterOn || (numGroups ?? 1) > 1 || configs.length > 1;
  const replicas = literal('ReplicasPerNodeGroup');
  if (typeof replicas === 'object') return replicas;
  if (!sharded) {
    const count = literal('NumCacheClusters');
    if (typeof count === 'object') return count;
    const one = configs[0] ? V.num(index.field(configs[0], 'ReplicaCount')) : undefined;
    const nodes = count ?? (replicas !== undefined ? replicas + 1 : one !== undefined ? one + 1 : undefined);
    return nodes === undefined ? { open: `the number of member cache clusters of ${rg.logicalId} is not in the template` } : { nodes };
  }
  if (configs.length > 0) {
    const ids = configs.map((c, i) => {
      const id = index.field(c, 'NodeGroupId');
      return id.k === 'absent' ? String(i + 1).padStart(4, '0') : V.str(id);
    });
    const counts = configs.map((c) => V.num(index.field(c, 'ReplicaCount')) ?? replicas);
    if (ids.some((x) => x === undefined) || counts.some((x) => x === undefined)) return { open: `the node groups of ${rg.logicalId} are not all known at synth` };
    return { shards: ids as string[], nodes: Math.max(...(counts as number[])) + 1, counts: (counts as number[]).map((c) => c + 1) };
  }
  if (numGroups === undefined || replicas === undefined) return { open: `the number of node groups or replicas of ${rg.logicalId} is not in the template` };
  return { shards: Array.from({ length: numGroups }, (_, i) => String(i + 1).padStart(4, '0')), nodes: replicas + 1 };
}

/**
 * The member cache clusters of a replication group, by the suffix of their ids (`-001`, or `-0001-001` in cluster
 * mode), or why they are not known at synth.
 * @internal
 */
export function cacheMembers(index: TemplateIndex, rg: CfnResource): { members: string[] } | { open: string } {
  const layout = memberLayout(index, rg);
  if ('open' in layout) return layout;
  const nodes = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1).padStart(3, '0'));
  if (layout.shards === undefined) return { members: nodes(layout.nodes).map((n) => `-${n}`) };
  return { members: layout.shards.flatMap((s, i) => nodes(layout.counts?.[i] ?? layout.nodes).map((n) => `-${s}-${n}`)) };
}

/** The member a metric's `CacheClusterId` names, by the suffix of its id (`-002`, `-0001-002`), when its text shows it. @internal */
export function cacheMemberOf(m: MetricRef): string | undefined {
  const d = m.dims.find((x) => x.name === 'CacheClusterId');
  const t = d ? dimText(d).text : undefined;
  const member = t === undefined ? undefined : memberName(t);
  return member ? `-${member.shard !== undefined ? `${member.shard}-` : ''}${member.node}` : undefined;
}

/**
 * An ElastiCache `CacheClusterId` dimension for a replication group: one of
 * its member cache clusters (`memberLayout`), `<group id>-NNN` (or
 * `<group id>-NNNN-NNN` in cluster mode), the group id written `${Group}` or
 * as the literal ReplicationGroupId the template gives it; or its
 * PrimaryClusterId cache cluster. The group id alone, or an endpoint,
 * names no cache cluster.
 */
function cacheMember(index: TemplateIndex, d: Dim, rg: CfnResource): Fit | undefined {
  const form = NAMING['AWS/ElastiCache'].CacheClusterId.form;
  const v = d.value;
  if (v.k === 'ref') {
    if (v.target === rg && v.attr === undefined) return { wrong: `dimension CacheClusterId is ${V.show(v)}, the replication group id: CloudWatch publishes per member cache cluster, ${form}` };
    if (v.target.type === CACHE_CLUSTER && v.attr === undefined) {
      return pointsAt(index.prop(rg, 'PrimaryClusterId'), v.target) ? undefined : { wrong: `dimension CacheClusterId names ${v.target.logicalId}, not a member of ${rg.logicalId}` };
    }
    return { wrong: `dimension CacheClusterId is ${V.show(v)}, not what CloudWatch publishes under CacheClusterId: ${form}` };
  }
  const t = dimText(d);
  if (t.open !== undefined) return { open: `whether dimension CacheClusterId names a member of ${rg.logicalId} is not known: ${t.open}` };
  const member = t.text === undefined ? undefined : memberName(t.text);
  if (!member) return t.text !== undefined && !t.text.includes('${') ? { open: `whether dimension CacheClusterId (${t.text}) names a member of ${rg.logicalId} is not known` } : { wrong: `dimension CacheClusterId is ${V.show(v)}, not what CloudWatch publishes under CacheClusterId: ${form}` };
  const ref = /^\$\{\u0005([^.}]+)(?:\.([^}]+))?\}$/.exec(member.group);
  if (ref) {
    if (index.get(ref[1]) !== rg) return { wrong: `dimension CacheClusterId names a member of ${ref[1]}, not of ${rg.logicalId}` };
    if (ref[2] !== undefined) return { wrong: `dimension CacheClusterId is ${t.text}, built from ${ref[1]}.${ref[2]}: CloudWatch publishes ${form}` };
  } else {
    const own = givenName(index, rg);
    if (member.group.includes('${') || own === undefined || own.value.k === 'unknown') return { open: `whether dimension CacheClusterId (${t.text}) names a member of ${rg.logicalId} is not known` };
    if (!sameName({ k: 'lit', v: member.group }, own.value, true)) return { wrong: `dimension CacheClusterId (${t.text}) names a member of ${member.group}, not of ${rg.logicalId} (${V.show(own.value)})` };
  }
  const layout = memberLayout(index, rg);
  const name = `-${member.shard !== undefined ? `${member.shard}-` : ''}${member.node}`;
  if ('open' in layout) return { open: `whether member ${name} of ${rg.logicalId} exists is not known: ${layout.open}` };
  const last = `-${String(layout.nodes).padStart(3, '0')}`;
  if ((layout.shards !== undefined) !== (member.shard !== undefined)) {
    return { wrong: `${rg.logicalId} ${layout.shards ? 'runs in cluster mode: its members are named <group id>-NNNN-NNN' : 'has no shards: its members are named <group id>-NNN'}; ${name} does not exist` };
  }
  const node = Number(member.node);
  if (layout.shards !== undefined && !layout.shards.includes(member.shard!)) {
    return { wrong: `${rg.logicalId} has node groups ${layout.shards.join(', ')}: ${name} does not exist` };
  }
  if (node < 1 || node > layout.nodes) {
    return { wrong: `${rg.logicalId} has ${layout.nodes} member cache cluster${layout.nodes === 1 ? '' : 's'}${layout.shards ? ' per node group' : ''} (-001 to ${last}): ${name} does not exist` };
  }
  return undefined;
}

/** An ElastiCache `CacheNodeId` dimension: a node id (`0001`). */
function cacheNode(d: Dim): Fit | undefined {
  const v = d.value;
  if (v.k === 'unknown') return { open: `dimension CacheNodeId is decided at deploy time (${v.why})` };
  if (v.k === 'lit' && /^\d{4}$/.test(V.show(v))) return undefined;
  return { wrong: `dimension CacheNodeId is ${V.show(v)}: CloudWatch publishes the node id, such as 0001` };
}

/** The RDS cluster roles CloudWatch aggregates instances by (`DBClusterIdentifier` + `Role`). */
const RDS_ROLES = ['WRITER', 'READER'];

/** An RDS `Role` dimension: WRITER or READER. */
function rdsRole(d: Dim): Fit & { role?: string } {
  const v = d.value;
  if (v.k === 'unknown') return { open: `dimension Role is decided at deploy time (${v.why})` };
  const r = v.k === 'lit' ? V.show(v) : undefined;
  return r !== undefined && RDS_ROLES.includes(r) ? { role: r } : { wrong: `dimension Role is ${V.show(v)}: AWS publishes ${RDS_ROLES.join(' or ')}` };
}

/** A Neptune `EngineName` dimension: AWS publishes `neptune`, the engine name of every Neptune instance. */
function engineName(d: Dim): Fit | undefined {
  const v = d.value;
  if (v.k === 'unknown') return { open: `dimension EngineName is decided at deploy time (${v.why})` };
  return v.k === 'lit' && V.show(v) === 'neptune' ? undefined : { wrong: `dimension EngineName is ${V.show(v)}: AWS publishes neptune` };
}

/**
 * Whether a metric read in the account an alarm entry names (`AccountId`, a cross-account alarm) can be `target`'s:
 * CloudWatch reads it in that account, and the stack's resources publish theirs in the stack's account. Undefined
 * (no objection) without an AccountId, or with the stack's own (`!Ref AWS::AccountId`, or the same literal as the
 * account the checks are told); `wrong` for a literal other account when the stack's account is known; `open` when
 * either is decided at deploy time.
 * @internal
 */
export function accountFit(index: TemplateIndex, m: MetricRef, target: CfnResource): { wrong?: string; open?: string; property: string } | undefined {
  const v = m.account;
  if (v.k === 'absent') return undefined;
  const acc = stackAccount(index, v);
  if (acc.same) return undefined;
  const metric = `metric ${m.id ?? '?'} (${m.namespace ?? '?'} ${m.name ?? '?'})`;
  if (v.k === 'unknown') return { open: `${metric} is read in the account its AccountId names, decided at deploy time (${v.why}): whether it is the account of this stack, where ${target.logicalId} publishes its metrics, is not known`, property: 'AccountId' };
  const what = `${metric} is read in account ${V.show(v)} (AccountId)`;
  if (acc.padded !== undefined) return { open: `${metric} has AccountId ${paddedAccount(valueText(v) ?? '', acc.padded, acc.mine)}`, property: 'AccountId' };
  if (acc.other !== undefined) return { wrong: `${what}, not this stack's account ${acc.other}: ${target.logicalId} publishes its metrics in ${acc.other}, so the alarm gets no data of it`, property: 'AccountId' };
  return { open: `${what}: whether it is the account of this stack (${acc.mine ?? 'decided at deploy time'}), where ${target.logicalId} publishes its metrics, is not known`, property: 'AccountId' };
}

/**
 * Whether a value is the stack's account id, by the rule dashboards read a graph's `accountId` text with
 * (`inStackAccount`, on the value's text; `!Ref AWS::AccountId` unresolved is the stack's account): `same` for the
 * stack's account (`!Ref AWS::AccountId`, `${AWS::AccountId}` placed by Fn::Sub, the literal the checks are told it
 * is); `other` (the stack's account) for another literal when the stack's is known; neither when that is decided at
 * deploy time (a parameter, a literal while the stack's account is not known: `mine` is the stack's account when
 * known), or not documented: an account with white space around it (`padded`, the text trimmed).
 * @internal
 */
export function stackAccount(index: TemplateIndex, v: Val): { same?: boolean; other?: string; mine?: string; padded?: string } {
  const mine = index.value({ Ref: 'AWS::AccountId' });
  const mineText = mine.k === 'lit' ? V.str(mine) : undefined;
  const text = v.k !== 'unknown' ? valueText(v) ?? null : mine.k === 'unknown' && v.why === mine.why ? pseudoMark('AWS::AccountId') : null;
  const here = inStackAccount(text, mineText);
  if (here === true) return { same: true };
  if (here === false && mineText !== undefined) return { other: mineText };
  return { ...(mineText !== undefined ? { mine: mineText } : {}), ...(padded(text) ? { padded: (text as string).trim() } : {}) };
}

/**
 * What a padded account (`stackAccount`'s `padded`) leaves undecided, for messages: `"<written>", with white space
 * around it: whether CloudWatch reads it as account <trimmed> (this stack's ...) is not documented`.
 * @internal
 */
export function paddedAccount(written: string, trimmed: string, mine: string | undefined): string {
  const whose = mine === undefined ? '' : trimmed === mine ? ' (this stack\'s account)' : ` (not this stack's account ${mine})`;
  return `${JSON.stringify(written)}, with white space around it: whether CloudWatch reads it as account ${trimmed}${whose} is not documented`;
}

/**
 * An AWS/ES `ClientId` dimension: the domain's account id (`!Ref AWS::AccountId`, or the stack's account written
 * out). Another account publishes no metric of the domain (`wrong`); a literal while the stack's account is not known,
 * or a value decided at deploy time, is `open`.
 */
function clientId(index: TemplateIndex, d: Dim, domain: CfnResource): Fit | undefined {
  const acc = stackAccount(index, d.value);
  if (acc.same) return undefined;
  const shown = V.show(d.value);
  if (acc.padded !== undefined) return { open: `dimension ClientId is ${paddedAccount(valueText(d.value) ?? '', acc.padded, acc.mine)}` };
  if (acc.other !== undefined) return { wrong: `dimension ClientId is account ${shown}, not this stack's account ${acc.other}, where domain ${domain.logicalId} publishes its metrics` };
  return { open: `whether dimension ClientId (${shown}) is the account of domain ${domain.logicalId} (${acc.mine ?? 'this stack\'s, decided at deploy time'}) is not known` };
}

/**
 * Whether one dimension of a metric of `namespace` names `target` the way CloudWatch publishes the metric under it
 * (`NAMING`): `yes` for the value AWS publishes (`!Ref` where Ref returns that identifier, the attribute that does —
 * `LoadBalancerFullName`, `TargetGroupFullName`, a service's `Name` —, or the name the template gives the target:
 * `givenName`); a replication group by a member cache cluster (`cacheMember`), a function by Resource
 * `<name>:<alias>` (`lambdaResource`), a state machine by its ARN written out (`stateMachineArn`). `no` for any other
 * attribute (an endpoint, an ARN), another resource, another literal name, or a dimension that names no resource of
 * the target's type; `maybe` when that is decided at deploy time. Undefined when the checks do not know what the
 * dimension names in that namespace. Used by the dashboard readers (`dashboards.ts`), which read every metric of
 * these namespaces, not only those of `PUBLISHED`. A SEARCH row's wildcard dimension (`any`) names every resource
 * of the kinds it names.
 * @internal
 */
export function dimensionNames(index: TemplateIndex, namespace: string, d: Dim, target: CfnResource): 'yes' | 'no' | 'maybe' | undefined {
  const naming = NAMING[namespace]?.[d.name];
  if (!naming) return undefined;
  const verdict = (f: Fit | undefined): 'yes' | 'no' | 'maybe' => (f?.wrong !== undefined ? 'no' : f?.open !== undefined ? 'maybe' : 'yes');
  // A SEARCH row's wildcard dimension returns every value: the target's when the dimension names its kind (a
  // replication group by its member cache clusters).
  if (d.any) return naming.types.includes(target.type) || givenName(index, target)?.dim === d.name || (target.type === REPLICATION_GROUP && d.name === 'CacheClusterId') ? 'yes' : 'no';
  if (target.type === REPLICATION_GROUP && namespace === 'AWS/ElastiCache' && d.name === 'CacheClusterId') return verdict(cacheMember(index, d, target));
  if (target.type === LAMBDA_FUNCTION && namespace === 'AWS/Lambda' && d.name === 'Resource') return verdict(lambdaResource(index, d, target));
  if (target.type === STATE_MACHINE && namespace === 'AWS/States' && d.name === 'StateMachineArn') {
    const arn = stateMachineArn(index, d.value, target);
    if (arn) return arn.names ? verdict(arn) : 'no';
  }
  const own = givenName(index, target);
  const byName = own !== undefined && own.dim === d.name;
  if (!naming.types.includes(target.type) && !byName) return 'no';
  const n = namedBy(index, d, naming);
  if ('wrong' in n) return 'no';
  if ('open' in n) return 'maybe';
  if ('res' in n) return n.res === target ? 'yes' : 'no';
  if (byName && sameName(n.name, own.value, own.caseless)) return 'yes';
  // A name written out: another literal than the target's, or any literal for a target whose name CloudFormation
  // generates, is another resource's.
  const literal = (v: Val) => v.k === 'lit' || v.k === 'absent';
  return literal(n.name) && (!byName || literal(own.value)) ? 'no' : 'maybe';
}

/**
 * Whether a metric of a kind whose dimensions the checks know is published
 * for `target` with the dimensions the alarm reads: the dimension set is one
 * AWS publishes the metric with, and each dimension naming a resource names
 * the right one in the form CloudWatch publishes (an ECS service by
 * `!GetAtt Svc.Name` with its cluster's `ClusterName`; a load balancer by
 * `LoadBalancerFullName` — or the CDK's split of a listener ARN —, a target
 * group by `TargetGroupFullName`, UnHealthyHostCount per load balancer and
 * target group; a Lambda function by its name `!Ref Fn`, an alias of it as
 * Resource `<name>:<alias>`, the version an alias ran as ExecutedVersion
 * `!GetAtt Version.Version`; an RDS, DocumentDB or Neptune instance or cluster
 * by `!Ref` (its identifier) in its service's namespace (`DB_NAMESPACE`), a
 * cluster's role WRITER or READER, Neptune's EngineName neptune; an OpenSearch
 * domain by `!Ref` (its name) or its DomainName with ClientId its account, not
 * one node (NodeId); a replication group by a
 * member cache cluster `<group id>-NNN`, optionally with CacheNodeId
 * `0001`; a Step Functions state machine by StateMachineArn, `!Ref` or
 * `!GetAtt .Arn`, or its ARN written out, `stateMachineArn`). `wrong` when the alarm gets no data for the target (with why),
 * `open` when that depends on a value decided at deploy time (a literal full
 * name, an alias the template does not declare, or a Sub the checks do not
 * read). `role` when the metric aggregates the instances of one role of an
 * RDS cluster only (see `roleCover`). Metrics and namespaces not known keep
 * the reference match (`{}`).
 * @internal
 */
export function metricFit(index: TemplateIndex, m: MetricRef, target: CfnResource): { wrong?: string; open?: string; role?: string; property?: string } {
  const elsewhere = accountFit(index, m, target);
  if (elsewhere !== undefined) return elsewhere;
  const sets = PUBLISHED[`${m.namespace} ${m.name}`];
  const naming = NAMING[m.namespace ?? ''];
  const metric = `${m.namespace} ${m.name}`;
  if (!sets || !naming) return {};
  if (m.dimsOpen !== undefined) return { open: m.dimsOpen };
  const unnamed = m.dims.find((d) => d.name === '');
  if (unnamed) return { open: unnamed.open ?? 'a dimension name is decided at deploy time' };
  const names = [...new Set(m.dims.map((d) => d.name))].sort();
  if (names.length !== m.dims.length || !publishedUnder(m.namespace, m.name, names)) {
    return { wrong: `AWS publishes ${metric} per ${sets.map((s) => s.join(' + ')).join(' or ')}; read with dimensions ${names.join(' + ') || '(none)'} it has no data` };
  }
  const dim = (name: string) => m.dims.find((d) => d.name === name);
  // A SEARCH row's wildcard dimension (`any`) returns every value CloudWatch has under it, the target's among them:
  // there only for the dimension set, never judged as a value.
  const valued = (name: string) => { const d = dim(name); return d?.any ? undefined : d; };
  /** Judge one dimension: it must name a resource `accepts` takes, or carry one of `names`. */
  const judgeDim = (name: string, what: string, accepts: (r: CfnResource) => boolean, given: Val[], caseless = false): { wrong?: string; open?: string } | undefined => {
    const d = valued(name);
    if (!d) return undefined;
    const n = namedBy(index, d, naming[name]);
    if ('wrong' in n) return { wrong: n.wrong };
    if ('open' in n) return { open: n.open };
    if ('res' in n) return accepts(n.res) ? undefined : { wrong: `dimension ${name} names ${n.res.logicalId}, not ${what}` };
    if (given.some((g) => sameName(n.name, g, caseless))) return undefined;
    return { open: `whether dimension ${name} (${V.show(n.name)}) names ${what} is not known` };
  };
  const checks: (() => { wrong?: string; open?: string } | undefined)[] = [];
  if (target.type === ECS_SERVICE) {
    const cluster = serviceCluster(index, target);
    const own = givenName(index, target);
    checks.push(() => (dim('ServiceName') ? undefined : { wrong: `${metric} without ServiceName is the whole cluster's, not service ${target.logicalId}'s` }));
    checks.push(() => judgeDim('ServiceName', `service ${target.logicalId}`, (r) => r === target, own ? [own.value] : []));
    checks.push(() => judgeDim('ClusterName', `the cluster of service ${target.logicalId}${cluster.res ? ` (${cluster.res.logicalId})` : ''}`, (r) => r === cluster.res, cluster.names));
  } else if (target.type === TARGET_GROUP) {
    const lbs = balancersOf(index, target);
    checks.push(() => judgeDim('TargetGroup', `target group ${target.logicalId}`, (r) => r === target, []));
    checks.push(() => judgeDim('LoadBalancer', `the load balancer of target group ${target.logicalId}`, (r) => lbs.length === 0 || lbs.includes(r), []));
  } else if (target.type === LOAD_BALANCER) {
    checks.push(() => judgeDim('LoadBalancer', `load balancer ${target.logicalId}`, (r) => r === target, []));
    checks.push(() => judgeDim('TargetGroup', `a target group of load balancer ${target.logicalId}`, () => true, []));
  } else if (target.type === LAMBDA_FUNCTION && m.namespace === 'AWS/Lambda') {
    const own = givenName(index, target);
    checks.push(() => judgeDim('FunctionName', `function ${target.logicalId}`, (r) => r === target, own ? [own.value] : []));
    checks.push(() => { const d = valued('Resource'); return d ? lambdaResource(index, d, target) : undefined; });
    checks.push(() => { const d = valued('ExecutedVersion'); return d ? executedVersion(index, d, target) : undefined; });
  } else if (isDomain(target) && m.namespace === 'AWS/ES') {
    // A domain by its name and account (both are needed); one node of it (NodeId) is not the domain.
    const own = givenName(index, target);
    const what = `domain ${target.logicalId}`;
    // Without a DomainName CloudFormation generates the name: only `!Ref` names the domain (no literal is a candidate).
    checks.push(() => judgeDim('DomainName', what, (r) => r === target, own ? [own.value] : []));
    checks.push(() => { const d = valued('ClientId'); return d ? clientId(index, d, target) : undefined; });
    checks.push(() => { const d = valued('NodeId'); return d ? { wrong: `dimension NodeId (${V.show(d.value)}) reads one node of ${what}: the other data nodes are not in its data, and a blue/green change replaces the nodes under new ids (alarm on ClientId + DomainName)` } : undefined; });
  } else if (DB_NAMESPACE[target.type] !== undefined && m.namespace === DB_NAMESPACE[target.type]) {
    const own = givenName(index, target);
    const instance = !isCluster(target);
    const [mine, other] = instance ? ['DBInstanceIdentifier', 'DBClusterIdentifier'] : ['DBClusterIdentifier', 'DBInstanceIdentifier'];
    const what = `${instance ? 'instance' : 'cluster'} ${target.logicalId}`;
    checks.push(() => judgeDim(other, what, () => false, []));
    checks.push(() => (dim(mine) ? undefined : { wrong: `${metric} without ${mine} is not ${what}'s` }));
    checks.push(() => judgeDim(mine, what, (r) => r === target, own ? [own.value] : [], true));
    checks.push(() => { const d = valued('Role'); return d ? rdsRole(d) : undefined; });
    checks.push(() => { const d = valued('EngineName'); return d ? engineName(d) : undefined; });
  } else if ((target.type === REST_API || target.type === HTTP_API) && m.namespace === 'AWS/ApiGateway') {
    const rest = target.type === REST_API;
    const mine = rest ? 'ApiName' : 'ApiId';
    const what = `${rest ? 'REST' : 'HTTP'} API ${target.logicalId}`;
    const own = rest ? givenName(index, target) : undefined;
    const stages = apiStages(index, target);
    checks.push(() => (dim(mine) ? undefined : { wrong: `${metric} without ${mine} is not ${what}'s` }));
    checks.push(() => judgeDim(mine, what, (r) => r === target, own ? [own.value] : []));
    // API Gateway does not keep REST API names unique: two APIs of one name publish under one ApiName, added together.
    const twins = own ? restApisNamed(index, own.value).filter((r) => r.api !== target && sameName(r.name, own.value, false)).map((r) => r.api) : [];
    if (twins.length > 0) checks.push(() => ({ open: `REST APIs ${[target, ...twins].map((r) => r.logicalId).join(' and ')} share the name ${V.show(own!.value)}: CloudWatch adds their metrics together under ApiName ${V.show(own!.value)}` }));
    checks.push(() => judgeDim('Stage', `a stage of ${what}`, (r) => stages.resources.includes(r), stages.names));
  } else if (target.type === STATE_MACHINE && m.namespace === 'AWS/States') {
    // Written out as an ARN: judged on its name, partition, region and account (`stateMachineArn`).
    checks.push(() => { const d = valued('StateMachineArn'); const arn = d && stateMachineArn(index, d.value, target); return arn ? { ...(arn.wrong !== undefined ? { wrong: arn.wrong } : {}), ...(arn.open !== undefined ? { open: arn.open } : {}) } : judgeDim('StateMachineArn', `state machine ${target.logicalId}`, (r) => r === target, []); });
  } else if (target.type === REPLICATION_GROUP && m.namespace === 'AWS/ElastiCache') {
    checks.push(() => { const d = valued('CacheClusterId'); return d ? cacheMember(index, d, target) : undefined; });
    checks.push(() => { const d = valued('CacheNodeId'); return d ? cacheNode(d) : undefined; });
  } else {
    return {};
  }
  let open: string | undefined;
  for (const c of checks) {
    const r = c();
    if (r?.wrong !== undefined) return { wrong: r.wrong };
    if (r?.open !== undefined) open ??= r.open;
  }
  if (open !== undefined) return { open };
  const role = valued('Role');
  const r = role && isCluster(target) ? rdsRole(role).role : undefined;
  return r !== undefined ? { role: r } : {};
}

/**
 * Why the `Unit` an alarm's metric asks for gets no data (the metric is published in another unit), or why that is
 * not known (either unit decided at deploy time); `{}` when it reads the data. An alarm that asks for no Unit reads
 * every data point. `by` publishes the metric (`AWS`, `the filter`), in `published.unit` (undefined: any).
 * @internal
 */
export function unitMismatch(m: MetricRef, published: { readonly unit?: string; readonly unitOpen?: string }, by: string): { wrong?: string; open?: string } {
  // Worded without a subject: the callers put it after the alarm's name or a colon.
  const metric = `${m.namespace} ${m.name}`;
  if (m.unitOpen !== undefined) return { open: `asks for ${metric} in a Unit decided at deploy time (${m.unitOpen})` };
  if (m.unit === undefined) return {};
  if (published.unitOpen !== undefined) return { open: `asks for ${metric} in ${m.unit}, and the Unit ${by} publishes it in is decided at deploy time (${published.unitOpen})` };
  if (published.unit === undefined || m.unit === published.unit) return {};
  return { wrong: `asks for ${metric} in ${m.unit}, but ${by} publishes it in ${published.unit}: it gets no data` };
}

/** `unitMismatch` for a metric AWS publishes in one unit (`PUBLISHED_UNIT`). @internal */
export function unitFit(m: MetricRef): { wrong?: string; open?: string } {
  const unit = PUBLISHED_UNIT[`${m.namespace} ${m.name}`];
  return unit === undefined ? {} : unitMismatch(m, { unit }, 'AWS');
}

/** Statistics that measure the level of a metric over the period (not a count or sum of data points). */
const LEVEL_STATS = /^(Average|Maximum|Minimum|IQM|p\d+(\.\d+)?|tm\d+(\.\d+)?|wm\d+(\.\d+)?|TM\(.*\)|WM\(.*\))$/i;

/**
 * Why an alarm on a utilization or latency metric does not compare its level
 * (a `SampleCount`, `Sum`, `PR(...)`, `TC(...)` is a count, not a
 * percentage or a duration), or why that is not known (the statistic is
 * decided at deploy time). Undefined when its statistic measures the level.
 * @internal
 */
export function levelStatistic(m: MetricRef): { wrong?: string; open?: string } | undefined {
  if (m.stat === undefined) {
    if (m.statOpen !== undefined) return { open: `its statistic is decided at deploy time (${m.statOpen})` };
    return { wrong: 'it sets no statistic' };
  }
  return LEVEL_STATS.test(m.stat) ? undefined : { wrong: `its statistic ${m.stat} is not the level of ${m.name} (use Average, Maximum or a percentile)` };
}

/**
 * Whether a statistic reads below the median of the data points it aggregates: `Minimum`, a percentile under p50, a
 * trimmed or winsorized mean of the lowest half or less (`tm50`, `wm30`, `TM(0%:40%)`). Over the tasks of an ECS
 * service (ECS: "Minimum: the utilization of the task with the lowest resource usage in the service"), an
 * upper-limit alarm on it stays quiet while most tasks are at the limit. Bounds written as values (`TM(10:50)`)
 * are not read here.
 * @internal
 */
export function belowMedian(stat: string): boolean {
  if (/^Minimum$/i.test(stat)) return true;
  const p = /^p(\d+(?:\.\d+)?)$/i.exec(stat);
  if (p) return Number(p[1]) < 50;
  const lowest = /^(?:tm|wm)(\d+(?:\.\d+)?)$/i.exec(stat);
  if (lowest) return Number(lowest[1]) <= 50;
  const range = /^(?:TM|WM)\((?:\d+(?:\.\d+)?%)?:(\d+(?:\.\d+)?)%\)$/i.exec(stat);
  return range ? Number(range[1]) <= 50 : false;
}

/**
 * The alarms that exist in this world and name one of `targets` in it: found
 * through the reverse-reference index, and, for a target the template names
 * (ServiceName, DBInstanceIdentifier...), among the alarms that carry that name
 * in a dimension. Each read once.
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
      if (view.open !== undefined || view.metrics.some((m) => metricOn(index, m, targets) !== false)) out.push(view);
    }
  }
  const names = targets.map((t) => givenName(index, t)).filter((n): n is NonNullable<typeof n> => n !== undefined);
  // A state machine's StateMachineName: an alarm may write its ARN out (`stateMachineArn`).
  const machines = targets.filter((t) => t.type === STATE_MACHINE).map((t) => index.prop(t, 'StateMachineName')).filter((v) => v.k === 'lit' || v.k === 'expr');
  if (names.length > 0 || machines.length > 0) {
    // Only the alarms that may carry one of the names (in some world) can name a target by it (`sameName`): each
    // read in this world, in the template's order.
    const keys = [...names.map((n) => nameKey(n.dim, n.value) ?? ''), ...machines.map((v) => nameKey('StateMachineName', { k: 'lit', v: valueText(v) ?? '' }) ?? '')];
    for (const a of candidates(index, alarmsByName(index), keys)) {
      if (seen.has(a.logicalId)) continue;
      const view = alarmView(index, a);
      if (view.metrics.some((m) => metricOn(index, m, targets) === true)) out.push(view);
    }
  }
  return out;
}

/**
 * The alarms of a template by the names their dimensions may carry (see `nameKey`), in any world (`keyedIndex`: each
 * alarm read in every combination of the choices it meets), so finding the alarms that may name a resource is a
 * lookup, not a read of every alarm per resource (which made the alarm rules grow with the square of a template whose
 * alarms read a condition). The caller reads each candidate in its own world.
 */
function alarmsByName(index: TemplateIndex): Keyed {
  return keyedIndex(index, 'alarms-by-dimension-name', [ALARM_TYPE], (a) => nameKeysOf(parseAlarm(index, a)));
}

/** The name keys (`nameKey`) of an alarm's dimensions, as read in the current world. */
function nameKeysOf(view: AlarmView): string[] {
  const keys = new Set<string>();
  for (const m of view.metrics) {
    for (const d of m.dims) {
      keys.add(nameKey(d.name, d.value) ?? '');
      // `<group id>-001` names a node of the replication group the template calls <group id>.
      const member = d.name === 'CacheClusterId' && d.value.k === 'lit' ? memberName(V.show(d.value)) : undefined;
      if (member) keys.add(nameKey('ReplicationGroupId', { k: 'lit', v: member.group }) ?? '');
      // `arn:...:stateMachine:<name>` names the state machine the template calls <name>.
      const arn = d.name === 'StateMachineArn' ? arnParts(d.value) : undefined;
      if (arn) keys.add(nameKey('StateMachineName', { k: 'lit', v: arn.name }) ?? '');
    }
  }
  keys.delete('');
  return [...keys];
}

/**
 * A key under which two dimension values are the same name for `sameName`
 * (whatever its case rule: a superset, the caller checks with `sameName`):
 * the lower-cased text, or the open parameter's reason. Undefined when the
 * value can be nobody's name.
 * @internal
 */
export function nameKey(dim: string, v: Val): string | undefined {
  if (v.k === 'unknown') return OPEN_PARAMETER.test(v.why) ? `${dim}\u0000?${v.why}` : undefined;
  const t = valueText(v);
  return t === undefined || t === '' ? undefined : `${dim}\u0000=${t.toLowerCase()}`;
}

/**
 * The single metric an alarm compares with its threshold (not metric math
 * over several) when it is of `kind` on one of `targets`. Undefined when it is
 * not; `{ open }` when that is decided at deploy time (the alarm may be the
 * one: a rule reports unknown for it rather than passing or failing);
 * `{ wrong }` when it references the target but gets no data for it: its
 * dimensions are not the ones AWS publishes the metric with, or name the
 * target by the wrong attribute (`metricFit`, judged against `targets[0]`),
 * or its `Unit` is not the metric's (`unitFit`). A rule fails such an alarm
 * with the reason: it is not the target's alarm.
 * @internal
 */
export function watchedMetric(index: TemplateIndex, view: AlarmView, kind: MetricKind, targets: CfnResource[]): { metric?: MetricRef; open?: string; wrong?: string; property?: string; role?: string } | undefined {
  if (view.open !== undefined) return { open: `what alarm ${label(view)} watches is not known: ${view.open}` };
  const m = view.returned?.metric;
  if (!m) return undefined;
  const w = watchesKind(index, m, kind, targets);
  if (w === false) return undefined;
  if (w === undefined) return { metric: m, open: `whether alarm ${label(view)} watches ${kind.names.join('/')} of ${targets[0].logicalId} is not known: ${metricOpen(m)}` };
  const fit = metricFit(index, m, targets[0]);
  const unit = unitFit(m);
  const wrong = fit.wrong ?? unit.wrong;
  if (wrong !== undefined) return { metric: m, wrong: `alarm ${label(view)} watches nothing of ${targets[0].logicalId}: ${wrong}`, property: fit.wrong !== undefined ? fit.property ?? 'Dimensions' : 'Unit' };
  const open = fit.open ?? unit.open;
  if (open !== undefined) return { metric: m, open: `whether alarm ${label(view)} gets ${m.name} data of ${targets[0].logicalId} is not known: ${open}` };
  return fit.role !== undefined ? { metric: m, role: fit.role } : { metric: m };
}

/**
 * The verdicts of the alarms on one scope, where an alarm on one role of an
 * RDS cluster (`DBClusterIdentifier` + `Role`, `watchedMetric`'s `role`)
 * watches the instances of that role only: a passing WRITER alarm and a
 * passing READER alarm together cover the cluster, and a WRITER alarm alone
 * covers a cluster of one instance (it has no reader). Otherwise a passing
 * role alarm fails, naming the role it leaves unwatched; unknown when the
 * template holds no instance of the cluster. Other verdicts are kept.
 * @internal
 */
export function roleCover(index: TemplateIndex, scope: CfnResource, what: string, entries: { verdict: Verdict; role?: string; alarm: string }[]): Verdict[] {
  const out = entries.filter((e) => e.role === undefined || e.verdict.status !== FindingStatus.PASS).map((e) => e.verdict);
  const passing = entries.filter((e) => e.role !== undefined && e.verdict.status === FindingStatus.PASS);
  if (passing.length === 0) return out;
  const writer = passing.find((e) => e.role === 'WRITER');
  const reader = passing.find((e) => e.role === 'READER');
  if (writer && reader) {
    return [...out, pass(writer.verdict.property, writer.verdict.value, `${writer.verdict.message}; with READER (${reader.alarm}) the alarms on both roles, WRITER (${writer.alarm}) and READER (${reader.alarm}), cover every instance of cluster ${scope.logicalId}`)];
  }
  const only = (writer ?? reader)!;
  const members = membersOf(scope, index);
  if (writer && members.length === 1) return [...out, { ...writer.verdict, message: `${writer.verdict.message}; cluster ${scope.logicalId} has one instance, the writer` }];
  const missing = writer ? 'READER' : 'WRITER';
  const watches = `${what}: alarm ${only.alarm} watches only the ${only.role} instance${only.role === 'READER' ? 's' : ''} of cluster ${scope.logicalId}`;
  if (members.length === 0) {
    return [...out, unknown(`${only.alarm}.Dimensions`, only.role, `${watches}; whether the cluster has ${missing === 'READER' ? 'readers' : 'a writer'} it leaves unwatched is not known: no instance of it is in this template`)];
  }
  return [...out, fail(`${only.alarm}.Dimensions`, only.role, `${watches}, which has ${members.length} instance${members.length === 1 ? '' : 's'}: add an alarm on Role ${missing}, or on the cluster (DBClusterIdentifier alone)`)];
}

/** The statistics that show the worst instance of those a cluster-level metric aggregates: the highest, or the lowest. */
const WORST: Record<'upper' | 'lower', RegExp> = {
  upper: /^(Maximum|p(9\d|100)(\.\d+)?)$/i,
  lower: /^(Minimum|p(\d|10)(\.\d+)?)$/i,
};

/**
 * A cluster-level alarm (DBClusterIdentifier, with or without Role; an OpenSearch domain's ClientId + DomainName over
 * its data nodes, `InstanceCount`) reads one statistic over the data points of every instance it covers: an Average,
 * or any statistic but the worst one, over two or more instances hides one instance at the limit behind the others
 * (a writer at 100 % CPU beside an idle reader averages 55 %). A fail then, unknown when the template holds none of
 * the cluster's instances (a domain: its InstanceCount is decided at deploy time); undefined when the statistic is the
 * worst one or one instance is covered (the writer; a domain of one data node).
 * @internal
 */
export function spreadOver(index: TemplateIndex, cluster: CfnResource, view: AlarmView, stat: string | undefined, role: string | undefined, dir: 'upper' | 'lower', what: string): Verdict | undefined {
  if (stat !== undefined && WORST[dir].test(stat)) return undefined;
  const worst = dir === 'upper' ? 'Maximum' : 'Minimum';
  const l = label(view);
  if (isDomain(cluster)) {
    // A domain-level AWS/ES metric holds a data point per data node ("Maximum shows the node with the highest CPU
    // usage. Average represents all nodes"; FreeStorageSpace: "Minimum ... the node with the least free space").
    const nodes = dataNodes(cluster, index);
    if ('count' in nodes && nodes.count < 2) return undefined;
    const over = 'count' in nodes ? `the ${nodes.count} data nodes of domain ${cluster.logicalId}` : `the data nodes of domain ${cluster.logicalId} (${nodes.open})`;
    if (stat === undefined) return unknown(`${l}.Statistic`, undefined, `${what}: the statistic alarm ${l} reads over ${over} is decided at deploy time: only ${worst} shows the worst of them`);
    if (!('count' in nodes)) return unknown(`${l}.Statistic`, stat, `${what}: alarm ${l} reads the ${stat} over ${over}: over two or more it hides one at the limit (read ${worst})`);
    return fail(`${l}.Statistic`, stat, `${what}: alarm ${l} reads the ${stat} over ${over}: one node at the limit hides behind the others; read ${worst}`);
  }
  const members = membersOf(cluster, index);
  const count = role === 'WRITER' ? 1 : role === 'READER' ? members.length - 1 : members.length;
  if (members.length > 0 && count < 2) return undefined;
  const over = members.length === 0 ? `the instances of cluster ${cluster.logicalId}, none of which is in this template` : `the ${count} instances of cluster ${cluster.logicalId}${role ? ` (role ${role})` : ''}`;
  if (stat === undefined) return unknown(`${l}.Statistic`, undefined, `${what}: the statistic alarm ${l} reads over ${over} is decided at deploy time: only ${worst} shows the worst of them`);
  if (members.length === 0) return unknown(`${l}.Statistic`, stat, `${what}: alarm ${l} reads the ${stat} over ${over}: over two or more it hides one at the limit (read ${worst})`);
  return fail(`${l}.Statistic`, stat, `${what}: alarm ${l} reads the ${stat} over ${over}: one instance at the limit hides behind the others; read ${worst}, or alarm on each instance`);
}

/** A failing verdict for an alarm that references a target but watches nothing of it (`watchedMetric`'s `wrong`). @internal */
export function wrongAlarm(view: AlarmView, w: { wrong?: string; property?: string }): Verdict {
  return fail(`${label(view)}.${w.property ?? 'Dimensions'}`, undefined, w.wrong ?? `alarm ${label(view)} watches nothing`);
}

/** An unknown verdict for an alarm that may be the one a requirement needs. @internal */
export function openAlarm(view: AlarmView, why: string): Verdict {
  return unknown(`${label(view)}`, undefined, why);
}

/** The single metric an alarm compares with its threshold (not metric math over several), if any. @internal */
export function singleMetric(view: AlarmView): MetricRef | undefined {
  return view.returned?.metric;
}

/**
 * How often AWS publishes the metrics of a namespace, in seconds, where AWS documents it: once a minute for the load
 * balancers (AWS/ApplicationELB, AWS/NetworkELB), Lambda, API Gateway, ECS (service CPU and memory), RDS and
 * ElastiCache. A Period of 10, 20 or 30 s on them gets data in one period a minute at most (PutMetricAlarm: "it does
 * not receive data for the attempts that do not correspond to a one-minute data resolution").
 */
const RESOLUTION: Record<string, number> = {
  'AWS/ApplicationELB': 60,
  'AWS/NetworkELB': 60,
  'AWS/Lambda': 60,
  'AWS/ApiGateway': 60,
  'AWS/ECS': 60,
  'AWS/RDS': 60,
  // DocumentDB: "taken at a one-minute frequency" (its CloudWatch metrics page). Neptune's page gives 1 minute for
  // most metrics but an aggregation granularity of 5 minutes for all: not listed (a Period under 60 s is unknown).
  'AWS/DocDB': 60,
  // OpenSearch Service "sends metrics to CloudWatch in 60-second intervals" (EBS volume metrics of gp2/magnetic
  // volumes every five minutes: not read here).
  'AWS/ES': 60,
  'AWS/ElastiCache': 60,
};

/** The interval AWS publishes a metric at, in seconds (`RESOLUTION`), or undefined when the checks do not know it. @internal */
export function metricResolution(m: MetricRef): number | undefined {
  return m.namespace === undefined ? undefined : RESOLUTION[m.namespace];
}

/** The longest interval AWS publishes an alarm's metrics at (`RESOLUTION`), or undefined when none is known. */
function dataInterval(view: AlarmView): number | undefined {
  const known = view.metrics.map(metricResolution).filter((r): r is number => r !== undefined);
  return known.length > 0 ? Math.max(...known) : undefined;
}

/**
 * Seconds from a breach to the alarm: period x evaluation periods, or undefined when not known. Never less than the
 * interval AWS publishes the metrics at (`RESOLUTION`): evaluation periods shorter than it span N x Period seconds,
 * rounded up to whole intervals (3 periods of 10 s see one data point a minute: 60 s). Counted, as for any period,
 * as if every one of the N periods must breach (DatapointsToAlarm is not subtracted).
 * @internal
 */
export function detectionSeconds(view: AlarmView): number | undefined {
  const evals = num(view.evaluationPeriods);
  const period = view.periodSeconds;
  if (period === undefined || evals === undefined) return undefined;
  const r = dataInterval(view);
  return r === undefined || period >= r ? period * evals : Math.ceil((period * evals) / r) * r;
}

/** How `detectionSeconds` counts, for messages: `60 s x 3 periods`, or the rounding up to the data interval. @internal */
export function timingText(view: AlarmView, seconds: number): string {
  const period = view.periodSeconds!;
  const evals = num(view.evaluationPeriods);
  const r = dataInterval(view);
  if (r === undefined || period >= r) return `${period} s x ${seconds / period} periods`;
  return `${evals} periods of ${period} s, rounded up to the data AWS publishes once every ${r} s: ${seconds} s`;
}

/**
 * Why an alarm whose Period is shorter than the interval AWS publishes its metric at (`RESOLUTION`: once a minute)
 * may never fire, or undefined when it can. In N evaluation periods of P seconds at most k = ceil(N x P / 60) hold a
 * data point. CloudWatch fills the empty ones as TreatMissingData says (absent: `missing`) unless its evaluation
 * range, longer than N periods, holds N real data points (alarms-and-missing-data: "CloudWatch attempts to retrieve a
 * higher number of data points than specified by Evaluation Periods"; how many, for a Period under a minute, is not
 * documented). So:
 * - M (DatapointsToAlarm, else N) <= k: the alarm sees M breaching points of its own periods: it can fire;
 * - with `breaching`, when the empty periods of a window holding the fewest data points (floor(N x P / 60)) reach
 *   M, they alone put it in ALARM: whether it says anything of a breach is not known; otherwise it can fire;
 * - M > k, without `breaching`: whether it ever fires depends on that evaluation range: not known (AWS: such an alarm
 *   "might often lapse into INSUFFICIENT_DATA"). An open Period, N, M or TreatMissingData is not known either;
 * A Period under 60 s on a metric whose interval the checks do not know (a custom or another AWS namespace): whether
 * it is published at high resolution (PutMetricData StorageResolution 1) is not in the template.
 * Worded after "alarm X ".
 * @internal
 */
export function resolutionGap(view: AlarmView): string | undefined {
  for (const m of view.metrics) {
    const metric = `${m.namespace ?? '?'} ${m.name ?? '?'}`;
    if (m.periodOpen !== undefined) return `reads ${metric} at a Period decided at deploy time (${m.periodOpen}): under 60 s most of its periods may have no data`;
    const p = m.period;
    if (p === undefined || p >= 60) continue;
    const r = metricResolution(m);
    if (r === undefined) return `reads ${metric} at a ${p}-s Period: whether it is published more often than once a minute (PutMetricData StorageResolution 1) is not in the template, and at standard resolution most of its periods have no data (use Period 60)`;
    const nV = view.evaluationPeriods;
    const mV = view.datapointsToAlarm;
    const tV = view.treatMissingData;
    const open = [nV, mV, tV].find((v): v is Extract<Val, { k: 'unknown' }> => v.k === 'unknown');
    if (open) return `reads ${metric} at a ${p}-s Period, and AWS publishes it once every ${r} s: whether it sees enough data points to fire is decided at deploy time (${open.why})`;
    const n = num(nV);
    if (n === undefined) return undefined;
    const need = mV.k === 'absent' ? n : num(mV) ?? n;
    const treat = tV.k === 'absent' ? 'missing' : V.str(tV) ?? 'missing';
    const k = Math.min(n, Math.ceil((n * p) / r));
    const seen = `reads ${metric} at a ${p}-s Period, but AWS publishes it once every ${r} s: at most ${k} of its ${n} evaluation periods ${k === 1 ? 'holds' : 'hold'} a data point`;
    if (treat === 'breaching') {
      // Some windows of N periods hold fewer data points (as few as floor(N x P / interval)): their empty periods breach.
      const least = Math.floor((n * p) / r);
      if (n - least >= need) return `${seen} (some as few as ${least}), and TreatMissingData breaching counts the empty ones as breaching: ${n - least} empty periods reach the ${need} needed, so it may be in ALARM with no breach, and whether it tells of a real one is not known (use Period ${r})`;
      continue;
    }
    if (k < need) {
      return `${seen}, fewer than the ${need} that must breach (DatapointsToAlarm${mV.k === 'absent' ? ', by default EvaluationPeriods' : ''}), and TreatMissingData ${treat} does not count the empty ones as breaching: whether it ever fires depends on how many earlier data points CloudWatch retrieves for it, which AWS does not document for periods under a minute (AWS warns such an alarm "might often lapse into INSUFFICIENT_DATA"; use Period ${r})`;
    }
  }
  return undefined;
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
 * Whether an alarm (or composite alarm) acts when it fires, in this world:
 * `acts` true (it has an action and `ActionsEnabled` is not false), false
 * (with the reason), or undefined when that is decided at deploy time (an
 * `ActionsEnabled` or `AlarmActions` from an open parameter). An action entry
 * that is `AWS::NoValue` in this world is no action.
 *
 * `openActions` is set when every action entry is a value decided at deploy
 * time (`AlarmActions: [!Ref TopicArn]` with an open String parameter): the
 * alarm has an action, but what it does — and whether it tells anyone — is
 * the parameter's value. ALARM-ACTIONS, whose subject is the action itself,
 * answers unknown for it; the threshold items (CPU, memory, latency...) take
 * such an action as the alarm's notification (`acts` stays true), as they
 * always have.
 *
 * `machineOnly` is set when every action acts on machines and tells no one: a
 * scaling policy (Auto Scaling or Application Auto Scaling: a step-scaling
 * alarm) or an EC2 action (`arn:aws:automate:...:ec2:stop`). `acts` stays
 * true (the alarm does act: ALARM-ACTIONS counts it, as Security Hub
 * CloudWatch.15 does, saying so), but it is nobody's alert: the threshold
 * items (`actionProblem`) fail on it and `notifies` is false for it.
 *
 * `muted` is set when something of the template silences the actions it has: an alarm mute rule naming the alarm
 * (`muteOf`: muted at all times, `acts` false; in windows or possibly, `acts` undefined) or, for a composite alarm,
 * an `ActionsSuppressor` that notifies no one itself (`suppressedBy`, `acts` undefined).
 * @internal
 */
export function alarmActs(index: TemplateIndex, alarm: CfnResource, depth = 0): { acts?: boolean; property: string; value: Val; why: string; count: number; openActions?: string; machineOnly?: string; muted?: string } {
  const enabled = index.prop(alarm, 'ActionsEnabled');
  if (enabled.k === 'unknown') return { property: 'ActionsEnabled', value: enabled, why: `whether its actions are enabled is decided at deploy time (${enabled.why})`, count: 0 };
  if (V.isFalse(enabled)) return { acts: false, property: 'ActionsEnabled', value: enabled, why: 'its actions are disabled (ActionsEnabled false)', count: 0 };
  const actions = index.prop(alarm, 'AlarmActions');
  if (actions.k === 'unknown') return { property: 'AlarmActions', value: actions, why: `its actions are decided at deploy time (${actions.why})`, count: 0 };
  const list = index.items(actions) ?? [];
  if (list.length === 0) return { acts: false, property: 'AlarmActions', value: actions, why: 'it has no action: nobody is told when it fires', count: 0 };
  // An alarm mute rule of the template that names the alarm silences its actions (all of them) in its windows.
  const mute = muteOf(index, alarm);
  if (mute?.always !== undefined) return { acts: false, property: 'AlarmActions', value: actions, why: `${mute.always}: nobody is told when it fires`, count: 0, muted: mute.always };
  if (mute?.open !== undefined) return { property: 'AlarmActions', value: actions, why: mute.open, count: 0, muted: mute.open };
  const held = alarm.type === COMPOSITE_TYPE ? suppressedBy(index, alarm, depth) : undefined;
  if (held !== undefined) return { property: 'ActionsSuppressor', value: index.prop(alarm, 'ActionsSuppressor'), why: held, count: 0, muted: held };
  const open = list.filter((a): a is Extract<Val, { k: 'unknown' }> => a.k === 'unknown');
  const openActions = open.length === list.length ? `its action${open.length > 1 ? 's are' : ' is'} decided at deploy time (${[...new Set(open.map((a) => a.why))].join('; ')})` : undefined;
  const machine = list.map(machineAction);
  const machineOnly = machine.every((m) => m !== undefined) ? `its only action${list.length > 1 ? 's are' : ' is'} ${[...new Set(machine)].join(' and ')}: it changes capacity and tells no one` : undefined;
  return { acts: true, property: 'AlarmActions', value: actions, why: machineOnly ?? `it notifies ${list.length} target(s)`, count: list.length, ...(openActions !== undefined ? { openActions } : {}), ...(machineOnly !== undefined ? { machineOnly } : {}) };
}

/**
 * Why a composite alarm's actions may be held back with nobody told (undefined when they are not): its
 * `ActionsSuppressor` alarm suppresses them while it is in ALARM (CloudWatch, PutCompositeAlarm). A suppressor that
 * notifies someone itself (`notifies`) tells them instead; one that notifies no one, is outside the template or is
 * decided at deploy time leaves whether the composite's firing reaches anyone to that alarm's state.
 */
function suppressedBy(index: TemplateIndex, composite: CfnResource, depth: number): string | undefined {
  const s = index.prop(composite, 'ActionsSuppressor');
  if (s.k === 'absent') return undefined;
  if (s.k === 'unknown') return `its actions are suppressed while an alarm decided at deploy time (${s.why}) is in ALARM`;
  const target = s.k === 'ref' && (s.target.type === ALARM_TYPE || s.target.type === COMPOSITE_TYPE) ? s.target : undefined;
  if (!target) return `its actions are suppressed while alarm ${V.show(s)} (outside this template: whether it notifies anyone is not seen) is in ALARM`;
  const n = depth > 5 || target === composite ? false : notifies(index, target, depth + 1);
  if (n === true) return undefined;
  return `its actions are suppressed while alarm ${target.logicalId} is in ALARM, and ${target.logicalId} ${n === false ? 'notifies no one' : 'may notify no one'}: whether it notifies when it fires depends on ${target.logicalId}'s state`;
}

const SCALING_POLICIES = new Set(['AWS::AutoScaling::ScalingPolicy', 'AWS::ApplicationAutoScaling::ScalingPolicy']);
/** `arn:<partition>:autoscaling:` (a scaling policy) or `arn:<partition>:automate:` (an EC2 stop, terminate, reboot or recover action). */
const MACHINE_ARN = /^arn:(?:aws[a-z-]*|\$\{\u0005AWS::Partition\}):(autoscaling|automate):/;

/**
 * What an alarm action is when it acts on machines rather than telling anyone: a scaling policy (a Ref to one of the
 * template, or its ARN) or an EC2 action (`arn:aws:automate:<region>:ec2:stop`...); undefined for anything else (a
 * topic, an Incident Manager response plan, an OpsItem, a Lambda function, a value decided at deploy time).
 */
function machineAction(v: Val): string | undefined {
  if (v.k === 'ref') return SCALING_POLICIES.has(v.target.type) && (v.attr === undefined || v.attr === 'Arn') ? 'a scaling policy' : undefined;
  const text = v.k === 'lit' && typeof v.v === 'string' ? v.v : v.k === 'expr' ? v.text : undefined;
  const m = text === undefined ? null : MACHINE_ARN.exec(text);
  return m ? (m[1] === 'autoscaling' ? 'a scaling policy' : 'an EC2 action') : undefined;
}

/**
 * Whether an alarm notifies someone: a non-empty AlarmActions and actions not
 * disabled, not all of them scaling policies or EC2 actions. Returns undefined
 * when it does, else a verdict (fail/unknown) about the alarm.
 * @internal
 */
export function actionProblem(index: TemplateIndex, view: AlarmView): Verdict | undefined {
  const a = alarmActs(index, view.alarm);
  const property = `${label(view)}.${a.property}`;
  if (a.acts === true && a.machineOnly !== undefined) return fail(property, a.value, `alarm ${label(view)}: ${a.machineOnly}`);
  if (a.acts === true) return undefined;
  return a.acts === false ? fail(property, a.value, `alarm ${label(view)}: ${a.why}`) : unknown(property, a.value, `alarm ${label(view)}: ${a.why}`);
}

/**
 * Judge an alarm that must fire when its value rises above `limit`: the
 * comparison is Greater*, the threshold is known and <= limit, and the alarm
 * has an action. An anomaly detection alarm (`band`) has no static threshold:
 * it fails, saying it compares the metric with a band (`bandProblem`).
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
export function judgeLower(index: TemplateIndex, view: AlarmView, limit: number, what: string, unit = '', showLimit = true, ceiling?: Ceiling): Verdict {
  return judge(index, view, 'lower', limit, what, unit, showLimit, ceiling);
}

/**
 * The most a metric of one resource can read (a free-storage metric: the storage it has), and what that is, for
 * messages. A lower-limit alarm whose threshold is above it is below its threshold from the start: it goes to ALARM
 * once, when it is created, and never changes state again when the value does fall (CloudWatch alarms act on state
 * changes). Judged only where the alarm returns the metric itself read by a statistic of single data points
 * (Minimum, Maximum, Average, a percentile): a Sum adds a period's data points up, and metric math may convert units.
 * @internal
 */
export interface Ceiling {
  readonly value: number;
  readonly what: string;
  /** Why the metric may read more than `value` (the storage may grow by an amount decided at deploy time): above it, unknown. */
  readonly open?: string;
}

/** Whether an alarm's returned value is its metric's single data points, never more than the metric can read (`Ceiling`). */
function withinCeiling(view: AlarmView): boolean {
  const stat = view.returned?.metric?.stat;
  return stat !== undefined && (['Minimum', 'Maximum', 'Average'].includes(stat) || /^p\d+(\.\d+)?$/.test(stat));
}

function judge(index: TemplateIndex, view: AlarmView, dir: 'upper' | 'lower', limit: number, what: string, unit: string, showLimit: boolean, ceiling?: Ceiling): Verdict {
  const l = label(view);
  const ops = dir === 'upper' ? UPPER : LOWER;
  const show = (n: number) => (unit === ' bytes' ? `${fmt(n / GIB)} GiB` : `${fmt(n)}${unit}`);
  const band = bandProblem(view);
  if (band !== undefined) return fail(`${l}.ThresholdMetricId`, view.band?.id, `${what}: ${band(showLimit ? `a static threshold ${dir === 'upper' ? 'at or below' : 'at or above'} ${show(limit)}` : 'a static threshold')}`);
  const op = index.prop(view.alarm, 'ComparisonOperator');
  if (op.k === 'unknown') return unknown(`${l}.ComparisonOperator`, op, `${what}: comparison of alarm ${l} decided at deploy time (${op.why})`);
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
  if (dir === 'lower' && ceiling !== undefined && n > ceiling.value && withinCeiling(view)) {
    if (ceiling.open !== undefined) return unknown(`${l}.Threshold`, String(n), `${what}: alarm ${l} fires below ${show(n)}, more than ${ceiling.what} (${show(ceiling.value)}); whether the value can rise above it is decided at deploy time (${ceiling.open}): if not, the alarm is in ALARM from its creation and never changes state`);
    return fail(`${l}.Threshold`, String(n), `${what}: alarm ${l} fires below ${show(n)}, more than ${ceiling.what} (${show(ceiling.value)}): the value is always below it, so the alarm is in ALARM from its creation and never changes state when the value falls (a threshold in another unit than ${unit.trim() || 'the metric\'s'}?)`);
  }
  const act = actionProblem(index, view);
  if (act) return { ...act, message: `${what}: ${act.message}` };
  const gap = resolutionGap(view);
  if (gap !== undefined) return unknown(`${l}.Period`, undefined, `${what}: alarm ${l} ${gap}`);
  return pass(`${l}.Threshold`, String(n), `${what}: alarm ${l} fires ${side} ${show(n)}${showLimit ? ` (limit ${show(limit)})` : ''} and notifies`);
}

/**
 * Why an anomaly detection alarm is no static-threshold alarm (undefined for another alarm): it compares its metric
 * with a band CloudWatch's model draws around the metric's own history, so a value that stays high, or climbs
 * slowly, widens the band and need not breach it at any given level.
 * @internal
 */
export function bandProblem(view: AlarmView): ((instead: string) => string) | undefined {
  const band = view.band;
  if (!band) return undefined;
  const m = view.returned?.metric;
  const watched = m?.name !== undefined ? `${m.name}${m.stat ? ` (${m.stat})` : ''}` : view.returned?.expressionId !== undefined ? `expression ${view.returned.expressionId}` : 'its metric';
  return (instead) => `alarm ${label(view)} compares ${watched} with an anomaly detection band (${band.id}${band.expression !== undefined ? `: ${band.expression}` : ''}), not with ${instead}: the band follows the metric's own history, so a value that stays high or climbs slowly widens it and the alarm need not fire at any given level`;
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

/**
 * The composite alarms that exist in this world and whose rule names `alarm`
 * in it: by reference (an `AlarmRule` built by Fn::Sub / Fn::Join / Fn::If is
 * read in the world, so a branch not taken names nothing), or by the alarm's
 * `AlarmName` written in the rule (`ALARM("${AWS::StackName}-cpu")`).
 * @internal
 */
export function compositesOf(index: TemplateIndex, alarm: CfnResource): CfnResource[] {
  const out = index.referrers(alarm, COMPOSITE_TYPE).filter((c) => index.refsOf(index.prop(c, 'AlarmRule')).has(alarm.logicalId));
  const name = index.prop(alarm, 'AlarmName');
  const n = name.k === 'unknown' ? undefined : valueText(name);
  if (n === undefined || n === '') return out;
  // Only the composites whose rule may name it (in some world, `compositeRules`), each read in this world.
  const maybe = /[()]/.test(n) ? index.ofType(COMPOSITE_TYPE) : candidates(index, compositeRules(index), [`name:${n}`]);
  for (const c of maybe) {
    if (c === alarm || out.includes(c)) continue;
    const rule = valueText(index.prop(c, 'AlarmRule'));
    if (rule !== undefined && [`("${n}")`, `('${n}')`, `(${n})`].some((form) => rule.includes(form))) out.push(c);
  }
  return out;
}

/**
 * The composite alarms (other than `alarm`) that exist in this world and
 * whose rule is decided at deploy time: they may name any alarm.
 * @internal
 */
export function openComposites(index: TemplateIndex, alarm?: CfnResource): CfnResource[] {
  return candidates(index, compositeRules(index), ['open']).filter((c) => c !== alarm && index.prop(c, 'AlarmRule').k === 'unknown');
}

/**
 * The composite alarms by what their rule may name, in any world (`keyedIndex`): `name:<n>` when the rule holds
 * `(n)`, `("n")` or `('n')` (each text between a parenthesis and the next closing one, with its quotes and
 * without), `open` when the rule is decided at deploy time. For a name without parentheses that is exactly what
 * `compositesOf` matches; judging each alarm (or composite) no longer reads every composite's rule.
 */
function compositeRules(index: TemplateIndex): Keyed {
  return keyedIndex(index, 'composite-rules', [COMPOSITE_TYPE], (c) => {
    const rule = index.prop(c, 'AlarmRule');
    const keys: string[] = rule.k === 'unknown' ? ['open'] : [];
    const text = valueText(rule);
    for (const m of text === undefined ? [] : text.matchAll(/\(([^()]*)\)/g)) {
      const s = m[1];
      keys.push(`name:${s}`);
      if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0]) keys.push(`name:${s.slice(1, -1)}`);
    }
    return keys;
  });
}

/**
 * Whether an alarm reaches someone: its own actions (enabled, non-empty), or
 * a composite alarm over it that does. `undefined` when that is decided at
 * deploy time.
 * @internal
 */
export function notifies(index: TemplateIndex, alarm: CfnResource, depth = 0): boolean | undefined {
  if (depth > 5) return false;
  const mine = alarmActs(index, alarm, depth);
  // An alarm whose only actions scale or stop machines reaches no one by itself.
  const own = mine.acts === true && mine.machineOnly !== undefined ? false : mine.acts;
  if (own === true) return true;
  let open = own === undefined;
  for (const c of compositesOf(index, alarm)) {
    const n = notifies(index, c, depth + 1);
    if (n === true) return true;
    if (n === undefined) open = true;
  }
  // A composite whose rule is decided at deploy time may be over this alarm.
  if (!open && openComposites(index, alarm).some((c) => alarmActs(index, c).acts !== false)) open = true;
  return open ? undefined : false;
}

// ---------------------------------------------------------------- metric math

type Node =
  | { t: 'num'; v: number }
  | { t: 'id'; name: string }
  | { t: 'neg'; e: Node }
  | { t: 'bin'; op: string; l: Node; r: Node }
  | { t: 'call'; fn: string; args: Node[] }
  | { t: 'arr'; items: Node[] };

/** The longest metric-math expression CloudWatch accepts (MetricDataQuery.Expression). */
const MAX_EXPRESSION = 2048;

/** Parse a CloudWatch metric-math expression (arithmetic, function calls, arrays). Throws on syntax it does not know. @internal */
export function parseExpression(text: string): Node {
  if (text.length > MAX_EXPRESSION) throw new Error(`expression longer than the ${MAX_EXPRESSION} characters CloudWatch accepts`);
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
 * errors, proportional to each error metric, inversely proportional to the
 * requests, additive over the error metrics (several at once read as the sum of
 * each alone: `MAX([e5, elb5])` and `ABS(e5 - elb5)` are not), and the same
 * whatever the other metrics it reads are (`100 * (m1 - m3) / m2` is not a rate
 * of m1). Expressions may refer to other
 * expressions by id. The metric values are taken as the counts: whether each
 * metric is read with a statistic that gives its count (Sum) is the caller's
 * (`used` lists the error and request metrics the expression reads).
 * @returns the factor, or a reason it is not a rate (`uninterpretable` when
 *   the expression uses syntax or functions the checks do not evaluate)
 * @internal
 */
export function rateFactor(view: AlarmView, exprId: string, isError: (m: MetricRef) => boolean, isRequests: (m: MetricRef) => boolean): { factor?: number; reason?: string; uninterpretable?: boolean; used?: MetricRef[] } {
  const byId = new Map(view.metrics.filter((m) => m.id).map((m) => [m.id!, m]));
  const parsed = new Map<string, Node>();
  try {
    for (const [id, text] of view.expressions) parsed.set(id, parseExpression(text));
  } catch (e) {
    return { reason: (e as Error).message, uninterpretable: true };
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
  const otherIds = [...byId.values()].filter((m) => used.has(m.id!) && !errorIds.includes(m.id!) && !requestIds.includes(m.id!)).map((m) => m.id!);
  if (errorIds.length === 0) return { reason: 'the expression reads no error count' };
  if (requestIds.length === 0) return { reason: 'the expression reads no request count' };
  const run = (errs: Record<string, number>, requests: number, others: Record<string, number> = {}): number => {
    const stack = new Set<string>();
    const env = (id: string): Num => {
      if (byId.has(id)) return errorIds.includes(id) ? (errs[id] ?? 0) : requestIds.includes(id) ? requests : (others[id] ?? 0);
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
    // Each error count alone is not enough: together they must add up. MAX([e5, elb5]) reads 1 % when targets and
    // balancer fail 1 % each (2 %); ABS(e5 - elb5) reads 0 when both fail alike.
    const together = (errs: Record<string, number>) => {
      const alone = Object.entries(errs).reduce((sum, [id, n]) => sum + run({ [id]: n }, 1000), 0);
      const both = run(errs, 1000);
      return Math.abs(both - alone) <= 1e-9 * Math.max(Math.abs(alone), 1e-12);
    };
    const samples: Record<string, number>[] = [];
    if (errorIds.length > 1) samples.push(Object.fromEntries(errorIds.map((id, i) => [id, 10 * (i + 1)])), Object.fromEntries(errorIds.map((id) => [id, 10])));
    for (let i = 0; i < errorIds.length; i++) {
      for (let j = i + 1; j < errorIds.length; j++) samples.push({ [errorIds[i]]: 10, [errorIds[j]]: 30 }, { [errorIds[i]]: 30, [errorIds[j]]: 10 });
    }
    if (!samples.every(together)) return { reason: `the error counts ${errorIds.join(', ')} are not added up: the expression is not their sum divided by the requests (errors of several kinds at once are not read as their total)` };
    // The other metrics it reads must not change it: 100 * (m1 - m3) / m2 is not the rate of m1.
    const sample = run({ [errorIds[0]]: 10 }, 1000);
    for (const id of otherIds) {
      const moved = [7, 5000].map((x) => run({ [errorIds[0]]: 10 }, 1000, { [id]: x }));
      if (moved.some((x) => !(Math.abs(x - sample) <= 1e-9 * Math.abs(sample)))) {
        return { reason: `the expression also depends on ${id} (${byId.get(id)!.name ?? '?'})` };
      }
    }
    return { factor, used: [...errorIds, ...requestIds].map((id) => byId.get(id)!) };
  } catch (e) {
    return { reason: (e as Error).message, uninterpretable: true };
  }
}

// ---------------------------------------------------------------- related resources

/** A verdict on one scope, with how many candidate alarms were judged. @internal */
export interface ScopeVerdict {
  readonly verdict: Verdict;
  readonly candidates: number;
}

/**
 * Judge an alarm requirement on an RDS, DocumentDB or Neptune cluster or instance. A cluster is
 * covered by an alarm on the cluster, or by one on every member instance; a
 * member instance is judged with its cluster (no finding of its own: DocumentDB and Neptune instances always are).
 * @internal
 */
export function rdsAlarmVerdict(index: TemplateIndex, res: CfnResource, judgeOne: (scope: CfnResource, alarms: AlarmView[]) => ScopeVerdict): Verdict | undefined {
  if (isClusterMember(res, index)) return undefined;
  const own = judgeOne(res, alarmsOn(index, [res]));
  if (own.verdict.status === FindingStatus.PASS || !isCluster(res)) return own.verdict;
  const members = membersOf(res, index);
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
