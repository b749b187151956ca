import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { HSTS } from './header-specs';
import { headerVerdicts } from './headers';
import { DISTRIBUTION } from '../../cfn/edge';
import { LISTENER } from '../../cfn/load-balancers';

/** HEADERS-HSTS: Strict-Transport-Security with max-age >= hstsMaxAgeSeconds and includeSubDomains. */
export const HeadersHsts: AwsRule = {
  id: 'HeadersHsts',
  items: ['HEADERS-HSTS'],
  types: [LISTENER, DISTRIBUTION],
  severity: Severity.MEDIUM,
  description: 'HTTPS listeners of internet-facing ALBs and every CloudFront behavior send Strict-Transport-Security with max-age >= hstsMaxAgeSeconds and includeSubDomains.',
  fix: 'listener.setAttribute("routing.http.response.strict_transport_security.header_value", "max-age=31536000; includeSubDomains"), or a ResponseHeadersPolicy with strictTransportSecurity { accessControlMaxAge: Duration.days(365), includeSubdomains: true }.',
  check: (res, ctx) => headerVerdicts(res, ctx, HSTS),
};
