import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass } from '../../rule';
import { REFERRER_POLICY } from './header-specs';
import { headerVerdicts } from './headers';
import { DISTRIBUTION, RESPONSE_HEADERS_POLICY, behaviorPath, cacheBehaviors, worst } from '../../cfn/edge';

/**
 * HEADERS-RESPONSE-POLICY: every CloudFront behavior carries one response
 * headers policy with a SecurityHeadersConfig, completing the set with a
 * strict Referrer-Policy. The other members of the set (HSTS, nosniff, frame
 * options, CSP) are judged by their own HEADERS-* rules, so a weak HSTS is
 * reported once, under HEADERS-HSTS. An ALB cannot add Referrer-Policy, so
 * listeners are not judged here (their headers are, by the HEADERS-* rules).
 */
export const HeadersResponsePolicy: AwsRule = {
  id: 'HeadersResponsePolicy',
  items: ['HEADERS-RESPONSE-POLICY'],
  types: [DISTRIBUTION],
  severity: Severity.MEDIUM,
  description: 'Every CloudFront behavior has a response headers policy with a SecurityHeadersConfig and a strict Referrer-Policy (strict-origin-when-cross-origin or stricter).',
  fix: 'Attach one cloudfront.ResponseHeadersPolicy with securityHeadersBehavior (strictTransportSecurity, contentTypeOptions, frameOptions, contentSecurityPolicy, referrerPolicy STRICT_ORIGIN_WHEN_CROSS_ORIGIN) to every behavior.',
  check(res, ctx) {
    const { index } = ctx;
    const out: Verdict[] = [];
    for (const b of cacheBehaviors(index, res)) {
      const id = index.field(b.v, 'ResponseHeadersPolicyId');
      if (id.k !== 'ref' || id.target.type !== RESPONSE_HEADERS_POLICY) continue; // absent / managed: judged below
      const sec = index.prop(id.target, 'ResponseHeadersPolicyConfig.SecurityHeadersConfig');
      if (sec.k === 'absent') out.push(fail(`${behaviorPath(b.name)}.ResponseHeadersPolicyId`, id, `${b.name}: policy ${id.target.logicalId} has no SecurityHeadersConfig`));
    }
    const referrer = headerVerdicts(res, ctx, REFERRER_POLICY);
    if (referrer !== undefined) out.push(...(Array.isArray(referrer) ? referrer : [referrer]));
    if (out.length === 0) return undefined;
    const verdicts = worst(out);
    return verdicts[0].status === FindingStatus.PASS
      ? pass(verdicts[0].property, verdicts[0].value, `every behavior has a security-headers policy; ${verdicts[0].message}`)
      : verdicts;
  },
};
