import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { METHOD, V2_ROUTE, methodLabel, v2ApiOf } from './apigateway';

/**
 * API-AUTHORIZATION: every REST method and every HTTP route (and a
 * WebSocket API's `$connect` route) names an authorizer: IAM, Cognito, a
 * Lambda authorizer or JWT. A route left public (`AuthorizationType: NONE`,
 * the default) is a violation until it is acknowledged with the reason it is
 * public. CORS preflight methods (`OPTIONS`) cannot carry credentials and are
 * not judged. An API key (`ApiKeyRequired`) identifies a client but does not
 * authenticate it, so it does not count.
 */
export const ApiGatewayAuthorization: AwsRule = {
  id: 'ApiGatewayAuthorization',
  items: ['API-AUTHORIZATION'],
  types: [METHOD, V2_ROUTE],
  severity: Severity.HIGH,
  description: 'Every API Gateway REST method and HTTP route (WebSocket: the $connect route) requires authorization (AWS_IAM, COGNITO_USER_POOLS, CUSTOM or JWT); a public one (AuthorizationType NONE) must be acknowledged with its reason.',
  fix: 'Set defaultMethodOptions / defaultAuthorizer (an IAM, Cognito, Lambda or JWT authorizer) on the API, or acknowledge GoLiveChecks::ApiGatewayAuthorization on a route that is public on purpose.',
  check(res, { index }) {
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
    const p = 'Properties.AuthorizationType';
    const type = index.prop(res, 'AuthorizationType');
    if (type.k === 'unknown') return unknown(p, type, `${label}: authorization decided at deploy time (${type.why})`);
    const t = V.str(type)?.toUpperCase() ?? 'NONE';
    if (t === 'NONE') {
      const key = V.isTrue(index.prop(res, 'ApiKeyRequired')) ? ' (an API key identifies a client but does not authenticate it)' : '';
      return fail(p, type.k === 'absent' ? 'NONE (default)' : type, `${label} is public: anyone on the internet can call it${key}; add an authorizer, or acknowledge this finding with the reason it is public`);
    }
    if ((t === 'CUSTOM' || t === 'COGNITO_USER_POOLS' || t === 'JWT') && index.prop(res, 'AuthorizerId').k === 'absent') {
      return fail('Properties.AuthorizerId', '(not set)', `${label}: ${t} authorization without an authorizer`);
    }
    return pass(p, type, `${label} requires ${t} authorization`);
  },
};
