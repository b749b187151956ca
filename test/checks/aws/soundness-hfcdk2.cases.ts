/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * hfcdk2 (templates the AWS CDK synthesizes, aws/aws-cdk framework-integ snapshots):
 * - SecretsNoPlaintext passed a template whose Outputs publish an IAM access key's SecretAccessKey (the
 *   apigatewayv2-authorizers websocket IAM snapshot does, for its test user), a user pool client's ClientSecret, or a
 *   NoEcho parameter: outputs are plain text to anyone allowed cloudformation:DescribeStacks, and NoEcho does not mask
 *   them.
 */
import { judged, statuses } from './judged';

const rule = 'SecretsNoPlaintext';
const fn = { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', Role: 'arn:aws:iam::111111111111:role/r', Code: { ZipFile: 'exports.handler = async () => 1;' } } };
const user = { Type: 'AWS::IAM::User' };
const key = { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'User' } } };
const on = (fs: Array<[string, string, string]>, r: string) => fs.filter(([x]) => x === r).map(([, s, m]) => [s, m]);

describe('SecretsNoPlaintext: stack outputs', () => {
  test('an output of an access key\'s SecretAccessKey fails on the key (GetAtt, and inside Fn::Join)', () => {
    const f = judged(rule, { Fn: fn, User: user, Key: key }, { Outputs: { Secret: { Value: { 'Fn::GetAtt': ['Key', 'SecretAccessKey'] } } } });
    expect(on(f, 'Key')).toEqual([['fail', expect.stringMatching(/Key\.SecretAccessKey .*output Secret.*DescribeStacks/)]]);
    const j = judged(rule, { Fn: fn, User: user, Key: key }, { Outputs: { Creds: { Value: { 'Fn::Join': [':', [{ Ref: 'Key' }, { 'Fn::GetAtt': ['Key', 'SecretAccessKey'] }]] } } } });
    expect(on(j, 'Key')).toEqual([['fail', expect.stringMatching(/output Creds/)]]);
    const s = judged(rule, { Fn: fn, User: user, Key: key }, { Outputs: { Creds: { Value: { 'Fn::Sub': 'id=${Key} secret=${Key.SecretAccessKey}' } } } });
    expect(on(s, 'Key')).toEqual([['fail', expect.stringMatching(/output Creds/)]]);
  });
  test('the item is no longer satisfied by the function beside it', () => {
    const { checks } = require('./judged');
    const r = checks.checkTemplate({ Resources: { Fn: fn, User: user, Key: key }, Outputs: { Secret: { Value: { 'Fn::GetAtt': ['Key', 'SecretAccessKey'] } } } });
    expect(r.items.find((i: any) => i.id === 'SECRETS-NO-PLAINTEXT').status).toBe('violated');
  });
  test('an output of the access key id only, or none, says nothing of the key', () => {
    expect(on(judged(rule, { Fn: fn, User: user, Key: key }, { Outputs: { Id: { Value: { Ref: 'Key' } } } }), 'Key')).toEqual([]);
    expect(on(judged(rule, { Fn: fn, User: user, Key: key }), 'Key')).toEqual([]);
  });
  test('an output under an open condition: unknown naming the condition; under a condition never true: nothing', () => {
    const extra = {
      Parameters: { Env: { Type: 'String' } },
      Conditions: { IsTest: { 'Fn::Equals': [{ Ref: 'Env' }, 'test'] } },
      Outputs: { Secret: { Condition: 'IsTest', Value: { 'Fn::GetAtt': ['Key', 'SecretAccessKey'] } } },
    };
    expect(on(judged(rule, { Fn: fn, User: user, Key: key }, extra), 'Key')).toEqual([['unknown', expect.stringMatching(/IsTest/)]]);
    const never = { Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } }, Outputs: { Secret: { Condition: 'Never', Value: { 'Fn::GetAtt': ['Key', 'SecretAccessKey'] } } } };
    expect(on(judged(rule, { Fn: fn, User: user, Key: key }, never), 'Key')).toEqual([]);
  });
  test('a user pool client\'s ClientSecret in an output fails', () => {
    const pool = { Type: 'AWS::Cognito::UserPool', Properties: {} };
    const client = { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' }, GenerateSecret: true } };
    const f = judged(rule, { Fn: fn, Pool: pool, Client: client }, { Outputs: { ClientSecret: { Value: { 'Fn::GetAtt': ['Client', 'ClientSecret'] } } } });
    expect(on(f, 'Client')).toEqual([['fail', expect.stringMatching(/Client\.ClientSecret/)]]);
  });
  test('a NoEcho parameter published by an output fails, whatever its name; a secret-named NoEcho one no longer passes', () => {
    const named = judged(rule, { Fn: fn }, { Parameters: { DbPassword: { Type: 'String', NoEcho: true } }, Outputs: { Pw: { Value: { Ref: 'DbPassword' } } } });
    expect(on(named, 'DbPassword')).toEqual([['fail', expect.stringMatching(/NoEcho parameter DbPassword is published by output Pw/)]]);
    const other = judged(rule, { Fn: fn }, { Parameters: { Upstream: { Type: 'String', NoEcho: true } }, Outputs: { Url: { Value: { 'Fn::Sub': 'https://api.example.com/?k=${Upstream}' } } } });
    expect(on(other, 'Upstream')).toEqual([['fail', expect.stringMatching(/output Url/)]]);
    const kept = judged(rule, { Fn: fn }, { Parameters: { DbPassword: { Type: 'String', NoEcho: true } }, Outputs: { Name: { Value: { Ref: 'AWS::StackName' } } } });
    expect(statuses(kept.filter(([r]) => r === 'DbPassword'))).toEqual(['pass']);
  });
});

/**
 * NoPublicRemoteAccess failed ("admits SSH (22) and RDP (3389)") an ingress rule open to 0.0.0.0/0 whose ports are an RDS
 * database's Endpoint.Port, which CDK writes for `proxy.connections.allowDefaultPortFromAnyIpv4()` (the aws-rds proxy
 * snapshot): a port bound it could not read counted as "no range, every port". RDS accepts only ports 1150-65535.
 */
describe('NoPublicRemoteAccess: port bounds decided at deploy time', () => {
  const remote = 'NoPublicRemoteAccess';
  const db = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', DBInstanceClass: 'db.m6g.large', AllocatedStorage: '20' } };
  const sg = { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'proxy', VpcId: 'vpc-1' } };
  const ingress = (from: any, to: any, cidr = '0.0.0.0/0') => ({ Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { 'Fn::GetAtt': ['Sg', 'GroupId'] }, IpProtocol: 'tcp', CidrIp: cidr, ...(from !== undefined ? { FromPort: from } : {}), ...(to !== undefined ? { ToPort: to } : {}) } });
  const port = { 'Fn::GetAtt': ['Db', 'Endpoint.Port'] };
  test('a database Endpoint.Port open to the world admits neither 22 nor 3389 (the rule says nothing of it)', () => {
    const f = judged(remote, { Db: db, Sg: sg, In: ingress(port, port) });
    expect(f.filter(([, s]) => s === 'fail')).toEqual([]);
    const cluster = { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql' } };
    const c = judged(remote, { Db: cluster, Sg: sg, In: ingress(port, port) });
    expect(c.filter(([, s]) => s === 'fail')).toEqual([]);
  });
  test('a port from a parameter open to the world is unknown, naming the parameter', () => {
    const f = judged(remote, { Sg: sg, In: ingress({ Ref: 'Port' }, { Ref: 'Port' }) }, { Parameters: { Port: { Type: 'Number' } } });
    expect(f.filter(([r]) => r === 'In').map(([, s, m]) => [s, m])).toEqual([['unknown', expect.stringMatching(/Port/)]]);
  });
  test('still fails: tcp without ports, and 22 from the world; a database port from a closed source says nothing', () => {
    expect(statuses(judged(remote, { Sg: sg, In: ingress(undefined, undefined) }).filter(([r]) => r === 'In'))).toEqual(['fail']);
    expect(statuses(judged(remote, { Sg: sg, In: ingress(22, 22) }).filter(([r]) => r === 'In'))).toEqual(['fail']);
    expect(judged(remote, { Db: db, Sg: sg, In: ingress(port, port, '10.0.0.0/16') }).filter(([, s]) => s !== 'pass')).toEqual([]);
  });
});
