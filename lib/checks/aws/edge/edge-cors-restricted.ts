import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { RESPONSE_HEADERS_POLICY } from '../../cfn/edge';
import { attribute, LISTENER } from '../../cfn/load-balancers';

const KEY = 'routing.http.response.access_control_allow_origin.header_value';
/** Origins that open CORS to everyone: the wildcard, and `null` (sandboxed iframes, file://). */
const OPEN = new Set(['*', 'null']);

/** EDGE-CORS: Access-Control-Allow-Origin names origins, never `*`. */
export const EdgeCorsRestricted: AwsRule = {
  id: 'EdgeCorsRestricted',
  items: ['EDGE-CORS'],
  types: [LISTENER, RESPONSE_HEADERS_POLICY],
  severity: Severity.MEDIUM,
  description: 'CORS set by an ALB listener or a CloudFront response headers policy allows a list of origins, never * or null.',
  fix: 'List the allowed origins (accessControlAllowOrigins: ["https://app.example.com"]) instead of "*".',
  check(res, { index }) {
    if (res.type === LISTENER) {
      const v = attribute(index, res, 'ListenerAttributes', KEY);
      const p = `Properties.ListenerAttributes[${KEY}]`;
      if (v.k === 'absent') return undefined;
      if (v.k === 'unknown') return unknown(p, v, `allowed origin decided at deploy time (${v.why})`);
      const origins = (V.str(v) ?? '').split(',').map((o) => o.trim());
      if (v.k === 'lit' && origins.some((o) => OPEN.has(o))) return fail(p, v, 'CORS allows any origin');
      return pass(p, v, `CORS limited to ${V.show(v)}`);
    }
    const cors = index.prop(res, 'ResponseHeadersPolicyConfig.CorsConfig');
    if (cors.k === 'absent') return undefined;
    const p = 'Properties.ResponseHeadersPolicyConfig.CorsConfig.AccessControlAllowOrigins.Items';
    const items = index.prop(res, 'ResponseHeadersPolicyConfig.CorsConfig.AccessControlAllowOrigins.Items');
    if (items.k === 'unknown' || cors.k === 'unknown') return unknown(p, items, 'allowed origins decided at deploy time');
    const list = index.items(items) ?? [];
    if (list.some((o) => o.k === 'lit' && OPEN.has(String(o.v)))) return fail(p, items, 'CORS allows any origin');
    if (list.some((o) => o.k === 'unknown')) return unknown(p, items, 'an allowed origin is decided at deploy time');
    return pass(p, items, `CORS limited to ${list.map((o) => V.show(o)).join(', ')}`);
  },
};
