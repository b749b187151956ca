import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { XSS_PROTECTION } from './header-specs';
import { headerVerdicts } from './headers';
import { DISTRIBUTION } from '../../cfn/edge';

/**
 * HEADERS-XSS-PROTECTION: the response headers policy sets X-XSS-Protection
 * explicitly (0, 1, or 1; mode=block), so its value is a decision. An ALB
 * cannot add this header, so only CloudFront behaviors are judged.
 */
export const HeadersXssProtection: AwsRule = {
  id: 'HeadersXssProtection',
  items: ['HEADERS-XSS-PROTECTION'],
  types: [DISTRIBUTION],
  severity: Severity.LOW,
  description: 'Every CloudFront behavior\'s response headers policy sets X-XSS-Protection explicitly (0 with a CSP per current guidance, or 1; mode=block).',
  fix: 'Set securityHeadersBehavior.xssProtection ({ protection: false, override: true } with a CSP, or { protection: true, modeBlock: true }) on the response headers policy.',
  check: (res, ctx) => headerVerdicts(res, ctx, XSS_PROTECTION),
};
