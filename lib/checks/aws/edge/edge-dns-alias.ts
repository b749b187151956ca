import { Severity } from '../../model';
import { AwsRule, fail, pass } from '../../rule';
import { DISTRIBUTION, RECORD_SET, RECORD_SET_GROUP, dnsRecordsFor, frontingDistributions } from '../../cfn/edge';
import { CLASSIC_LB, isInternetFacing, LB } from '../../cfn/load-balancers';
import { API_DOMAIN, API_V2_DOMAIN } from './apigateway';

/** EDGE-DNS: the service domain points at the internet-facing load balancer or distribution. */
export const EdgeDnsAlias: AwsRule = {
  id: 'EdgeDnsAlias',
  items: ['EDGE-DNS'],
  types: [LB, CLASSIC_LB, DISTRIBUTION, API_DOMAIN, API_V2_DOMAIN],
  readsTypes: [RECORD_SET, RECORD_SET_GROUP],
  severity: Severity.LOW,
  description: 'A Route 53 record (alias, or CNAME) in the template points at each internet-facing load balancer (unless a distribution fronts it), each distribution and each API custom domain.',
  fix: 'Add route53.ARecord/AaaaRecord with RecordTarget.fromAlias(new LoadBalancerTarget(alb)) or new CloudFrontTarget(distribution).',
  check(res, { index }) {
    if (res.type === LB || res.type === CLASSIC_LB) {
      if (!isInternetFacing(res, index)) return undefined;
      const cdn = frontingDistributions(index, res);
      if (cdn.length > 0) return pass('Origin', cdn[0].logicalId, `served through distribution ${cdn[0].logicalId}; the domain points there`);
    }
    const records = dnsRecordsFor(index, res);
    if (records.length > 0) return pass('RecordSet', records.map((r) => r.logicalId).join(', '), `DNS record(s) ${records.map((r) => r.logicalId).join(', ')} point at it`);
    return fail('RecordSet', '(none)', 'no Route 53 record in this template points at it (if DNS lives elsewhere, acknowledge this finding with where)');
  },
};
