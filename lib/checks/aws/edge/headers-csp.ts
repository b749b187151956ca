import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { CSP } from './header-specs';
import { headerVerdicts } from './headers';
import { DISTRIBUTION } from '../../cfn/edge';
import { LISTENER } from '../../cfn/load-balancers';

/** HEADERS-CSP: a Content-Security-Policy header. */
export const HeadersCsp: AwsRule = {
  id: 'HeadersCsp',
  items: ['HEADERS-CSP'],
  types: [LISTENER, DISTRIBUTION],
  severity: Severity.MEDIUM,
  description: 'HTTPS listeners of internet-facing ALBs and every CloudFront behavior send a non-empty Content-Security-Policy.',
  fix: 'listener.setAttribute("routing.http.response.content_security_policy.header_value", "default-src \'self\'"), or a ResponseHeadersPolicy with contentSecurityPolicy.',
  check: (res, ctx) => headerVerdicts(res, ctx, CSP),
};
