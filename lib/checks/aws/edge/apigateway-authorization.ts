import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { Undecidable } from '../../world';
import { METHOD, REST_API, V2_API, V2_ROUTE, clonedFrom, methodLabel, openApiDefinition, quickCreate, v2ApiOf } from './apigateway';

/**
 * The verdict on one route's `AuthorizationType` (and `AuthorizerId`):
 * NONE or absent is public; CUSTOM, COGNITO_USER_POOLS and JWT need an
 * authorizer.
 */
function judgeAuthorization(index: TemplateIndex, at: CfnResource, prefix: '' | 'Route.', label: string, apiKey: boolean): Verdict {
  const p = `Properties.${prefix}AuthorizationType`;
  const type = index.prop(at, `${prefix}AuthorizationType`);
  if (type.k === 'unknown') return unknown(p, type, `${label}: authorization decided at deploy time (${type.why})`);
  const t = V.str(type)?.toUpperCase() ?? 'NONE';
  if (t === 'NONE') {
    const key = apiKey ? ' (an API key identifies a client but does not authenticate it)' : '';
    return fail(p, type.k === 'absent' ? 'NONE (default)' : type, `${label} is public: anyone on the internet can call it${key}; add an authorizer, or acknowledge this finding with the reason it is public`);
  }
  if ((t === 'CUSTOM' || t === 'COGNITO_USER_POOLS' || t === 'JWT') && index.prop(at, `${prefix}AuthorizerId`).k === 'absent') {
    return fail(`Properties.${prefix}AuthorizerId`, '(not set)', `${label}: ${t} authorization without an authorizer`);
  }
  return pass(p, type, `${label} requires ${t} authorization`);
}

/**
 * The route a quick-create HTTP API (`Target`) makes: public unless an
 * `ApiGatewayManagedOverrides` gives it an authorization type.
 */
function judgeQuickCreate(index: TemplateIndex, api: CfnResource): Verdict | undefined {
  const quick = quickCreate(index, api);
  if (!quick) return undefined;
  const key = index.prop(api, 'RouteKey');
  if (key.k === 'unknown') return unknown('Properties.RouteKey', key, `quick-create route key decided at deploy time (${key.why})`);
  const name = key.k === 'absent' ? '$default' : V.show(key);
  if (name.toUpperCase().startsWith('OPTIONS ')) return undefined;
  const label = `quick-create route ${name} (Target)`;
  if (!quick.overrides) {
    return fail('Properties.Target', index.prop(api, 'Target'), `${label} is public: quick create makes the route with AuthorizationType NONE and no route resource can change it; anyone on the internet can call it. Add an AWS::ApiGatewayV2::ApiGatewayManagedOverrides with Route.AuthorizationType, or define the routes with an authorizer instead of Target`);
  }
  const v = judgeAuthorization(index, quick.overrides, 'Route.', label, false);
  return { ...v, property: `${quick.overrides.logicalId}.${v.property}` };
}

/**
 * A WebSocket API authorizes clients on its `$connect` route only, when they connect: without a `$connect` route no
 * authorizer can be applied, so anyone can connect and send messages to every route. `undefined` for another
 * protocol, when a `$connect` route of the template is judged on its own, or when the API has no route here and is
 * handed to nobody (it serves nothing). Unknown when the protocol or a route key is decided at deploy time, or when
 * the API is passed to a nested stack, a custom resource or another stack (an export), which may declare `$connect`.
 */
function judgeWebSocketConnect(index: TemplateIndex, api: CfnResource): Verdict | undefined {
  const protocol = index.prop(api, 'ProtocolType');
  if (protocol.k !== 'unknown' && V.str(protocol)?.toUpperCase() !== 'WEBSOCKET') return undefined;
  const routes = index.referrers(api, V2_ROUTE).filter((r) => v2ApiOf(index, r) === api);
  const keys = routes.map((r) => index.prop(r, 'RouteKey'));
  if (keys.some((k) => V.str(k) === '$connect')) return undefined; // judged on the route
  const p = 'Properties.ProtocolType';
  const open = routes.filter((_, i) => keys[i].k === 'unknown').map((r) => r.logicalId);
  const handed = [
    ...index.referrers(api).filter((r) => r.type === 'AWS::CloudFormation::Stack' || r.type === 'AWS::CloudFormation::CustomResource' || r.type.startsWith('Custom::')).map((r) => r.logicalId),
    ...index.exportsReferring(api).map((o) => `another stack (exported as output ${o})`),
  ];
  if (routes.length === 0 && handed.length === 0) return undefined;
  if (protocol.k === 'unknown') {
    return unknown(p, protocol, `the protocol is decided at deploy time (${protocol.why}), and no route of the template is $connect: as a WebSocket API, anyone could connect (authorization is set on $connect only)`);
  }
  if (open.length > 0) return unknown(p, 'WEBSOCKET', `no route of the template is $connect, and the route key of ${open.join(', ')} is decided at deploy time: without a $connect route anyone can connect (a WebSocket API authorizes on $connect only)`);
  if (handed.length > 0) return unknown(p, 'WEBSOCKET', `no route of the template is $connect, but the API is passed to ${handed.join(', ')}, which may declare it: without a $connect route anyone can connect (a WebSocket API authorizes on $connect only)`);
  return fail(p, 'WEBSOCKET', `WebSocket API without a $connect route: API Gateway authorizes WebSocket clients on $connect only, so anyone on the internet can connect and send messages to its routes (${keys.map((k) => V.show(k)).join(', ')}); add a $connect route with AWS_IAM or a Lambda REQUEST authorizer, or acknowledge this finding with the reason it is public`);
}

/** OpenAPI operations API Gateway imports as methods (CORS preflight `options` is not judged). */
const OPERATIONS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'trace', 'x-amazon-apigateway-any-method']);

/** How a security scheme of an OpenAPI body authenticates the caller (an API Gateway authorizer, or SigV4: IAM); `undefined` when it does not (an API key). */
function schemeAuthenticates(index: TemplateIndex, scheme: Val): string | undefined {
  const authorizer = index.key(scheme, 'x-amazon-apigateway-authorizer');
  if (authorizer.k === 'unknown') throw new Undecidable(`x-amazon-apigateway-authorizer: ${authorizer.why}`);
  if (authorizer.k !== 'absent') return `a ${V.str(index.key(authorizer, 'type')) ?? 'Lambda'} authorizer`;
  const authType = V.str(index.key(scheme, 'x-amazon-apigateway-authtype'));
  if (authType?.toLowerCase() === 'awssigv4') return 'AWS_IAM (SigV4)';
  return undefined;
}

/**
 * One operation of an OpenAPI body: `x-amazon-apigateway-auth: AWS_IAM`, or
 * a `security` (its own, else the document's) whose every alternative names
 * a scheme that authenticates. No security, an empty list or an empty
 * alternative (`{}`: authorization optional) is public; a scheme that is an
 * API key alone does not authenticate; a scheme the body does not define is
 * unknown.
 */
function judgeOperation(index: TemplateIndex, op: Val, global: Val, schemes: Map<string, Val>, label: string): Verdict {
  const p = 'Properties.Body';
  const auth = index.key(index.key(op, 'x-amazon-apigateway-auth'), 'type');
  if (auth.k === 'unknown') return unknown(p, auth, `${label}: x-amazon-apigateway-auth decided at deploy time (${auth.why})`);
  if (V.str(auth)?.toUpperCase() === 'AWS_IAM') return pass(p, label, `${label} requires AWS_IAM authorization (x-amazon-apigateway-auth)`);
  const own = index.key(op, 'security');
  const security = own.k === 'absent' ? global : own;
  if (security.k === 'unknown') return unknown(p, security, `${label}: security decided at deploy time (${security.why})`);
  const alternatives = index.items(security) ?? [];
  if (alternatives.length === 0) return fail(p, label, `${label} (OpenAPI Body) is public: no security requirement; anyone on the internet can call it; add a security scheme with an authorizer, or acknowledge this finding with the reason it is public`);
  const how: string[] = [];
  for (const alt of alternatives) {
    if (alt.k === 'unknown') return unknown(p, alt, `${label}: security requirement decided at deploy time (${alt.why})`);
    const names = (index.keys(alt) ?? []).map(([n]) => n);
    if (names.length === 0) return fail(p, label, `${label} (OpenAPI Body) is public: an empty security requirement ({}) makes authorization optional`);
    let found: string | undefined;
    for (const n of names) {
      const scheme = schemes.get(n);
      if (!scheme) return unknown(p, label, `${label}: security scheme ${n} is not defined in the body (components.securitySchemes / securityDefinitions)`);
      if (scheme.k === 'unknown') return unknown(p, scheme, `${label}: security scheme ${n} decided at deploy time (${scheme.why})`);
      found ??= schemeAuthenticates(index, scheme);
    }
    if (!found) return fail(p, label, `${label} (OpenAPI Body) is public: ${names.join(', ')} is no authorizer (an API key identifies a client but does not authenticate it); add an authorizer, or acknowledge this finding with the reason it is public`);
    how.push(found);
  }
  return pass(p, label, `${label} requires ${[...new Set(how)].join(' or ')}`);
}

/**
 * The methods an API's OpenAPI definition creates: `Body` (an object, or
 * JSON text) read path by path; a `BodyS3Location` is a file outside the
 * template (unknown). A failing or unknown operation is reported by name;
 * one pass stands for all when every operation requires authorization.
 */
function judgeBody(index: TemplateIndex, api: CfnResource): Verdict[] {
  const def = openApiDefinition(index, api);
  if (!def) return [];
  if ('unread' in def) return [unknown(def.unread.property, def.unread.value, `${def.unread.why}: the authorization of the methods it defines is not known`)];
  const doc = def.doc;
  const schemes = new Map<string, Val>();
  for (const src of [index.field(doc, 'components.securitySchemes'), index.key(doc, 'securityDefinitions')]) {
    if (src.k === 'unknown') return [unknown('Properties.Body', src, `security schemes decided at deploy time (${src.why})`)];
    for (const [n, s] of index.keys(src) ?? []) schemes.set(n, s);
  }
  const paths = index.key(doc, 'paths');
  if (paths.k === 'unknown') return [unknown('Properties.Body.paths', paths, `paths decided at deploy time (${paths.why})`)];
  const global = index.key(doc, 'security');
  const verdicts: Verdict[] = [];
  for (const [path, item] of index.keys(paths) ?? []) {
    if (item.k === 'unknown') {
      verdicts.push(unknown('Properties.Body.paths', item, `${path}: methods decided at deploy time (${item.why})`));
      continue;
    }
    for (const [verb, op] of index.keys(item) ?? []) {
      const v = verb.toLowerCase();
      if (!OPERATIONS.has(v)) continue;
      const label = `method ${v === 'x-amazon-apigateway-any-method' ? 'ANY' : v.toUpperCase()} ${path}`;
      verdicts.push(judgeOperation(index, op, global, schemes, label));
    }
  }
  const failed = verdicts.filter((x) => x.status === FindingStatus.FAIL);
  const open = verdicts.filter((x) => x.status === FindingStatus.UNKNOWN);
  if (failed.length > 0 || open.length > 0) return [...failed, ...open];
  if (verdicts.length === 0) return [];
  return [pass('Properties.Body', `${verdicts.length} methods`, `every method of the OpenAPI body (${verdicts.length}) requires authorization`)];
}

/**
 * API-AUTHORIZATION: every REST method and every HTTP route (and a
 * WebSocket API's `$connect` route) names an authorizer: IAM, Cognito, a
 * Lambda authorizer or JWT. A route left public (`AuthorizationType: NONE`,
 * the default) is a violation until it is acknowledged with the reason it is
 * public. CORS preflight methods (`OPTIONS`) cannot carry credentials and are
 * not judged. An API key (`ApiKeyRequired`) identifies a client but does not
 * authenticate it, so it does not count. A WebSocket API without a
 * `$connect` route fails on the API: authorization is set on `$connect`
 * only, so without one anyone can connect (unknown when a route key is
 * decided at deploy time, or the API is passed to a nested stack, a custom
 * resource or an export, which may declare the route).
 *
 * Methods and routes come from three places: Method and Route resources; the
 * OpenAPI definition of a REST or HTTP API (`Body`: each operation's
 * `x-amazon-apigateway-auth` or `security`, else the document's `security`;
 * `BodyS3Location` is outside the template, unknown); and an HTTP API's
 * quick create (`Target`), whose route has no authorization unless an
 * `ApiGatewayManagedOverrides` sets `Route.AuthorizationType`. A REST API
 * cloned from another (`CloneFrom`) copies methods the template does not
 * show: unknown, unless its OpenAPI body replaces them (`Mode: overwrite`).
 */
export const ApiGatewayAuthorization: AwsRule = {
  id: 'ApiGatewayAuthorization',
  items: ['API-AUTHORIZATION'],
  types: [METHOD, V2_ROUTE, REST_API, V2_API],
  severity: Severity.HIGH,
  description: 'Every API Gateway REST method and HTTP route (WebSocket: the $connect route, which a WebSocket API must have), whether a Method/Route resource, an operation of the API\'s OpenAPI Body or the route of an HTTP API quick create (Target), requires authorization (AWS_IAM, COGNITO_USER_POOLS, CUSTOM or JWT); a public one (AuthorizationType NONE) must be acknowledged with its reason. The methods a REST API copies with CloneFrom are not in the template: unknown.',
  fix: 'Set defaultMethodOptions / defaultAuthorizer (an IAM, Cognito, Lambda or JWT authorizer) on the API, or acknowledge GoLiveChecks::ApiGatewayAuthorization on a route that is public on purpose.',
  check(res, { index }) {
    if (res.type === REST_API) {
      const source = clonedFrom(index, res);
      const out = judgeBody(index, res);
      if (source === undefined) return out;
      const clone = unknown('Properties.CloneFrom', source, `the API is a copy (CloneFrom) of API ${V.show(source)}: the methods and authorizers it copies are not in the template, so their authorization is not known${openApiDefinition(index, res) ? ' (its OpenAPI body is merged into the copy, not replacing it: Mode is not overwrite)' : ''}`);
      return [clone, ...out.filter((v) => v.status !== FindingStatus.PASS)];
    }
    if (res.type === V2_API) {
      const out = judgeBody(index, res);
      const quick = judgeQuickCreate(index, res);
      const connect = judgeWebSocketConnect(index, res);
      return [...(quick ? [quick] : []), ...(connect ? [connect] : []), ...out];
    }
    let label: string;
    if (res.type === METHOD) {
      const verb = index.prop(res, 'HttpMethod');
      if (verb.k === 'unknown') return unknown('Properties.HttpMethod', verb, `HTTP method decided at deploy time (${verb.why})`);
      if (V.str(verb)?.toUpperCase() === 'OPTIONS') return undefined;
      label = `method ${methodLabel(index, res)}`;
    } else {
      const key = index.prop(res, 'RouteKey');
      if (key.k === 'unknown') return unknown('Properties.RouteKey', key, `route key decided at deploy time (${key.why})`);
      const api = v2ApiOf(index, res);
      const protocol = api ? index.prop(api, 'ProtocolType') : undefined;
      if (protocol?.k === 'unknown') return unknown('Properties.ApiId', api?.logicalId, `API protocol decided at deploy time (${protocol.why})`);
      // A WebSocket API authorizes the connection: only $connect takes an authorizer.
      if (protocol && V.str(protocol) === 'WEBSOCKET' && V.str(key) !== '$connect') return undefined;
      if (/^OPTIONS /i.test(V.str(key) ?? '')) return undefined;
      label = `route ${V.show(key)}`;
    }
    return judgeAuthorization(index, res, '', label, V.isTrue(index.prop(res, 'ApiKeyRequired')));
  },
};
