/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * REST APIs (AWS::ApiGateway::RestApi) as third parties write them: the CORS headers a REST API sends (a MOCK
 * OPTIONS method's integration responses, gateway responses, an OpenAPI Body), and a REST API cloned from another
 * (`CloneFrom`), whose methods, authorizers and gateway responses are not in the template. Each case was a PASS (or
 * no finding at all) before; each must now fail or be unknown, and the compliant form next to it must still pass.
 */
import { judged } from './judged';

/** The statuses of one resource's findings. */
const on = (fs: Array<[string, string, string]>, resource: string) => fs.filter(([r]) => r === resource).map(([, s]) => s);
const messages = (fs: Array<[string, string, string]>, resource: string) => fs.filter(([r]) => r === resource).map(([, , m]) => m).join('\n');

const ORIGIN = 'method.response.header.Access-Control-Allow-Origin';
const api = { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders', DisableExecuteApiEndpoint: true } };
const ordersResource = { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'orders' } };

/** A CORS preflight method as the console, SAM and hand-written templates declare it: MOCK, headers in single quotes. */
function preflight(params: Record<string, any>, templates?: Record<string, any>): any {
  return {
    Type: 'AWS::ApiGateway::Method',
    Properties: {
      RestApiId: { Ref: 'Api' }, ResourceId: { Ref: 'Orders' }, HttpMethod: 'OPTIONS', AuthorizationType: 'NONE',
      Integration: {
        Type: 'MOCK', RequestTemplates: { 'application/json': '{"statusCode": 200}' },
        IntegrationResponses: [{
          StatusCode: '200',
          ResponseParameters: { 'method.response.header.Access-Control-Allow-Headers': "'Content-Type,Authorization'", 'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS'", ...params },
          ...(templates ? { ResponseTemplates: templates } : {}),
        }],
      },
      MethodResponses: [{ StatusCode: '200', ResponseParameters: { 'method.response.header.Access-Control-Allow-Headers': true, 'method.response.header.Access-Control-Allow-Methods': true, [ORIGIN]: true } }],
    },
  };
}
const rest = (method: any) => ({ Api: api, Orders: ordersResource, Options: method });
const gatewayResponse = (params: Record<string, any>, type = 'DEFAULT_4XX') => ({
  Type: 'AWS::ApiGateway::GatewayResponse', Properties: { RestApiId: { Ref: 'Api' }, ResponseType: type, ResponseParameters: params },
});

/** The response template aws-cdk-lib writes for `defaultCorsPreflightOptions` with several origins (the first is in ResponseParameters). */
const cdkOriginTemplate = (...origins: string[]) => [
  '#set($origin = $input.params().header.get("Origin"))',
  '#if($origin == "")',
  '  #set($origin = $input.params().header.get("origin"))',
  '#end',
  `#if(${origins.map((o) => `$origin == "${o}"`).join(' || ')})`,
  '  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)',
  '#end',
].join('\n');

describe('defect 1: EdgeCorsRestricted judges the CORS headers of a REST API', () => {
  describe('a preflight (OPTIONS) method\'s integration responses', () => {
    test('Access-Control-Allow-Origin \'*\' fails (the probe)', () => {
      const f = judged('EdgeCorsRestricted', rest(preflight({ [ORIGIN]: "'*'" })));
      expect(on(f, 'Options')).toEqual(['fail']);
      expect(messages(f, 'Options')).toMatch(/CORS allows any origin \('\*'\)/);
      expect(messages(f, 'Options')).toMatch(/OPTIONS \/orders/);
    });

    test('\'*\' with Access-Control-Allow-Credentials \'true\' says so; \'null\' is any origin', () => {
      const f = judged('EdgeCorsRestricted', rest(preflight({ [ORIGIN]: "'*'", 'method.response.header.Access-Control-Allow-Credentials': "'true'" })));
      expect(on(f, 'Options')).toEqual(['fail']);
      expect(messages(f, 'Options')).toMatch(/credentials/i);
      expect(on(judged('EdgeCorsRestricted', rest(preflight({ [ORIGIN]: "'null'" }))), 'Options')).toEqual(['fail']);
    });

    test('a named origin passes', () => {
      const f = judged('EdgeCorsRestricted', rest(preflight({ [ORIGIN]: "'https://app.example.com'" })));
      expect(on(f, 'Options')).toEqual(['pass']);
      expect(messages(f, 'Options')).toMatch(/https:\/\/app\.example\.com/);
    });

    test('the header name is matched whatever its case', () => {
      expect(on(judged('EdgeCorsRestricted', rest(preflight({ 'method.response.header.access-control-allow-origin': "'*'" }))), 'Options')).toEqual(['fail']);
    });

    test('the response template aws-cdk-lib writes for several origins is read: named origins pass, * fails', () => {
      const named = judged('EdgeCorsRestricted', rest(preflight({ [ORIGIN]: "'https://a.example.com'", 'method.response.header.Vary': "'Origin'" }, { 'application/json': cdkOriginTemplate('https://b.example.com', 'https://c.example.com') })));
      expect(on(named, 'Options')).toEqual(['pass']);
      expect(messages(named, 'Options')).toMatch(/https:\/\/a\.example\.com.*https:\/\/b\.example\.com.*https:\/\/c\.example\.com/);
      const star = judged('EdgeCorsRestricted', rest(preflight({ [ORIGIN]: "'https://a.example.com'" }, { 'application/json': cdkOriginTemplate('*') })));
      expect(on(star, 'Options')).toEqual(['fail']);
    });

    test('another response template that overrides Access-Control-Allow-Origin is unknown', () => {
      const f = judged('EdgeCorsRestricted', rest(preflight({ [ORIGIN]: "'https://a.example.com'" }, {
        'application/json': '#set($context.responseOverride.header.Access-Control-Allow-Origin = $input.params().header.get("Origin"))',
      })));
      expect(on(f, 'Options')).toEqual(['unknown']);
      expect(messages(f, 'Options')).toMatch(/response template/);
    });

    test('an origin from a parameter, a condition choosing \'*\', or the backend\'s header is unknown', () => {
      const param = judged('EdgeCorsRestricted', rest(preflight({ [ORIGIN]: { 'Fn::Sub': "'${Origin}'" } })), { Parameters: { Origin: { Type: 'String', Default: 'https://app.example.com' } } });
      expect(on(param, 'Options')).toEqual(['unknown']);
      const cond = judged('EdgeCorsRestricted', rest(preflight({ [ORIGIN]: { 'Fn::If': ['Open', "'*'", "'https://app.example.com'"] } })), {
        Parameters: { Env: { Type: 'String', AllowedValues: ['dev', 'prod'] } }, Conditions: { Open: { 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] } },
      });
      expect(on(cond, 'Options')).toEqual(['unknown']);
      const backend = judged('EdgeCorsRestricted', rest(preflight({ [ORIGIN]: 'integration.response.header.Access-Control-Allow-Origin' })));
      expect(on(backend, 'Options')).toEqual(['unknown']);
      expect(messages(backend, 'Options')).toMatch(/integration\.response\.header/);
    });

    test('a method that sets no CORS header, or a proxy integration, has no finding', () => {
      const get = { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { Ref: 'Orders' }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM', Integration: { Type: 'HTTP_PROXY', IntegrationHttpMethod: 'GET', Uri: 'https://backend.example.com/orders' } } };
      const f = judged('EdgeCorsRestricted', { Api: api, Orders: ordersResource, Get: get, Options: preflight({}) });
      expect(on(f, 'Get')).toEqual([]);
      expect(on(f, 'Options')).toEqual([]);
      expect(on(f, 'Api')).toEqual([]);
    });
  });

  describe('gateway responses (DEFAULT_4XX / DEFAULT_5XX)', () => {
    test('gatewayresponse.header.Access-Control-Allow-Origin \'*\' fails; a named origin passes', () => {
      const star = judged('EdgeCorsRestricted', { Api: api, G4: gatewayResponse({ 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" }) });
      expect(on(star, 'G4')).toEqual(['fail']);
      expect(messages(star, 'G4')).toMatch(/DEFAULT_4XX/);
      expect(on(judged('EdgeCorsRestricted', { Api: api, G5: gatewayResponse({ 'gatewayresponse.header.Access-Control-Allow-Origin': "'https://app.example.com'" }, 'DEFAULT_5XX') }), 'G5')).toEqual(['pass']);
    });

    test('reflecting the request\'s Origin fails, and says so when credentials are allowed', () => {
      const f = judged('EdgeCorsRestricted', { Api: api, G4: gatewayResponse({ 'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.Origin', 'gatewayresponse.header.Access-Control-Allow-Credentials': "'true'" }) });
      expect(on(f, 'G4')).toEqual(['fail']);
      expect(messages(f, 'G4')).toMatch(/reflects the request's Origin/);
      expect(messages(f, 'G4')).toMatch(/credentials/);
    });

    test('a gateway response without CORS headers has no finding', () => {
      expect(on(judged('EdgeCorsRestricted', { Api: api, G4: gatewayResponse({ 'gatewayresponse.header.X-Request-Id': 'context.requestId' }) }), 'G4')).toEqual([]);
    });
  });

  describe('the OpenAPI Body of a REST API', () => {
    const body = (extra: Record<string, any>) => ({ openapi: '3.0.1', info: { title: 'orders', version: '1' }, ...extra });
    const optionsOp = (origin: string) => ({
      options: {
        'x-amazon-apigateway-integration': {
          type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' },
          responses: { default: { statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS'", [ORIGIN]: origin } } },
        },
      },
    });
    const bodyApi = (b: any) => ({ Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders', Body: b } } });

    test('an integration response with \'*\' fails; a named origin passes', () => {
      const f = judged('EdgeCorsRestricted', bodyApi(body({ paths: { '/orders': optionsOp("'*'") } })));
      expect(on(f, 'Api')).toEqual(['fail']);
      expect(messages(f, 'Api')).toMatch(/OPTIONS \/orders/);
      expect(on(judged('EdgeCorsRestricted', bodyApi(body({ paths: { '/orders': optionsOp("'https://app.example.com'") } }))), 'Api')).toEqual(['pass']);
    });

    test('x-amazon-apigateway-gateway-responses with \'*\' fails', () => {
      const f = judged('EdgeCorsRestricted', bodyApi(body({ paths: {}, 'x-amazon-apigateway-gateway-responses': { DEFAULT_4XX: { responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" } } } })));
      expect(on(f, 'Api')).toEqual(['fail']);
      expect(messages(f, 'Api')).toMatch(/DEFAULT_4XX/);
    });

    test('a body given as JSON text is read', () => {
      expect(on(judged('EdgeCorsRestricted', bodyApi(JSON.stringify(body({ paths: { '/orders': optionsOp("'*'") } })))), 'Api')).toEqual(['fail']);
    });

    test('a BodyS3Location is unknown, naming it; a body without CORS headers has no finding', () => {
      const s3 = judged('EdgeCorsRestricted', { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders', BodyS3Location: { Bucket: 'specs', Key: 'orders.yaml' } } } });
      expect(on(s3, 'Api')).toEqual(['unknown']);
      expect(messages(s3, 'Api')).toMatch(/BodyS3Location/);
      expect(on(judged('EdgeCorsRestricted', bodyApi(body({ paths: { '/orders': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'https://backend.example.com/' } } } } }))), 'Api')).toEqual([]);
    });
  });

  describe('an HTTP API whose OpenAPI definition is not in the template', () => {
    test('a BodyS3Location without CorsConfiguration is unknown; CorsConfiguration decides when set', () => {
      const s3 = judged('EdgeCorsRestricted', { Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { BodyS3Location: { Bucket: 'specs', Key: 'http.yaml' } } } });
      expect(on(s3, 'Api')).toEqual(['unknown']);
      expect(messages(s3, 'Api')).toMatch(/BodyS3Location/);
      const cors = judged('EdgeCorsRestricted', { Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { BodyS3Location: { Bucket: 'specs', Key: 'http.yaml' }, CorsConfiguration: { AllowOrigins: ['https://app.example.com'] } } } });
      expect(on(cors, 'Api')).toEqual(['pass']);
    });

    test('a body given as JSON text is read', () => {
      const text = JSON.stringify({ openapi: '3.0.1', info: { title: 'h', version: '1' }, 'x-amazon-apigateway-cors': { allowOrigins: ['*'] }, paths: {} });
      expect(on(judged('EdgeCorsRestricted', { Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Body: text } } }), 'Api')).toEqual(['fail']);
    });
  });
});

describe('defect 2: a REST API cloned from another (CloneFrom) is not judged on what the template shows alone', () => {
  const clone = (props: Record<string, any> = {}) => ({ Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders-copy', CloneFrom: 'a1b2c3d4e5', DisableExecuteApiEndpoint: true, ...props } });
  const secured = { openapi: '3.0.1', info: { title: 'o', version: '1' }, paths: { '/orders': { get: { 'x-amazon-apigateway-auth': { type: 'AWS_IAM' }, 'x-amazon-apigateway-integration': { type: 'mock' } } } } };

  test('ApiGatewayAuthorization: the cloned methods\' authorization is unknown, naming CloneFrom', () => {
    const f = judged('ApiGatewayAuthorization', { Api: clone() });
    expect(on(f, 'Api')).toEqual(['unknown']);
    expect(messages(f, 'Api')).toMatch(/CloneFrom/);
    expect(messages(f, 'Api')).toMatch(/a1b2c3d4e5/);
    // the compliant form: an API that is not a clone, with its methods in the template, has no finding of its own
    expect(on(judged('ApiGatewayAuthorization', { Api: api }), 'Api')).toEqual([]);
  });

  test('ApiGatewayAuthorization: a Body replaces the clone only with Mode overwrite', () => {
    expect(on(judged('ApiGatewayAuthorization', { Api: clone({ Body: secured, Mode: 'overwrite' }) }), 'Api')).toEqual(['pass']);
    const merged = judged('ApiGatewayAuthorization', { Api: clone({ Body: secured }) });
    expect(on(merged, 'Api')).toEqual(['unknown']);
    expect(messages(merged, 'Api')).toMatch(/CloneFrom/);
    expect(on(judged('ApiGatewayAuthorization', { Api: clone({ Body: secured, Mode: 'merge' }) }), 'Api')).toEqual(['unknown']);
  });

  test('ApiGatewayAuthorization: a CloneFrom decided by a parameter is unknown too', () => {
    const f = judged('ApiGatewayAuthorization', { Api: clone({ CloneFrom: { Ref: 'Source' } }) }, { Parameters: { Source: { Type: 'String' } } });
    expect(on(f, 'Api')).toEqual(['unknown']);
  });

  test('EdgeCorsRestricted: the cloned methods\' CORS headers are unknown, naming CloneFrom', () => {
    const f = judged('EdgeCorsRestricted', { Api: clone() });
    expect(on(f, 'Api')).toEqual(['unknown']);
    expect(messages(f, 'Api')).toMatch(/CloneFrom/);
    expect(on(judged('EdgeCorsRestricted', { Api: clone({ Body: secured, Mode: 'overwrite' }) }), 'Api')).toEqual([]);
  });

  describe('ApiGatewayThrottling', () => {
    const template = (apiRes: any, stageProps: Record<string, any>, plan: boolean) => ({
      Api: apiRes,
      Orders: ordersResource,
      Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { Ref: 'Orders' }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM', ApiKeyRequired: true, Integration: { Type: 'MOCK' } } },
      Dep: { Type: 'AWS::ApiGateway::Deployment', DependsOn: 'Get', Properties: { RestApiId: { Ref: 'Api' } } },
      Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, DeploymentId: { Ref: 'Dep' }, StageName: 'prod', ...stageProps } },
      ...(plan ? { Plan: { Type: 'AWS::ApiGateway::UsagePlan', Properties: { ApiStages: [{ ApiId: { Ref: 'Api' }, Stage: { Ref: 'Stage' } }], Throttle: { RateLimit: 100, BurstLimit: 50 } } } } : {}),
    });

    test('a usage plan cannot show that every cloned method requires an API key: unknown, naming CloneFrom', () => {
      const f = judged('ApiGatewayThrottling', template(clone(), {}, true));
      expect(on(f, 'Stage')).toEqual(['unknown']);
      expect(messages(f, 'Stage')).toMatch(/CloneFrom/);
      // the compliant form: the same API, not a clone, whose every method requires a key
      expect(on(judged('ApiGatewayThrottling', template(api, {}, true)), 'Stage')).toEqual(['pass']);
    });

    test('a usage plan cannot show that every method of an OpenAPI Body requires an API key: unknown', () => {
      const f = judged('ApiGatewayThrottling', template({ Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders', Body: secured } }, {}, true));
      expect(on(f, 'Stage')).toEqual(['unknown']);
      expect(messages(f, 'Stage')).toMatch(/Body/);
    });

    test('a stage-wide throttle covers the cloned methods: still a pass', () => {
      const f = judged('ApiGatewayThrottling', template(clone(), { MethodSettings: [{ HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 }] }, false));
      expect(on(f, 'Stage')).toEqual(['pass']);
    });
  });

  test('ApiGatewayAccessLogs judges the stage, which a clone does not bring: unchanged', () => {
    const t = {
      Api: clone(), Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } },
      Dep: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'Api' } } },
      Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, DeploymentId: { Ref: 'Dep' }, StageName: 'prod', AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': ['Logs', 'Arn'] }, Format: '$context.requestId' } } },
    };
    expect(on(judged('ApiGatewayAccessLogs', t), 'Stage')).toEqual(['pass']);
  });
});
