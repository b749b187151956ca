/* eslint-disable @typescript-eslint/no-explicit-any */
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { ALARM_TYPE, AlarmView, parseAlarm, refsIn } from '../../cfn/alarms';
import { alarmsOnMetric } from './signals';

/** Cognito metrics that signal authentication failures or risky sign-ins. @internal */
export const COGNITO_AUTH_METRICS = ['SignInSuccesses', 'TokenRefreshSuccesses', 'FederationSuccesses', 'CompromisedCredentialsRisk', 'AccountTakeOverRisk', 'OverrideBlock', 'Risk'];

/** The names a web ACL's CloudWatch metrics carry in the `WebACL` dimension: its Name and its metric name. @internal */
export function webAclNames(acl: CfnResource, index: TemplateIndex): string[] {
  return [V.str(index.prop(acl, 'Name')), V.str(index.prop(acl, 'VisibilityConfig.MetricName'))].filter((x): x is string => x !== undefined);
}

/** The metric names of the web ACL's rate-based rules. @internal */
export function rateRuleMetrics(acl: CfnResource, index: TemplateIndex): string[] {
  return (V.list(index.prop(acl, 'Rules')) ?? [])
    .filter((r) => index.at(r, 'Statement.RateBasedStatement').k !== 'absent')
    .map((r) => V.str(index.at(r, 'VisibilityConfig.MetricName')) ?? V.str(index.at(r, 'Name')))
    .filter((x): x is string => x !== undefined);
}

/** Alarms on the web ACL's BlockedRequests (matched by dimension name or reference). @internal */
export function wafBlockedAlarms(acl: CfnResource, index: TemplateIndex): AlarmView[] {
  const names = webAclNames(acl, index);
  const seen = new Set<string>();
  return [...index.referrers(acl, ALARM_TYPE), ...index.ofType(ALARM_TYPE)].filter((a) => !seen.has(a.logicalId) && seen.add(a.logicalId))
    .map((a) => parseAlarm(index, a))
    .filter((v) => v.metrics.some((m) => m.namespace === 'AWS/WAFV2' && m.name === 'BlockedRequests'
      && m.dims.some((d) => d.name === 'WebACL' && ((d.literal !== undefined && names.includes(d.literal)) || d.refs.has(acl.logicalId)))));
}

/**
 * Metrics counting authentication failures of a user pool from its logs: the
 * metric filters on the log groups its log delivery configuration writes to.
 * @internal
 */
export function poolLogMetrics(pool: CfnResource, index: TemplateIndex): { namespace: string; name: string; filter: CfnResource }[] {
  const out: { namespace: string; name: string; filter: CfnResource }[] = [];
  for (const conf of index.referrers(pool, 'AWS::Cognito::LogDeliveryConfiguration')) {
    for (const id of refsIn(conf.properties.LogConfigurations)) {
      const group = index.get(id);
      if (group?.type !== 'AWS::Logs::LogGroup') continue;
      for (const f of index.referrers(group, 'AWS::Logs::MetricFilter')) {
        for (const t of V.list(index.prop(f, 'MetricTransformations')) ?? []) {
          const namespace = V.str(index.at(t, 'MetricNamespace'));
          const name = V.str(index.at(t, 'MetricName'));
          if (namespace && name) out.push({ namespace, name, filter: f });
        }
      }
    }
  }
  return out;
}

/** Alarms on a user pool's authentication signals: Cognito metrics of the pool, or metric filters over its logs. @internal */
export function authAlarms(pool: CfnResource, index: TemplateIndex): AlarmView[] {
  const direct = index.referrers(pool, ALARM_TYPE).map((a) => parseAlarm(index, a))
    .filter((v) => v.metrics.some((m) => m.namespace === 'AWS/Cognito' && m.name !== undefined && COGNITO_AUTH_METRICS.includes(m.name)
      && m.dims.some((d) => d.refs.has(pool.logicalId))));
  const fromLogs = poolLogMetrics(pool, index).flatMap((m) => alarmsOnMetric(index, m.namespace, m.name));
  const seen = new Set<string>();
  return [...direct, ...fromLogs].filter((v) => !seen.has(v.alarm.logicalId) && seen.add(v.alarm.logicalId));
}
