/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes found by probing the API Gateway and CORS rules with templates written the way third parties write
 * them (probe folders ag-* and cors-httpapi-star): each case was a PASS (or no finding at all); each must now fail or
 * be unknown, and the compliant form next to it must still pass.
 */
import { judged } from './judged';

/** The statuses of one resource's findings. */
const on = (fs: Array<[string, string, string]>, resource: string) => fs.filter(([r]) => r === resource).map(([, s]) => s);
const messages = (fs: Array<[string, string, string]>, resource: string) => fs.filter(([r]) => r === resource).map(([, , m]) => m).join('\n');

const fn = { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'python3.12', Handler: 'index.h', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'def h(e,c): return 1' } } };
const quickApi = { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'h', ProtocolType: 'HTTP', Target: { 'Fn::GetAtt': ['Fn', 'Arn'] } } };
const jwtAuthorizer = {
  Type: 'AWS::ApiGatewayV2::Authorizer',
  Properties: { ApiId: { Ref: 'Api' }, AuthorizerType: 'JWT', Name: 'jwt', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Audience: ['a'], Issuer: 'https://issuer.example.com' } },
};
const overrides = (props: Record<string, any>) => ({ Type: 'AWS::ApiGatewayV2::ApiGatewayManagedOverrides', Properties: { ApiId: { Ref: 'Api' }, ...props } });

describe('defect 1: ApiGatewayAuthorization judges the route of an HTTP API quick create (ag-v2-quickcreate)', () => {
  const probe = {
    Fn: fn,
    Api: quickApi,
    Auth: jwtAuthorizer,
    Route: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Api' }, RouteKey: 'GET /admin', AuthorizationType: 'JWT', AuthorizerId: { Ref: 'Auth' } } },
  };

  test('the implicit $default route of quick create is public', () => {
    const f = judged('ApiGatewayAuthorization', probe);
    expect(on(f, 'Api')).toEqual(['fail']);
    expect(messages(f, 'Api')).toMatch(/quick-create route \$default \(Target\) is public/);
    expect(on(f, 'Route')).toEqual(['pass']);
  });

  test('a quick create with RouteKey names that route', () => {
    const f = judged('ApiGatewayAuthorization', { Fn: fn, Api: { ...quickApi, Properties: { ...quickApi.Properties, RouteKey: 'POST /orders' } } });
    expect(on(f, 'Api')).toEqual(['fail']);
    expect(messages(f, 'Api')).toMatch(/POST \/orders/);
  });

  test('managed overrides giving the route a JWT authorizer pass; without the authorizer they fail; NONE fails', () => {
    const withJwt = judged('ApiGatewayAuthorization', { Fn: fn, Api: quickApi, Auth: jwtAuthorizer, Over: overrides({ Route: { AuthorizationType: 'JWT', AuthorizerId: { Ref: 'Auth' } } }) });
    expect(on(withJwt, 'Api')).toEqual(['pass']);
    const noAuthorizer = judged('ApiGatewayAuthorization', { Fn: fn, Api: quickApi, Over: overrides({ Route: { AuthorizationType: 'JWT' } }) });
    expect(on(noAuthorizer, 'Api')).toEqual(['fail']);
    const none = judged('ApiGatewayAuthorization', { Fn: fn, Api: quickApi, Over: overrides({ Stage: { AutoDeploy: true } }) });
    expect(on(none, 'Api')).toEqual(['fail']);
  });

  test('an HTTP API without Target has no route of its own', () => {
    expect(on(judged('ApiGatewayAuthorization', { Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'h', ProtocolType: 'HTTP' } } }), 'Api')).toEqual([]);
  });

  test('a route resource with AuthorizationType absent still fails', () => {
    const f = judged('ApiGatewayAuthorization', { Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'h', ProtocolType: 'HTTP' } }, Route: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Api' }, RouteKey: '$default' } } });
    expect(on(f, 'Route')).toEqual(['fail']);
  });
});

describe('defect 2: ApiGatewayAuthorization reads the methods of an OpenAPI Body (ag-rest-body-openapi)', () => {
  const integration = { 'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } } };
  const restApi = (body: Record<string, any>) => ({
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'b', DisableExecuteApiEndpoint: true, Body: { openapi: '3.0.1', info: { title: 'b', version: '1' }, ...body } } },
    Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM', Integration: { Type: 'MOCK' } } },
  });
  const lambdaAuthorizer = {
    type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'custom',
    'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations' },
  };

  test('the probe: a body method without security is public', () => {
    const f = judged('ApiGatewayAuthorization', restApi({ paths: { '/public': { get: integration } } }));
    expect(on(f, 'Api')).toEqual(['fail']);
    expect(messages(f, 'Api')).toMatch(/method GET \/public \(OpenAPI Body\) is public/);
    expect(on(f, 'Get')).toEqual(['pass']);
  });

  test('the global security with a Lambda authorizer covers every operation; an OPTIONS preflight is not judged', () => {
    const f = judged('ApiGatewayAuthorization', restApi({
      security: [{ lambda: [] }],
      components: { securitySchemes: { lambda: lambdaAuthorizer } },
      paths: { '/orders': { get: integration, post: integration, options: integration } },
    }));
    expect(on(f, 'Api')).toEqual(['pass']);
    expect(messages(f, 'Api')).toMatch(/every method of the OpenAPI body \(2\)/);
  });

  test('an operation\'s own security: [] replaces the global one and is public', () => {
    const f = judged('ApiGatewayAuthorization', restApi({
      security: [{ lambda: [] }],
      components: { securitySchemes: { lambda: lambdaAuthorizer } },
      paths: { '/orders': { get: integration }, '/health': { get: { ...integration, security: [] } } },
    }));
    expect(on(f, 'Api')).toEqual(['fail']);
    expect(messages(f, 'Api')).toMatch(/GET \/health/);
    expect(messages(f, 'Api')).not.toMatch(/GET \/orders/);
  });

  test('an API key scheme alone, and an optional ({}) alternative, are public (Swagger 2 securityDefinitions)', () => {
    const f = judged('ApiGatewayAuthorization', restApi({
      securityDefinitions: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' }, lambda: lambdaAuthorizer },
      paths: { '/a': { get: { ...integration, security: [{ api_key: [] }] } }, '/b': { get: { ...integration, security: [{ lambda: [] }, {}] } } },
    }));
    expect(on(f, 'Api')).toEqual(['fail', 'fail']);
    expect(messages(f, 'Api')).toMatch(/an API key identifies a client/);
    expect(messages(f, 'Api')).toMatch(/empty security requirement/);
  });

  test('x-amazon-apigateway-auth AWS_IAM and an awsSigv4 scheme pass', () => {
    const f = judged('ApiGatewayAuthorization', restApi({
      components: { securitySchemes: { sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } } },
      paths: { '/a': { get: { ...integration, 'x-amazon-apigateway-auth': { type: 'aws_iam' } } }, '/b': { 'x-amazon-apigateway-any-method': { ...integration, security: [{ sigv4: [] }] } } },
    }));
    expect(on(f, 'Api')).toEqual(['pass']);
  });

  test('a scheme the body does not define is unknown; a BodyS3Location is unknown', () => {
    const f = judged('ApiGatewayAuthorization', restApi({ security: [{ missing: [] }], paths: { '/a': { get: integration } } }));
    expect(on(f, 'Api')).toEqual(['unknown']);
    const s3 = judged('ApiGatewayAuthorization', { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'b', BodyS3Location: { Bucket: 'specs', Key: 'api.yaml' } } } });
    expect(on(s3, 'Api')).toEqual(['unknown']);
    expect(messages(s3, 'Api')).toMatch(/OpenAPI file in S3/);
  });

  test('a body given as JSON text is read', () => {
    const text = JSON.stringify({ openapi: '3.0.1', info: { title: 'b', version: '1' }, paths: { '/public': { get: integration } } });
    const f = judged('ApiGatewayAuthorization', { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'b', Body: text } } });
    expect(on(f, 'Api')).toEqual(['fail']);
  });

  test('a body chosen by a parameter is unknown', () => {
    const f = judged('ApiGatewayAuthorization', { Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'b', Body: { Ref: 'Spec' } } } }, { Parameters: { Spec: { Type: 'String' } } });
    expect(on(f, 'Api')).toEqual(['unknown']);
  });

  test('an HTTP API body is read the same way', () => {
    const f = judged('ApiGatewayAuthorization', { Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Body: { openapi: '3.0.1', info: { title: 'h', version: '1' }, paths: { '/items': { get: {} } } } } } });
    expect(on(f, 'Api')).toEqual(['fail']);
  });
});

describe('defect 3: the $default stage of a quick create is judged (ag-v2-quickcreate-stage)', () => {
  const probe = {
    Fn: fn,
    QuickApi: quickApi,
    Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'h', ProtocolType: 'HTTP' } },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } },
    Stage: {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: {
        ApiId: { Ref: 'Api' }, StageName: '$default', AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 },
        AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': ['Logs', 'Arn'] }, Format: '{"requestId":"$context.requestId"}' },
      },
    },
  };

  test.each([['ApiGatewayAccessLogs', /writes no access logs/], ['ApiGatewayThrottling', /no throttle/]])('%s fails the quick-create stage', (rule, message) => {
    const f = judged(rule, probe);
    expect(on(f, 'QuickApi')).toEqual(['fail']);
    expect(messages(f, 'QuickApi')).toMatch(message);
    expect(on(f, 'Stage')).toEqual(['pass']);
    expect(on(f, 'Api')).toEqual([]);
  });

  test('managed overrides that set access logs and a throttle pass', () => {
    const t = {
      Fn: fn, Api: quickApi, Logs: probe.Logs,
      Over: overrides({ Stage: { AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': ['Logs', 'Arn'] }, Format: '{"requestId":"$context.requestId"}' }, DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 } } }),
    };
    expect(on(judged('ApiGatewayAccessLogs', t), 'Api')).toEqual(['pass']);
    expect(on(judged('ApiGatewayThrottling', t), 'Api')).toEqual(['pass']);
  });

  test('managed overrides without those settings still fail', () => {
    const t = { Fn: fn, Api: quickApi, Over: overrides({ Stage: { AutoDeploy: true } }) };
    expect(on(judged('ApiGatewayAccessLogs', t), 'Api')).toEqual(['fail']);
    expect(on(judged('ApiGatewayThrottling', t), 'Api')).toEqual(['fail']);
  });
});

describe('defect 4: ApiGatewayThrottling reads every MethodSettings entry (ag-throttle-method-override)', () => {
  const template = (entry: Record<string, any> | undefined) => ({
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders', DisableExecuteApiEndpoint: true } },
    Res: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'orders' } },
    Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { Ref: 'Res' }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM', Integration: { Type: 'MOCK' } } },
    Dep: { Type: 'AWS::ApiGateway::Deployment', DependsOn: 'Get', Properties: { RestApiId: { Ref: 'Api' } } },
    Stage: {
      Type: 'AWS::ApiGateway::Stage',
      Properties: {
        RestApiId: { Ref: 'Api' }, DeploymentId: { Ref: 'Dep' }, StageName: 'prod',
        MethodSettings: [
          { HttpMethod: '*', ResourcePath: '/*', ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 },
          ...(entry ? [{ HttpMethod: 'GET', ResourcePath: '/~1orders', ...entry }] : []),
        ],
      },
    },
  });

  test.each([
    ['a rate of 1,000,000 (the probe)', { ThrottlingRateLimit: 1000000, ThrottlingBurstLimit: 5000 }, /GET \/~1orders replaces the stage throttle .* above the default account-level limit/],
    ['-1', { ThrottlingRateLimit: -1 }, /sets -1: no limit/],
    ['no ThrottlingRateLimit', { LoggingLevel: 'INFO' }, /sets no ThrottlingRateLimit/],
  ])('a per-method entry with %s fails', (_name, entry, message) => {
    const f = judged('ApiGatewayThrottling', template(entry));
    expect(on(f, 'Stage')).toEqual(['fail']);
    expect(messages(f, 'Stage')).toMatch(message);
  });

  test('a per-method rate decided by a parameter is unknown', () => {
    const f = judged('ApiGatewayThrottling', template({ ThrottlingRateLimit: { Ref: 'Rate' } }), { Parameters: { Rate: { Type: 'Number' } } });
    expect(on(f, 'Stage')).toEqual(['unknown']);
  });

  test('a per-method entry that throttles, and the wildcard alone, pass', () => {
    expect(on(judged('ApiGatewayThrottling', template({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 100 })), 'Stage')).toEqual(['pass']);
    expect(on(judged('ApiGatewayThrottling', template(undefined)), 'Stage')).toEqual(['pass']);
  });
});

describe('defect 5: ApiGatewayThrottling reads an HTTP API stage\'s RouteSettings (ag-v2-route-override)', () => {
  const template = (routes: Record<string, any> | undefined) => ({
    Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'h', ProtocolType: 'HTTP' } },
    Stage: {
      Type: 'AWS::ApiGatewayV2::Stage',
      Properties: { ApiId: { Ref: 'Api' }, StageName: '$default', AutoDeploy: true, DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 }, ...(routes ? { RouteSettings: routes } : {}) },
    },
  });

  test('a route override of 1,000,000 requests/s fails (the probe)', () => {
    const f = judged('ApiGatewayThrottling', template({ 'GET /items': { ThrottlingRateLimit: 1000000, ThrottlingBurstLimit: 5000 } }));
    expect(on(f, 'Stage')).toEqual(['fail']);
    expect(messages(f, 'Stage')).toMatch(/route GET \/items replaces the default route throttle/);
  });

  test('a route override of -1 fails; one without a rate is unknown', () => {
    expect(on(judged('ApiGatewayThrottling', template({ 'GET /items': { ThrottlingRateLimit: -1 } })), 'Stage')).toEqual(['fail']);
    expect(on(judged('ApiGatewayThrottling', template({ 'GET /items': { DetailedMetricsEnabled: true } })), 'Stage')).toEqual(['unknown']);
  });

  test('a route override that throttles, and no override, pass', () => {
    expect(on(judged('ApiGatewayThrottling', template({ 'GET /items': { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 10 } })), 'Stage')).toEqual(['pass']);
    expect(on(judged('ApiGatewayThrottling', template(undefined)), 'Stage')).toEqual(['pass']);
  });
});

describe('defect 6: ApiGatewayDomainTls finds a BasePathMapping naming the domain as text (ag-v2domain-rest-literal)', () => {
  const template = (restDomain: any) => ({
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'r', DisableExecuteApiEndpoint: true, EndpointConfiguration: { Types: ['REGIONAL'] } } },
    Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM', Integration: { Type: 'MOCK' } } },
    Dep: { Type: 'AWS::ApiGateway::Deployment', DependsOn: 'Get', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod' } },
    HttpApi: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'h', ProtocolType: 'HTTP' } },
    Domain: {
      Type: 'AWS::ApiGatewayV2::DomainName',
      Properties: { DomainName: 'api.example.com', DomainNameConfigurations: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc', EndpointType: 'REGIONAL' }] },
    },
    HttpMap: { Type: 'AWS::ApiGatewayV2::ApiMapping', Properties: { ApiId: { Ref: 'HttpApi' }, DomainName: { Ref: 'Domain' }, Stage: '$default', ApiMappingKey: 'v2' } },
    ...(restDomain === undefined ? {} : { RestMap: { Type: 'AWS::ApiGateway::BasePathMapping', DependsOn: 'Domain', Properties: { DomainName: restDomain, RestApiId: { Ref: 'Api' }, Stage: 'prod', BasePath: 'v1' } } }),
  });

  test.each([['api.example.com'], ['API.example.com'], [{ Ref: 'Domain' }]])('a REST API mapped with DomainName %j is not passed', (name) => {
    expect(on(judged('ApiGatewayDomainTls', template(name)), 'Domain')).toEqual(['unknown']);
  });

  test('a literal DomainName that could be the domain (a parameter) is not passed', () => {
    expect(on(judged('ApiGatewayDomainTls', template({ Ref: 'Name' }), { Parameters: { Name: { Type: 'String' } } }), 'Domain')).toEqual(['unknown']);
  });

  test('only HTTP APIs mapped, or a REST mapping to another domain, pass', () => {
    expect(on(judged('ApiGatewayDomainTls', template(undefined)), 'Domain')).toEqual(['pass']);
    expect(on(judged('ApiGatewayDomainTls', template('other.example.com')), 'Domain')).toEqual(['pass']);
  });

  test('an ApiMapping naming the domain as text is read too', () => {
    const t: Record<string, any> = template(undefined);
    t.RestMap2 = { Type: 'AWS::ApiGatewayV2::ApiMapping', Properties: { ApiId: { Ref: 'Api' }, DomainName: 'api.example.com', Stage: 'prod', ApiMappingKey: 'v1' } };
    expect(on(judged('ApiGatewayDomainTls', t), 'Domain')).toEqual(['unknown']);
  });
});

describe('defect 7: EdgeCorsRestricted judges HTTP API CORS (cors-httpapi-star)', () => {
  const api = (cors: Record<string, any>) => ({ Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'h', ProtocolType: 'HTTP', CorsConfiguration: { AllowMethods: ['GET', 'POST'], AllowHeaders: ['authorization'], ...cors } } } });

  test('AllowOrigins [*] fails (the probe)', () => {
    const f = judged('EdgeCorsRestricted', api({ AllowOrigins: ['*'] }));
    expect(on(f, 'Api')).toEqual(['fail']);
    expect(messages(f, 'Api')).toMatch(/CORS allows any origin/);
  });

  test('a wildcard origin with AllowCredentials says so; null is any origin', () => {
    expect(messages(judged('EdgeCorsRestricted', api({ AllowOrigins: ['https://app.example.com', '*'], AllowCredentials: true })), 'Api')).toMatch(/with credentials/);
    expect(on(judged('EdgeCorsRestricted', api({ AllowOrigins: ['null'] })), 'Api')).toEqual(['fail']);
  });

  test('an origin from a parameter, or a wildcard pattern, is unknown', () => {
    expect(on(judged('EdgeCorsRestricted', api({ AllowOrigins: [{ Ref: 'Origin' }] }), { Parameters: { Origin: { Type: 'String' } } }), 'Api')).toEqual(['unknown']);
    expect(on(judged('EdgeCorsRestricted', api({ AllowOrigins: ['https://*'] })), 'Api')).toEqual(['unknown']);
  });

  test('the OpenAPI body\'s x-amazon-apigateway-cors is read when CorsConfiguration is absent', () => {
    const f = judged('EdgeCorsRestricted', { Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Body: { openapi: '3.0.1', info: { title: 'h', version: '1' }, 'x-amazon-apigateway-cors': { allowOrigins: ['*'] }, paths: {} } } } });
    expect(on(f, 'Api')).toEqual(['fail']);
  });

  test('listed origins pass; an API without CORS has no finding', () => {
    expect(on(judged('EdgeCorsRestricted', api({ AllowOrigins: ['https://app.example.com'], AllowCredentials: true })), 'Api')).toEqual(['pass']);
    expect(on(judged('EdgeCorsRestricted', { Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'h', ProtocolType: 'HTTP' } } }), 'Api')).toEqual([]);
  });
});
