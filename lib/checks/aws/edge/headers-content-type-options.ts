import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { NOSNIFF } from './header-specs';
import { headerVerdicts } from './headers';
import { DISTRIBUTION } from '../../cfn/edge';
import { LISTENER } from '../../cfn/load-balancers';

/** HEADERS-CONTENT-TYPE-OPTIONS: X-Content-Type-Options: nosniff. */
export const HeadersContentTypeOptions: AwsRule = {
  id: 'HeadersContentTypeOptions',
  items: ['HEADERS-CONTENT-TYPE-OPTIONS'],
  types: [LISTENER, DISTRIBUTION],
  severity: Severity.LOW,
  description: 'HTTPS listeners of internet-facing ALBs and every CloudFront behavior send X-Content-Type-Options: nosniff.',
  fix: 'listener.setAttribute("routing.http.response.x_content_type_options.header_value", "nosniff"), or a ResponseHeadersPolicy with contentTypeOptions { override: true }.',
  check: (res, ctx) => headerVerdicts(res, ctx, NOSNIFF),
};
