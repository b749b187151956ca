import { Severity } from '../../model';
import { AwsRule, RuleContext, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, V, Val } from '../../template-index';

function managementEvents(res: CfnResource, ctx: RuleContext): Verdict {
  const { index } = ctx;
  const p = 'Properties.EventSelectors';
  const adv = index.prop(res, 'AdvancedEventSelectors');
  const basic = index.prop(res, 'EventSelectors');
  for (const v of [adv, basic]) if (v.k === 'unknown') return unknown(p, v, `event selectors decided at deploy time (${v.why})`);
  const advanced = index.items(adv) ?? [];
  if (advanced.length > 0) {
    // A Management selector with no readOnly filter records reads and writes.
    const all = advanced.some((s) => {
      const fields = index.items(index.field(s, 'FieldSelectors')) ?? [];
      const field = (f: Val) => V.str(index.field(f, 'Field'));
      const cat = fields.find((f) => field(f) === 'eventCategory');
      const management = (cat ? index.items(index.field(cat, 'Equals')) ?? [] : []).some((e) => V.str(e) === 'Management');
      return management && !fields.some((f) => field(f) === 'readOnly');
    });
    return all ? pass('Properties.AdvancedEventSelectors', 'eventCategory=Management', 'records all management events (advanced selectors)')
      : fail('Properties.AdvancedEventSelectors', undefined, 'advanced event selectors do not record all (read and write) management events');
  }
  const selectors = index.items(basic) ?? [];
  if (selectors.length === 0) return pass(p, basic, 'records all management events (default selectors)');
  const all = selectors.some((s) => !V.isFalse(index.field(s, 'IncludeManagementEvents')) && (V.str(index.field(s, 'ReadWriteType')) ?? 'All') === 'All');
  return all ? pass(p, 'ReadWriteType All', 'records read and write management events')
    : fail(p, undefined, 'event selectors leave out management events (or record only reads or only writes)');
}

function regions(res: CfnResource, ctx: RuleContext): Verdict {
  const { index } = ctx;
  for (const [prop, what] of [['IsLogging', 'the trail is logging'], ['IsMultiRegionTrail', 'the trail covers every region']]) {
    const v = index.prop(res, prop);
    if (v.k === 'unknown') return unknown(`Properties.${prop}`, v, `${what}: decided at deploy time (${v.why})`);
    if (!V.isTrue(v)) return fail(`Properties.${prop}`, v, prop === 'IsLogging' ? 'the trail is not logging' : 'single-region trail: activity in other regions is not recorded');
  }
  return pass('Properties.IsMultiRegionTrail', 'true', 'multi-region trail, logging');
}

function encrypted(res: CfnResource, ctx: RuleContext): Verdict {
  const key = ctx.index.prop(res, 'KMSKeyId');
  const p = 'Properties.KMSKeyId';
  if (key.k === 'absent') return fail(p, key, 'trail log files are not encrypted with a KMS key (only SSE-S3)');
  if (key.k === 'unknown') return unknown(p, key, `KMS key decided at deploy time (${key.why})`);
  return pass(p, key, 'log files encrypted with a customer-managed KMS key');
}

function validation(res: CfnResource, ctx: RuleContext): Verdict {
  const v = ctx.index.prop(res, 'EnableLogFileValidation');
  const p = 'Properties.EnableLogFileValidation';
  if (v.k === 'unknown') return unknown(p, v, `log file validation decided at deploy time (${v.why})`);
  return V.isTrue(v) ? pass(p, v, 'log file integrity validation on') : fail(p, v, 'log file validation off: tampering with the trail cannot be detected');
}

function retention(days: number | undefined, key: string, ctx: RuleContext): boolean {
  return days === undefined || ctx.thresholds.meets(key, days);
}

function cloudWatch(res: CfnResource, ctx: RuleContext): Verdict {
  const { index, thresholds } = ctx;
  const group = index.prop(res, 'CloudWatchLogsLogGroupArn');
  const role = index.prop(res, 'CloudWatchLogsRoleArn');
  const p = 'Properties.CloudWatchLogsLogGroupArn';
  if (group.k === 'absent') return fail(p, group, 'trail not sent to CloudWatch Logs: no alarm or query can act on it');
  if (group.k === 'unknown') return unknown(p, group, `log group decided at deploy time (${group.why})`);
  if (role.k === 'absent') return fail('Properties.CloudWatchLogsRoleArn', role, 'no role lets CloudTrail write to the log group');
  const g = group.k === 'ref' ? group.target : group.k === 'expr' ? group.refs.find((r) => r.type === 'AWS::Logs::LogGroup') : undefined;
  if (!g || g.type !== 'AWS::Logs::LogGroup') return unknown(p, group, 'log group defined outside this template: its retention cannot be seen');
  const r = index.prop(g, 'RetentionInDays');
  if (r.k === 'unknown') return unknown(p, group, `retention of ${g.logicalId} decided at deploy time`);
  const t = thresholds.get('auditLogRetentionDays');
  if (!retention(r.k === 'absent' ? undefined : V.num(r), 'auditLogRetentionDays', ctx)) return fail(p, group, `log group ${g.logicalId} keeps the trail ${V.show(r)} days, less than auditLogRetentionDays ${t}`);
  return pass(p, group, `sent to CloudWatch Logs group ${g.logicalId}, kept ${r.k === 'absent' ? 'forever' : `${V.show(r)} days`}`);
}

function bucketRetention(res: CfnResource, ctx: RuleContext): Verdict {
  const { index, thresholds } = ctx;
  const b = index.prop(res, 'S3BucketName');
  const p = 'Properties.S3BucketName';
  if (b.k !== 'ref' || b.target.type !== 'AWS::S3::Bucket') return unknown(p, b, 'trail bucket defined outside this template: its retention cannot be seen');
  const rules = index.prop(b.target, 'LifecycleConfiguration.Rules');
  if (rules.k === 'unknown') return unknown(p, b, `lifecycle of ${b.target.logicalId} decided at deploy time`);
  const t = thresholds.get('auditLogRetentionDays');
  let shortest: number | undefined;
  for (const rule of index.items(rules) ?? []) {
    if (V.str(index.field(rule, 'Status')) !== 'Enabled') continue;
    const days = V.num(index.field(rule, 'ExpirationInDays'));
    if (days !== undefined && (shortest === undefined || days < shortest)) shortest = days;
  }
  if (!retention(shortest, 'auditLogRetentionDays', ctx)) return fail(`${b.target.logicalId}.LifecycleConfiguration`, String(shortest), `trail bucket ${b.target.logicalId} expires objects after ${shortest} days, less than auditLogRetentionDays ${t}`);
  return pass(p, b, `trail bucket ${b.target.logicalId} keeps log files ${shortest === undefined ? 'until deleted' : `${shortest} days`}`);
}

/** AUDIT-LOGGING: a multi-region, encrypted, validated CloudTrail trail sent to CloudWatch Logs, kept auditLogRetentionDays. */
export const AuditTrail: AwsRule = {
  id: 'AuditTrail',
  items: ['AUDIT-LOGGING'],
  types: ['AWS::CloudTrail::Trail'],
  severity: Severity.HIGH,
  description: 'CloudTrail trails log all management events of every region, encrypted with KMS, with log file validation, sent to CloudWatch Logs, and kept >= auditLogRetentionDays in the log group and the bucket.',
  fix: 'new cloudtrail.Trail(..., { isMultiRegionTrail: true, enableFileValidation: true, encryptionKey, sendToCloudWatchLogs: true, cloudWatchLogGroup }) with 1-year retention on the group and bucket.',
  check(res, ctx) {
    const all = [regions(res, ctx), managementEvents(res, ctx), encrypted(res, ctx), validation(res, ctx), cloudWatch(res, ctx), bucketRetention(res, ctx)];
    // One verdict per trail: the worst aspect decides, every aspect is told.
    for (const status of ['fail', 'unknown']) {
      const bad = all.filter((v) => v.status === status);
      if (bad.length > 0) return { ...bad[0], message: bad.map((v) => v.message).join('; ') };
    }
    return { ...all[0], message: all.map((v) => v.message).join('; ') };
  },
};
