/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * WafWebAcl: a rule of a required managed group overridden to Captcha or Challenge was taken as blocking. A
 * client that solves the CAPTCHA or the challenge (an attacker's browser, or a solving service) gets a token and
 * its requests go through, attacks included: the group no longer blocks them. Such an override now fails like
 * Count; Block still passes.
 */
import { judged, statuses } from './judged';

const vis = (name: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name });
const GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesSQLiRuleSet'];

/** An internet-facing ALB whose web ACL runs the three required groups, the SQLi group with `overrides`. */
function alb(overrides: any[] = []) {
  return {
    Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internet-facing', Subnets: ['subnet-aaaa1111', 'subnet-bbbb2222'] } },
    Acl: {
      Type: 'AWS::WAFv2::WebACL',
      Properties: {
        Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: vis('Acl'),
        Rules: GROUPS.map((g, i) => ({
          Name: g, Priority: 10 + i, OverrideAction: { None: {} }, VisibilityConfig: vis(g),
          Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: g, ...(g === 'AWSManagedRulesSQLiRuleSet' && overrides.length > 0 ? { RuleActionOverrides: overrides } : {}) } },
        })),
      },
    },
    Assoc: { Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: { Ref: 'Alb' }, WebACLArn: { 'Fn::GetAtt': ['Acl', 'Arn'] } } },
  };
}

describe('WafWebAcl: managed rules overridden to Captcha or Challenge', () => {
  test.each([['Captcha'], ['Challenge']])('SQLi_BODY overridden to %s: fail, naming the rule (was a pass)', (action) => {
    const f = judged('WafWebAcl', alb([{ Name: 'SQLi_BODY', ActionToUse: { [action]: {} } }]));
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/SQLi_BODY/);
  });

  test('no override, or an override to Block: pass (compliant forms)', () => {
    expect(statuses(judged('WafWebAcl', alb()))).toEqual(['pass']);
    expect(statuses(judged('WafWebAcl', alb([{ Name: 'SQLi_BODY', ActionToUse: { Block: {} } }])))).toEqual(['pass']);
  });
});
