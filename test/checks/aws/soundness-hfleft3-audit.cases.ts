/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Defects left by the hfleft2 round (/work/audit/hfleft2/REPORT.md), fixed in the hfleft3 round:
 * 1. An AppSync GraphQL API with a LogConfig writes to /aws/appsync/apis/<api id>, which AppSync creates itself
 *    (never expires, no customer key) unless the template creates a log group of that name: LogRetention and
 *    LogEncrypted judged no AppSync API, so the items passed with that group unjudged (wrong pass).
 * 2. WafWebAcl: `WebACLArn: {"Fn::Sub": "${WebAcl.Arn}"}` was "not in this template" (wrong unknown).
 * 3. BACKUP-PLAN / BACKUP-CONTINUOUS passes did not name a vault outside the template whose lock is assumed to accept
 *    the retention (message).
 */
import { judgedOn } from './judged';
import { PatchOp, del, set } from './fixtures';

const API = ['Resources', 'OrdersGraphql', 'Properties'];
const GROUP = ['Resources', 'OrdersGraphqlLogs'];
const onApi = (rule: string, patch: PatchOp[]) => judgedOn('edge-api', patch, rule, 'OrdersGraphql');
const both = (patch: PatchOp[]) => [onApi('LogRetention', patch), onApi('LogEncrypted', patch)];
const noGroup = del(GROUP);
/** CDK's `logConfig.retention`: a Custom::LogRetention naming the API's group by Fn::Join. */
const retention = (days: number) => set(['Resources', 'OrdersGraphqlLogRetention'], {
  Type: 'Custom::LogRetention',
  Properties: {
    ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:LogRetentionProvider',
    LogGroupName: { 'Fn::Join': ['', ['/aws/appsync/apis/', { 'Fn::GetAtt': ['OrdersGraphql', 'ApiId'] }]] },
    RetentionInDays: days,
  },
});

describe('AppSync: the API\'s log group /aws/appsync/apis/<api id> is judged by LOG-RETENTION and LOG-ENCRYPTED', () => {
  test('the edge-api base (a log group named /aws/appsync/apis/${OrdersGraphql.ApiId}, retention and key) passes both', () => {
    expect(both([])).toEqual([
      [['pass', expect.stringMatching(/GraphQL API OrdersGraphql logs to log group OrdersGraphqlLogs \(its retention is checked on the group\)/)]],
      [['pass', expect.stringMatching(/GraphQL API OrdersGraphql logs to log group OrdersGraphqlLogs \(its encryption is checked on the group\)/)]],
    ]);
  });

  test('without that group AppSync creates its own (never expires, no customer key): both fail (before: no finding, items satisfied)', () => {
    expect(both([noGroup])).toEqual([
      [['fail', expect.stringMatching(/logs to the default \/aws\/appsync\/apis group, which the stack does not manage: it never expires .*LogGroup named \/aws\/appsync\/apis\/\$\{OrdersGraphql\.ApiId\}/)]],
      [['fail', expect.stringMatching(/logs to the default \/aws\/appsync\/apis group, which is not encrypted with a customer-managed key/)]],
    ]);
  });

  test('a group named by Fn::Join of the ApiId is the API\'s group; a group of another name is not', () => {
    const join = set([...GROUP, 'Properties', 'LogGroupName'], { 'Fn::Join': ['', ['/aws/appsync/apis/', { 'Fn::GetAtt': ['OrdersGraphql', 'ApiId'] }]] });
    expect(both([join]).map((fs) => fs.map(([s]) => s))).toEqual([['pass'], ['pass']]);
    const other = set([...GROUP, 'Properties', 'LogGroupName'], '/aws/appsync/apis/abcdefghijklmnopqrstuvwxyz');
    expect(both([other]).map((fs) => fs.map(([s]) => s))).toEqual([['fail'], ['fail']]);
  });

  test('a Custom::LogRetention on the API\'s own group (CDK logConfig.retention): retention judged on it; encryption still fails', () => {
    expect(both([noGroup, retention(365)])).toEqual([
      [['pass', expect.stringMatching(/OrdersGraphqlLogRetention keeps the default log group 365 days/)]],
      [['fail', expect.stringMatching(/not encrypted with a customer-managed key/)]],
    ]);
    expect(onApi('LogRetention', [noGroup, retention(7)])).toEqual([['fail', expect.stringMatching(/keeps the default log group 7 days, less than logRetentionDays/)]]);
  });

  test('a log group whose name is a parameter may be the API\'s group: unknown, never a pass', () => {
    const patch = [set(['Parameters'], { GroupName: { Type: 'String' } }), set([...GROUP, 'Properties', 'LogGroupName'], { Ref: 'GroupName' })];
    expect(both(patch)).toEqual([
      [['unknown', expect.stringMatching(/log group OrdersGraphqlLogs's name is decided at deploy time: it may be the API's \/aws\/appsync\/apis group/)]],
      [['unknown', expect.stringMatching(/may be the API's \/aws\/appsync\/apis group/)]],
    ]);
  });

  test('an API that writes no logs (no LogConfig, or no CloudWatchLogsRoleArn) has no finding here (AppSyncAccessLogs fails it)', () => {
    expect(both([noGroup, del([...API, 'LogConfig'])])).toEqual([[], []]);
    expect(both([noGroup, del([...API, 'LogConfig', 'CloudWatchLogsRoleArn'])])).toEqual([[], []]);
  });

  test('a LogConfig under a condition is judged per world: the world that logs to AppSync\'s own group fails (unknown naming it)', () => {
    const patch = [
      noGroup,
      set(['Parameters'], { Logs: { Type: 'String', AllowedValues: ['on', 'off'] } }),
      set(['Conditions'], { LogsOn: { 'Fn::Equals': [{ Ref: 'Logs' }, 'on'] } }),
      set([...API, 'LogConfig'], { 'Fn::If': ['LogsOn', { CloudWatchLogsRoleArn: { 'Fn::GetAtt': ['OrdersGraphqlLogsRole', 'Arn'] }, FieldLogLevel: 'ERROR' }, { Ref: 'AWS::NoValue' }] }),
    ];
    expect(onApi('LogRetention', patch)).toEqual([['unknown', expect.stringMatching(/fails when parameter Logs = on: .*default \/aws\/appsync\/apis group/)]]);
  });
});

describe('AppSyncAccessLogs: ExcludeVerboseContent (LOG-NO-SECRETS is attested, not judged): a note on the pass', () => {
  test('absent or false: the pass says headers, context and mapping templates are logged; true: no note; a parameter stays a pass', () => {
    const note = /ExcludeVerboseContent is not true: the logs also hold request headers, resolver context and evaluated mapping templates .*LOG-NO-SECRETS/;
    expect(onApi('AppSyncAccessLogs', [])).toEqual([['pass', expect.stringMatching(note)]]);
    expect(onApi('AppSyncAccessLogs', [set([...API, 'LogConfig', 'ExcludeVerboseContent'], false)])).toEqual([['pass', expect.stringMatching(note)]]);
    expect(onApi('AppSyncAccessLogs', [set([...API, 'LogConfig', 'ExcludeVerboseContent'], true)])).toEqual([['pass', expect.not.stringMatching(/ExcludeVerboseContent/)]]);
    const param = [set(['Parameters'], { Exclude: { Type: 'String' } }), set([...API, 'LogConfig', 'ExcludeVerboseContent'], { Ref: 'Exclude' })];
    expect(onApi('AppSyncAccessLogs', param)).toEqual([['pass', expect.stringMatching(/ExcludeVerboseContent may not be true/)]]);
  });
});

describe('WafWebAcl: a WebACLArn written as Fn::Sub of the template\'s own web ACL is that web ACL', () => {
  const sub = { 'Fn::Sub': '${WebAcl.Arn}' };
  test('association of the GraphQL API and of the REST stage by Fn::Sub "${WebAcl.Arn}": pass (before: unknown, not in this template)', () => {
    expect(judgedOn('edge-api', [set(['Resources', 'OrdersGraphqlWebAcl', 'Properties', 'WebACLArn'], sub)], 'WafWebAcl', 'OrdersGraphql'))
      .toEqual([['pass', expect.stringMatching(/web ACL WebAcl runs AWSManagedRulesCommonRuleSet/)]]);
    expect(judgedOn('edge-api', [set(['Resources', 'WebAclAssociation', 'Properties', 'WebACLArn'], sub)], 'WafWebAcl', 'ApiDeploymentStageprod'))
      .toEqual([['pass', expect.stringMatching(/web ACL WebAcl runs/)]]);
  });

  test('two associations of the same web ACL, one by GetAtt and one by Fn::Sub, are one web ACL (not "different web ACLs")', () => {
    const second = set(['Resources', 'OrdersGraphqlWebAcl2'], { Type: 'AWS::WAFv2::WebACLAssociation', Properties: { ResourceArn: { 'Fn::GetAtt': ['OrdersGraphql', 'Arn'] }, WebACLArn: sub } });
    expect(judgedOn('edge-api', [second], 'WafWebAcl', 'OrdersGraphql')).toEqual([['pass', expect.stringMatching(/web ACL WebAcl runs/)]]);
  });

  test('a distribution\'s WebACLId by Fn::Sub "${WebAcl.Arn}": pass; an ARN built around the ACL\'s Ref (name|id|scope) stays unknown', () => {
    const id = ['Resources', 'Distribution', 'Properties', 'DistributionConfig', 'WebACLId'];
    expect(judgedOn('edge-cloudfront', [set(id, sub)], 'WafWebAcl', 'Distribution')).toEqual([['pass', expect.stringMatching(/web ACL WebAcl runs/)]]);
    const byRef = set(id, { 'Fn::Sub': 'arn:${AWS::Partition}:wafv2:us-east-1:${AWS::AccountId}:global/webacl/${WebAcl}' });
    expect(judgedOn('edge-cloudfront', [byRef], 'WafWebAcl', 'Distribution')).toEqual([['unknown', expect.stringMatching(/is not in this template/)]]);
  });
});

describe('BACKUP-PLAN / BACKUP-CONTINUOUS: a pass names the vault outside the template whose lock is taken to accept the retention', () => {
  const RULES = ['Resources', 'BackupPlanA8F64793', 'Properties', 'BackupPlan', 'BackupPlanRule'];
  const toDefault = [set([...RULES, 0, 'TargetBackupVault'], 'Default'), set([...RULES, 1, 'TargetBackupVault'], 'Default')];
  const named = /rule DailyContinuous writes to vault Default, outside this template.*a Vault Lock there cannot be read here and is taken to accept the retention/;

  test('the base (its own vault, no lock) says nothing of it', () => {
    expect(judgedOn('database-rds', [], 'RdsInBackupPlan', 'Db')).toEqual([['pass', expect.not.stringMatching(/taken to accept/)]]);
    expect(judgedOn('database-rds', [], 'BackupContinuous', 'BackupPlanA8F64793')).toEqual([['pass', expect.not.stringMatching(/taken to accept/)]]);
  });

  test('rules writing to the account\'s Default vault: the passes name it (before: not named)', () => {
    expect(judgedOn('database-rds', toDefault, 'RdsInBackupPlan', 'Db')).toEqual([['pass', expect.stringMatching(named)]]);
    expect(judgedOn('database-rds', toDefault, 'RdsInBackupPlan', 'Db')).toEqual([['pass', expect.stringMatching(/rule Monthly writes to vault Default, outside this template/)]]);
    expect(judgedOn('database-rds', toDefault, 'BackupContinuous', 'BackupPlanA8F64793')).toEqual([['pass', expect.stringMatching(named)]]);
  });

  test('a target vault from a parameter (no locked vault in the template): the pass says it may be a vault outside', () => {
    const patch = [set(['Parameters'], { Vault: { Type: 'String' } }), set([...RULES, 0, 'TargetBackupVault'], { Ref: 'Vault' })];
    expect(judgedOn('database-rds', patch, 'BackupContinuous', 'BackupPlanA8F64793'))
      .toEqual([['pass', expect.stringMatching(/the target vault of rule DailyContinuous is decided at deploy time .*it may be a vault outside this template: a Vault Lock there cannot be read here/)]]);
  });
});
