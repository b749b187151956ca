import { CfnResource, TemplateIndex } from '../../template-index';
import { ALARM_TYPE, AlarmView, MetricRef, parseAlarm, valueText } from '../../cfn/alarms';
import { alarmsOnMetric } from './signals';

/** Cognito metrics that signal authentication failures or risky sign-ins. @internal */
export const COGNITO_AUTH_METRICS = ['SignInSuccesses', 'TokenRefreshSuccesses', 'FederationSuccesses', 'CompromisedCredentialsRisk', 'AccountTakeOverRisk', 'OverrideBlock', 'Risk'];

/** Alarms that watch a signal, and alarms that may (what they watch is decided at deploy time). @internal */
export interface SignalAlarms {
  readonly alarms: AlarmView[];
  readonly open: AlarmView[];
}

/**
 * The names a web ACL's CloudWatch metrics carry in the `WebACL` dimension:
 * its Name and its metric name; `open` when one is decided at deploy time.
 * @internal
 */
export function webAclNames(acl: CfnResource, index: TemplateIndex): { names: string[]; open?: string } {
  const names: string[] = [];
  let open: string | undefined;
  for (const v of [index.prop(acl, 'Name'), index.prop(acl, 'VisibilityConfig.MetricName')]) {
    if (v.k === 'unknown') open = v.why;
    const s = valueText(v);
    if (s !== undefined) names.push(s);
  }
  return open !== undefined ? { names, open } : { names };
}

/** The metric names of the web ACL's rate-based rules; `open` when a rule is decided at deploy time. @internal */
export function rateRuleMetrics(acl: CfnResource, index: TemplateIndex): { names: string[]; open?: string } {
  const rules = index.prop(acl, 'Rules');
  if (rules.k === 'unknown') return { names: [], open: rules.why };
  const names: string[] = [];
  let open: string | undefined;
  for (const r of index.items(rules) ?? []) {
    const rate = index.field(r, 'Statement.RateBasedStatement');
    if (r.k === 'unknown') { open = r.why; continue; }
    if (rate.k === 'unknown') { open = rate.why; continue; }
    if (rate.k === 'absent') continue;
    const metric = index.field(r, 'VisibilityConfig.MetricName');
    const name = metric.k === 'absent' ? index.field(r, 'Name') : metric;
    if (name.k === 'unknown') open = name.why;
    const s = valueText(name);
    if (s !== undefined) names.push(s);
  }
  return open !== undefined ? { names, open } : { names };
}

/**
 * Whether a metric is a signal: true when it is of the kind and names the
 * resource, undefined when either may hold but is decided at deploy time.
 */
function signal(m: MetricRef, kind: boolean, named: boolean): boolean | undefined {
  if (kind && named) return true;
  const kindOpen = m.kindOpen !== undefined;
  const dimOpen = m.dimsOpen !== undefined || m.dims.some((d) => d.open !== undefined);
  return (kind || kindOpen) && (named || dimOpen) ? undefined : false;
}

/** Whether a metric is BlockedRequests of the web ACL (its WebACL dimension names it or references it). */
function blockedOf(m: MetricRef, acl: CfnResource, names: string[]): boolean | undefined {
  const dim = m.dims.find((d) => d.name === 'WebACL');
  const named = dim !== undefined && ((dim.literal !== undefined && names.includes(dim.literal)) || dim.refs.has(acl.logicalId));
  return signal(m, m.namespace === 'AWS/WAFV2' && m.name === 'BlockedRequests', named);
}

/** The alarms with a metric that is the signal, and those that may have one. */
function sortAlarms(index: TemplateIndex, candidates: CfnResource[], isSignal: (m: MetricRef) => boolean | undefined): SignalAlarms {
  const alarms: AlarmView[] = [];
  const open: AlarmView[] = [];
  for (const a of candidates) {
    const view = parseAlarm(index, a);
    const matches = view.metrics.map(isSignal);
    if (matches.includes(true)) alarms.push(view);
    else if (view.open !== undefined || matches.includes(undefined)) open.push(view);
  }
  return { alarms, open };
}

/** Alarms on the web ACL's BlockedRequests (matched by dimension name or reference). @internal */
export function wafBlockedAlarms(acl: CfnResource, index: TemplateIndex): SignalAlarms {
  const { names } = webAclNames(acl, index);
  return sortAlarms(index, index.ofType(ALARM_TYPE), (m) => blockedOf(m, acl, names));
}

/**
 * Metrics counting authentication failures of a user pool from its logs: the
 * metric filters on the log groups its log delivery configuration writes to.
 * @internal
 */
export function poolLogMetrics(pool: CfnResource, index: TemplateIndex): { namespace: string; name: string; filter: CfnResource }[] {
  const out: { namespace: string; name: string; filter: CfnResource }[] = [];
  for (const conf of index.referrers(pool, 'AWS::Cognito::LogDeliveryConfiguration')) {
    for (const id of index.refsOf(index.prop(conf, 'LogConfigurations'))) {
      const group = index.get(id);
      if (group?.type !== 'AWS::Logs::LogGroup') continue;
      for (const f of index.referrers(group, 'AWS::Logs::MetricFilter')) {
        for (const t of index.items(index.prop(f, 'MetricTransformations')) ?? []) {
          const namespace = valueText(index.field(t, 'MetricNamespace'));
          const name = valueText(index.field(t, 'MetricName'));
          if (namespace && name) out.push({ namespace, name, filter: f });
        }
      }
    }
  }
  return out;
}

/** Whether a metric is an authentication signal of the pool. */
function authOf(m: MetricRef, pool: CfnResource): boolean | undefined {
  const kind = m.namespace === 'AWS/Cognito' && m.name !== undefined && COGNITO_AUTH_METRICS.includes(m.name);
  return signal(m, kind, m.dims.some((d) => d.refs.has(pool.logicalId)));
}

/** Alarms on a user pool's authentication signals: Cognito metrics of the pool, or metric filters over its logs. @internal */
export function authAlarms(pool: CfnResource, index: TemplateIndex): SignalAlarms {
  const { alarms, open } = sortAlarms(index, index.referrers(pool, ALARM_TYPE), (m) => authOf(m, pool));
  for (const m of poolLogMetrics(pool, index)) {
    const found = alarmsOnMetric(index, m.namespace, m.name);
    alarms.push(...found.alarms);
    open.push(...found.open);
  }
  const seen = new Set<string>();
  const once = (v: AlarmView) => !seen.has(v.alarm.logicalId) && !!seen.add(v.alarm.logicalId);
  return { alarms: alarms.filter(once), open: open.filter(once) };
}
