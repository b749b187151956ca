import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { RESPONSE_HEADERS_POLICY } from '../../cfn/edge';
import { attribute, LISTENER } from '../../cfn/load-balancers';
import { GATEWAY_RESPONSE, METHOD, REST_API, V2_API, clonedFrom, methodLabel, openApiDefinition } from './apigateway';

const KEY = 'routing.http.response.access_control_allow_origin.header_value';
/** Origins that open CORS to everyone: the wildcard, and `null` (sandboxed iframes, file://). */
const OPEN = new Set(['*', 'null']);

/**
 * The CORS of an HTTP API: `CorsConfiguration` (which replaces the OpenAPI
 * body's `x-amazon-apigateway-cors`), else the body's (an object or JSON
 * text; a BodyS3Location is outside the template: unknown). Any origin is `*` or
 * `null`; another origin with a `*` in it is a pattern whose reach is not
 * judged (unknown). Credentials with any origin say so.
 */
function judgeHttpApiCors(index: TemplateIndex, api: CfnResource): Verdict | undefined {
  let base = 'Properties.CorsConfiguration';
  let cors: Val = index.prop(api, 'CorsConfiguration');
  let originsKey = 'AllowOrigins';
  let credentialsKey = 'AllowCredentials';
  if (cors.k === 'absent') {
    const def = openApiDefinition(index, api);
    if (!def) return undefined;
    if ('unread' in def) return unknown(def.unread.property, def.unread.value, `${def.unread.why}: its x-amazon-apigateway-cors (the API's CORS, as no CorsConfiguration replaces it) is not known`);
    cors = index.key(def.doc, 'x-amazon-apigateway-cors');
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

/** The single quotes API Gateway puts around a static header value: `'https://app.example.com'`. */
function staticValue(s: string): string | undefined {
  return s.length >= 2 && s.startsWith("'") && s.endsWith("'") ? s.slice(1, -1) : undefined;
}

/** A mapping that copies the request's own Origin header into the response. */
const REFLECT = /^method\.request\.(multivalueheader|header)\.origin$/i;

/** The entry of a ResponseParameters map for one header (`<prefix><name>`), the header name compared case-insensitively. */
function headerEntry(index: TemplateIndex, params: Val, prefix: string, name: string): [string, Val] | undefined {
  const want = `${prefix}${name}`.toLowerCase();
  return (index.keys(params) ?? []).find(([k]) => k.toLowerCase() === want);
}

/** Whether a REST response also sends `Access-Control-Allow-Credentials: true`: yes, no, or maybe (decided at deploy time or per request). */
function credentialsOf(index: TemplateIndex, params: Val, prefix: string): 'yes' | 'no' | 'maybe' {
  const entry = headerEntry(index, params, prefix, 'Access-Control-Allow-Credentials');
  if (!entry) return 'no';
  const v = entry[1];
  const raw = v.k === 'lit' && typeof v.v === 'string' ? V.str(v) : undefined;
  if (raw === undefined) return 'maybe';
  const fixed = staticValue(raw.trim());
  if (fixed === undefined) return 'maybe';
  return fixed.trim().toLowerCase() === 'true' ? 'yes' : 'no';
}

/**
 * The response template aws-cdk-lib writes for `defaultCorsPreflightOptions`
 * with several origins: it echoes the request's Origin when it is one of the
 * listed ones. The origins it lists, or `undefined` for any other template.
 */
function cdkTemplateOrigins(text: string): string[] | undefined {
  const lines = text.split('\n');
  const fixed = [
    '#set($origin = $input.params().header.get("Origin"))',
    '#if($origin == "")',
    '  #set($origin = $input.params().header.get("origin"))',
    '#end',
    undefined,
    '  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
    '#end',
  ];
  if (lines.length !== fixed.length || fixed.some((l, i) => l !== undefined && lines[i] !== l)) return undefined;
  const cond = lines[4];
  if (!cond.startsWith('#if(') || !cond.endsWith(')')) return undefined;
  const origins: string[] = [];
  for (const term of cond.slice(4, -1).split(' || ')) {
    if (!term.startsWith('$origin == "') || !term.endsWith('"')) return undefined;
    const o = term.slice('$origin == "'.length, -1);
    if (o.includes('"')) return undefined;
    origins.push(o);
  }
  return origins;
}

/** What the responses of a REST resource allow: the origins they name, and their verdicts that are not a pass. */
interface RestCors {
  origins: string[];
  problems: Verdict[];
  /** The first origin setting found (evidence for a pass). */
  evidence?: { property: string; value: string };
}

/** One REST response that may send CORS headers: an integration response or a gateway response, as a resource or in an OpenAPI body. */
interface RestResponse {
  /** Where it is, for findings (`Properties.Integration.IntegrationResponses.0`). */
  readonly property: string;
  /** What it is, for messages (`method OPTIONS /orders`). */
  readonly label: string;
  readonly params: Val;
  readonly templates: Val;
  /** `method.response.header.` or `gatewayresponse.header.`. */
  readonly prefix: string;
  /** How the body names its maps (`responseParameters`) or the resource does (`ResponseParameters`). */
  readonly keys: { params: string; templates: string };
}

/** Origins of one setting: any origin fails, a wildcard pattern is unknown, named origins are collected. */
function judgeOrigins(out: RestCors, list: string[], property: string, value: string, label: string, credentials: 'yes' | 'no' | 'maybe'): void {
  const open = list.filter((o) => OPEN.has(o));
  if (open.length > 0) {
    const note = credentials === 'yes' ? ', with Access-Control-Allow-Credentials \'true\'' : credentials === 'maybe' ? ' (and credentials may be allowed: Access-Control-Allow-Credentials is decided at deploy time or per request)' : '';
    out.problems.push(fail(property, value, `${label}: CORS allows any origin (${open.map((o) => `'${o}'`).join(', ')})${note}`));
    return;
  }
  const pattern = list.find((o) => o.includes('*'));
  if (pattern) {
    out.problems.push(unknown(property, value, `${label}: allowed origin '${pattern}' is a wildcard pattern: which sites it admits is not judged; name the origin`));
    return;
  }
  out.evidence ??= { property, value };
  for (const o of list) if (!out.origins.includes(o)) out.origins.push(o);
}

/**
 * The CORS one REST response sends: the Access-Control-Allow-Origin its
 * ResponseParameters map (a static value in single quotes, split at commas;
 * the request's own Origin, which admits every site; anything else, from the
 * backend, the stage or the context, is not judged), and any response
 * template that overrides that header (`$context.responseOverride`): only the
 * one aws-cdk-lib writes for several origins is read. `false` when the
 * response sets no Access-Control-Allow-Origin.
 */
function judgeRestResponse(index: TemplateIndex, out: RestCors, r: RestResponse): boolean {
  let found = false;
  const paramsAt = `${r.property}.${r.keys.params}`;
  if (r.params.k === 'unknown') {
    out.problems.push(unknown(paramsAt, r.params, `${r.label}: response parameters decided at deploy time (${r.params.why}): they may set Access-Control-Allow-Origin`));
    found = true;
  }
  const credentials = r.params.k === 'unknown' ? 'maybe' : credentialsOf(index, r.params, r.prefix);
  const entry = r.params.k === 'unknown' ? undefined : headerEntry(index, r.params, r.prefix, 'Access-Control-Allow-Origin');
  if (entry) {
    found = true;
    const [key, v] = entry;
    const p = `${paramsAt}[${key}]`;
    const text = v.k === 'lit' && typeof v.v === 'string' ? V.str(v)?.trim() : undefined;
    const fixed = text === undefined ? undefined : staticValue(text);
    if (v.k === 'unknown') out.problems.push(unknown(p, v, `${r.label}: allowed origin decided at deploy time (${v.why})`));
    else if (text === undefined) out.problems.push(unknown(p, v, `${r.label}: allowed origin ${V.show(v)} is built at deploy time`));
    else if (fixed !== undefined) judgeOrigins(out, fixed.split(',').map((o) => o.trim()).filter((o) => o !== ''), p, text, r.label, credentials);
    else if (REFLECT.test(text)) {
      const note = credentials === 'yes' ? ', with credentials: every site can make requests carrying the user\'s credentials' : credentials === 'maybe' ? ' (and credentials may be allowed: Access-Control-Allow-Credentials is decided at deploy time or per request)' : '';
      out.problems.push(fail(p, text, `${r.label}: CORS reflects the request's Origin header (${text}): every site is allowed${note}`));
    } else {
      out.problems.push(unknown(p, text, `${r.label}: Access-Control-Allow-Origin is mapped from ${text}, a value set per request (by the backend, the caller, the stage or the request context): which origins it allows is not judged`));
    }
  }
  const templatesAt = `${r.property}.${r.keys.templates}`;
  if (r.templates.k === 'unknown') {
    out.problems.push(unknown(templatesAt, r.templates, `${r.label}: response templates decided at deploy time (${r.templates.why}): one may set Access-Control-Allow-Origin`));
    return true;
  }
  for (const [type, t] of index.keys(r.templates) ?? []) {
    const p = `${templatesAt}[${type}]`;
    const text = t.k === 'lit' && typeof t.v === 'string' ? t.v : t.k === 'expr' ? t.text : undefined;
    if (text === undefined) {
      if (t.k === 'lit') continue;
      out.problems.push(unknown(p, t, `${r.label}: response template ${type} decided at deploy time: it may set Access-Control-Allow-Origin`));
      found = true;
      continue;
    }
    if (!text.toLowerCase().includes('access-control-allow-origin')) continue;
    found = true;
    const origins = cdkTemplateOrigins(text);
    if (origins) judgeOrigins(out, origins, p, `(template echoing ${origins.join(', ')})`, r.label, credentials);
    else out.problems.push(unknown(p, '(template)', `${r.label}: response template ${type} sets Access-Control-Allow-Origin ($context.responseOverride): which origins it allows is not judged`));
  }
  return found;
}

/** The verdicts on a REST resource's responses: the failures, else the unknowns, else one pass naming every origin; `undefined` when none sets CORS. */
function restVerdicts(out: RestCors, found: boolean): Verdict[] | undefined {
  if (!found) return undefined;
  if (out.problems.length > 0) {
    const failed = out.problems.filter((v) => v.status === FindingStatus.FAIL);
    return failed.length > 0 ? failed : out.problems;
  }
  const ev = out.evidence ?? { property: 'Properties', value: '(none)' };
  return [pass(ev.property, ev.value, out.origins.length > 0 ? `CORS limited to ${out.origins.join(', ')}` : 'CORS allows no origin')];
}

const RESOURCE_KEYS = { params: 'ResponseParameters', templates: 'ResponseTemplates' };
const BODY_KEYS = { params: 'responseParameters', templates: 'responseTemplates' };

/** A REST method's integration responses. */
function judgeRestMethod(index: TemplateIndex, method: CfnResource): Verdict[] | undefined {
  const label = `method ${methodLabel(index, method)}`;
  const p = 'Properties.Integration.IntegrationResponses';
  const list = index.prop(method, 'Integration.IntegrationResponses');
  if (list.k === 'unknown') return [unknown(p, list, `${label}: integration responses decided at deploy time (${list.why}): they may set Access-Control-Allow-Origin`)];
  const out: RestCors = { origins: [], problems: [] };
  let found = false;
  for (const [i, e] of (index.items(list) ?? []).entries()) {
    if (e.k === 'unknown') {
      out.problems.push(unknown(`${p}.${i}`, e, `${label}: integration response decided at deploy time (${e.why})`));
      found = true;
      continue;
    }
    const r: RestResponse = { property: `${p}.${i}`, label, params: index.field(e, 'ResponseParameters'), templates: index.field(e, 'ResponseTemplates'), prefix: 'method.response.header.', keys: RESOURCE_KEYS };
    found = judgeRestResponse(index, out, r) || found;
  }
  return restVerdicts(out, found);
}

/** A REST API's gateway response (DEFAULT_4XX, UNAUTHORIZED...). */
function judgeGatewayResponse(index: TemplateIndex, res: CfnResource): Verdict[] | undefined {
  const type = index.prop(res, 'ResponseType');
  const label = `gateway response ${type.k === 'lit' ? V.show(type) : '(type decided at deploy time)'}`;
  const out: RestCors = { origins: [], problems: [] };
  const r: RestResponse = { property: 'Properties', label, params: index.prop(res, 'ResponseParameters'), templates: index.prop(res, 'ResponseTemplates'), prefix: 'gatewayresponse.header.', keys: RESOURCE_KEYS };
  return restVerdicts(out, judgeRestResponse(index, out, r));
}

/** OpenAPI operations of a path item that API Gateway imports as methods. */
const BODY_VERBS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace', 'x-amazon-apigateway-any-method']);

/**
 * A REST API itself: the responses its OpenAPI definition declares (every
 * operation's `x-amazon-apigateway-integration.responses`, and
 * `x-amazon-apigateway-gateway-responses`), unknown when that definition is
 * not in the template (BodyS3Location); and the methods and gateway responses
 * it copies from another API (`CloneFrom`), which are not in the template.
 */
function judgeRestApi(index: TemplateIndex, api: CfnResource): Verdict[] | undefined {
  const out: RestCors = { origins: [], problems: [] };
  let found = false;
  const source = clonedFrom(index, api);
  const def = openApiDefinition(index, api);
  if (def && 'unread' in def) {
    out.problems.push(unknown(def.unread.property, def.unread.value, `${def.unread.why}: the CORS headers its methods and gateway responses send are not known`));
    found = true;
  } else if (def) {
    const gr = index.key(def.doc, 'x-amazon-apigateway-gateway-responses');
    const grAt = 'Properties.Body.x-amazon-apigateway-gateway-responses';
    if (gr.k === 'unknown') {
      out.problems.push(unknown(grAt, gr, `gateway responses decided at deploy time (${gr.why})`));
      found = true;
    }
    for (const [type, g] of index.keys(gr) ?? []) {
      const r: RestResponse = { property: `${grAt}.${type}`, label: `gateway response ${type} (OpenAPI Body)`, params: index.key(g, 'responseParameters'), templates: index.key(g, 'responseTemplates'), prefix: 'gatewayresponse.header.', keys: BODY_KEYS };
      found = judgeRestResponse(index, out, r) || found;
    }
    const paths = index.key(def.doc, 'paths');
    if (paths.k === 'unknown') {
      out.problems.push(unknown('Properties.Body.paths', paths, `paths decided at deploy time (${paths.why})`));
      found = true;
    }
    for (const [path, item] of index.keys(paths) ?? []) {
      if (item.k === 'unknown') {
        out.problems.push(unknown(`Properties.Body.paths.${path}`, item, `${path}: methods decided at deploy time (${item.why})`));
        found = true;
        continue;
      }
      for (const [verb, op] of index.keys(item) ?? []) {
        const v = verb.toLowerCase();
        if (!BODY_VERBS.has(v)) continue;
        const label = `method ${v === 'x-amazon-apigateway-any-method' ? 'ANY' : v.toUpperCase()} ${path} (OpenAPI Body)`;
        const at = `Properties.Body.paths.${path}.${verb}.x-amazon-apigateway-integration`;
        const integration = index.key(op, 'x-amazon-apigateway-integration');
        const responses = index.key(integration, 'responses');
        if (responses.k === 'unknown') {
          out.problems.push(unknown(`${at}.responses`, responses, `${label}: integration responses decided at deploy time (${responses.why})`));
          found = true;
          continue;
        }
        for (const [pattern, resp] of index.keys(responses) ?? []) {
          const r: RestResponse = { property: `${at}.responses.${pattern}`, label, params: index.key(resp, 'responseParameters'), templates: index.key(resp, 'responseTemplates'), prefix: 'method.response.header.', keys: BODY_KEYS };
          found = judgeRestResponse(index, out, r) || found;
        }
      }
    }
  }
  if (source !== undefined) {
    out.problems.push(unknown('Properties.CloneFrom', source, `the API is a copy (CloneFrom) of API ${V.show(source)}: the CORS headers of the methods and gateway responses it copies are not in the template${def ? ' (its OpenAPI body is merged into the copy, not replacing it: Mode is not overwrite)' : ''}`));
    found = true;
  }
  return restVerdicts(out, found);
}

/**
 * EDGE-CORS: Access-Control-Allow-Origin names origins, never `*` or `null`,
 * nor the request's own Origin. Read from an ALB listener's CORS attribute, a
 * CloudFront response headers policy, an HTTP API's CorsConfiguration (or its
 * OpenAPI body's x-amazon-apigateway-cors), and the headers a REST API maps:
 * its methods' integration responses (a MOCK OPTIONS preflight, as the
 * console, SAM and aws-cdk-lib write it), its gateway responses, and the
 * same in its OpenAPI body. An API whose definition is not in the template
 * (BodyS3Location, CloneFrom) is unknown. A response headers policy listing
 * origins passes only with CorsConfig.OriginOverride true: otherwise
 * CloudFront keeps the origin's own CORS headers when it sends them, which no
 * template shows (unknown, as the security header rules judge Override
 * false); one allowing `*` or `null` fails either way (CloudFront sends it
 * whenever the origin sends no CORS header).
 */
export const EdgeCorsRestricted: AwsRule = {
  id: 'EdgeCorsRestricted',
  items: ['EDGE-CORS'],
  types: [LISTENER, RESPONSE_HEADERS_POLICY, V2_API, REST_API, METHOD, GATEWAY_RESPONSE],
  severity: Severity.MEDIUM,
  description: 'CORS set by an ALB listener, a CloudFront response headers policy, an API Gateway HTTP API (CorsConfiguration, or the OpenAPI body\'s x-amazon-apigateway-cors) or a REST API (the Access-Control-Allow-Origin its methods\' integration responses and its gateway responses send, as resources or in its OpenAPI body) allows a list of origins, never * or null nor the request\'s own Origin (a CloudFront policy with OriginOverride true, so the origin\'s own CORS headers do not win); a REST API whose definition is not in the template (BodyS3Location, CloneFrom) is unknown.',
  fix: 'List the allowed origins (accessControlAllowOrigins: ["https://app.example.com"]) instead of "*"; in a CloudFront response headers policy also set originOverride: true.',
  check(res, { index }) {
    if (res.type === V2_API) return judgeHttpApiCors(index, res);
    if (res.type === REST_API) return judgeRestApi(index, res);
    if (res.type === METHOD) return judgeRestMethod(index, res);
    if (res.type === GATEWAY_RESPONSE) return judgeGatewayResponse(index, res);
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
    if (list.some((o) => o.k === 'lit' && OPEN.has(V.show(o)))) return fail(p, items, 'CORS allows any origin');
    if (list.some((o) => o.k === 'unknown')) return unknown(p, items, 'an allowed origin is decided at deploy time');
    const limited = `CORS limited to ${list.map((o) => V.show(o)).join(', ')}`;
    // As the security headers (headers.ts `overridden`): without OriginOverride true the origin's own CORS headers win.
    const override = index.prop(res, 'ResponseHeadersPolicyConfig.CorsConfig.OriginOverride');
    const op = 'Properties.ResponseHeadersPolicyConfig.CorsConfig.OriginOverride';
    if (override.k === 'unknown') return unknown(op, override, `${limited}, but OriginOverride is decided at deploy time (${override.why}): without it CloudFront keeps the origin's Access-Control-Allow-Origin`);
    if (!V.isTrue(override)) return unknown(op, override, `${limited} with OriginOverride ${override.k === 'absent' ? 'unset' : V.show(override)}: CloudFront keeps the origin's own Access-Control-Allow-Origin (which may be * or the request's Origin) when the origin sends one, and the template does not show the origin's headers`);
    return pass(p, items, limited);
  },
};
