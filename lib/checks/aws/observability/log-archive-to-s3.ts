import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, refMark, TemplateIndex, Val, V } from '../../template-index';
import { valueText } from '../../cfn/names';
import { onLogs, unitLogs } from './signals';
import { allowsOn, arnCovers, attachedPolicies, resourceText, stackArnFields } from '../../cfn/iam-policies';
import { versioningStatus } from '../../cfn/bucket-names';

const TRANSITIONS = ['Transitions', 'Transition', 'NoncurrentVersionTransitions', 'NoncurrentVersionTransition'];

/** Filters that make a lifecycle rule take only some of the objects under its prefix. */
const NARROWING = ['TagFilters', 'Filter.Tag', 'Filter.And.Tags', 'Filter.ObjectSizeGreaterThan', 'Filter.ObjectSizeLessThan', 'Filter.And.ObjectSizeGreaterThan', 'Filter.And.ObjectSizeLessThan'];

/**
 * The archive classes log objects reach when the expirations of `expiring` and the transitions of `moving`
 * apply to them. An expiration ends the current version (deleted, or made noncurrent in a versioned bucket): a
 * current-version transition due on or after it never happens; an ExpirationDate ends every object written from
 * that date on at once (day 0), and a TransitionDate moves them from day 0. Noncurrent-version transitions move
 * only what a versioned bucket keeps once an expiration has ended the current version (a Firehose object is
 * written once), and only when due before the NoncurrentVersionExpiration deletes it (one that keeps
 * NewerNoncurrentVersions keeps the one version a log object has).
 */
function archived(index: TemplateIndex, expiring: Val[], moving: Val[], versioned: () => boolean): { classes: string[]; expiry?: string; noncurrentCut?: string } {
  let expiresAt: number | undefined;
  let expiry: string | undefined;
  for (const r of expiring) {
    const days = V.num(index.field(r, 'ExpirationInDays'));
    if (days !== undefined && (expiresAt === undefined || days < expiresAt)) { expiresAt = days; expiry = `after ${days} days`; }
    const date = index.field(r, 'ExpirationDate');
    if (date.k !== 'absent') { expiresAt = 0; expiry = `on ${V.str(date) ?? V.show(date)} (ExpirationDate: every log object then, and each one written after it at once)`; }
  }
  const listed = (r: Val, k: string) => { const t = index.field(r, k); return index.items(t) ?? (t.k === 'lit' ? [t] : []); };
  const dueIn = (t: Val) => V.num(index.field(t, 'TransitionInDays')) ?? (index.field(t, 'TransitionDate').k !== 'absent' ? 0 : undefined);
  const current = moving.flatMap((r) => TRANSITIONS.filter((k) => !k.startsWith('Noncurrent')).flatMap((k) => listed(r, k)))
    .filter((t) => { const d = dueIn(t); return expiresAt === undefined || d === undefined || d < expiresAt; });
  let noncurrent: Val[] = [];
  let noncurrentCut: string | undefined;
  const ncMoves = moving.flatMap((r) => TRANSITIONS.filter((k) => k.startsWith('Noncurrent')).flatMap((k) => listed(r, k)));
  if (ncMoves.length > 0 && expiresAt !== undefined && versioned()) {
    const ncDays = expiring.flatMap((r) => {
      const kept = V.num(index.field(r, 'NoncurrentVersionExpiration.NewerNoncurrentVersions'));
      return [kept !== undefined && kept > 0 ? undefined : V.num(index.field(r, 'NoncurrentVersionExpiration.NoncurrentDays')), V.num(index.field(r, 'NoncurrentVersionExpirationInDays'))];
    }).filter((n): n is number => n !== undefined);
    const ncAt = ncDays.length > 0 ? Math.min(...ncDays) : undefined;
    noncurrent = ncMoves.filter((t) => { const d = V.num(index.field(t, 'TransitionInDays')); return ncAt === undefined || d === undefined || d < ncAt; });
    if (noncurrent.length < ncMoves.length) noncurrentCut = `, and deletes the noncurrent versions ${ncAt} days after, before their noncurrent-version transition`;
  }
  const classes = [...current, ...noncurrent].map((t) => V.str(index.field(t, 'StorageClass'))).filter((x): x is string => x !== undefined);
  return { classes, expiry, noncurrentCut };
}

/** A Firehose prefix with each dynamic-partitioning `!{...}` as one piece of text (a scan, not a regular expression over template text). */
function namespacesAsText(prefix: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const open = prefix.indexOf('!{', at);
    const close = open < 0 ? -1 : prefix.indexOf('}', open + 2);
    if (close < 0) return out + prefix.slice(at);
    out += `${prefix.slice(at, open)}x`;
    at = close + 1;
  }
}

/** AWS managed policies that allow s3:PutObject on every bucket. */
const S3_WRITE_POLICIES = /:iam::aws:policy\/(AmazonS3FullAccess|AdministratorAccess|PowerUserAccess)$/;

/**
 * Whether the role a Firehose stream delivers with may write its objects to the bucket (s3:PutObject on
 * `<bucket ARN>/<prefix>...`): true, false, or why it is decided at deploy time (the role outside the template, a
 * managed policy not read, a statement decided at deploy time).
 */
function streamMayWrite(index: TemplateIndex, stream: CfnResource, s3: string, bucket: CfnResource, prefix: string): true | false | { open: string } {
  const r = index.prop(stream, `${s3}.RoleARN`);
  if (r.k !== 'ref' || r.target.type !== 'AWS::IAM::Role') return { open: `the role of Firehose stream ${stream.logicalId} (${V.show(r)}) is outside this template` };
  const role = r.target;
  const arns = index.prop(role, 'ManagedPolicyArns');
  let open: string | undefined = arns.k === 'unknown' ? `the managed policies of role ${role.logicalId} are decided at deploy time (${arns.why})` : undefined;
  const managed: CfnResource[] = [];
  for (const v of index.items(arns) ?? []) {
    if (v.k === 'ref' && v.target.type === 'AWS::IAM::ManagedPolicy') { managed.push(v.target); continue; }
    const text = valueText(v) ?? '';
    if (S3_WRITE_POLICIES.test(text)) return true;
    open ??= `role ${role.logicalId} has managed policy ${V.show(v)}, not read`;
  }
  const { partition } = stackArnFields(index);
  const name = valueText(index.prop(bucket, 'BucketName')) ?? refMark(bucket.logicalId);
  const arn = `arn:${partition}:s3:::${name}`;
  // Firehose writes `<Prefix>YYYY/MM/DD/HH/<name>`; a dynamic-partitioning `!{...}` stands for some text.
  const object = `${arn}/${namespacesAsText(prefix)}2024/01/01/00/x`;
  const named = (ref: string) => (ref === bucket.logicalId ? name : ref === `${bucket.logicalId}.Arn` ? arn : undefined);
  const may = allowsOn([role, ...attachedPolicies(role, index), ...managed], index, 's3:PutObject', (v) => {
    if (v.k === 'unknown') return `its resource is decided at deploy time (${v.why})`;
    const text = resourceText(v, named);
    if (text === undefined) return false;
    const c = arnCovers(text, object);
    return c === 'open' ? `whether resource ${V.show(v)} covers the objects of bucket ${bucket.logicalId} is decided at deploy time` : c;
  });
  if (may === true) return true;
  if (may === false) return open !== undefined ? { open } : false;
  return { open: open ?? may.open };
}

/** The verdict on one subscription filter's destination: archived to S3 by a role that may write it, with a transition, or not. */
function judgeDestination(sub: CfnResource, index: TemplateIndex, label: string): Verdict {
  const v = judgeArchive(sub, index, label);
  const d = index.prop(sub, 'DestinationArn');
  if (v.status === FindingStatus.FAIL || d.k !== 'ref') return v;
  const stream = d.target;
  const s3 = index.prop(stream, 'ExtendedS3DestinationConfiguration.BucketARN').k !== 'absent' ? 'ExtendedS3DestinationConfiguration' : 'S3DestinationConfiguration';
  const b = index.prop(stream, `${s3}.BucketARN`);
  const p = index.prop(stream, `${s3}.Prefix`);
  if (b.k !== 'ref' || b.target.type !== 'AWS::S3::Bucket' || p.k === 'unknown') return v;
  const may = streamMayWrite(index, stream, s3, b.target, p.k === 'absent' ? '' : V.str(p) ?? '');
  if (may === false) {
    return fail(`Properties.${s3}.RoleARN`, stream.logicalId, `${label}: the role of Firehose stream ${stream.logicalId} has no s3:PutObject on the objects of bucket ${b.target.logicalId}: every delivery fails, and Firehose drops the logs after retrying for 24 hours`, stream);
  }
  if (may !== true && v.status === FindingStatus.PASS) {
    return unknown(`Properties.${s3}.RoleARN`, stream.logicalId, `${label}: whether the role of Firehose stream ${stream.logicalId} may write bucket ${b.target.logicalId} is decided at deploy time (${may.open})`, stream);
  }
  return v;
}

/** The verdict on one subscription filter's destination, the stream's role aside: archived to S3 with a transition, or not. */
function judgeArchive(sub: CfnResource, index: TemplateIndex, label: string): Verdict {
  // A subscription filter forwards only the lines its pattern matches; the empty pattern forwards every line.
  const pattern = index.prop(sub, 'FilterPattern');
  if (pattern.k === 'unknown') return unknown('Properties.FilterPattern', pattern, `${label}: the filter pattern of ${sub.logicalId} is decided at deploy time (${pattern.why}): it may archive only some lines`, sub);
  const pat = V.str(pattern) ?? '';
  if (pat.trim() !== '') return fail('Properties.FilterPattern', pat, `${label}: subscription ${sub.logicalId} archives only the lines matching ${JSON.stringify(pat)}, not all the logs`, sub);
  const d = index.prop(sub, 'DestinationArn');
  if (d.k !== 'ref') return unknown('Properties.DestinationArn', d, `${label}: logs go to ${V.show(d)}, outside this template: whether they reach S3 cannot be seen`, sub);
  const dest = d.target;
  if (dest.type !== 'AWS::KinesisFirehose::DeliveryStream') {
    return unknown('Properties.DestinationArn', dest.logicalId, `${label}: logs go to ${dest.type} ${dest.logicalId}: whether it archives to S3 cannot be seen`, sub);
  }
  const b = [index.prop(dest, 'ExtendedS3DestinationConfiguration.BucketARN'), index.prop(dest, 'S3DestinationConfiguration.BucketARN')].find((v) => v.k !== 'absent');
  if (!b) return unknown('Properties', dest.logicalId, `${label}: Firehose stream ${dest.logicalId} delivers somewhere other than S3 directly`, dest);
  if (b.k !== 'ref' || b.target.type !== 'AWS::S3::Bucket') return unknown('Properties.ExtendedS3DestinationConfiguration.BucketARN', b, `${label}: Firehose stream ${dest.logicalId} writes to a bucket outside this template`, dest);
  const bucket = b.target;
  const s3 = index.prop(dest, 'ExtendedS3DestinationConfiguration.BucketARN').k !== 'absent' ? 'ExtendedS3DestinationConfiguration' : 'S3DestinationConfiguration';
  const prefixVal = index.prop(dest, `${s3}.Prefix`);
  if (prefixVal.k === 'unknown') return unknown(`Properties.${s3}.Prefix`, prefixVal, `${label}: the key prefix of Firehose stream ${dest.logicalId} is decided at deploy time (${prefixVal.why}), so which lifecycle rules apply cannot be seen`, dest);
  const streamPrefix = prefixVal.k === 'absent' ? '' : V.str(prefixVal) ?? '';
  const enabled = (index.items(index.prop(bucket, 'LifecycleConfiguration.Rules')) ?? []).map((r, i) => ({ r, i })).filter(({ r }) => V.str(index.field(r, 'Status')) === 'Enabled');
  // A rule takes every log object when its prefix is empty or a prefix of the stream's and it filters on nothing
  // else; a longer prefix, a tag or an object-size filter may take only some of them (open); another prefix none.
  const every: Val[] = [];
  const some: { r: Val; name: string; why: string }[] = [];
  for (const { r, i } of enabled) {
    const pv = [index.field(r, 'Prefix'), index.field(r, 'Filter.Prefix'), index.field(r, 'Filter.And.Prefix')].find((v) => v.k !== 'absent');
    const rp = pv === undefined ? '' : V.str(pv) ?? '';
    const all = streamPrefix.startsWith(rp) && (rp === '' || !streamPrefix.slice(0, rp.length).includes('!{'));
    if (!all && !rp.startsWith(streamPrefix) && !streamPrefix.includes('!{')) continue;
    const narrow = NARROWING.find((k) => index.field(r, k).k !== 'absent');
    if (all && !narrow) { every.push(r); continue; }
    some.push(narrow
      ? { r, name: `lifecycle rule ${i}`, why: `it filters on ${narrow}` }
      : { r, name: `lifecycle rule ${i} (prefix ${rp})`, why: `it may take only some of the log objects (stream prefix ${streamPrefix || '(none)'})` });
  }
  const versioned = () => V.str(versioningStatus(index, bucket).v) === 'Enabled';
  const mine = archived(index, every, every, versioned);
  const open = some[0];
  if (mine.classes.length === 0 && open) return unknown('Properties.LifecycleConfiguration', bucket.logicalId, `${label}: logs are archived to bucket ${bucket.logicalId}; no lifecycle rule certainly moves them to an archive tier, and ${open.name} may: ${open.why}`, bucket);
  if (mine.classes.length === 0 && mine.expiry !== undefined) return fail('Properties.LifecycleConfiguration', bucket.logicalId, `${label}: logs are archived to bucket ${bucket.logicalId}, but a lifecycle rule expires them ${mine.expiry}, before any transition to an archive tier${mine.noncurrentCut ?? ''}`, bucket);
  if (mine.classes.length === 0) return fail('Properties.LifecycleConfiguration', bucket.logicalId, `${label}: logs are archived to bucket ${bucket.logicalId}, but no lifecycle rule moves them to an archive tier`, bucket);
  // An expiration on a rule that may take some of the log objects ends those before their transition.
  for (const s of some) {
    const cut = archived(index, [...every, s.r], every, versioned);
    if (cut.classes.length === 0) return unknown('Properties.LifecycleConfiguration', bucket.logicalId, `${label}: logs are archived to bucket ${bucket.logicalId}, but ${s.name} may expire some of the log objects ${cut.expiry ?? ''}, before any transition to an archive tier${cut.noncurrentCut ?? ''}: ${s.why}`, bucket);
  }
  const classes = mine.classes;
  return pass('Properties.DestinationArn', `${dest.logicalId} → ${bucket.logicalId}`, `${label}: logs archived through ${dest.logicalId} to ${bucket.logicalId}, moved to ${[...new Set(classes)].join(', ')}`, sub);
}

/**
 * LOG-ARCHIVE: the service's logs are archived to cheap storage.
 *
 * Decisions: the checkable form is a subscription filter on the service's log
 * group delivering to a Firehose stream of this template whose S3 bucket has
 * an enabled lifecycle transition (to any colder class), and whose role
 * (`RoleARN`, a role of this template) may write the bucket's objects: an
 * Allow of s3:PutObject on `<bucket ARN>/<stream prefix>...` (`*`,
 * `${Bucket.Arn}/*`, `arn:aws:s3:::<name>/*`) in its inline, attached or
 * customer-managed policies, or AmazonS3FullAccess. A role that cannot fails
 * (Firehose does not check the role at creation; deliveries fail and the
 * logs are dropped after 24 hours of retries); a role outside the template,
 * another AWS managed policy, or a statement decided at deploy time is unknown. Other destinations
 * (Kinesis, Lambda, OpenSearch, another account) are unknown; a log group with
 * no subscription fails — CreateExportTask exports are API calls outside the
 * template and cannot be shown. The subscription's FilterPattern must be empty
 * (every line; any other pattern archives a subset and fails). Only enabled
 * rules whose prefix takes the stream's key prefix apply (a longer prefix, a
 * tag or object-size filter or a dynamic-partitioning prefix may take only some
 * log objects: unknown when the verdict turns on it). A current-version
 * transition due on or after the earliest expiration never happens; an
 * ExpirationDate expires every object written from that date on at once (day
 * 0), so no current-version transition survives it. A noncurrent-version
 * transition counts only in a versioned bucket, once an expiration has made
 * the logs noncurrent, and only when due before the NoncurrentVersionExpiration.
 * An expiration on a rule that may take only some log objects, ending them
 * before any transition, is unknown.
 */
export const LogArchiveToS3: AwsRule = {
  id: 'LogArchiveToS3',
  items: ['LOG-ARCHIVE'],
  types: ['AWS::ECS::TaskDefinition', 'AWS::Lambda::Function'],
  severity: Severity.LOW,
  description: 'Service log groups are subscribed (empty filter pattern: every line) to a Firehose stream whose role may write (s3:PutObject) to an S3 bucket whose lifecycle moves the stream\'s objects to an archive tier before any expiration (ExpirationInDays, ExpirationDate, NoncurrentVersionExpiration) deletes them.',
  fix: 'Add a logs.SubscriptionFilter with a FirehoseDestination to a DeliveryStream writing to an S3 bucket with a GLACIER transition.',
  check(res, { index }) {
    const units = unitLogs(res, index);
    if (!units) return undefined;
    return units.map((u): Verdict => {
      if (u.dest.k === 'unknown') return unknown(u.dest.property, undefined, `${u.label}: log destination decided at deploy time (${u.dest.why})`);
      if (u.dest.k === 'external') return unknown(u.dest.property, u.dest.what, `${u.label} logs to ${u.dest.what}: its archiving cannot be seen`);
      if (u.dest.k === 'none') return fail(u.dest.property, undefined, `${u.label} has no log configuration: nothing to archive`);
      const subs = onLogs(index, res, u.dest, 'AWS::Logs::SubscriptionFilter');
      if (subs.length === 0) return fail(u.dest.property, u.dest.k === 'group' ? u.dest.group.logicalId : 'default group', `${u.label}: its log group is not subscribed to an archive`);
      const verdicts = subs.map((s) => judgeDestination(s, index, u.label));
      return verdicts.find((v) => v.status === 'pass') ?? verdicts.find((v) => v.status === 'unknown') ?? verdicts[0];
    });
  },
};
