import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { accessGrants, OPENSEARCH_TYPES } from '../../cfn/opensearch';

/**
 * DB-NOT-PUBLIC for OpenSearch Service (and Elasticsearch) domains: the domain sits in a VPC. A domain with
 * `VPCOptions` (its `SubnetIds`) gets an endpoint with private IP addresses of those subnets only, reached from the
 * VPC (pass; NET-PRIVATE-SUBNETS judges the subnets, PrivateSubnets). A domain without `VPCOptions` has a public
 * endpoint on the internet, whatever its access policy (fail, as Security Hub's OpenSearch.2): the message says
 * whether its access policy grants everyone (`Principal: *` without a condition, or with a source-IP/VPC condition
 * only), which makes its data readable without credentials. `VPCOptions` decided at deploy time (a condition, an
 * `AWS::NoValue` branch) is unknown.
 */
export const OpenSearchNotPublic: AwsRule = {
  id: 'OpenSearchNotPublic',
  items: ['DB-NOT-PUBLIC'],
  types: OPENSEARCH_TYPES,
  severity: Severity.HIGH,
  description: 'OpenSearch Service (and Elasticsearch) domains are placed in a VPC (VPCOptions), not given a public endpoint.',
  fix: 'Set VPCOptions { SubnetIds: [<private subnets>], SecurityGroupIds: [...] } (vpc, vpcSubnets: [{ subnetType: SubnetType.PRIVATE_WITH_EGRESS }]); VPC access is chosen when the domain is created.',
  check(res, { index }) {
    const p = 'Properties.VPCOptions';
    const vpc = index.prop(res, 'VPCOptions');
    if (vpc.k === 'unknown') return unknown(p, vpc, `VPC placement decided at deploy time (${vpc.why})`);
    if (vpc.k === 'absent') {
      const grants = accessGrants(res, index) ?? [];
      const open = grants.find((g) => g.k === 'anyone' && !g.network);
      const ranged = grants.find((g) => g.k === 'anyone' && g.network);
      const policy = open ? `; its access policy (${open.path}) grants everyone, without credentials`
        : ranged ? `; its access policy (${ranged.path}) grants everyone from the addresses its condition names, without credentials` : '';
      return fail(p, '(not set)', `no VPCOptions: the domain has a public endpoint reachable from the internet${policy}`);
    }
    const subnets = index.prop(res, 'VPCOptions.SubnetIds');
    if (subnets.k === 'unknown') return unknown(`${p}.SubnetIds`, subnets, `subnets decided at deploy time (${subnets.why})`);
    if (subnets.k === 'absent') return unknown(`${p}.SubnetIds`, subnets, 'VPCOptions without SubnetIds: where the domain is placed is not written');
    return pass(p, subnets, 'in a VPC: the domain\'s endpoint has private addresses of its subnets only');
  },
};
