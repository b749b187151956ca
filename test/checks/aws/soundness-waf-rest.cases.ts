/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * WafRateLimit on public REST API stages. It read ALBs and distributions only, so a REST stage whose web ACL has no
 * adequate rate-based rule was never judged for WAF-RATE-LIMIT (an ALB of the same app could satisfy the item on
 * its own). A stage is now judged like an ALB: its web ACL's rate rules, read for the stage's API (a forwarded-IP
 * key fails on a public API with no resource policy), or the application-level limit of the functions its methods
 * integrate. ApiGatewayThrottling reads the same ACL for the stage's API.
 */
import { judged, statuses } from './judged';

const of = (fs: Array<[string, string, string]>, resource: string) => fs.filter(([r]) => r === resource);
const vis = (name: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name });

/** A rate rule at priority 5 blocking above 100 requests per minute, with `stmt` merged into its RateBasedStatement. */
const rate = (stmt: Record<string, any> = {}) => ({
  Name: 'rate', Priority: 5, Action: { Block: {} },
  Statement: { RateBasedStatement: { Limit: 100, EvaluationWindowSec: 60, AggregateKeyType: 'IP', ...stmt } },
  VisibilityConfig: vis('rate'),
});
const common = { Name: 'common', Priority: 10, OverrideAction: { None: {} }, Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } }, VisibilityConfig: vis('common') };

const ROLE = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } };

/** A public REST API (a Lambda proxy method) with a stage, protected by a regional web ACL with these rules. */
function restStage(rules: any[], opts: { api?: Record<string, any>; env?: Record<string, string>; stageIn?: 'Stage' | 'Deployment' } = {}) {
  const deploymentStage = opts.stageIn === 'Deployment';
  return {
    Role: ROLE,
    Handler: {
      Type: 'AWS::Lambda::Function',
      Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: 'exports.handler = async () => ({ statusCode: 200 });' }, Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, ...(opts.env ? { Environment: { Variables: opts.env } } : {}) },
    },
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api', ...(opts.api ?? {}) } },
    Get: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM',
        Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST', Uri: { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Handler.Arn}/invocations' } },
      },
    },
    Deployment: { Type: 'AWS::ApiGateway::Deployment', DependsOn: ['Get'], Properties: { RestApiId: { Ref: 'Api' }, ...(deploymentStage ? { StageName: 'prod' } : {}) } },
    ...(deploymentStage ? {} : { Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, DeploymentId: { Ref: 'Deployment' }, StageName: 'prod' } } }),
    Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Scope: 'REGIONAL', DefaultAction: { Allow: {} }, VisibilityConfig: vis('Acl'), Rules: rules } },
    Assoc: {
      Type: 'AWS::WAFv2::WebACLAssociation',
      Properties: { ResourceArn: { 'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}::/restapis/\${Api}/stages/${deploymentStage ? 'prod' : '${Stage}'}` }, WebACLArn: { 'Fn::GetAtt': ['Acl', 'Arn'] } },
    },
  };
}

const rateOn = (template: Record<string, any>, resource = 'Stage') => of(judged('WafRateLimit', template), resource);

describe('WafRateLimit reads public REST API stages', () => {
  test('a web ACL with no rate-based rule: fail (was not judged)', () => {
    expect(rateOn(restStage([common]))).toEqual([['Stage', 'fail', expect.stringContaining('web ACL Acl has no rate-based rule')]]);
  });

  test('a stage created by a Deployment (StageName): fail too', () => {
    expect(statuses(rateOn(restStage([common], { stageIn: 'Deployment' }), 'Deployment'))).toEqual(['fail']);
  });

  test('a rate rule per IP within the threshold: pass (compliant form)', () => {
    expect(rateOn(restStage([rate(), common]))).toEqual([['Stage', 'pass', expect.stringContaining('rule rate of web ACL Acl blocks a client above 100 requests/minute')]]);
  });

  test('a rate rule above the threshold: fail', () => {
    expect(statuses(rateOn(restStage([rate({ Limit: 2000, EvaluationWindowSec: 60 }), common])))).toEqual(['fail']);
  });

  test('a forwarded-IP key on a public API with no resource policy: fail, naming the API', () => {
    const f = rateOn(restStage([rate({ AggregateKeyType: 'FORWARDED_IP', ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' } }), common]));
    expect(statuses(f)).toEqual(['fail']);
    expect(f[0][2]).toMatch(/Api is a public REST API with no resource policy/);
  });

  test('ApiGatewayThrottling reads the forwarded-IP key for the stage\'s API too: fail', () => {
    const t = restStage([rate({ AggregateKeyType: 'FORWARDED_IP', ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' } }), common]);
    const f = of(judged('ApiGatewayThrottling', t), 'Stage');
    expect(statuses(f)).toEqual(['fail']);
    expect(f.map(([, , m]) => m).join(' ')).toMatch(/public REST API with no resource policy/);
  });

  test('the functions behind the API limit each client (RATE_LIMIT_*): pass on the application-level alternative', () => {
    const f = rateOn(restStage([common], { env: { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_PER_MINUTE: '60' } }));
    expect(f).toEqual([['Stage', 'pass', expect.stringContaining('RATE_LIMIT_ENABLED=true')]]);
  });

  test('the functions limit each client, but a method integrates an HTTP backend, or an OpenAPI body declares methods: unknown', () => {
    const t: any = restStage([common], { env: { RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_PER_MINUTE: '60' } });
    t.Legacy = {
      Type: 'AWS::ApiGateway::Method',
      Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'POST', AuthorizationType: 'AWS_IAM', Integration: { Type: 'HTTP_PROXY', IntegrationHttpMethod: 'POST', Uri: 'https://legacy.example.com/' } },
    };
    expect(rateOn(t)).toEqual([['Stage', 'unknown', expect.stringMatching(/method Legacy \(integration HTTP_PROXY\)/)]]);
    t.Legacy.Properties.Integration = { Type: 'MOCK' };
    expect(rateOn(t).map(([, s]) => s)).toEqual(['pass']);
    t.Api.Properties.Body = { openapi: '3.0.1', paths: {} };
    expect(rateOn(t)).toEqual([['Stage', 'unknown', expect.stringMatching(/OpenAPI definition of Api/)]]);
  });

  test('a private API is not judged (no public endpoint)', () => {
    expect(rateOn(restStage([common], { api: { EndpointConfiguration: { Types: ['PRIVATE'] } } }))).toEqual([]);
  });
});
