import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { onLogs, unitLogs } from './signals';

const TRANSITIONS = ['Transitions', 'Transition', 'NoncurrentVersionTransitions', 'NoncurrentVersionTransition'];

/** The verdict on one subscription filter's destination: archived to S3 with a transition, or not. */
function judgeDestination(sub: CfnResource, index: TemplateIndex, label: string): Verdict {
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
  const rules = (index.items(index.prop(bucket, 'LifecycleConfiguration.Rules')) ?? []).filter((r) => V.str(index.field(r, 'Status')) === 'Enabled');
  const transitions = rules.flatMap((r) => TRANSITIONS.flatMap((k) => { const t = index.field(r, k); return index.items(t) ?? (t.k === 'lit' ? [t] : []); }));
  const classes = transitions.map((t) => V.str(index.field(t, 'StorageClass'))).filter((x): x is string => x !== undefined);
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
 * template and cannot be shown.
 */
export const LogArchiveToS3: AwsRule = {
  id: 'LogArchiveToS3',
  items: ['LOG-ARCHIVE'],
  types: ['AWS::ECS::TaskDefinition', 'AWS::Lambda::Function'],
  severity: Severity.LOW,
  description: 'Service log groups are subscribed to a Firehose stream that delivers to an S3 bucket with a lifecycle transition to an archive tier.',
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
