import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { worst } from '../../cfn/edge';
import { isApiGatewayTls12Policy } from '../../../checklist/policy/tls';
import { API_DOMAIN, API_V2_DOMAIN, BASE_PATH_MAPPING, REST_API, V2_API, V2_API_MAPPING, isPrivateApi, openApiDefinition } from './apigateway';


function judgePolicy(property: string, v: Val, what: string, absent: () => Verdict): Verdict {
  if (v.k === 'unknown') return unknown(property, v, `${what}: security policy decided at deploy time (${v.why})`);
  if (v.k === 'absent') return absent();
  const name = V.str(v);
  if (name !== undefined && isApiGatewayTls12Policy(name)) return pass(property, v, `${what}: security policy ${name} accepts TLS 1.2+ only`);
  return fail(property, v, `${what}: security policy ${V.show(v)} accepts TLS versions older than 1.2`);
}

/**
 * The mappings of a domain name: those referencing it (`!Ref Domain`), and
 * those naming it as text (`DomainName: api.example.com`, equal to the
 * domain's own DomainName, case-insensitively). `undefined` when a mapping
 * may name it but cannot be compared (its DomainName, or the domain's, is
 * decided at deploy time).
 */
function mappingsOf(index: TemplateIndex, domain: CfnResource, type: string): CfnResource[] | undefined {
  const out = new Set(index.referrers(domain, type));
  const own = index.prop(domain, 'DomainName');
  const name = own.k === 'lit' ? V.str(own)?.toLowerCase() : undefined;
  for (const m of index.ofType(type)) {
    if (out.has(m)) continue;
    const named = index.prop(m, 'DomainName');
    if (named.k === 'ref' || named.k === 'absent') continue; // a reference to another resource, or none
    if (named.k !== 'lit' || name === undefined) return undefined;
    if (V.str(named)?.toLowerCase() === name) out.add(m);
  }
  return [...out];
}

/**
 * Whether every API mapped to an HTTP API domain name enforces TLS 1.2 by
 * itself: API Gateway applies TLS_1_2 to every HTTP and WebSocket API, so a
 * domain serving only those needs no policy of its own. A mapping counts
 * whether it references the domain or names it as text; one that may name
 * it but cannot be compared leaves the question open (`undefined`).
 */
function onlyV2ApisMapped(index: TemplateIndex, domain: CfnResource): string | undefined {
  const mappings = mappingsOf(index, domain, V2_API_MAPPING);
  const rest = mappingsOf(index, domain, BASE_PATH_MAPPING);
  if (!mappings || !rest || rest.length > 0 || mappings.length === 0) return undefined;
  for (const m of mappings) {
    const api = index.prop(m, 'ApiId');
    if (api.k !== 'ref' || api.target.type !== V2_API) return undefined;
  }
  return mappings.map((m) => V.show(index.prop(m, 'ApiId'))).join(', ');
}

/** The OpenAPI extension that sets a REST API's own security policy. */
const BODY_POLICY = 'x-amazon-apigateway-security-policy';

/**
 * A REST API's own security policy, when the template sets one: its
 * `SecurityPolicy`, or `x-amazon-apigateway-security-policy` in its OpenAPI
 * Body (both: the worse). API Gateway negotiates the TLS handshake with the
 * API's own policy, also when the API is invoked through a custom domain name
 * that has a different one (Developer Guide, "Choose a security policy for
 * your custom domain", Considerations), so a policy accepting TLS 1.0 fails
 * whether or not the default endpoint is disabled, and a TLS 1.2+ one passes.
 * `undefined` when the API sets none (the default endpoint's default, TLS 1.0
 * for edge-optimized and Regional APIs, is then judged by the caller).
 */
function ownPolicy(index: TemplateIndex, api: CfnResource): Verdict[] | undefined {
  const what = 'REST API security policy (used for the default endpoint and for the TLS handshake through any custom domain the API is mapped to)';
  const verdicts: Verdict[] = [];
  const prop = index.prop(api, 'SecurityPolicy');
  if (prop.k !== 'absent') verdicts.push(judgePolicy('Properties.SecurityPolicy', prop, what, () => { throw new Error('unreachable'); }));
  const def = openApiDefinition(index, api);
  if (def && 'doc' in def) {
    const body = index.key(def.doc, BODY_POLICY);
    if (body.k !== 'absent') verdicts.push(judgePolicy(`Properties.Body.${BODY_POLICY}`, body, `${what}, set in the OpenAPI Body`, () => { throw new Error('unreachable'); }));
  }
  return verdicts.length > 0 ? worst(verdicts) : undefined;
}

/**
 * EDGE-HTTPS-LISTENER (API Gateway): API custom domains use a TLS 1.2+
 * security policy, and a public REST API's default execute-api endpoint,
 * which accepts TLS 1.0, is disabled or given a TLS 1.2+ policy. A REST API's
 * own security policy (`SecurityPolicy`, or the Body's
 * `x-amazon-apigateway-security-policy`) is judged whenever it is set, private
 * API and disabled endpoint included: API Gateway negotiates TLS with it also
 * through a custom domain whose policy differs.
 */
export const ApiGatewayDomainTls: AwsRule = {
  id: 'ApiGatewayDomainTls',
  items: ['EDGE-HTTPS-LISTENER'],
  types: [API_DOMAIN, API_V2_DOMAIN, REST_API],
  severity: Severity.HIGH,
  description: 'API Gateway custom domains use a TLS 1.2+ security policy (TLS_1_2 or an enhanced SecurityPolicy_TLS13/TLS12 policy); public REST APIs disable the default execute-api endpoint (TLS 1.0) or set a TLS 1.2+ policy on it; a REST API\'s own security policy (SecurityPolicy or x-amazon-apigateway-security-policy), which API Gateway also uses through a custom domain with a different policy, is TLS 1.2+ whenever it is set.',
  fix: 'Set securityPolicy: SecurityPolicy.TLS_1_2 on the domain name, and disableExecuteApiEndpoint: true on a REST API served through its custom domain.',
  check(res, { index }) {
    if (res.type === API_DOMAIN) {
      return judgePolicy('Properties.SecurityPolicy', index.prop(res, 'SecurityPolicy'), 'custom domain',
        () => fail('Properties.SecurityPolicy', '(not set)', 'custom domain without SecurityPolicy: REST custom domains default to TLS_1_0, which accepts TLS 1.0'));
    }
    if (res.type === API_V2_DOMAIN) {
      const configs = index.prop(res, 'DomainNameConfigurations');
      if (configs.k === 'unknown') return unknown('Properties.DomainNameConfigurations', configs, `domain configuration decided at deploy time (${configs.why})`);
      return worst((index.items(configs) ?? []).map((c, i) => {
        const p = `Properties.DomainNameConfigurations.${i}.SecurityPolicy`;
        return judgePolicy(p, index.field(c, 'SecurityPolicy'), 'custom domain', () => {
          const apis = onlyV2ApisMapped(index, res);
          return apis
            ? pass(p, '(not set)', `custom domain serves only HTTP/WebSocket APIs (${apis}), which API Gateway serves with TLS_1_2`)
            : unknown(p, '(not set)', 'custom domain without SecurityPolicy, and the APIs mapped to it are not all HTTP/WebSocket APIs of this template: set TLS_1_2');
        });
      }));
    }
    const own = ownPolicy(index, res);
    if (own) return own;
    if (isPrivateApi(index, res)) return undefined; // private endpoints use TLS 1.2
    const disabled = index.prop(res, 'DisableExecuteApiEndpoint');
    if (disabled.k === 'unknown') return unknown('Properties.DisableExecuteApiEndpoint', disabled, `decided at deploy time (${disabled.why})`);
    if (V.isTrue(disabled)) return pass('Properties.DisableExecuteApiEndpoint', disabled, 'the default execute-api endpoint is disabled: clients reach the API through its custom domain');
    return judgePolicy('Properties.SecurityPolicy', index.prop(res, 'SecurityPolicy'), 'default execute-api endpoint',
      () => fail('Properties.DisableExecuteApiEndpoint', disabled, 'the default execute-api endpoint is enabled and accepts TLS 1.0 (TLS-1-0 policy): disable it and serve the API through a custom domain with TLS_1_2, or set a TLS 1.2+ SecurityPolicy on the API'));
  },
};
