/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong verdicts found by running the checks on third-party templates (hfnest: API Gateway's enhanced security
 * policies, nested stacks, EventBridge / Step Functions / AppSync): each case below was a PASS (or a FAIL on a value
 * the template cannot decide); each must now fail or be unknown, and the compliant form next to it must still pass.
 */
import { checks, judged } from './judged';

const on = (fs: Array<[string, string, string]>, resource: string) => fs.filter(([r]) => r === resource).map(([, s]) => s);
const messages = (fs: Array<[string, string, string]>, resource: string) => fs.filter(([r]) => r === resource).map(([, , m]) => m).join('\n');

const domain = { Type: 'AWS::ApiGateway::DomainName', Properties: { DomainName: 'api.example.org', RegionalCertificateArn: 'arn:aws:acm:eu-west-1:111111111111:certificate/abc', EndpointConfiguration: { Types: ['REGIONAL'] }, SecurityPolicy: 'TLS_1_2' } };
const mapping = { Type: 'AWS::ApiGateway::BasePathMapping', Properties: { DomainName: { Ref: 'Domain' }, RestApiId: { Ref: 'Api' }, Stage: 'prod' } };
const api = (props: Record<string, any>) => ({ Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders', DisableExecuteApiEndpoint: true, ...props } });

describe('ApiGatewayDomainTls: a REST API\'s own security policy governs the handshake through its custom domain', () => {
  test('SecurityPolicy TLS_1_0 on an API with the default endpoint disabled, mapped to a TLS_1_2 domain: fail (before: pass, item satisfied)', () => {
    const resources = { Domain: domain, Map: mapping, Api: api({ SecurityPolicy: 'TLS_1_0' }) };
    const f = judged('ApiGatewayDomainTls', resources);
    expect(on(f, 'Api')).toEqual(['fail']);
    expect(messages(f, 'Api')).toMatch(/REST API security policy \(used for the default endpoint and for the TLS handshake through any custom domain the API is mapped to\): security policy TLS_1_0 accepts TLS versions older than 1\.2/);
    expect(checks.checkTemplate({ Resources: resources }).statusOf('EDGE-HTTPS-LISTENER')).toBe('violated');
  });

  test('the policy set in the OpenAPI Body (x-amazon-apigateway-security-policy) is read the same way', () => {
    const body = { openapi: '3.0.1', info: { title: 'orders', version: '1' }, paths: {}, 'x-amazon-apigateway-security-policy': 'TLS_1_0' };
    const f = judged('ApiGatewayDomainTls', { Domain: domain, Map: mapping, Api: api({ Body: body }) });
    expect(on(f, 'Api')).toEqual(['fail']);
    expect(messages(f, 'Api')).toMatch(/set in the OpenAPI Body: security policy TLS_1_0/);
  });

  test('a private API with SecurityPolicy TLS_1_0 is judged (before: no finding)', () => {
    const f = judged('ApiGatewayDomainTls', { Api: api({ EndpointConfiguration: { Types: ['PRIVATE'] }, SecurityPolicy: 'TLS_1_0' }) });
    expect(on(f, 'Api')).toEqual(['fail']);
  });

  test('an API policy decided by a parameter with the default endpoint disabled is unknown, naming it', () => {
    const f = judged('ApiGatewayDomainTls', { Domain: domain, Map: mapping, Api: api({ SecurityPolicy: { Ref: 'Policy' } }) }, { Parameters: { Policy: { Type: 'String', Default: 'TLS_1_2' } } });
    expect(on(f, 'Api')).toEqual(['unknown']);
    expect(messages(f, 'Api')).toMatch(/parameter Policy/);
  });

  test('every enhanced policy passes on the API and on the domain; no API policy and the endpoint disabled still pass', () => {
    for (const p of ['SecurityPolicy_TLS13_1_3_2025_09', 'SecurityPolicy_TLS13_1_2_PFS_PQ_2025_09', 'SecurityPolicy_TLS13_1_2_2021_06', 'SecurityPolicy_TLS13_2025_EDGE', 'SecurityPolicy_TLS12_PFS_2025_EDGE', 'SecurityPolicy_TLS12_2018_EDGE']) {
      const f = judged('ApiGatewayDomainTls', { Domain: { ...domain, Properties: { ...domain.Properties, SecurityPolicy: p, EndpointAccessMode: 'STRICT' } }, Map: mapping, Api: api({ SecurityPolicy: p, EndpointAccessMode: 'STRICT' }) });
      expect([p, on(f, 'Api'), on(f, 'Domain')]).toEqual([p, ['pass'], ['pass']]);
    }
    const f = judged('ApiGatewayDomainTls', { Domain: domain, Map: mapping, Api: api({}) });
    expect(on(f, 'Api')).toEqual(['pass']);
    expect(messages(f, 'Api')).toMatch(/default execute-api endpoint is disabled/);
  });
});

const connection = (auth: Record<string, any>) => ({ Type: 'AWS::Events::Connection', Properties: { AuthorizationType: 'API_KEY', AuthParameters: auth } });
const fnWithRef = { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.h', Role: 'arn:aws:iam::123456789012:role/r', Code: { ZipFile: 'x' }, Environment: { Variables: { API_KEY_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:k' } } } };

describe('SecretsNoPlaintext: EventBridge connections and rule targets hold secrets too', () => {
  test('a literal ApiKeyValue in an AWS::Events::Connection: fail (before: no finding, and a clean function satisfied the item)', () => {
    const resources = { Fn: fnWithRef, Conn: connection({ ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: 'k3y-written-here' } }) };
    const f = judged('SecretsNoPlaintext', resources);
    expect(on(f, 'Conn')).toEqual(['fail']);
    expect(messages(f, 'Conn')).toMatch(/connection Conn: ApiKeyValue is written in the template in plain text/);
    expect(checks.checkTemplate({ Resources: resources }).statusOf('SECRETS-NO-PLAINTEXT')).toBe('violated');
  });

  test('a basic-auth password from a parameter that is not NoEcho fails; an OAuth client secret with a literal token fails', () => {
    const basic = judged('SecretsNoPlaintext', { Conn: connection({ BasicAuthParameters: { Username: 'svc', Password: { Ref: 'HookPassword' } } }) }, { Parameters: { HookPassword: { Type: 'String' } } });
    expect(on(basic, 'Conn')).toEqual(['fail']);
    expect(messages(basic, 'Conn')).toMatch(/parameter HookPassword is not NoEcho/);
    const oauth = judged('SecretsNoPlaintext', { Conn: connection({ OAuthParameters: { AuthorizationEndpoint: 'https://auth.example.org/token', HttpMethod: 'POST', ClientParameters: { ClientID: 'id', ClientSecret: 'plain-client-secret' } } }) });
    expect(on(oauth, 'Conn')).toEqual(['fail']);
  });

  test('a dynamic reference or a NoEcho parameter without a Default passes; a value from an unread nested stack is unknown', () => {
    const dyn = judged('SecretsNoPlaintext', { Conn: connection({ ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: '{{resolve:secretsmanager:hook:SecretString:key}}' } }) });
    expect(on(dyn, 'Conn')).toEqual(['pass']);
    const noEcho = judged('SecretsNoPlaintext', { Conn: connection({ ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: { Ref: 'HookKey' } } }) }, { Parameters: { HookKey: { Type: 'String', NoEcho: true } } });
    expect(on(noEcho, 'Conn')).toEqual(['pass']);
    const nested = judged('SecretsNoPlaintext', {
      Keys: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://s3.amazonaws.com/bucket/keys.yaml' } },
      Conn: connection({ ApiKeyAuthParameters: { ApiKeyName: 'x-api-key', ApiKeyValue: { 'Fn::GetAtt': ['Keys', 'Outputs.HookKey'] } } }),
    });
    expect(on(nested, 'Conn')).toEqual(['unknown']);
    expect(messages(nested, 'Conn')).toMatch(/output HookKey of nested stack Keys, whose template is not in this check/);
  });

  test('a rule target sending a literal bearer token in HttpParameters: fail; a header without a secret passes', () => {
    const rule = (headers: Record<string, any>) => ({ Type: 'AWS::Events::Rule', Properties: { EventPattern: { source: ['app'] }, Targets: [{ Id: 'hook', Arn: 'arn:aws:events:eu-west-1:123456789012:api-destination/hook/abc', RoleArn: 'arn:aws:iam::123456789012:role/ev', HttpParameters: { HeaderParameters: headers } }] } });
    const bad = judged('SecretsNoPlaintext', { Fn: fnWithRef, Rule: rule({ 'X-Api-Token': 'literal-token-value' }) });
    expect(on(bad, 'Rule')).toEqual(['fail']);
    expect(messages(bad, 'Rule')).toMatch(/target hook HeaderParameters: X-Api-Token/);
    expect(on(judged('SecretsNoPlaintext', { Rule: rule({ 'Content-Type': 'application/json' }) }), 'Rule')).toEqual(['pass']);
  });
});

describe('an output of a nested stack whose template is not in the check is decided at deploy, not a failing value', () => {
  const net = { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://s3.amazonaws.com/bucket/net.yaml' } };
  const db = (props: Record<string, any>) => ({ Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.m6g.large', AllocatedStorage: '20', MasterUsername: 'app', ManageMasterUserPassword: true, ...props } });
  const out = (name: string) => ({ 'Fn::GetAtt': ['Net', `Outputs.${name}`] });

  test('StorageEncrypted, MultiAZ and BackupRetentionPeriod from the unread child are unknown (before: fail "not encrypted", "single-AZ")', () => {
    const resources = { Net: net, Db: db({ StorageEncrypted: out('Encrypt'), MultiAZ: out('MultiAz'), BackupRetentionPeriod: out('Retention') }) };
    for (const [rule, re] of [['RdsStorageEncrypted', /Encrypt of nested stack Net/], ['RdsMultiAz', /MultiAz of nested stack Net/], ['RdsBackupRetention', /Retention of nested stack Net/]] as const) {
      const f = judged(rule, resources);
      expect([rule, on(f, 'Db')]).toEqual([rule, ['unknown']]);
      expect(messages(f, 'Db')).toMatch(re);
    }
  });

  test('literal values beside the unread child are judged as before', () => {
    expect(on(judged('RdsStorageEncrypted', { Net: net, Db: db({ StorageEncrypted: false }) }), 'Db')).toEqual(['fail']);
    expect(on(judged('RdsStorageEncrypted', { Net: net, Db: db({ StorageEncrypted: true, KmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/abc' }) }), 'Db')).toEqual(['pass']);
  });
});
