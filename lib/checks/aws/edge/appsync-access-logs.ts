import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, refMark, TemplateIndex, Val, V } from '../../template-index';
import { allowsOn, arnCovers, attachedPolicies, resourceText, stackArnFields } from '../../cfn/iam-policies';
import { valueText } from '../../cfn/names';
import { RoleCheck, deniedAction, roleNamedBy, roleTrusts } from '../../cfn/service-roles';
import { appsyncLogConfig } from '../../cfn/log-destinations';
import { EVENT_API, GRAPHQL_API } from './appsync';

/** The service principal AppSync assumes its CloudWatch Logs role as. */
const APPSYNC_SERVICE = 'appsync.amazonaws.com';
/** The field log levels AppSync knows (CloudFormation `LogConfig.FieldLogLevel`). */
const LEVELS = ['NONE', 'ERROR', 'INFO', 'DEBUG', 'ALL'];
/** Field log levels that also log each resolver's request and response (arguments, results): request data. */
const DATA_LEVELS = ['DEBUG', 'ALL'];
/** AWS managed policies that let AppSync create its log group and write it. */
const LOG_POLICIES = /:iam::aws:policy\/(service-role\/AWSAppSyncPushToCloudWatchLogs|CloudWatchLogsFullAccess|AdministratorAccess)$/;
const LOG_GROUP = 'AWS::Logs::LogGroup';

/** The ARNs AppSync writes for an API: its log group `/aws/appsync/apis/<api id>` and a stream in it. */
function logArns(index: TemplateIndex, api: CfnResource): { group: string; stream: string; named: (ref: string) => string | undefined } {
  const { partition, region, account } = stackArnFields(index);
  const id = refMark(api.logicalId, 'ApiId');
  const group = `arn:${partition}:logs:${region}:${account}:log-group:/aws/appsync/apis/${id}`;
  return { group, stream: `${group}:log-stream:x`, named: (ref) => (ref === `${api.logicalId}.ApiId` ? id : undefined) };
}

/** Whether a log group of this template is the API's own (`LogGroupName` `/aws/appsync/apis/${Api.ApiId}`): AppSync then needs not create it. */
function groupInTemplate(index: TemplateIndex, api: CfnResource): boolean {
  return index.referrers(api, LOG_GROUP).some((g) => {
    const name = index.prop(g, 'LogGroupName');
    return name.k === 'expr' && name.text === `/aws/appsync/apis/${refMark(api.logicalId, 'ApiId')}`;
  });
}

/**
 * Whether a role of this template lets AppSync write the API's logs: it trusts appsync.amazonaws.com, no Deny
 * covers logs:PutLogEvents, it has no permissions boundary (not read), and it carries AWSAppSyncPushToCloudWatchLogs
 * (or CloudWatchLogsFullAccess, AdministratorAccess) or statements allowing logs:CreateLogStream and
 * logs:PutLogEvents on the API's log group, and logs:CreateLogGroup unless the template creates that group.
 */
function roleWritesLogs(index: TemplateIndex, api: CfnResource, role: CfnResource): RoleCheck {
  const trust = roleTrusts(role, index, APPSYNC_SERVICE, 'AppSync cannot assume it, so the API writes no logs');
  if (trust.k !== 'yes') return trust;
  const boundary = index.prop(role, 'PermissionsBoundary');
  if (boundary.k !== 'absent') return { k: 'unknown', why: `role ${role.logicalId} has a permissions boundary (${V.show(boundary)}), not read: whether it lets AppSync write logs is not known` };
  const arns = index.prop(role, 'ManagedPolicyArns');
  let open = arns.k === 'unknown' ? `the managed policies of role ${role.logicalId} are decided at deploy time (${arns.why})` : undefined;
  let managed: string | undefined;
  const customer: CfnResource[] = [];
  for (const v of index.items(arns) ?? []) {
    if (v.k === 'unknown') { open ??= `a managed policy of role ${role.logicalId} is decided at deploy time (${v.why})`; continue; }
    if (v.k === 'ref' && v.target.type === 'AWS::IAM::ManagedPolicy') { customer.push(v.target); continue; }
    const text = valueText(v) ?? (v.k === 'expr' ? v.text : undefined) ?? V.show(v);
    if (LOG_POLICIES.test(text)) managed ??= text.split('/').pop();
    else open ??= `role ${role.logicalId} has managed policy ${text}, not read`;
  }
  const docs = [role, ...attachedPolicies(role, index), ...customer];
  const denied = deniedAction(docs, index, 'logs:PutLogEvents');
  if (denied.blocks) return { k: 'no', why: `role ${role.logicalId} denies logs:PutLogEvents on every resource (${denied.blocks}): AppSync cannot write the API's logs` };
  if (denied.may) return { k: 'unknown', why: `a Deny covering logs:PutLogEvents (${denied.may}) may apply to the API's log group` };
  if (managed) return { k: 'yes' };
  const target = logArns(index, api);
  const needs: [string, string][] = [['logs:CreateLogStream', target.group], ['logs:PutLogEvents', target.stream]];
  if (!groupInTemplate(index, api)) needs.push(['logs:CreateLogGroup', target.group]);
  const missing: string[] = [];
  for (const [action, arn] of needs) {
    const covers = (r: Val): boolean | string => {
      if (r.k === 'unknown') return `its resource is decided at deploy time (${r.why})`;
      const text = resourceText(r, target.named);
      if (text === undefined) return false;
      const c = [arn, `${target.group}:*`].map((a) => arnCovers(text, a));
      if (c.includes(true)) return true;
      return c.includes('open') ? `whether resource ${V.show(r)} is the API's log group is decided at deploy time` : false;
    };
    const a = allowsOn(docs, index, action, covers);
    if (a === false) missing.push(action);
    else if (a !== true) open ??= a.open;
  }
  if (missing.length === 0) return { k: 'yes' };
  if (open) return { k: 'unknown', why: `whether role ${role.logicalId} may write the API's log group is decided at deploy time or not read: ${open}` };
  return { k: 'no', why: `role ${role.logicalId} has neither AWSAppSyncPushToCloudWatchLogs nor an Allow of ${missing.join(', ')} on the API's log group (/aws/appsync/apis/<api id>): AppSync cannot write the API's logs` };
}

/**
 * EDGE-ACCESS-LOGS (AppSync): every AppSync GraphQL API and Event API writes its request logs to CloudWatch Logs.
 *
 * An Event API is read the same way on its `EventConfig.LogConfig` (`CloudWatchLogsRoleArn`, `LogLevel`): AppSync
 * Events writes request-level logs (headers, operation summary) to the same `/aws/appsync/apis/<api id>` whatever
 * the level, which only adds handler logs ("None - No handler logs are captured"; AppSync Events Developer Guide,
 * "Configuring CloudWatch Logs on Event APIs"); it has no ExcludeVerboseContent, so the pass notes the headers.
 *
 * AppSync logs only with a `LogConfig` naming a role it assumes to write them (`CloudWatchLogsRoleArn`; the AppSync
 * API requires both it and `FieldLogLevel`). Once logging is on, AppSync writes request-level logs for every request
 * (request id, headers, query, operation summary, latency) whatever the field log level, which only adds
 * per-resolver logs (AppSync Developer Guide, "Monitoring and logging": the field resolver log level is optional and
 * may be None; LogConfig: "NONE: No field-level logs are captured"). The request-level logs are the access logs, so
 * every FieldLogLevel (NONE, ERROR, INFO, DEBUG, ALL) passes; DEBUG and ALL also log each resolver's request and
 * response (arguments and results), which the pass message says (what reaches the logs is LOG-NO-SECRETS). So does
 * an `ExcludeVerboseContent` that is not true (the default is false: headers, context and evaluated mapping templates
 * are logged, AppSync API Reference, LogConfig): LOG-NO-SECRETS is attested by a person reviewing the logs, so no
 * rule judges it; the note points the review at them.
 *
 * Decisions: no LogConfig, or no CloudWatchLogsRoleArn, fails (nothing is written). The role must be one AppSync can
 * assume and that may write logs: a role of this template (`Fn::GetAtt Role.Arn`, an ARN built around one role, a
 * literal ARN matching its RoleName) that does not trust appsync.amazonaws.com, denies logs:PutLogEvents everywhere,
 * or has neither AWSAppSyncPushToCloudWatchLogs (CloudWatchLogsFullAccess, AdministratorAccess) nor an Allow of
 * logs:CreateLogStream and logs:PutLogEvents on the API's log group (and logs:CreateLogGroup unless the template
 * creates `/aws/appsync/apis/${Api.ApiId}`) fails; a role outside the template, a permissions boundary, a Deny
 * that may apply, an AWS managed policy not read, a FieldLogLevel not set or not known, and anything decided at
 * deploy time are unknown.
 */
export const AppSyncAccessLogs: AwsRule = {
  id: 'AppSyncAccessLogs',
  items: ['EDGE-ACCESS-LOGS'],
  types: [GRAPHQL_API, EVENT_API],
  readsTypes: ['AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'],
  severity: Severity.MEDIUM,
  description: 'Every AppSync GraphQL API and Event API writes request logs to CloudWatch Logs: a LogConfig (an Event API\'s EventConfig.LogConfig) with a FieldLogLevel (LogLevel) and a CloudWatchLogsRoleArn naming a role that trusts appsync.amazonaws.com and may write the API\'s log group (AWSAppSyncPushToCloudWatchLogs, or logs:CreateLogGroup/CreateLogStream/PutLogEvents on /aws/appsync/apis/<api id>).',
  fix: 'Set logConfig on the GraphQL API or EventApi (CDK: logConfig: { fieldLogLevel: FieldLogLevel.ERROR }, which creates the role), or a LogConfig whose CloudWatchLogsRoleArn is a role trusting appsync.amazonaws.com with AWSAppSyncPushToCloudWatchLogs.',
  check(res, { index }) {
    const { config, path: cp, levelField, what: name } = appsyncLogConfig(index, res);
    const event = res.type === EVENT_API;
    if (config.k === 'unknown') return unknown(cp, config, `${name}: logging configuration decided at deploy time (${config.why})`);
    if (config.k === 'absent') return fail(cp, '(not set)', `${name} writes no logs (no ${event ? 'EventConfig.' : ''}LogConfig): requests to the API leave no trace`);
    const rp = `${cp}.CloudWatchLogsRoleArn`;
    const roleArn = index.field(config, 'CloudWatchLogsRoleArn');
    if (roleArn.k === 'unknown') return unknown(rp, roleArn, `${name}: the logging role is decided at deploy time (${roleArn.why})`);
    if (roleArn.k === 'absent') return fail(rp, '(not set)', `${name}: LogConfig names no CloudWatchLogsRoleArn: AppSync writes logs only through a role it assumes, so requests to the API leave no trace`);
    const lp = `${cp}.${levelField}`;
    const level = index.field(config, levelField);
    if (level.k === 'unknown') return unknown(lp, level, `${name}: log level decided at deploy time (${level.why})`);
    if (level.k === 'absent') return unknown(lp, '(not set)', `${name}: LogConfig sets no ${levelField}, which the AppSync API requires: whether the API is created with logging on is not known`);
    const lv = V.str(level);
    if (lv === undefined || !LEVELS.includes(lv)) return unknown(lp, level, `${name}: log level ${V.show(level)} is not one AppSync knows (${LEVELS.join(', ')})`);
    const verdict = (check: RoleCheck, role: string): Verdict => {
      if (check.k === 'no') return fail(rp, roleArn, `${name}: ${check.why}`);
      if (check.k === 'unknown') return unknown(rp, roleArn, `${name}: ${check.why}`);
      const data = DATA_LEVELS.includes(lv)
        ? `; ${event ? `log level ${lv} also logs each handler's request and response (events and results)` : `field log level ${lv} also logs each resolver's request and response (arguments and results)`}: keep personal data and credentials out of them (LOG-NO-SECRETS)` : '';
      // A note only: a value decided at deploy time must not make the verdict unknown (V.isTrue would).
      const exclude = event ? undefined : index.field(config, 'ExcludeVerboseContent');
      const verbose = exclude === undefined ? '; request-level logs hold the request and response HTTP headers (review them for credentials: LOG-NO-SECRETS)'
        : exclude.k !== 'unknown' && V.isTrue(exclude) ? ''
          : `; ExcludeVerboseContent ${exclude.k === 'unknown' ? 'may not be' : 'is not'} true: the logs also hold request headers, resolver context and evaluated mapping templates (review them for credentials and personal data: LOG-NO-SECRETS)`;
      return pass(rp, roleArn, `${name} writes request logs to CloudWatch Logs through role ${role} (${levelField} ${lv})${data}${verbose}`);
    };
    const found = roleNamedBy(index, roleArn, 'CloudWatchLogsRoleArn', (role) => roleWritesLogs(index, res, role).k === 'yes');
    if ('outside' in found) return unknown(rp, roleArn, `${name}: logging role ${found.outside} is outside this template: whether AppSync can assume it and it may write logs cannot be read here`);
    if ('open' in found) return unknown(rp, roleArn, `${name}: ${found.open}`);
    return verdict(roleWritesLogs(index, res, found.role), found.role.logicalId);
  },
};
