import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { CSP } from './header-specs';
import { headerVerdicts } from './headers';
import { DISTRIBUTION } from '../../cfn/edge';
import { LISTENER } from '../../cfn/load-balancers';

/**
 * HEADERS-CSP: a restrictive Content-Security-Policy header, read wherever this template sets it (the
 * `routing.http.response.content_security_policy.header_value` attribute of an HTTPS listener of an internet-facing
 * ALB no distribution fronts; the ContentSecurityPolicy security header or a `Content-Security-Policy` custom header of
 * each CloudFront behavior's response headers policy) and judged by one function, `weakCsp` (the policy vocabulary the
 * constructs use too), as a CSP 3 browser enforces it: script elements follow script-src-elem, then script-src, then
 * default-src, and that list must let in no source matching every origin (`*`, `https://*`, `*.com`, a wildcard over
 * a shared-hosting domain such as `*.cloudfront.net`, a scheme such as `https:`, `wss:` or `data:`) nor
 * `'unsafe-inline'`; inline event handlers follow script-src-attr, then script-src, then default-src, and must not
 * allow `'unsafe-inline'`. A nonce, a hash or `'strict-dynamic'` makes CSP 3 browsers ignore `'unsafe-inline'`, and
 * `'strict-dynamic'` also host and scheme sources, so `script-src 'nonce-…' 'strict-dynamic' https: 'unsafe-inline'`
 * passes. Not judged: `'unsafe-eval'`, worker-src, and named hosts that serve anyone's files.
 */
export const HeadersCsp: AwsRule = {
  id: 'HeadersCsp',
  items: ['HEADERS-CSP'],
  types: [LISTENER, DISTRIBUTION],
  severity: Severity.MEDIUM,
  description: 'HTTPS listeners of internet-facing ALBs and every CloudFront behavior send a Content-Security-Policy that restricts scripts (CSP 3): script-src-elem / script-src-attr, else script-src, else default-src, allow no source matching every origin (*, https://*, *.com, https:, data:) and no \'unsafe-inline\' without a nonce, hash or \'strict-dynamic\'.',
  fix: 'listener.setAttribute("routing.http.response.content_security_policy.header_value", "default-src \'self\'"), or a ResponseHeadersPolicy with contentSecurityPolicy.',
  check: (res, ctx) => headerVerdicts(res, ctx, CSP),
};
