import { FindingStatus, Severity } from '../../model';
import { AwsRule, RuleContext, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, V, Val } from '../../template-index';
import { logBucketLifecycle, logKeysUnderAwsLogs } from '../../cfn/log-destinations';

/** Whether a selector records all (read and write) management events: yes, no, or open (decided at deploy time, with why). */
type Records = { k: 'all' } | { k: 'not'; why: string } | { k: 'open'; why: string };

/** The literal strings of a list value; undefined (with why) when one is decided at deploy time. */
function strings(ctx: RuleContext, v: Val, what: string): { list?: string[]; open?: string } {
  if (v.k === 'absent') return { list: [] };
  if (v.k === 'unknown') return { open: `${what} decided at deploy time (${v.why})` };
  const items = ctx.index.items(v);
  if (items === undefined) return { open: `${what} computed at deploy time` };
  const list: string[] = [];
  for (const e of items) {
    if (e.k === 'unknown') return { open: `${what} decided at deploy time (${e.why})` };
    const s = V.str(e);
    if (s === undefined) return { open: `${what} computed at deploy time` };
    list.push(s);
  }
  return { list };
}

const OPERATORS = ['Equals', 'NotEquals', 'StartsWith', 'NotStartsWith', 'EndsWith', 'NotEndsWith'];

/**
 * What one advanced event selector records of management events. It records
 * them all only when its eventCategory Equals Management and no other field
 * narrows it; readOnly narrows it to reads or writes (`readOnly` returns which,
 * so that a reads selector and a writes selector together record all); any
 * other field (eventSource, eventName, eventType, resources.type,
 * userIdentity.arn, ...) narrows it with any operator: not all, or open when
 * the field's name or values are decided at deploy time.
 */
function advancedSelector(ctx: RuleContext, s: Val, n: number): { r: Records; readOnly?: string[] } {
  const { index } = ctx;
  const label = index.field(s, 'Name');
  const name = `selector ${label.k === 'lit' ? V.show(label) : n}`;
  const fs = index.field(s, 'FieldSelectors');
  if (fs.k === 'unknown') return { r: { k: 'open', why: `the field selectors of ${name} are decided at deploy time (${fs.why})` } };
  const fields = index.items(fs);
  if (fields === undefined) return { r: { k: 'open', why: `the field selectors of ${name} are computed at deploy time` } };
  let management = false;
  let readOnly: string[] | undefined;
  let open: string | undefined;
  for (const f of fields) {
    const field = index.field(f, 'Field');
    if (field.k === 'unknown') { open ??= `a field of ${name} is decided at deploy time (${field.why})`; continue; }
    const fname = V.str(field);
    if (fname === 'eventCategory') {
      const eq = strings(ctx, index.field(f, 'Equals'), `the eventCategory of ${name}`);
      if (eq.open !== undefined) open ??= eq.open;
      else if (eq.list!.includes('Management')) management = true;
      continue;
    }
    if (fname === 'readOnly') {
      const eq = strings(ctx, index.field(f, 'Equals'), `the readOnly filter of ${name}`);
      const others = OPERATORS.filter((o) => o !== 'Equals' && index.field(f, o).k !== 'absent');
      if (eq.open !== undefined) open ??= eq.open;
      else if (others.length > 0) return { r: { k: 'not', why: `${name} filters readOnly with ${others.join(', ')}` } };
      else readOnly = eq.list!.map((x) => x.toLowerCase());
      continue;
    }
    // Any other field narrows the selector to some management events; which ones may be computed.
    const values = OPERATORS.map((o) => strings(ctx, index.field(f, o), `the ${fname} filter of ${name}`));
    const undecided = values.find((x) => x.open !== undefined);
    if (undecided) { open ??= undecided.open; continue; }
    if (values.every((x) => x.list!.length === 0)) continue;
    return { r: { k: 'not', why: `${name} narrows management events by ${fname}` } };
  }
  if (open !== undefined) return { r: { k: 'open', why: open } };
  if (!management) return { r: { k: 'not', why: `${name} does not select eventCategory Management` } };
  if (readOnly !== undefined && !(readOnly.includes('true') && readOnly.includes('false'))) return { r: { k: 'not', why: `${name} records only ${readOnly.includes('true') ? 'reads' : 'writes'}` }, readOnly };
  return { r: { k: 'all' } };
}

/**
 * What one basic event selector records of management events: all when
 * IncludeManagementEvents is not false, ReadWriteType is All (the default) and
 * ExcludeManagementEventSources is empty (excluding kms.amazonaws.com or
 * rdsdata.amazonaws.com leaves their management events out).
 */
function basicSelector(ctx: RuleContext, s: Val, n: number): Records {
  const { index } = ctx;
  const inc = index.field(s, 'IncludeManagementEvents');
  const rw = index.field(s, 'ReadWriteType');
  const ex = strings(ctx, index.field(s, 'ExcludeManagementEventSources'), `ExcludeManagementEventSources of selector ${n}`);
  for (const v of [inc, rw]) if (v.k === 'unknown') return { k: 'open', why: `selector ${n}: decided at deploy time (${v.why})` };
  if (V.isFalse(inc)) return { k: 'not', why: `selector ${n} leaves out management events` };
  const mode = V.str(rw) ?? 'All';
  if (mode !== 'All') return { k: 'not', why: `selector ${n} records only ${mode} management events` };
  if (ex.open !== undefined) return { k: 'open', why: ex.open };
  if (ex.list!.length > 0) return { k: 'not', why: `selector ${n} excludes the management events of ${ex.list!.join(', ')}` };
  return { k: 'all' };
}

/**
 * Whether the trail records every management event, reads and writes.
 * Advanced selectors, when set, decide (see `advancedSelector`): one selector
 * recording all, or a reads-only and a writes-only selector together, pass.
 * Basic selectors (see `basicSelector`): one must record all. No selector is
 * the default: all management events. What is decided at deploy time is unknown.
 */
function managementEvents(res: CfnResource, ctx: RuleContext): Verdict {
  const { index } = ctx;
  const p = 'Properties.EventSelectors';
  const adv = index.prop(res, 'AdvancedEventSelectors');
  const basic = index.prop(res, 'EventSelectors');
  for (const v of [adv, basic]) if (v.k === 'unknown') return unknown(p, v, `event selectors decided at deploy time (${v.why})`);
  const advanced = index.items(adv) ?? [];
  if (advanced.length > 0) {
    const pa = 'Properties.AdvancedEventSelectors';
    const judged = advanced.map((s, i) => advancedSelector(ctx, s, i));
    const reads = judged.some((j) => j.readOnly?.includes('true'));
    const writes = judged.some((j) => j.readOnly?.includes('false'));
    if (judged.some((j) => j.r.k === 'all') || (reads && writes)) return pass(pa, 'eventCategory=Management', 'records all management events (advanced selectors)');
    const open = judged.map((j) => j.r).find((r) => r.k === 'open');
    if (open) return unknown(pa, undefined, `whether advanced event selectors record all management events is decided at deploy time: ${open.why}`);
    return fail(pa, undefined, `advanced event selectors do not record all (read and write) management events: ${judged.map((j) => j.r.k === 'not' ? j.r.why : '').filter((x) => x).join('; ')}`);
  }
  const selectors = index.items(basic) ?? [];
  if (selectors.length === 0) return pass(p, basic, 'records all management events (default selectors)');
  const judged = selectors.map((s, i) => basicSelector(ctx, s, i));
  if (judged.some((r) => r.k === 'all')) return pass(p, 'ReadWriteType All', 'records read and write management events');
  const open = judged.find((r) => r.k === 'open');
  if (open) return unknown(p, undefined, `whether the event selectors record all management events is decided at deploy time: ${open.why}`);
  return fail(p, undefined, `event selectors leave out management events: ${judged.map((r) => r.k === 'not' ? r.why : '').filter((x) => x).join('; ')}`);
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

/**
 * The trail bucket's lifecycle keeps the log files auditLogRetentionDays:
 * judged by `logBucketLifecycle` on the keys CloudTrail writes
 * (`<S3KeyPrefix>/AWSLogs/`): rules filtered to other prefixes, on object
 * tags, or disabled do not apply; an ExpirationDate is short. No lifecycle
 * keeps them until deleted. A bucket outside this template is unknown.
 */
function bucketRetention(res: CfnResource, ctx: RuleContext): Verdict {
  const { index, thresholds } = ctx;
  const b = index.prop(res, 'S3BucketName');
  const p = 'Properties.S3BucketName';
  if (b.k !== 'ref' || b.target.type !== 'AWS::S3::Bucket') return unknown(p, b, 'trail bucket defined outside this template: its retention cannot be seen');
  const key = 'auditLogRetentionDays';
  const logs = logKeysUnderAwsLogs(index.prop(res, 'S3KeyPrefix'), 'S3KeyPrefix');
  const v = logBucketLifecycle(index, b.target, logs, (d) => retention(d, key, ctx),
    { property: `${b.target.logicalId}.LifecycleConfiguration`, label: `trail bucket ${b.target.logicalId}`, threshold: `${key} is ${thresholds.get(key)}`, needsRule: false });
  return v.status === FindingStatus.PASS ? { ...v, property: p, value: V.show(b) } : v;
}

/**
 * AUDIT-LOGGING: a multi-region, encrypted, validated CloudTrail trail sent to CloudWatch Logs, kept auditLogRetentionDays.
 *
 * Decisions: all management events means reads and writes of every event
 * source: a basic selector excluding event sources
 * (ExcludeManagementEventSources) and an advanced selector narrowed by any
 * field other than eventCategory and readOnly do not count (see
 * `managementEvents`). The bucket's lifecycle is judged on the keys the trail
 * writes (see `bucketRetention`).
 */
export const AuditTrail: AwsRule = {
  id: 'AuditTrail',
  items: ['AUDIT-LOGGING'],
  types: ['AWS::CloudTrail::Trail'],
  severity: Severity.HIGH,
  description: 'CloudTrail trails log all management events (no excluded event sources, no advanced selector narrowed by event source, name or resource) of every region, encrypted with KMS, with log file validation, sent to CloudWatch Logs, and kept >= auditLogRetentionDays in the log group and the bucket.',
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
