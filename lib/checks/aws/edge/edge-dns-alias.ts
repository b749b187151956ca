import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { DISTRIBUTION, dnsRecordsFor, frontingDistributions } from '../../cfn/edge';
import { isInternetFacing, LB } from '../../cfn/load-balancers';

/** EDGE-DNS: the service domain points at the internet-facing load balancer or distribution. */
export const EdgeDnsAlias: AwsRule = {
  id: 'EdgeDnsAlias',
  items: ['EDGE-DNS'],
  types: [LB, DISTRIBUTION],
  severity: Severity.LOW,
  description: 'A Route 53 record (alias, or CNAME) in the template points at each internet-facing load balancer (unless a distribution fronts it) and each distribution.',
  fix: 'Add route53.ARecord/AaaaRecord with RecordTarget.fromAlias(new LoadBalancerTarget(alb)) or new CloudFrontTarget(distribution).',
  check(res, { index }) {
    if (res.type === LB) {
      const facing = isInternetFacing(res, index);
      if (facing === false) return undefined;
      if (facing === undefined) return unknown('Properties.Scheme', index.prop(res, 'Scheme'), 'scheme decided at deploy time');
      const cdn = frontingDistributions(index, res);
      if (cdn.length > 0) return pass('Origin', cdn[0].logicalId, `served through distribution ${cdn[0].logicalId}; the domain points there`);
    }
    const records = dnsRecordsFor(index, res);
    if (records.length > 0) return pass('RecordSet', records.map((r) => r.logicalId).join(', '), `DNS record(s) ${records.map((r) => r.logicalId).join(', ')} point at it`);
    return fail('RecordSet', '(none)', 'no Route 53 record in this template points at it (if DNS lives elsewhere, acknowledge this finding with where)');
  },
};
