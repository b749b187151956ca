import { Severity } from '../../model';
import { AwsRule } from '../../rule';
import { FRAME_OPTIONS } from './header-specs';
import { headerVerdicts } from './headers';
import { DISTRIBUTION } from '../../cfn/edge';
import { LISTENER } from '../../cfn/load-balancers';

/** HEADERS-FRAME-OPTIONS: X-Frame-Options DENY or SAMEORIGIN. */
export const HeadersFrameOptions: AwsRule = {
  id: 'HeadersFrameOptions',
  items: ['HEADERS-FRAME-OPTIONS'],
  types: [LISTENER, DISTRIBUTION],
  severity: Severity.LOW,
  description: 'HTTPS listeners of internet-facing ALBs and every CloudFront behavior send X-Frame-Options DENY or SAMEORIGIN.',
  fix: 'listener.setAttribute("routing.http.response.x_frame_options.header_value", "DENY"), or a ResponseHeadersPolicy with frameOptions { frameOption: HeadersFrameOption.DENY }.',
  check: (res, ctx) => headerVerdicts(res, ctx, FRAME_OPTIONS),
};
