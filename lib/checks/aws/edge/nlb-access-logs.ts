import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { V } from '../../template-index';
import { LB, lbType, listenersOf } from '../../cfn/load-balancers';
import { judgeElbv2AccessLogs } from './access-logs';

/**
 * EDGE-ACCESS-LOGS (Network Load Balancer): a network load balancer with a
 * TLS listener writes access logs (NLB access logs record TLS requests only,
 * so one without a TLS listener is not judged) to an encrypted, TLS-only
 * bucket with a lifecycle. NLBs can write to SSE-S3 or SSE-KMS buckets.
 */
export const NlbAccessLogs: AwsRule = {
  id: 'NlbAccessLogs',
  items: ['EDGE-ACCESS-LOGS'],
  types: [LB],
  severity: Severity.MEDIUM,
  description: 'Network load balancers with a TLS listener write access logs to an encrypted, TLS-only bucket with a lifecycle rule.',
  fix: 'nlb.logAccessLogs(bucket) with a bucket that has encryption, enforceSSL: true and a lifecycle rule.',
  check(res, ctx) {
    const { index } = ctx;
    if (lbType(res, index) !== 'network') return undefined;
    if (!listenersOf(index, res).some((l) => V.str(index.prop(l, 'Protocol'))?.toUpperCase() === 'TLS')) return undefined;
    return judgeElbv2AccessLogs(ctx, res, false, 'access logs are off (the default): TLS requests leave no trace');
  },
};
