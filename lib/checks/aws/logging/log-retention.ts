import { Severity } from '../../model';
import { AwsRule, RuleContext, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, V } from '../../template-index';
import { isServiceFunction } from '../../cfn/service-compute';
import { appContainers, containerName, isServiceTaskDefinition } from '../../cfn/environment';
import { LogDestination, appsyncLogDestination, containerLogDestination, lambdaLogDestination } from '../../cfn/log-destinations';

/** Audit log groups (a CloudTrail trail writes to them) keep auditLogRetentionDays; others logRetentionDays. */
export function retentionKey(group: CfnResource, ctx: RuleContext): string {
  return ctx.index.referrers(group, 'AWS::CloudTrail::Trail').length > 0 ? 'auditLogRetentionDays' : 'logRetentionDays';
}

function checkGroup(group: CfnResource, ctx: RuleContext): Verdict {
  const key = retentionKey(group, ctx);
  const v = ctx.index.prop(group, 'RetentionInDays');
  const p = 'Properties.RetentionInDays';
  const t = ctx.thresholds.get(key);
  // No RetentionInDays means no retention policy: the logs are never rotated out (the seeds ask for a
  // retention/rotation policy, and never-expiring logs grow without bound).
  if (v.k === 'absent') return fail(p, v, 'no RetentionInDays: no retention policy, the logs never expire (set a retention of at least the threshold)');
  if (v.k === 'unknown') return unknown(p, v, `retention decided at deploy time (${v.why})`);
  const n = V.num(v);
  if (n === undefined) return fail(p, v, `RetentionInDays is ${V.show(v)} (needs ${t})`);
  return ctx.thresholds.meets(key, n)
    ? pass(p, String(n), `logs kept ${n} days, meets ${key} ${t}`)
    : fail(p, String(n), `logs kept ${n} days, less than ${key} ${t}`);
}

function judge(dest: LogDestination, label: string, ctx: RuleContext): Verdict | undefined {
  switch (dest.k) {
    case 'group':
      return pass(dest.property, dest.group.logicalId, `${label} logs to log group ${dest.group.logicalId} (its retention is checked on the group)`);
    case 'external':
      return unknown(dest.property, dest.what, `${label} logs to ${dest.what}: its retention cannot be seen here`);
    case 'unknown':
      return unknown(dest.property, undefined, `${label}: log destination decided at deploy time (${dest.why})`);
    case 'none':
      return undefined; // nothing is shipped (LogCentralized reports it)
    case 'implicit': {
      if (!dest.retention) {
        return fail(dest.property, undefined, `${label} logs to the default ${dest.name.split('/<')[0]} group, which the stack does not manage: it never expires and is not encrypted with your key (${dest.fix})`);
      }
      const r = ctx.index.prop(dest.retention, 'RetentionInDays');
      const t = ctx.thresholds.get('logRetentionDays');
      if (r.k === 'unknown') return unknown('Properties.RetentionInDays', r, `${label}: retention decided at deploy time (${r.why})`);
      const n = V.num(r);
      if (n !== undefined && ctx.thresholds.meets('logRetentionDays', n)) {
        return pass('Properties.RetentionInDays', String(n), `${label}: ${dest.retention.logicalId} keeps the default log group ${n} days, meets logRetentionDays ${t}`);
      }
      return fail('Properties.RetentionInDays', r, `${label}: ${dest.retention.logicalId} keeps the default log group ${V.show(r)} days, less than logRetentionDays ${t}`);
    }
  }
}

/**
 * LOG-RETENTION: logs are kept at least logRetentionDays, in log groups the stack manages.
 *
 * Log groups are judged on their RetentionInDays. Serving Lambda functions, ECS service containers and AppSync
 * GraphQL and Event APIs that write logs are judged on where they write (`cfn/log-destinations.ts`): a group of the template
 * passes (judged on the group); the default group the service creates itself (Lambda's /aws/lambda/<name>,
 * AppSync's /aws/appsync/apis/<api id>: it never expires, AppSync Developer Guide and the CDK's `logConfig.retention`
 * "By default AppSync keeps the logs infinitely") fails unless a Custom::LogRetention naming it keeps it long
 * enough; a group outside the template or decided at deploy time is unknown.
 */
export const LogRetention: AwsRule = {
  id: 'LogRetention',
  items: ['LOG-RETENTION'],
  types: ['AWS::Logs::LogGroup', 'AWS::Lambda::Function', 'AWS::ECS::TaskDefinition', 'AWS::AppSync::GraphQLApi', 'AWS::AppSync::Api'],
  severity: Severity.MEDIUM,
  description: 'Log groups keep logs at least logRetentionDays (auditLogRetentionDays for CloudTrail groups); a group without a retention policy (never expires) fails; serving Lambda functions, ECS service containers and AppSync GraphQL and Event APIs log to a group the stack manages (not the default group the service creates, which never expires).',
  fix: 'Set RetentionInDays >= the threshold; give functions a logGroup (logs.LogGroup with retention), containers an awslogs driver with such a group, and AppSync APIs a LogGroup named /aws/appsync/apis/${Api.ApiId} with retention.',
  check(res, ctx) {
    const { index } = ctx;
    if (res.type === 'AWS::Logs::LogGroup') return checkGroup(res, ctx);
    if (res.type === 'AWS::Lambda::Function') {
      if (!isServiceFunction(res, index)) return undefined;
      return judge(lambdaLogDestination(res, index), `function ${res.logicalId}`, ctx);
    }
    if (res.type === 'AWS::AppSync::GraphQLApi' || res.type === 'AWS::AppSync::Api') {
      const dest = appsyncLogDestination(res, index);
      return dest && judge(dest, `${res.type === 'AWS::AppSync::Api' ? 'Event' : 'GraphQL'} API ${res.logicalId}`, ctx);
    }
    if (!isServiceTaskDefinition(res, index)) return undefined;
    return appContainers(res, index)
      .map((c) => judge(containerLogDestination(c.def, c.position, index), `container ${containerName(c, index)}`, ctx))
      .filter((v): v is Verdict => v !== undefined);
  },
};
