import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { CLASSIC_LB } from '../../cfn/load-balancers';
import { judgeLogDestination } from './access-logs';
import { logKeysUnderAwsLogs } from '../../cfn/log-destinations';

/** EDGE-ACCESS-LOGS (Classic Load Balancer): access logs go to an SSE-S3 encrypted, TLS-only bucket with a lifecycle. */
export const ClbAccessLogs: AwsRule = {
  id: 'ClbAccessLogs',
  items: ['EDGE-ACCESS-LOGS'],
  types: [CLASSIC_LB],
  severity: Severity.MEDIUM,
  description: 'Classic Load Balancers write access logs (AccessLoggingPolicy) to an SSE-S3 encrypted, TLS-only bucket with a lifecycle rule.',
  fix: 'Set accessLoggingPolicy: { enabled: true, s3BucketName: bucket.bucketName, emitInterval: 5 } with a bucket that has encryption S3_MANAGED, enforceSSL: true and a lifecycle rule.',
  check(res, ctx) {
    const { index } = ctx;
    const p = 'Properties.AccessLoggingPolicy.Enabled';
    const on = index.prop(res, 'AccessLoggingPolicy.Enabled');
    if (on.k === 'unknown') return unknown(p, on, `decided at deploy time (${on.why})`);
    if (!V.isTrue(on)) return fail(p, on, on.k === 'absent' ? 'access logs are off (no AccessLoggingPolicy)' : `AccessLoggingPolicy.Enabled is ${V.show(on)}`);
    // The log files are written under <S3BucketPrefix>/AWSLogs/: only lifecycle rules that can reach them apply.
    const logs = logKeysUnderAwsLogs(index.prop(res, 'AccessLoggingPolicy.S3BucketPrefix'), 'S3BucketPrefix');
    return judgeLogDestination(ctx, index.prop(res, 'AccessLoggingPolicy.S3BucketName'), 'Properties.AccessLoggingPolicy.S3BucketName', true, pass(p, on, 'access logs on'), logs);
  },
};
