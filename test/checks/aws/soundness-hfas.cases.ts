/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * AppSync GraphQL APIs judged for the endpoint items the API Gateway rules judge (hfas round): access logs
 * (AppSyncAccessLogs: LogConfig, FieldLogLevel, the CloudWatch Logs role), WAF-WEB-ACL (WafWebAcl: a web ACL
 * associated with the API's ARN) and AppSync custom domains' certificates (EdgeCertificateManaged). Before, an AppSync
 * API had no finding for these (the items stayed unknown: "an endpoint no rule reads"); each violation must now fail
 * or be unknown, and the compliant form (the edge-api base) must pass.
 */
import { checkPatched, judgedOn } from './judged';
import { PatchOp, del, set } from './fixtures';

const API = ['Resources', 'OrdersGraphql', 'Properties'];
const ROLE = ['Resources', 'OrdersGraphqlLogsRole', 'Properties'];
const status = (rule: string, resource: string, patch: PatchOp[]) => judgedOn('edge-api', patch, rule, resource);
const logs = (patch: PatchOp[]) => status('AppSyncAccessLogs', 'OrdersGraphql', patch);
const waf = (patch: PatchOp[]) => status('WafWebAcl', 'OrdersGraphql', patch);
const trustAppSync = { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'appsync.amazonaws.com' } }], Version: '2012-10-17' };

describe('AppSyncAccessLogs: an AppSync GraphQL API writes request logs', () => {
  test('the edge-api base passes (LogConfig ERROR, a role of the template with AWSAppSyncPushToCloudWatchLogs)', () => {
    expect(logs([])).toEqual([['pass', expect.stringMatching(/writes request logs to CloudWatch Logs through role OrdersGraphqlLogsRole \(FieldLogLevel ERROR\)/)]]);
  });

  test('no LogConfig: fail (before: no finding)', () => {
    expect(logs([del([...API, 'LogConfig'])])).toEqual([['fail', expect.stringMatching(/writes no logs \(no LogConfig\)/)]]);
  });

  test('a LogConfig without CloudWatchLogsRoleArn: fail', () => {
    expect(logs([del([...API, 'LogConfig', 'CloudWatchLogsRoleArn'])])).toEqual([['fail', expect.stringMatching(/names no CloudWatchLogsRoleArn/)]]);
  });

  test('every field log level passes (request-level logs are written whatever it is); DEBUG/ALL say they log request data', () => {
    for (const lv of ['NONE', 'ERROR', 'INFO']) expect([lv, logs([set([...API, 'LogConfig', 'FieldLogLevel'], lv)])]).toEqual([lv, [['pass', expect.not.stringMatching(/arguments and results/)]]]);
    for (const lv of ['DEBUG', 'ALL']) expect([lv, logs([set([...API, 'LogConfig', 'FieldLogLevel'], lv)])]).toEqual([lv, [['pass', expect.stringMatching(/also logs each resolver's request and response \(arguments and results\)/)]]]);
  });

  test('a field log level that is not set or not known is unknown', () => {
    expect(logs([del([...API, 'LogConfig', 'FieldLogLevel'])])).toEqual([['unknown', expect.stringMatching(/sets no FieldLogLevel, which the AppSync API requires/)]]);
    expect(logs([set([...API, 'LogConfig', 'FieldLogLevel'], 'VERBOSE')])).toEqual([['unknown', expect.stringMatching(/not one AppSync knows/)]]);
  });

  test('a role that does not trust appsync.amazonaws.com: fail', () => {
    const r = logs([set([...ROLE, 'AssumeRolePolicyDocument', 'Statement', 0, 'Principal'], { Service: 'lambda.amazonaws.com' })]);
    expect(r).toEqual([['fail', expect.stringMatching(/does not trust appsync\.amazonaws\.com .*AppSync cannot assume it, so the API writes no logs/)]]);
  });

  test('a role without log permissions: fail; statements allowing the actions on the API\'s log group pass', () => {
    // The base creates the API's log group (/aws/appsync/apis/${OrdersGraphql.ApiId}): AppSync then needs no logs:CreateLogGroup.
    expect(logs([del([...ROLE, 'ManagedPolicyArns'])])).toEqual([['fail', expect.stringMatching(/neither AWSAppSyncPushToCloudWatchLogs nor an Allow of logs:CreateLogStream, logs:PutLogEvents on/)]]);
    expect(logs([del([...ROLE, 'ManagedPolicyArns']), del(['Resources', 'OrdersGraphqlLogs'])])).toEqual([['fail', expect.stringMatching(/neither AWSAppSyncPushToCloudWatchLogs nor an Allow of logs:CreateLogStream, logs:PutLogEvents, logs:CreateLogGroup/)]]);
    const inline = (resource: any) => set([...ROLE, 'Policies'], [{ PolicyName: 'logs', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: resource }] } }]);
    expect(logs([del([...ROLE, 'ManagedPolicyArns']), inline({ 'Fn::Sub': 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/appsync/apis/${OrdersGraphql.ApiId}:*' })])).toEqual([['pass', expect.any(String)]]);
    expect(logs([del([...ROLE, 'ManagedPolicyArns']), inline('arn:aws:logs:eu-west-1:111111111111:log-group:/aws/lambda/other:*')])).toEqual([['fail', expect.any(String)]]);
  });

  test('a Deny of logs:PutLogEvents everywhere fails; a permissions boundary or an AWS managed policy not read is unknown', () => {
    const deny = set([...ROLE, 'Policies'], [{ PolicyName: 'deny', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'logs:*', Resource: '*' }] } }]);
    expect(logs([deny])).toEqual([['fail', expect.stringMatching(/denies logs:PutLogEvents on every resource/)]]);
    expect(logs([set([...ROLE, 'PermissionsBoundary'], 'arn:aws:iam::111111111111:policy/boundary')])).toEqual([['unknown', expect.stringMatching(/permissions boundary/)]]);
    expect(logs([set([...ROLE, 'ManagedPolicyArns'], ['arn:aws:iam::aws:policy/ReadOnlyAccess'])])).toEqual([['unknown', expect.stringMatching(/managed policy arn:aws:iam::aws:policy\/ReadOnlyAccess, not read/)]]);
  });

  test('a role outside the template, or one from a parameter, is unknown', () => {
    expect(logs([set([...API, 'LogConfig', 'CloudWatchLogsRoleArn'], 'arn:aws:iam::111111111111:role/appsync-logs')])).toEqual([['unknown', expect.stringMatching(/outside this template/)]]);
    const p = checkPatched('edge-api', [set(['Parameters'], { LogsRole: { Type: 'String' } }), set([...API, 'LogConfig', 'CloudWatchLogsRoleArn'], { Ref: 'LogsRole' })]);
    expect(p.findings.filter((f) => f.ruleId === 'AppSyncAccessLogs').map((f) => f.status)).toEqual(['unknown']);
  });

  test('a literal ARN naming a role of the template by its RoleName is that role', () => {
    const patch = [set([...ROLE, 'RoleName'], 'appsync-logs'), set([...API, 'LogConfig', 'CloudWatchLogsRoleArn'], 'arn:aws:iam::111111111111:role/appsync-logs'), set([...ROLE, 'AssumeRolePolicyDocument'], { ...trustAppSync, Statement: [{ ...trustAppSync.Statement[0], Principal: { Service: 'ecs.amazonaws.com' } }] })];
    expect(logs(patch)).toEqual([['fail', expect.stringMatching(/role OrdersGraphqlLogsRole does not trust appsync\.amazonaws\.com/)]]);
  });
});

describe('WafWebAcl: a public AppSync GraphQL API is protected by a web ACL', () => {
  test('the base passes: the association names the API by Fn::GetAtt Arn', () => {
    expect(waf([])).toEqual([['pass', expect.stringMatching(/web ACL WebAcl runs/)]]);
  });

  test('no association: fail (before: no finding)', () => {
    expect(waf([del(['Resources', 'OrdersGraphqlWebAcl'])])).toEqual([['fail', expect.stringMatching(/no WAF web ACL is associated with the public GraphQL API/)]]);
  });

  test('the web ACL\'s rules are judged as for ALBs and stages: a missing SQLi group fails', () => {
    expect(waf([del(['Resources', 'WebAcl', 'Properties', 'Rules', 2])])).toEqual([['fail', expect.stringMatching(/lacks AWSManagedRulesSQLiRuleSet/)]]);
  });

  test('an ARN built from the API id and Ref of the API both name it; a web ACL from elsewhere is unknown', () => {
    const built = { 'Fn::Sub': 'arn:${AWS::Partition}:appsync:${AWS::Region}:${AWS::AccountId}:apis/${OrdersGraphql.ApiId}' };
    expect(waf([set(['Resources', 'OrdersGraphqlWebAcl', 'Properties', 'ResourceArn'], built)])).toEqual([['pass', expect.any(String)]]);
    expect(waf([set(['Resources', 'OrdersGraphqlWebAcl', 'Properties', 'ResourceArn'], { Ref: 'OrdersGraphql' })])).toEqual([['pass', expect.any(String)]]);
    expect(waf([set(['Resources', 'OrdersGraphqlWebAcl', 'Properties', 'WebACLArn'], { 'Fn::ImportValue': 'SharedAcl' })])).toEqual([['unknown', expect.stringMatching(/not in this template/)]]);
  });

  test('an association to another attribute of the API (its URL) does not protect it: fail', () => {
    expect(waf([set(['Resources', 'OrdersGraphqlWebAcl', 'Properties', 'ResourceArn'], { 'Fn::GetAtt': ['OrdersGraphql', 'GraphQLUrl'] })])).toEqual([['fail', expect.any(String)]]);
  });

  test('a private API is not judged; a visibility from a parameter is unknown', () => {
    expect(waf([del(['Resources', 'OrdersGraphqlWebAcl']), set([...API, 'Visibility'], 'PRIVATE')])).toEqual([]);
    const r = checkPatched('edge-api', [set(['Parameters'], { Vis: { Type: 'String', AllowedValues: ['GLOBAL', 'PRIVATE'] } }), del(['Resources', 'OrdersGraphqlWebAcl']), set([...API, 'Visibility'], { Ref: 'Vis' })]);
    expect(r.findings.filter((f) => f.ruleId === 'WafWebAcl' && f.resource === 'OrdersGraphql').map((f) => f.status)).not.toContain('pass');
    expect(r.findings.filter((f) => f.ruleId === 'WafWebAcl' && f.resource === 'OrdersGraphql').map((f) => f.status)).toContain('unknown');
  });
});

describe('EdgeCertificateManaged: AppSync custom domains', () => {
  const domain = (cert: any) => set(['Resources', 'GqlDomain'], { Type: 'AWS::AppSync::DomainName', Properties: { DomainName: 'gql.example.com', CertificateArn: cert } });
  const cert = (patch: PatchOp[]) => status('EdgeCertificateManaged', 'GqlDomain', patch);

  test('a DNS-validated ACM certificate of the template passes; an IAM server certificate fails (before: no finding)', () => {
    expect(cert([domain({ Ref: 'Certificate' })])).toEqual([['pass', expect.stringMatching(/ACM certificate Certificate/)]]);
    expect(cert([domain('arn:aws:iam::111111111111:server-certificate/gql')])).toEqual([['fail', expect.stringMatching(/IAM server certificate/)]]);
  });

  test('an ACM certificate by ARN is unknown (imported or e-mail-validated ones have ARNs of the same form)', () => {
    expect(cert([domain('arn:aws:acm:us-east-1:111111111111:certificate/abc')])).toEqual([['unknown', expect.stringMatching(/is not in this template/)]]);
  });
});

describe('kinds: AppSync APIs no longer keep these items unknown beside a compliant service', () => {
  const gql = (props: Record<string, any> = {}) => ({ Type: 'AWS::AppSync::GraphQLApi', Properties: { Name: 'orders', AuthenticationType: 'AWS_IAM', ...props } });

  test('an AppSync API without logs or WAF beside an ALB service: EDGE-ACCESS-LOGS and WAF-WEB-ACL violated (before: unknown)', () => {
    const r = checkPatched('edge-alb', [set(['Resources', 'Gql'], gql())]);
    expect(r.statusOf('EDGE-ACCESS-LOGS')).toBe('violated');
    expect(r.statusOf('WAF-WEB-ACL')).toBe('violated');
    // The items no rule judges for AppSync stay unknown, never satisfied.
    expect(r.statusOf('WAF-RATE-LIMIT')).not.toBe('satisfied');
  });

  test('an AppSync API alone does not keep EDGE-CERTIFICATE-MANAGED from satisfied (its own endpoint serves AWS\'s certificate); its custom domain is judged', () => {
    expect(checkPatched('edge-alb', [set(['Resources', 'Gql'], gql())]).statusOf('EDGE-CERTIFICATE-MANAGED')).toBe('satisfied');
    const r = checkPatched('edge-alb', [set(['Resources', 'Gql'], gql()), set(['Resources', 'GqlDomain'], { Type: 'AWS::AppSync::DomainName', Properties: { DomainName: 'gql.example.com', CertificateArn: 'arn:aws:iam::111111111111:server-certificate/gql' } })]);
    expect(r.statusOf('EDGE-CERTIFICATE-MANAGED')).toBe('violated');
  });
});
