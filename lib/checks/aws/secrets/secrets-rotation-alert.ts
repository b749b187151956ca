/* eslint-disable @typescript-eslint/no-explicit-any */
import { globMatch } from '../../glob';
import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';

const DETAIL_TYPES = ['AWS API Call via CloudTrail', 'AWS Service Event via CloudTrail'];

/** Whether an EventBridge pattern field (absent = anything) matches `value`. */
function matches(field: any, value: string): boolean {
  if (field === undefined) return true;
  const list = Array.isArray(field) ? field : [field];
  return list.some((f) => {
    if (typeof f === 'string') return f === value;
    if (f && typeof f === 'object') {
      if (typeof f.prefix === 'string') return value.startsWith(f.prefix);
      if (typeof f.suffix === 'string') return value.endsWith(f.suffix);
      if (typeof f.wildcard === 'string') return globMatch(f.wildcard, value);
      if (f['anything-but'] !== undefined) {
        const ab = f['anything-but'];
        return !(Array.isArray(ab) ? ab : [ab]).includes(value);
      }
    }
    return false;
  });
}

/** Whether an EventBridge rule catches Secrets Manager RotationFailed events and sends them somewhere. */
function catchesRotationFailure(rule: CfnResource, index: TemplateIndex): 'yes' | 'no' | 'unknown' {
  const state = V.str(index.prop(rule, 'State'));
  if (state !== undefined && state !== 'ENABLED') return 'no';
  const bus = index.prop(rule, 'EventBusName');
  if (bus.k === 'lit' && bus.v !== 'default' && !/:event-bus\/default$/.test(String(bus.v))) return 'no';
  if (bus.k === 'ref' || bus.k === 'expr') return 'no'; // a custom bus does not receive CloudTrail events
  let pattern: any = index.prop(rule, 'EventPattern');
  if (pattern.k === 'absent') return 'no';
  if (pattern.k !== 'lit') return 'unknown';
  pattern = pattern.v;
  if (typeof pattern === 'string') {
    try { pattern = JSON.parse(pattern); } catch { return 'no'; }
  }
  if (!pattern || typeof pattern !== 'object') return 'no';
  if (pattern.source === undefined || !matches(pattern.source, 'aws.secretsmanager')) return 'no';
  if (!DETAIL_TYPES.some((d) => matches(pattern['detail-type'], d))) return 'no';
  const detail = pattern.detail ?? {};
  if (!matches(detail.eventName, 'RotationFailed')) return 'no';
  if (!matches(detail.eventSource, 'secretsmanager.amazonaws.com')) return 'no';
  const targets = index.prop(rule, 'Targets');
  if (targets.k === 'unknown') return 'unknown';
  return (V.list(targets) ?? []).length > 0 ? 'yes' : 'no';
}

/** An alarm with an action on the rotation function's Errors metric. */
function rotationFunctionAlarm(schedule: CfnResource, index: TemplateIndex): CfnResource | undefined {
  const fnVal = index.prop(schedule, 'RotationLambdaARN');
  if (fnVal.k !== 'ref' || fnVal.target.type !== 'AWS::Lambda::Function') return undefined;
  return index.referrers(fnVal.target, 'AWS::CloudWatch::Alarm').find((a) =>
    V.str(index.prop(a, 'MetricName')) === 'Errors' && (V.list(index.prop(a, 'AlarmActions')) ?? []).length > 0);
}

/** SECRETS-ROTATION-ALERT: someone hears about a failed rotation. */
export const SecretsRotationAlert: AwsRule = {
  id: 'SecretsRotationAlert',
  items: ['SECRETS-ROTATION-ALERT'],
  types: ['AWS::SecretsManager::RotationSchedule'],
  severity: Severity.MEDIUM,
  description: 'An enabled EventBridge rule on the default bus matches Secrets Manager RotationFailed events (via CloudTrail) and has a target, or an alarm with an action watches the rotation function\'s errors.',
  fix: 'Add an events.Rule with source aws.secretsmanager, detail-type "AWS Service Event via CloudTrail", detail.eventName RotationFailed, targeting the on-call SNS topic.',
  check(res, { index }) {
    let open: CfnResource | undefined;
    for (const rule of index.ofType('AWS::Events::Rule')) {
      const r = catchesRotationFailure(rule, index);
      if (r === 'yes') return pass('Properties.EventPattern', rule.logicalId, `EventBridge rule ${rule.logicalId} forwards RotationFailed events`);
      if (r === 'unknown') open = rule;
    }
    const alarm = rotationFunctionAlarm(res, index);
    if (alarm) return pass('Properties.MetricName', 'Errors', `alarm ${alarm.logicalId} watches the rotation function's errors`);
    if (open) return unknown('Properties.EventPattern', open.logicalId, `EventBridge rule ${open.logicalId} is configured at deploy time; cannot tell whether it catches rotation failures`);
    return fail(undefined, undefined, 'no EventBridge rule or alarm reports a failed rotation: the secret silently stops rotating');
  },
};
