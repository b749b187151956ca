import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { EventShape, matchingRules } from '../../cfn/event-rules';
import { ruleDelivers } from '../../cfn/sns-delivery';
import { alarmActs } from '../../cfn/alarms';

/** Where the event names the secret: rules filtering on other secrets are not tried (linear in schedules). */
const SECRET_ID = ['detail', 'additionalEventData', 'SecretId'];

const ATTACHMENT = 'AWS::SecretsManager::SecretTargetAttachment';

/**
 * Secrets Manager's RotationFailed for the secret a schedule rotates, as
 * EventBridge delivers it from CloudTrail (under either detail-type): the
 * secret's ARN is `detail.additionalEventData.SecretId`.
 */
function rotationFailed(schedule: CfnResource, index: TemplateIndex): EventShape[] {
  const detail: { [k: string]: EventShape | string } = { eventSource: 'secretsmanager.amazonaws.com', eventName: 'RotationFailed' };
  const id = index.prop(schedule, 'SecretId');
  if (id.k === 'ref') {
    // The schedule names the secret, or its target attachment (whose Ref is the secret's ARN too).
    const target = id.target;
    const secret = target.type === ATTACHMENT ? index.prop(target, 'SecretId') : undefined;
    detail.additionalEventData = { SecretId: { resources: secret?.k === 'ref' ? [target, secret.target] : [target] } };
  } else if (id.k === 'lit' && V.str(id) !== undefined) {
    detail.additionalEventData = { SecretId: V.str(id)! };
  }
  return ['AWS Service Event via CloudTrail', 'AWS API Call via CloudTrail'].map((detailType) => ({ 'source': 'aws.secretsmanager', 'detail-type': detailType, detail }));
}

/**
 * An alarm with an enabled action on the rotation function's Errors metric (namespace AWS/Lambda, a
 * FunctionName dimension naming the function), or why it cannot be known.
 */
function rotationFunctionAlarm(schedule: CfnResource, index: TemplateIndex): { alarm?: CfnResource; open?: string } {
  const fnVal = index.prop(schedule, 'RotationLambdaARN');
  if (fnVal.k !== 'ref' || fnVal.target.type !== 'AWS::Lambda::Function') return {};
  const fn = fnVal.target;
  const fnName = index.prop(fn, 'FunctionName');
  let open: string | undefined;
  for (const a of index.referrers(fn, 'AWS::CloudWatch::Alarm')) {
    const ns = index.prop(a, 'Namespace');
    const metric = index.prop(a, 'MetricName');
    const dims = index.prop(a, 'Dimensions');
    if ([ns, metric, dims].some((v) => v.k === 'unknown')) { open ??= `alarm ${a.logicalId} is configured at deploy time`; continue; }
    if (V.str(ns) !== 'AWS/Lambda' || V.str(metric) !== 'Errors') continue;
    // The alarm names the function in its FunctionName dimension (not only elsewhere, e.g. as an action it invokes).
    let on = false;
    for (const d of index.items(dims) ?? []) {
      const name = index.field(d, 'Name');
      const value = index.field(d, 'Value');
      if (name.k === 'unknown' || value.k === 'unknown') { open ??= `a dimension of alarm ${a.logicalId} is decided at deploy time`; continue; }
      if (V.str(name) !== 'FunctionName') continue;
      if (index.refsOf(value).has(fn.logicalId) || (value.k === 'lit' && fnName.k === 'lit' && V.str(value) === V.str(fnName))) on = true;
    }
    if (!on) continue;
    // Whether the alarm acts is `alarmActs`' answer (ActionsEnabled, its actions, an alarm mute rule naming it), as for
    // every alarm item; one whose only actions scale or stop machines tells no one.
    const acts = alarmActs(index, a);
    if (acts.acts === undefined) open ??= `alarm ${a.logicalId}: ${acts.why}`;
    if (acts.acts !== true || acts.machineOnly !== undefined) continue;
    return { alarm: a };
  }
  return { open };
}

/**
 * SECRETS-ROTATION-ALERT: someone hears about a failed rotation: an enabled
 * EventBridge rule on the default bus whose pattern matches Secrets Manager's
 * RotationFailed event for this schedule's secret (delivered via CloudTrail; a
 * pattern filtering `additionalEventData.SecretId` on another secret does not
 * count) and sends it to an SNS topic EventBridge can publish to, or an alarm
 * with enabled actions on the rotation function's Errors metric (namespace
 * `AWS/Lambda`, dimension `FunctionName` naming the function; an alarm that
 * only mentions the function elsewhere does not count). Whether the alarm acts is `alarmActs`' answer, as for
 * ALARM-ACTIONS: actions disabled, none, or muted at all times by an alarm mute rule do not count; `ActionsEnabled`
 * or the actions decided at deploy time, or muted in windows, are unknown; actions that only scale or stop machines
 * tell no one and do not count. Read in every
 * world: a pattern or a state behind a condition counts where it holds.
 *
 * Decisions: the rule's target must be an SNS topic, as AWS Backup's rule
 * requires and as an alarm's action notifies (a Lambda function, a queue, a
 * log group or another bus tells nobody: fail). EventBridge can publish only
 * when the topic's policy lets `events.amazonaws.com` publish and, for a
 * KMS-encrypted topic, the key policy lets it use the key (a topic policy in
 * the template without the grant, or the AWS-managed alias/aws/sns key: fail;
 * no topic policy in the template, a topic or key outside it, or a target from
 * a parameter: unknown, since a policy set elsewhere decides). Whether the
 * topic has subscribers is ALARM-NOTIFICATION-CHANNELS' question, as it is for
 * an alarm's topic.
 */
export const SecretsRotationAlert: AwsRule = {
  id: 'SecretsRotationAlert',
  items: ['SECRETS-ROTATION-ALERT'],
  types: ['AWS::SecretsManager::RotationSchedule'],
  severity: Severity.MEDIUM,
  description: 'An enabled EventBridge rule on the default bus matches Secrets Manager RotationFailed events (via CloudTrail) and targets an SNS topic whose topic (and key) policy lets EventBridge publish, or an alarm with an action watches the rotation function\'s errors.',
  fix: 'Add an events.Rule with source aws.secretsmanager, detail-type "AWS Service Event via CloudTrail", detail.eventName RotationFailed, targeting the on-call SNS topic.',
  check(res, { index }) {
    let open: string | undefined;
    const refused: string[] = [];
    for (const { rule, match, targets } of matchingRules(index, rotationFailed(res, index), SECRET_ID)) {
      if (match.k === 'unknown') { open ??= match.why; continue; }
      // A rule that matches tells someone when it sends the event to an SNS topic EventBridge may publish to.
      const d = ruleDelivers(index, rule, targets);
      if (d.k === 'yes') return pass('Properties.EventPattern', rule.logicalId, `EventBridge rule ${rule.logicalId} forwards RotationFailed events to SNS topic ${d.topic.logicalId}, whose policy lets EventBridge publish`);
      if (d.k === 'unknown') open ??= d.why;
      else refused.push(`EventBridge rule ${rule.logicalId} matches RotationFailed but ${d.why}`);
    }
    const alarm = rotationFunctionAlarm(res, index);
    if (alarm.alarm) return pass('Properties.MetricName', 'Errors', `alarm ${alarm.alarm.logicalId} watches the rotation function's errors`);
    open ??= alarm.open;
    if (open) return unknown('Properties.EventPattern', undefined, `cannot tell at synth whether a failed rotation raises an alert: ${open}`);
    if (refused.length > 0) return fail(undefined, undefined, `nobody is told when the rotation fails: ${refused.join('; ')}`);
    return fail(undefined, undefined, 'no EventBridge rule or alarm reports a failed rotation: the secret silently stops rotating');
  },
};
