import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { RESPONSE_HEADERS_POLICY } from '../../cfn/edge';
import { attribute, LISTENER } from '../../cfn/load-balancers';
import { V2_API } from './apigateway';

const KEY = 'routing.http.response.access_control_allow_origin.header_value';
/** Origins that open CORS to everyone: the wildcard, and `null` (sandboxed iframes, file://). */
const OPEN = new Set(['*', 'null']);

/**
 * The CORS of an HTTP API: `CorsConfiguration` (which replaces the OpenAPI
 * body's `x-amazon-apigateway-cors`), else the body's. Any origin is `*` or
 * `null`; another origin with a `*` in it is a pattern whose reach is not
 * judged (unknown). Credentials with any origin say so.
 */
function judgeHttpApiCors(index: TemplateIndex, api: CfnResource): Verdict | undefined {
  let base = 'Properties.CorsConfiguration';
  let cors: Val = index.prop(api, 'CorsConfiguration');
  let originsKey = 'AllowOrigins';
  let credentialsKey = 'AllowCredentials';
  if (cors.k === 'absent') {
    const body = index.prop(api, 'Body');
    if (body.k === 'unknown') return unknown('Properties.Body', body, `OpenAPI body decided at deploy time: its x-amazon-apigateway-cors is not known (${body.why})`);
    cors = index.key(body, 'x-amazon-apigateway-cors');
    base = 'Properties.Body.x-amazon-apigateway-cors';
    originsKey = 'allowOrigins';
    credentialsKey = 'allowCredentials';
    if (cors.k === 'absent') return undefined;
  }
  const p = `${base}.${originsKey}`;
  if (cors.k === 'unknown') return unknown(base, cors, `CORS configuration decided at deploy time (${cors.why})`);
  const origins = index.key(cors, originsKey);
  if (origins.k === 'unknown') return unknown(p, origins, `allowed origins decided at deploy time (${origins.why})`);
  if (origins.k === 'absent') return pass(p, origins, 'CORS allows no origin');
  const list = index.items(origins) ?? [origins];
  const credentials = index.key(cors, credentialsKey);
  const open = list.filter((o) => o.k === 'lit' && OPEN.has(String(V.str(o))));
  if (open.length > 0) {
    const withCredentials = credentials.k === 'unknown' ? ' (and credentials may be allowed: decided at deploy time)' : V.isTrue(credentials) ? ', with credentials, so every site can make requests carrying the user\'s credentials' : '';
    return fail(p, origins, `CORS allows any origin (${open.map((o) => V.show(o)).join(', ')})${withCredentials}`);
  }
  const undecided = list.find((o) => o.k !== 'lit' || V.str(o) === undefined);
  if (undecided) return unknown(p, origins, `an allowed origin is decided at deploy time (${V.show(undecided)})`);
  const pattern = list.find((o) => (V.str(o) ?? '').includes('*'));
  if (pattern) return unknown(p, origins, `allowed origin ${V.show(pattern)} is a wildcard pattern: which sites it admits is not judged; list the origins`);
  return pass(p, origins, `CORS limited to ${list.map((o) => V.show(o)).join(', ')}`);
}

/** EDGE-CORS: Access-Control-Allow-Origin names origins, never `*`. */
export const EdgeCorsRestricted: AwsRule = {
  id: 'EdgeCorsRestricted',
  items: ['EDGE-CORS'],
  types: [LISTENER, RESPONSE_HEADERS_POLICY, V2_API],
  severity: Severity.MEDIUM,
  description: 'CORS set by an ALB listener, a CloudFront response headers policy or an API Gateway HTTP API (CorsConfiguration, or the OpenAPI body\'s x-amazon-apigateway-cors) allows a list of origins, never * or null.',
  fix: 'List the allowed origins (accessControlAllowOrigins: ["https://app.example.com"]) instead of "*".',
  check(res, { index }) {
    if (res.type === V2_API) return judgeHttpApiCors(index, res);
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
