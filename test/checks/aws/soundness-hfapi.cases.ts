/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes found by running the checks on third-party API Gateway templates (hfapi, round of real shapes): each
 * case was a PASS of the item (or no finding at all on the resource that violates it); each must now fail or be
 * unknown, and the compliant form next to it must still pass.
 */
import { checks, judged } from './judged';

const on = (fs: Array<[string, string, string]>, resource: string) => fs.filter(([r]) => r === resource).map(([, s]) => s);
const messages = (fs: Array<[string, string, string]>, resource: string) => fs.filter(([r]) => r === resource).map(([, , m]) => m).join('\n');

const fn = { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.h', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'exports.h=async()=>({})' } } };
const ws = { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' } };
const integration = { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'Ws' }, IntegrationType: 'AWS_PROXY', IntegrationUri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations' } } };
const route = (key: any, props: Record<string, any> = {}) => ({ Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Ws' }, RouteKey: key, Target: { 'Fn::Sub': 'integrations/${Integ}' }, ...props } });
/** A WebSocket API whose clients send messages to $default and sendmessage, with no $connect route. */
const noConnect = { Fn: fn, Ws: ws, Integ: integration, Default: route('$default'), Send: route('sendmessage') };

describe('ApiGatewayAuthorization: a WebSocket API without a $connect route lets anyone connect', () => {
  test('no $connect route: fail on the API (before: no finding, and a REST method with IAM beside it satisfied the item)', () => {
    const f = judged('ApiGatewayAuthorization', noConnect);
    expect(on(f, 'Ws')).toEqual(['fail']);
    expect(messages(f, 'Ws')).toMatch(/WebSocket API without a \$connect route: API Gateway authorizes WebSocket clients on \$connect only, so anyone on the internet can connect .*\$default, sendmessage/);
    const withRest = checks.checkTemplate({
      Resources: {
        ...noConnect,
        Rest: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'admin', DisableExecuteApiEndpoint: true } },
        Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Rest' }, ResourceId: { 'Fn::GetAtt': ['Rest', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM', Integration: { Type: 'MOCK' } } },
      },
    });
    expect(withRest.statusOf('API-AUTHORIZATION')).toBe('violated');
  });

  test('a $connect route with IAM passes (judged on the route), and the API has no finding of its own', () => {
    const f = judged('ApiGatewayAuthorization', { ...noConnect, Connect: route('$connect', { AuthorizationType: 'AWS_IAM' }) });
    expect(on(f, 'Connect')).toEqual(['pass']);
    expect(on(f, 'Ws')).toEqual([]);
  });

  test('a $connect route under a condition of a parameter: fails in the world without it (unknown, naming it)', () => {
    const f = judged('ApiGatewayAuthorization', { ...noConnect, Connect: { ...route('$connect', { AuthorizationType: 'AWS_IAM' }), Condition: 'Secure' } }, {
      Parameters: { Mode: { Type: 'String', AllowedValues: ['secure', 'open'] } },
      Conditions: { Secure: { 'Fn::Equals': [{ Ref: 'Mode' }, 'secure'] } },
    });
    expect(on(f, 'Ws')).toEqual(['unknown']);
    expect(messages(f, 'Ws')).toMatch(/fails when parameter Mode = open: WebSocket API without a \$connect route/);
  });

  test('a route key decided at deploy time, or the API passed to a nested stack or exported: unknown', () => {
    const param = judged('ApiGatewayAuthorization', { ...noConnect, Send: route({ Ref: 'Key' }) }, { Parameters: { Key: { Type: 'String' } } });
    expect(on(param, 'Ws')).toEqual(['unknown']);
    expect(messages(param, 'Ws')).toMatch(/parameter Key is set at deploy time/);
    const nested = judged('ApiGatewayAuthorization', { ...noConnect, Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://example-bucket.s3.amazonaws.com/routes.yaml', Parameters: { ApiId: { Ref: 'Ws' } } } } });
    expect(on(nested, 'Ws')).toEqual(['unknown']);
    expect(messages(nested, 'Ws')).toMatch(/passed to Child, which may declare it/);
    const exported = judged('ApiGatewayAuthorization', noConnect, { Outputs: { WsId: { Value: { Ref: 'Ws' }, Export: { Name: 'chat-api' } } } });
    expect(on(exported, 'Ws')).toEqual(['unknown']);
    expect(messages(exported, 'Ws')).toMatch(/exported as output WsId/);
  });

  test('an HTTP API is not judged this way, and a WebSocket API with no route at all serves nothing', () => {
    expect(on(judged('ApiGatewayAuthorization', { ...noConnect, Ws: { ...ws, Properties: { Name: 'h', ProtocolType: 'HTTP' } } }), 'Ws')).toEqual([]);
    expect(on(judged('ApiGatewayAuthorization', { Ws: ws }), 'Ws')).toEqual([]);
  });
});
