import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { isAlb, LB } from '../../cfn/load-balancers';
import { judgeElbv2AccessLogs } from './access-logs';

/** EDGE-ACCESS-LOGS (ALB): access logs go to an encrypted, TLS-only bucket with a lifecycle. */
export const AlbAccessLogs: AwsRule = {
  id: 'AlbAccessLogs',
  items: ['EDGE-ACCESS-LOGS'],
  types: [LB],
  severity: Severity.MEDIUM,
  description: 'Application Load Balancers write access logs to an SSE-S3 encrypted, TLS-only bucket with a lifecycle rule.',
  fix: 'alb.logAccessLogs(bucket) with a bucket that has encryption S3_MANAGED, enforceSSL: true and a lifecycle rule.',
  check(res, ctx) {
    if (!isAlb(res, ctx.index)) return undefined;
    return judgeElbv2AccessLogs(ctx, res, true, 'access logs are off (the default)');
  },
};
