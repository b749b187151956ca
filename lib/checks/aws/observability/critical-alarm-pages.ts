import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { Channel, alarmActions, channelsOf, externalTopic } from './channels';
import { alarmActs, compositesOf, openComposites } from '../../cfn/alarms';

/** Hosts of paging services that take an HTTPS webhook. */
const PAGER = /(^|\.)(pagerduty\.com|opsgenie\.com|opsgenie\.net|victorops\.com|splunkoncall\.com|xmatters\.com|incident\.io|squadcast\.com|rootly\.com|firehydrant\.io|betterstack\.com|betteruptime\.com|grafana\.net|ilert\.com|zenduty\.com|spike\.sh|alertops\.com)$/i;
/** Hosts of chat webhooks: a notification, not a page. */
const CHAT = /(^|\.)(hooks\.slack\.com|slack\.com|outlook\.office\.com|office\.com|webhook\.office\.com|discord\.com|discordapp\.com|chat\.googleapis\.com)$/i;

type Grade = 'pages' | 'maybe' | 'no';

function host(v: Val): string | undefined {
  const s = v.k === 'lit' ? V.str(v) : undefined;
  if (!s) return undefined;
  return /^https?:\/\/([^/:?#]+)/i.exec(s)?.[1];
}

function gradeChannel(c: Channel): Grade {
  const g = gradeUnfiltered(c);
  // A filter policy that may drop alarm notifications leaves a paging channel open.
  return g === 'pages' && c.filtered ? 'maybe' : g;
}

function gradeUnfiltered(c: Channel): Grade {
  if (c.protocol === 'sms') return 'pages';
  if (c.protocol === 'https' || c.protocol === 'http') {
    if (c.endpoint.k === 'unknown') return 'maybe';
    const h = host(c.endpoint);
    if (h && PAGER.test(h)) return 'pages';
    if (h && CHAT.test(h)) return 'no';
    return 'maybe';
  }
  if (c.protocol === 'lambda' || c.protocol === '?') return 'maybe';
  return 'no';
}

function gradeAction(a: Val, index: TemplateIndex): { grade: Grade; what: string } {
  if (a.k === 'ref' && a.target.type === 'AWS::SSMIncidents::ResponsePlan') return { grade: 'pages', what: `Incident Manager response plan ${a.target.logicalId}` };
  if (a.k === 'ref' && a.target.type === 'AWS::SNS::Topic') {
    const grades = channelsOf(a.target, index).map((c) => ({ c, g: gradeChannel(c) }));
    const paging = grades.find((x) => x.g === 'pages');
    if (paging) return { grade: 'pages', what: `${paging.c.protocol} ${V.show(paging.c.endpoint)} on topic ${a.target.logicalId}` };
    if (grades.some((x) => x.g === 'maybe')) return { grade: 'maybe', what: `topic ${a.target.logicalId} (a webhook or function that may page)` };
    return { grade: 'no', what: `topic ${a.target.logicalId} (${grades.map((x) => x.c.protocol).join(', ') || 'no subscription'})` };
  }
  const s = a.k === 'lit' ? V.str(a) ?? '' : a.k === 'expr' ? a.text : '';
  if (/:ssm-incidents::(\$\{\u0005AWS::AccountId\}|[^:]*):response-plan\//.test(s)) return { grade: 'pages', what: `Incident Manager response plan ${V.show(a)}` };
  if (externalTopic(a) || a.k === 'unknown' || /^arn:(\$\{\u0005AWS::Partition\}|[^:$]+):lambda:/.test(s)) return { grade: 'maybe', what: `${V.show(a)} (outside this template)` };
  return { grade: 'no', what: V.show(a) };
}

/**
 * ALARM-PAGING: critical alarms page the on-call engineer.
 *
 * Decisions: the critical alarms are the top-level composite alarms (the
 * service-health alarm of ALARM-STANDARD-SET; a composite nested in another is
 * judged through the outer one). Paging means an action that reaches a
 * pager: an Incident Manager response plan, an SNS topic with an HTTPS
 * subscription to a paging service (PagerDuty, Opsgenie, VictorOps/Splunk
 * On-Call, xMatters, incident.io, ...) or an SMS subscription. Email, SQS and
 * chat webhooks do not page (fail); an HTTPS endpoint of unknown kind, an
 * endpoint from a parameter, a Lambda subscription, or a topic outside the
 * template is unknown. A critical alarm whose actions are disabled, or muted at
 * all times by an alarm mute rule, pages nobody; one muted in windows, or held
 * back by an ActionsSuppressor that notifies no one, is unknown (`alarmActs`). A subscription whose filter policy drops alarm notifications (a
 * MessageAttributes filter: alarms carry no attributes) is no channel; a paging
 * subscription whose filter may drop them is unknown.
 */
export const CriticalAlarmPages: AwsRule = {
  id: 'CriticalAlarmPages',
  items: ['ALARM-PAGING'],
  types: ['AWS::CloudWatch::CompositeAlarm'],
  severity: Severity.HIGH,
  description: 'Top-level composite (critical) alarms notify a pager: an Incident Manager response plan, or a topic with a PagerDuty/Opsgenie-style HTTPS or SMS subscription.',
  fix: 'Subscribe the paging service\'s integration URL to the critical alarm\'s topic (UrlSubscription), or add an SSM Incidents response plan as an alarm action.',
  check(res: CfnResource, { index }) {
    if (compositesOf(index, res).length > 0) return undefined;
    const outer = openComposites(index, res);
    if (outer.length > 0) return unknown(undefined, outer.map((c) => c.logicalId).join(', '), `whether composite alarm ${outer.map((c) => c.logicalId).join(', ')} nests this one (and pages for it) is decided at deploy time`);
    const acts = alarmActs(index, res);
    if (acts.acts === false && acts.property === 'ActionsEnabled') return fail('Properties.ActionsEnabled', acts.value, 'critical alarm has its actions disabled: it pages nobody');
    if (acts.acts === false && acts.muted !== undefined) return fail(`Properties.${acts.property}`, acts.value, `critical alarm: ${acts.muted}: it pages nobody`);
    if (acts.acts === undefined) return unknown(`Properties.${acts.property}`, acts.value, `critical alarm: ${acts.why}`);
    const actions = alarmActions(res, index);
    if (actions.length === 0) return fail('Properties.AlarmActions', '(none)', 'critical alarm has no action: it pages nobody');
    const graded = actions.map((a) => gradeAction(a, index));
    const pages = graded.find((g) => g.grade === 'pages');
    if (pages) return pass('Properties.AlarmActions', pages.what, `critical alarm pages through ${pages.what}`);
    const maybe = graded.find((g) => g.grade === 'maybe');
    if (maybe) return unknown('Properties.AlarmActions', maybe.what, `whether ${maybe.what} pages someone cannot be seen in the template`);
    return fail('Properties.AlarmActions', graded.map((g) => g.what).join('; '), `critical alarm reaches no pager: ${graded.map((g) => g.what).join('; ')}`);
  },
};
