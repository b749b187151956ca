import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { onLogs, unitLogs } from './signals';

const TRANSITIONS = ['Transitions', 'Transition', 'NoncurrentVersionTransitions', 'NoncurrentVersionTransition'];

/** The verdict on one subscription filter's destination: archived to S3 with a transition, or not. */
function judgeDestination(sub: CfnResource, index: TemplateIndex, label: string): Verdict {
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
  const enabled = (index.items(index.prop(bucket, 'LifecycleConfiguration.Rules')) ?? []).filter((r) => V.str(index.field(r, 'Status')) === 'Enabled');
  // A rule takes the log objects when its prefix is empty or a prefix of the stream's; a longer prefix, or a tag
  // filter, may take only some of them (open); another prefix none.
  let openRule: string | undefined;
  const rules = enabled.filter((r, i) => {
    const tags = ['TagFilters', 'Filter.Tag', 'Filter.And.Tags'].find((k) => index.field(r, k).k !== 'absent');
    if (tags) { openRule ??= `lifecycle rule ${i} filters on tags (${tags})`; return false; }
    const pv = [index.field(r, 'Prefix'), index.field(r, 'Filter.Prefix'), index.field(r, 'Filter.And.Prefix')].find((v) => v.k !== 'absent');
    const rp = pv === undefined ? '' : V.str(pv) ?? '';
    if (streamPrefix.startsWith(rp) && (rp === '' || !streamPrefix.slice(0, rp.length).includes('!{'))) return true;
    if (rp.startsWith(streamPrefix) || streamPrefix.includes('!{')) openRule ??= `lifecycle rule ${i} (prefix ${rp}) may take only some of the log objects (stream prefix ${streamPrefix || '(none)'})`;
    return false;
  });
  // An expiration ends the current version (deleted, or made noncurrent in a versioned bucket): a current-version
  // transition due on or after it never happens. Noncurrent-version transitions move only what a versioned bucket
  // keeps; an unversioned bucket has none.
  const versioned = index.prop(bucket, 'VersioningConfiguration.Status');
  const unversioned = versioned.k !== 'unknown' && V.str(versioned) !== 'Enabled';
  const expiries = rules.map((r) => V.num(index.field(r, 'ExpirationInDays'))).filter((n): n is number => n !== undefined);
  const expiresAt = expiries.length > 0 ? Math.min(...expiries) : undefined;
  const listed = (r: Val, k: string) => { const t = index.field(r, k); return index.items(t) ?? (t.k === 'lit' ? [t] : []); };
  const transitions = [
    ...rules.flatMap((r) => TRANSITIONS.filter((k) => !k.startsWith('Noncurrent')).flatMap((k) => listed(r, k)))
      .filter((t) => { const d = V.num(index.field(t, 'TransitionInDays')); return expiresAt === undefined || d === undefined || d < expiresAt; }),
    ...(unversioned ? [] : rules.flatMap((r) => TRANSITIONS.filter((k) => k.startsWith('Noncurrent')).flatMap((k) => listed(r, k)))),
  ];
  const classes = transitions.map((t) => V.str(index.field(t, 'StorageClass'))).filter((x): x is string => x !== undefined);
  if (classes.length === 0 && openRule) return unknown('Properties.LifecycleConfiguration', bucket.logicalId, `${label}: logs are archived to bucket ${bucket.logicalId}; no lifecycle rule certainly moves them to an archive tier, and ${openRule}`, bucket);
  if (classes.length === 0 && expiresAt !== undefined) return fail('Properties.LifecycleConfiguration', bucket.logicalId, `${label}: logs are archived to bucket ${bucket.logicalId}, but a lifecycle rule expires them after ${expiresAt} days, before any transition to an archive tier`, bucket);
  if (classes.length === 0) return fail('Properties.LifecycleConfiguration', bucket.logicalId, `${label}: logs are archived to bucket ${bucket.logicalId}, but no lifecycle rule moves them to an archive tier`, bucket);
  return pass('Properties.DestinationArn', `${dest.logicalId} → ${bucket.logicalId}`, `${label}: logs archived through ${dest.logicalId} to ${bucket.logicalId}, moved to ${[...new Set(classes)].join(', ')}`, sub);
}

/**
 * LOG-ARCHIVE: the service's logs are archived to cheap storage.
 *
 * Decisions: the checkable form is a subscription filter on the service's log
 * group delivering to a Firehose stream of this template whose S3 bucket has
 * an enabled lifecycle transition (to any colder class). Other destinations
 * (Kinesis, Lambda, OpenSearch, another account) are unknown; a log group with
 * no subscription fails — CreateExportTask exports are API calls outside the
 * template and cannot be shown. The subscription's FilterPattern must be empty
 * (every line; any other pattern archives a subset and fails). Only enabled
 * rules whose prefix takes the stream's key prefix apply (a longer prefix, a
 * tag filter or a dynamic-partitioning prefix is unknown); a current-version
 * transition due on or after the rules' earliest expiration never happens, and
 * a noncurrent-version transition counts only in a versioned bucket.
 */
export const LogArchiveToS3: AwsRule = {
  id: 'LogArchiveToS3',
  items: ['LOG-ARCHIVE'],
  types: ['AWS::ECS::TaskDefinition', 'AWS::Lambda::Function'],
  severity: Severity.LOW,
  description: 'Service log groups are subscribed (empty filter pattern: every line) to a Firehose stream that delivers to an S3 bucket whose lifecycle moves the stream\'s objects to an archive tier before any expiration deletes them.',
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
