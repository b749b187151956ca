/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Two questions each read in more than one place, with different edge cases, now read once (review, 2026-12-06):
 * - "is this IAM principal everyone?" (`principalEveryone` / `statementEveryone`, cfn/iam-policies.ts), for the TLS
 *   Deny of bucket and topic policies (`tlsDenial`), a secret's resource policy (SecretsReadScoped), an OpenSearch
 *   domain's access policy (OpenSearchNotPublic, OpenSearchIamAuth) and who a topic policy lets publish
 *   (`principalCovers`: AlarmHasAction). Only `"*"` and `{ "AWS": "*" }` (a list holding it) are every principal,
 *   as IAM documents; a principal that may be (decided at deploy time, `"*"` under another key, a padded `" * "`, a
 *   wildcard within an ARN, a custom resource's value, a NotPrincipal of every principal) is unknown, never a pass;
 * - "is this the stack's account?" (`inStackAccount`, cfn/names.ts, and `stackAccount`, cfn/alarms.ts, which reads
 *   a value's text by it): an alarm's AccountId and a dashboard graph's accountId answer alike.
 */
import { stackAccount } from '../../../lib/checks/cfn/alarms';
import { inStackAccount } from '../../../lib/checks/cfn/names';
import { pseudoMark, TemplateIndex } from '../../../lib/checks/template-index';
import { PatchOp, applyPatch, compliantBases } from './fixtures';
import { checks, judged } from './judged';

const P = { P: { Type: 'String' } };
const CUSTOM = { Type: 'Custom::Lookup', Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:lookup' } };
const IF_PROD = { Parameters: { Env: { Type: 'String', AllowedValues: ['prod', 'dev'] } }, Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } } };
const ROLE = 'arn:aws:iam::123456789012:role/app';
const ONE = (status: string, re: RegExp) => [[status, expect.stringMatching(re)]];

/** Principals that are every principal, as IAM documents it. */
const EVERYONE: Array<[string, any]> = [
  ['"*"', '*'],
  ['{ AWS: "*" }', { AWS: '*' }],
  ['{ AWS: [role, "*"] }', { AWS: [ROLE, '*'] }],
];
/** Principals that may be every principal: `[name, principal, what the message names]`. */
const MAYBE: Array<[string, any, RegExp]> = [
  ['a padded " * "', ' * ', /" \* ", "\*" with white space/],
  ['{ AWS: [" * "] }', { AWS: [' * '] }, /" \* ", "\*" with white space/],
  ['{ CanonicalUser: "*" }', { CanonicalUser: '*' }, /"CanonicalUser": "\*" is not documented by IAM as every principal/],
  ['{ Service: "*" }', { Service: '*' }, /"Service": "\*" is not documented by IAM as every principal/],
  ['{ AWS: "arn:aws:iam::*:root" }', { AWS: 'arn:aws:iam::*:root' }, /holds a wildcard \(arn:aws:iam::\*:root\)/],
  ['{ AWS: a custom resource\'s value }', { AWS: { 'Fn::GetAtt': ['Lookup', 'Principal'] } }, /Lookup\.Principal, a value decided at deploy time that may be "\*"/],
  ['{ AWS: Fn::Sub of a custom resource\'s value }', { AWS: { 'Fn::Sub': 'arn:aws:iam::${Lookup.Account}:root' } }, /holds Lookup\.Account, a value decided at deploy time/],
  ['{ AWS: a parameter }', { AWS: { Ref: 'P' } }, /parameter P/],
  ['{ AWS: Fn::Sub text around a parameter }', { AWS: { 'Fn::Sub': 'arn:aws:iam::${P}:root' } }, /parameter P/],
  ['a parameter', { Ref: 'P' }, /parameter P/],
];
/** Principals that are not every principal. */
const NAMED: Array<[string, any]> = [
  ['a role', { AWS: ROLE }],
  ['{ CanonicalUser: id }', { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' }],
  ['the account by Fn::Sub', { AWS: { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' } }],
  ['the account by Ref AWS::AccountId (the account not known)', { AWS: { Ref: 'AWS::AccountId' } }],
];

describe('S3BucketTlsOnly: a Deny of requests without TLS counts only when its principal is every principal', () => {
  const deny = (principal: any, more: any = {}) => ({ Effect: 'Deny', Principal: principal, Action: 's3:*', Resource: [{ 'Fn::GetAtt': ['B', 'Arn'] }, { 'Fn::Sub': '${B.Arn}/*' }], Condition: { Bool: { 'aws:SecureTransport': 'false' } }, ...more });
  const tls = (statement: any, extra: any = {}) => judged('S3BucketTlsOnly', {
    B: { Type: 'AWS::S3::Bucket' }, Lookup: CUSTOM,
    BP: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: { Ref: 'B' }, PolicyDocument: { Version: '2012-10-17', Statement: [statement] } } },
  }, extra).map(([, s, m]) => [s, m]);

  test.each(EVERYONE)('%s: pass', (_, principal) => {
    expect(tls(deny(principal))).toEqual(ONE('pass', /denies requests without TLS to the whole bucket/));
  });
  test('{ AWS: [a parameter, "*"] }: "*" is there whatever the parameter is: pass (was unknown)', () => {
    expect(tls(deny({ AWS: [{ Ref: 'P' }, '*'] }), { Parameters: P })).toEqual(ONE('pass', /denies requests without TLS to the whole bucket/));
  });
  test.each(MAYBE)('%s may not be every principal: unknown, naming it (was fail or unknown)', (_, principal, what) => {
    expect(tls(deny(principal), { Parameters: P })).toEqual(ONE('unknown', what));
  });
  test.each(NAMED)('%s is not every principal: fail', (_, principal) => {
    expect(tls(deny(principal))).toEqual(ONE('fail', /no statement denies requests where aws:SecureTransport is false/));
  });
  test('NotPrincipal spares those it names: fail; behind Fn::If with a role: not a pass', () => {
    expect(tls({ ...deny(undefined), Principal: undefined, NotPrincipal: { AWS: ROLE } })).toEqual(ONE('fail', /no statement denies/));
    expect(tls({ ...deny(undefined), Principal: undefined, NotPrincipal: '*' })).toEqual(ONE('fail', /no statement denies/));
    const either = tls(deny({ AWS: { 'Fn::If': ['IsProd', '*', ROLE] } }), IF_PROD);
    expect(either).toEqual(ONE('unknown', /no statement denies/));
  });
});

describe('SecretsReadScoped: a secret resource policy read by every principal', () => {
  const read = (principal: any, more: any = {}) => ({ Effect: 'Allow', Principal: principal, Action: 'secretsmanager:GetSecretValue', Resource: '*', ...more });
  const run = (statement: any, extra: any = {}) => judged('SecretsReadScoped', {
    S: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: {} } }, Lookup: CUSTOM,
    RP: { Type: 'AWS::SecretsManager::ResourcePolicy', Properties: { SecretId: { Ref: 'S' }, ResourcePolicy: { Version: '2012-10-17', Statement: [statement] } } },
  }, extra).filter(([r]) => r === 'RP').map(([, s, m]) => [s, m]);

  test.each(EVERYONE)('%s: fail', (_, principal) => {
    expect(run(read(principal))).toEqual(ONE('fail', /allows secretsmanager:GetSecretValue to every principal \("\*"\) with no condition/));
  });
  test.each(MAYBE)('%s may be every principal: unknown, naming it (was pass, fail or unknown)', (_, principal, what) => {
    expect(run(read(principal), { Parameters: P })).toEqual(ONE('unknown', what));
  });
  test.each(NAMED)('%s: pass (the account by Ref AWS::AccountId was unknown)', (_, principal) => {
    expect(run(read(principal))).toEqual(ONE('pass', /lets only named principals read the secret/));
  });
  test('NotPrincipal naming a role: fail; NotPrincipal "*", which IAM does not document: unknown (was fail); Fn::If: unknown', () => {
    const not = (np: any) => ({ Effect: 'Allow', NotPrincipal: np, Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    expect(run(not({ AWS: ROLE }))).toEqual(ONE('fail', /every principal but those of NotPrincipal/));
    expect(run(not('*'))).toEqual(ONE('unknown', /its NotPrincipal is every principal, which IAM does not document/));
    expect(run(read({ AWS: { 'Fn::If': ['IsProd', ROLE, '*'] } }), IF_PROD).map(([s]) => s)).toEqual(['unknown']);
  });
});

describe('OpenSearchNotPublic and OpenSearchIamAuth: an access policy granting every principal', () => {
  const RULES = ['OpenSearchNotPublic', 'OpenSearchIamAuth'];
  const domain = (principal: any, extra: any = {}, statement: any = { Effect: 'Allow', Principal: principal, Action: 'es:*', Resource: 'arn:aws:es:eu-west-1:111111111111:domain/search/*' }) => ({
    AWSTemplateFormatVersion: '2010-09-09', ...extra,
    Resources: { Lookup: CUSTOM, Search: { Type: 'AWS::OpenSearchService::Domain', DeletionPolicy: 'Retain', Properties: { AccessPolicies: { Version: '2012-10-17', Statement: [statement] } } } },
  });
  /** `[rule, status, message]` of both rules on the domain; the account not known unless `account`. */
  const both = (template: any, account?: string) => checks.checkTemplate(template, 'T', { region: 'eu-west-1', ...(account ? { account } : {}) }).findings
    .filter((f) => f.resource === 'Search' && RULES.includes(f.ruleId)).map((f) => [f.ruleId, f.status, f.message]).sort();

  test.each(EVERYONE)('%s: both fail', (_, principal) => {
    expect(both(domain(principal))).toEqual([
      ['OpenSearchIamAuth', 'fail', expect.stringMatching(/the access policy allows everyone, with no condition/)],
      ['OpenSearchNotPublic', 'fail', expect.stringMatching(/its access policy \(Properties\.AccessPolicies\.Statement\.0\) grants everyone, without credentials/)],
    ]);
  });
  test.each(MAYBE)('%s may be every principal: OpenSearchIamAuth unknown, naming it (was pass for the padded, CanonicalUser, Service, wildcard ARN and custom forms); OpenSearchNotPublic fails for its public endpoint, not for the policy', (_, principal, what) => {
    expect(both(domain(principal, { Parameters: P }))).toEqual([
      ['OpenSearchIamAuth', 'unknown', expect.stringMatching(what)],
      ['OpenSearchNotPublic', 'fail', 'no VPCOptions: the domain has a public endpoint reachable from the internet'],
    ]);
  });
  test.each(NAMED)('%s: IAM principals only: OpenSearchIamAuth passes (the account by Ref AWS::AccountId was unknown)', (_, principal) => {
    expect(both(domain(principal)).find(([r]) => r === 'OpenSearchIamAuth')).toEqual(['OpenSearchIamAuth', 'pass', expect.stringMatching(/the access policy grants IAM principals only/)]);
  });
  test('NotPrincipal: OpenSearchIamAuth unknown, as before', () => {
    const not = domain(undefined, {}, { Effect: 'Allow', NotPrincipal: { AWS: ROLE }, Action: 'es:*', Resource: '*' });
    expect(both(not)[0]).toEqual(['OpenSearchIamAuth', 'unknown', expect.stringMatching(/an Allow with NotPrincipal lets in everyone it does not name/)]);
  });
});

describe('AlarmHasAction: a Deny of publishing in the topic policy applies to CloudWatch when its principal is every principal', () => {
  const ALARM = { Type: 'AWS::CloudWatch::Alarm', Properties: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'Topic' }] } };
  const CW = { Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish', Resource: { Ref: 'Topic' } };
  const has = (deny: any, extra: any = {}) => judged('AlarmHasAction', {
    Topic: { Type: 'AWS::SNS::Topic' }, Lookup: CUSTOM,
    OnCall: { Type: 'AWS::SNS::Subscription', Properties: { TopicArn: { Ref: 'Topic' }, Protocol: 'email', Endpoint: 'oncall@example.com' } },
    Errors: ALARM,
    TopicPolicy: { Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: [{ Ref: 'Topic' }], PolicyDocument: { Version: '2012-10-17', Statement: [CW, ...(deny ? [deny] : [])] } } },
  }, extra).map(([, s, m]) => [s, m]);
  const denyTo = (principal: any) => ({ Effect: 'Deny', Principal: principal, Action: 'sns:Publish', Resource: { Ref: 'Topic' } });

  test('no Deny, or a Deny to a named role: pass; a Deny to every principal: fail', () => {
    expect(has(undefined)).toEqual(ONE('pass', /notifies 1 target/));
    expect(has(denyTo({ AWS: ROLE }))).toEqual(ONE('pass', /notifies 1 target/));
    for (const [, principal] of EVERYONE) expect(has(denyTo(principal))).toEqual(ONE('fail', /denies sns:Publish to cloudwatch\.amazonaws\.com/));
  });
  test.each(MAYBE)('a Deny to %s may stop CloudWatch: unknown (was pass)', (_, principal, what) => {
    expect(has(denyTo(principal), { Parameters: P })).toEqual(ONE('unknown', what));
  });
});

describe('"is this the stack\'s account?": the value form (alarms) and the text form (dashboards) answer alike', () => {
  const OWN = '111111111111';
  /** Both answers for one value (and the text a dashboard would hold for it), the stack's account known or not. */
  function answers(raw: any, text: unknown, own: string | undefined): [unknown, unknown] {
    const index = new TemplateIndex({ Parameters: { Acct: { Type: 'String' } }, Resources: {} }, 't.json', 'T');
    if (own) index.pseudo = { accountId: own };
    const v = stackAccount(index, index.value(raw));
    return [v.same ? true : v.other !== undefined ? false : 'open', inStackAccount(text, own)];
  }
  const hole = new TemplateIndex({ Parameters: { Acct: { Type: 'String' } }, Resources: {} }, 't.json', 'T').value({ 'Fn::Sub': 'x${Acct}' });
  test.each([
    ['the written account id', OWN, OWN, true, 'open'],
    ['${AWS::AccountId} placed by Fn::Sub', { 'Fn::Sub': '${AWS::AccountId}' }, pseudoMark('AWS::AccountId'), true, true],
    ['Ref AWS::AccountId', { Ref: 'AWS::AccountId' }, pseudoMark('AWS::AccountId'), true, true],
    ['another account', '222222222222', '222222222222', false, 'open'],
    ['a parameter', { Ref: 'Acct' }, hole.k === 'unknown' ? hole.text : undefined, 'open', 'open'],
    ['the account id with white space around it', ` ${OWN} `, ` ${OWN} `, 'open', 'open'],
  ])('%s', (_, raw, text, known, alone) => {
    expect(answers(raw, text, OWN)).toEqual([known, known]);
    expect(answers(raw, text, undefined)).toEqual([alone, alone]);
  });
  test('${AWS::AccountId} written as text names no account: false for both; with the stack\'s account not known, the value form is open (its verdicts name the stack\'s account)', () => {
    expect(answers('${AWS::AccountId}', '${AWS::AccountId}', OWN)).toEqual([false, false]);
    expect(answers('${AWS::AccountId}', '${AWS::AccountId}', undefined)).toEqual(['open', false]);
  });

  describe('through the rules', () => {
    const bases = compliantBases();
    const set = (path: (string | number)[], value: any): PatchOp => ({ op: 'set', path, value });
    const alarm = (value: any, more: PatchOp[] = []) => {
      const metrics: any[] = bases.get('edge-alb').Resources.ErrorRateAlarm.Properties.Metrics;
      const patch = metrics.map((m, i) => (m.MetricStat ? set(['Resources', 'ErrorRateAlarm', 'Properties', 'Metrics', i, 'AccountId'], value) : undefined)).filter((p): p is PatchOp => p !== undefined);
      return checks.checkTemplate(applyPatch(bases.get('edge-alb'), [...more, ...patch]), 'edge-alb', { region: 'eu-west-1', account: OWN }).findings
        .filter((f) => f.ruleId === 'AlarmErrorRate' && f.resource === 'Alb').map((f) => [f.status, f.message]);
    };
    const dashboard = (account: any[]) => {
      const pieces: any[] = ['{"widgets":[{"type":"metric","properties":{"region":"eu-west-1","stat":"Maximum","accountId":"', ...account, '","metrics":['];
      ['CPUUtilization', 'FreeableMemory', 'VolumeBytesUsed', 'DatabaseConnections'].forEach((m, i) => pieces.push(`${i ? ',' : ''}["AWS/DocDB","${m}","DBClusterIdentifier","`, { Ref: 'Docs' }, '"]'));
      pieces.push(']}}]}');
      const template = {
        Parameters: { Acct: { Type: 'String' } },
        Resources: {
          Docs: { Type: 'AWS::DocDB::DBCluster', DeletionPolicy: 'Snapshot', Properties: { EngineVersion: '5.0.0', StorageEncrypted: true, BackupRetentionPeriod: 30, DeletionProtection: true } },
          DocsA: { Type: 'AWS::DocDB::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Docs' }, DBInstanceClass: 'db.r6g.large' } },
          Dash: { Type: 'AWS::CloudWatch::Dashboard', Properties: { DashboardBody: { 'Fn::Join': ['', pieces] } } },
        },
      };
      return checks.checkTemplate(template, 'T', { region: 'eu-west-1', account: OWN }).findings
        .filter((f) => f.ruleId === 'DashboardInfrastructure' && f.resource === 'Docs').map((f) => [f.status, f.message]);
    };

    test('the written account, Ref AWS::AccountId: both pass; another account: both fail; a parameter: both unknown', () => {
      expect(alarm(OWN).map(([s]) => s)).toEqual(['pass']);
      expect(dashboard([OWN]).map(([s]) => s)).toEqual(['pass']);
      expect(alarm({ Ref: 'AWS::AccountId' }).map(([s]) => s)).toEqual(['pass']);
      expect(dashboard([{ Ref: 'AWS::AccountId' }]).map(([s]) => s)).toEqual(['pass']);
      expect(alarm('222222222222')).toEqual(ONE('fail', /read in account 222222222222 \(AccountId\), not this stack's account 111111111111/));
      expect(dashboard(['222222222222'])).toEqual(ONE('fail', /dashboard Dash does not show/));
      expect(alarm({ Ref: 'Acct' }, [set(['Parameters', 'Acct'], { Type: 'String' })])).toEqual(ONE('unknown', /read in the account its AccountId names, decided at deploy time/));
      expect(dashboard([{ Ref: 'Acct' }]).map(([s]) => s)).toEqual(['unknown']);
    });
    test('the account with white space around it: both unknown (the alarm failed, the dashboard passed)', () => {
      expect(alarm(` ${OWN} `)).toEqual(ONE('unknown', /has AccountId " 111111111111 ", with white space around it: whether CloudWatch reads it as account 111111111111 \(this stack's account\) is not documented/));
      expect(dashboard([` ${OWN} `]).map(([s]) => s)).toEqual(['unknown']);
    });
    test('${AWS::AccountId} written as text names no account: both fail (the alarm was unknown)', () => {
      expect(alarm('${AWS::AccountId}')).toEqual(ONE('fail', /read in account \$\{AWS::AccountId\} \(AccountId\), not this stack's account 111111111111/));
      expect(dashboard(['${AWS::AccountId}']).map(([s]) => s)).toEqual(['fail']);
    });
  });
});
