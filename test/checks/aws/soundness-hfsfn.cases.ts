/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong verdicts of the Step Functions / EventBridge Pipes / AppSync round (hfsfn): literal credentials in pipe
 * targets and in state machines' HTTP tasks, state machines' tracing and logging, AppSync GraphQL APIs judged for
 * the endpoint items that clearly apply. Each case was a PASS (or an item satisfied or not applicable); each must
 * now fail or be unknown, and the compliant form next to it must pass.
 */
import { checkPatched, checks, judged } from './judged';

type F = Array<[string, string, string]>;
const on = (fs: F, resource: string) => fs.filter(([r]) => r === resource).map(([, s]) => s);
const messages = (fs: F, resource: string) => fs.filter(([r]) => r === resource).map(([, , m]) => m).join('\n');

const fnClean = { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.h', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'x' }, Environment: { Variables: { STAGE: 'prod' } } } };
const conn = { Type: 'AWS::Events::Connection', Properties: { AuthorizationType: 'API_KEY', AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: '{{resolve:secretsmanager:k:SecretString:key}}' } } } };
const pipe = (http: Record<string, any>, at = 'TargetParameters') => ({ Type: 'AWS::Pipes::Pipe', Properties: { RoleArn: 'arn:aws:iam::123456789012:role/p', Source: 'arn:aws:sqs:eu-west-1:123456789012:q', Target: 'arn:aws:events:eu-west-1:123456789012:api-destination/d/1', [at]: { HttpParameters: http } } });
const httpTask = (params: Record<string, any>, key = 'Parameters') => ({ Type: 'Task', Resource: 'arn:aws:states:::http:invoke', End: true, [key]: { ApiEndpoint: 'https://api.example.com/v1', Method: 'GET', Authentication: { ConnectionArn: { 'Fn::GetAtt': ['Conn', 'Arn'] } }, ...params } });
const sm = (definition: Record<string, any>, extra: Record<string, any> = {}) => ({ Type: 'AWS::StepFunctions::StateMachine', Properties: { RoleArn: 'arn:aws:iam::123456789012:role/s', Definition: definition, ...extra } });
const oneTask = (task: Record<string, any>) => ({ StartAt: 'Call', States: { Call: task } });

describe('SecretsNoPlaintext: EventBridge pipes\' HttpParameters', () => {
  test('a literal query-string api_key on a pipe target: fail (before: no finding, item satisfied)', () => {
    const resources = { Fn: fnClean, Conn: conn, Pipe: pipe({ QueryStringParameters: { api_key: 'hunter2hunter2' } }) };
    const f = judged('SecretsNoPlaintext', resources);
    expect(on(f, 'Pipe')).toEqual(['fail']);
    expect(messages(f, 'Pipe')).toMatch(/pipe Pipe TargetParameters QueryStringParameters: api_key \(a secret-looking name with a literal value\)/);
    expect(checks.checkTemplate({ Resources: resources }).statusOf('SECRETS-NO-PLAINTEXT')).toBe('violated');
  });

  test('an Authorization header with a literal bearer token on a pipe enrichment: fail, whatever the header is called', () => {
    const f = judged('SecretsNoPlaintext', { Pipe: pipe({ HeaderParameters: { Authorization: 'Bearer abcdef123456' } }, 'EnrichmentParameters') });
    expect(on(f, 'Pipe')).toEqual(['fail']);
    expect(messages(f, 'Pipe')).toMatch(/EnrichmentParameters HeaderParameters: Authorization \(a credential header with a literal value\)/);
  });

  test('header values from a NoEcho parameter are plain text; from an open parameter under Authorization, fail; a plain header passes', () => {
    const params = { Parameters: { Tok: { Type: 'String', NoEcho: true } } };
    expect(on(judged('SecretsNoPlaintext', { Pipe: pipe({ HeaderParameters: { 'X-Trace': { Ref: 'Tok' } } }) }, params), 'Pipe')).toEqual(['fail']);
    expect(on(judged('SecretsNoPlaintext', { Pipe: pipe({ HeaderParameters: { 'Content-Type': 'application/json' } }) }), 'Pipe')).toEqual(['pass']);
  });

  test('EventBridge rule targets: a literal Authorization header now fails too (before: pass, the name is not secret-looking)', () => {
    const rule = { Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['x'] }, Targets: [{ Id: 'T', Arn: 'arn:aws:events:eu-west-1:123456789012:api-destination/d/1', RoleArn: 'arn:aws:iam::123456789012:role/r', HttpParameters: { HeaderParameters: { Authorization: 'Basic dXNlcjpwYXNzd29yZA==' } } }] } };
    const f = judged('SecretsNoPlaintext', { Rule: rule });
    expect(on(f, 'Rule')).toEqual(['fail']);
    expect(messages(f, 'Rule')).toMatch(/target T HeaderParameters: Authorization \(a credential header/);
  });
});

describe('SecretsNoPlaintext: Step Functions HTTP tasks', () => {
  test('literal Headers / QueryParameters on an http:invoke task: fail (before: no finding, item satisfied)', () => {
    const resources = { Fn: fnClean, Conn: conn, Sm: sm(oneTask(httpTask({ Headers: { 'X-Api-Token': 'hunter2hunter2' }, QueryParameters: { password: 'hunter2hunter2' } }))) };
    const f = judged('SecretsNoPlaintext', resources);
    expect(on(f, 'Sm')).toEqual(['fail']);
    expect(messages(f, 'Sm')).toMatch(/state machine Sm task http:invoke: X-Api-Token \(a secret-looking name with a literal value\).*password/);
    expect(checks.checkTemplate({ Resources: resources }).statusOf('SECRETS-NO-PLAINTEXT')).toBe('violated');
  });

  test('a literal token in a RequestBody field, in a Parallel branch of a DefinitionString: fail', () => {
    const def = { StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Branches: [oneTask(httpTask({ RequestBody: { auth: { client_secret: 'abcdefgh12345678' } } }))] } } };
    const f = judged('SecretsNoPlaintext', { Conn: conn, Sm: { Type: 'AWS::StepFunctions::StateMachine', Properties: { RoleArn: 'arn:aws:iam::123456789012:role/s', DefinitionString: JSON.stringify(def) } } });
    expect(on(f, 'Sm')).toEqual(['fail']);
    expect(messages(f, 'Sm')).toMatch(/client_secret/);
  });

  test('a header from DefinitionSubstitutions is the substitution\'s value: a literal one fails, a NoEcho parameter fails, a dynamic reference fails (resolved into the definition)', () => {
    const def = JSON.stringify(oneTask(httpTask({ Headers: { Authorization: '${Auth}' } })));
    const withSub = (v: any) => ({ Conn: conn, Sm: { Type: 'AWS::StepFunctions::StateMachine', Properties: { RoleArn: 'arn:aws:iam::123456789012:role/s', DefinitionString: def, DefinitionSubstitutions: { Auth: v } } } });
    expect(on(judged('SecretsNoPlaintext', withSub('Bearer abcdef123456')), 'Sm')).toEqual(['fail']);
    expect(on(judged('SecretsNoPlaintext', withSub({ Ref: 'Tok' }), { Parameters: { Tok: { Type: 'String', NoEcho: true } } }), 'Sm')).toEqual(['fail']);
    expect(on(judged('SecretsNoPlaintext', withSub('{{resolve:secretsmanager:k:SecretString:key}}')), 'Sm')).toEqual(['fail']);
  });

  test('JSONata Arguments: a token format in the expression fails; a secret-named header whose expression writes a long literal is unknown; reading the input passes', () => {
    const jsonata = (h: string) => sm(oneTask(httpTask({ Headers: { Authorization: h } }, 'Arguments')));
    expect(on(judged('SecretsNoPlaintext', { Conn: conn, Sm: jsonata("{% 'Bearer ghp_abcdefghijklmnopqrstuvwxyz0123456789' %}") }), 'Sm')).toEqual(['fail']);
    expect(on(judged('SecretsNoPlaintext', { Conn: conn, Sm: jsonata("{% 'Bearer ' & 'hunter2hunter2' %}") }), 'Sm')).toEqual(['unknown']);
    expect(on(judged('SecretsNoPlaintext', { Conn: conn, Sm: jsonata("{% 'Bearer ' & $states.input.token %}") }), 'Sm')).toEqual(['pass']);
  });

  test('JSONPath Name.$ with an intrinsic function writing a literal token: fail', () => {
    const f = judged('SecretsNoPlaintext', { Conn: conn, Sm: sm(oneTask(httpTask({ Headers: { 'Authorization.$': "States.Format('Bearer {}', 'xoxb-1234567890-abcdefghij')" } }))) });
    expect(on(f, 'Sm')).toEqual(['fail']);
  });

  test('API Gateway task headers are lists of values: a literal secret in one fails', () => {
    const task = { Type: 'Task', Resource: 'arn:aws:states:::apigateway:invoke', End: true, Parameters: { ApiEndpoint: 'abc.execute-api.eu-west-1.amazonaws.com', Method: 'GET', Headers: { 'x-api-key': ['hunter2hunter2'] } } };
    expect(on(judged('SecretsNoPlaintext', { Sm: sm(oneTask(task)) }), 'Sm')).toEqual(['fail']);
  });

  test('a definition in S3 is unknown; a state machine without HTTP tasks has no finding; an HTTP task with only a connection passes', () => {
    const s3 = { Type: 'AWS::StepFunctions::StateMachine', Properties: { RoleArn: 'arn:aws:iam::123456789012:role/s', DefinitionS3Location: { Bucket: 'b', Key: 'k.json' } } };
    expect(on(judged('SecretsNoPlaintext', { Sm: s3 }), 'Sm')).toEqual(['unknown']);
    expect(on(judged('SecretsNoPlaintext', { Sm: sm(oneTask({ Type: 'Pass', End: true })) }), 'Sm')).toEqual([]);
    expect(on(judged('SecretsNoPlaintext', { Conn: conn, Sm: sm(oneTask(httpTask({ Headers: { 'Content-Type': 'application/json' } }))) }), 'Sm')).toEqual(['pass']);
  });
});

const integration = { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: 'abc123', IntegrationType: 'AWS_PROXY', IntegrationSubtype: 'StepFunctions-StartSyncExecution', PayloadFormatVersion: '1.0', CredentialsArn: 'arn:aws:iam::123456789012:role/i', RequestParameters: { StateMachineArn: { Ref: 'Sm' }, Input: '$request.body' } } };
const logGroup = { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } };
const served = (props: Record<string, any>) => ({ Int: integration, Logs: logGroup, Sm: sm(oneTask({ Type: 'Pass', End: true }), { StateMachineType: 'EXPRESS', ...props }) });
const logging = (level: any, dest = true) => ({ LoggingConfiguration: { Level: level, IncludeExecutionData: true, ...(dest ? { Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': ['Logs', 'Arn'] } } }] } : {}) } });

describe('LogTracing / LogCentralized: a state machine an API starts is part of serving', () => {
  test('an API-served state machine without tracing: fail (before: no finding)', () => {
    const f = judged('LogTracing', served({}));
    expect(on(f, 'Sm')).toEqual(['fail']);
    expect(messages(f, 'Sm')).toMatch(/state machine Sm serves requests .* without X-Ray tracing/);
    expect(on(judged('LogTracing', served({ TracingConfiguration: { Enabled: 'true' } })), 'Sm')).toEqual(['pass']);
    expect(on(judged('LogTracing', served({ TracingConfiguration: { Enabled: { Ref: 'T' } } }), { Parameters: { T: { Type: 'String', AllowedValues: ['true', 'false'] } } }), 'Sm')).toEqual(['unknown']);
  });

  test('an API-served state machine with logging OFF (the default) or without a log group: fail; ALL with a log group passes', () => {
    const off = judged('LogCentralized', served({}));
    expect(on(off, 'Sm')).toEqual(['fail']);
    expect(messages(off, 'Sm')).toMatch(/logging OFF/);
    expect(on(judged('LogCentralized', served(logging('ERROR', false))), 'Sm')).toEqual(['fail']);
    expect(on(judged('LogCentralized', served(logging('ALL'))), 'Sm')).toEqual(['pass']);
    expect(on(judged('LogCentralized', served(logging({ Ref: 'L' })), { Parameters: { L: { Type: 'String' } } }), 'Sm')).toEqual(['unknown']);
  });

  test('a state machine nothing of the template serves is not judged (as a helper function is not)', () => {
    expect(on(judged('LogTracing', { Sm: sm(oneTask({ Type: 'Pass', End: true })) }), 'Sm')).toEqual([]);
    expect(on(judged('LogCentralized', { Sm: sm(oneTask({ Type: 'Pass', End: true })) }), 'Sm')).toEqual([]);
  });
});

const gql = (props: Record<string, any>) => ({ Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'orders', AuthenticationType: 'AWS_IAM', ...props } });
const schema = (definition: any) => ({ Type: 'AWS::AppSync::GraphQLSchema', Properties: { ApiId: { 'Fn::GetAtt': ['Gql', 'ApiId'] }, Definition: definition } });

describe('AppSyncAuthorization: an AppSync GraphQL API is judged for API-AUTHORIZATION', () => {
  test('API_KEY as the default mode: fail (before: no finding, the item not applicable)', () => {
    const resources = { Gql: gql({ AuthenticationType: 'API_KEY' }) };
    const f = judged('AppSyncAuthorization', resources);
    expect(on(f, 'Gql')).toEqual(['fail']);
    expect(messages(f, 'Gql')).toMatch(/authorizes by API key alone: an API key identifies a client but does not authenticate it/);
    expect(checks.checkTemplate({ Resources: resources }).statusOf('API-AUTHORIZATION')).toBe('violated');
  });

  test('IAM, Cognito, OIDC and Lambda modes pass; a mode from a parameter is unknown', () => {
    for (const m of ['AWS_IAM', 'AMAZON_COGNITO_USER_POOLS', 'OPENID_CONNECT', 'AWS_LAMBDA']) expect([m, on(judged('AppSyncAuthorization', { Gql: gql({ AuthenticationType: m }) }), 'Gql')]).toEqual([m, ['pass']]);
    const f = judged('AppSyncAuthorization', { Gql: gql({ AuthenticationType: { Ref: 'Auth' } }) }, { Parameters: { Auth: { Type: 'String', AllowedValues: ['API_KEY', 'AWS_IAM'] } } });
    expect(on(f, 'Gql')).toEqual(['unknown']);
  });

  test('API_KEY as an additional mode: fail when the schema opens a field to it, pass when it opens none, unknown without the schema', () => {
    const extra = { AdditionalAuthenticationProviders: [{ AuthenticationType: 'API_KEY' }] };
    const opened = judged('AppSyncAuthorization', { Gql: gql(extra), Schema: schema('type Query { orders: [String] @aws_api_key }') });
    expect(on(opened, 'Gql')).toEqual(['fail']);
    expect(messages(opened, 'Gql')).toMatch(/@aws_api_key/);
    expect(on(judged('AppSyncAuthorization', { Gql: gql(extra), Schema: schema('type Query { orders: [String] @aws_iam }') }), 'Gql')).toEqual(['pass']);
    expect(on(judged('AppSyncAuthorization', { Gql: gql(extra) }), 'Gql')).toEqual(['unknown']);
  });
});

describe('kinds: AppSync GraphQL APIs no longer keep the HTTPS items unknown', () => {
  test('an IAM AppSync API beside a compliant load-balanced service: EDGE-HTTPS-LISTENER/REDIRECT satisfied (before: unknown, an endpoint no rule reads); other endpoint items still held', () => {
    const r = checkPatched('ecs-service', [{ op: 'set', path: ['Resources', 'Gql'], value: gql({}) }]);
    expect(r.statusOf('EDGE-HTTPS-LISTENER')).toBe('satisfied');
    expect(r.statusOf('EDGE-HTTPS-REDIRECT')).toBe('satisfied');
    expect(r.statusOf('API-AUTHORIZATION')).toBe('satisfied');
    expect(r.statusOf('WAF-WEB-ACL')).not.toBe('satisfied');
  });
});
