/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Wrong passes found on real third-party backup and certificate templates (hunt hfbak; each case was a PASS):
 * - F1: a restore testing plan's IncludeVaults names this plan's vault by name or by reference, but in another
 *   region or account (restore testing plans and vaults are regional): BACKUP-RESTORE-TESTED passed;
 * - F2: an expiry alarm on DaysToExpiry reading SampleCount (a count of datapoints), or Sum over several days:
 *   EDGE-CERTIFICATE-EXPIRY-ALARM passed.
 */
import { applyPatch, compliantBases, PatchOp, R, set } from './fixtures';
import { checks, judgedOn } from './judged';

const PLAN = 'BackupPlanA8F64793';
const VAULT = 'BackupVault3A9C5852';
const NAME = 'GoLiveDatabaseBackupVault1B1766F9';
const include = (value: any): PatchOp => set(R('RestoreTestingPlan', 'Properties', 'RecoveryPointSelection', 'IncludeVaults'), value);
const exclude = (value: any): PatchOp => set(R('RestoreTestingPlan', 'Properties', 'RecoveryPointSelection', 'ExcludeVaults'), value);
const tested = (patch: PatchOp[]) => judgedOn('database', patch, 'BackupRestoreTested', PLAN);

describe('F1: restore tests of a vault of another region or account', () => {
  test('the base passes; the vault\'s own ARN, in the stack\'s region and account or by wildcard, passes', () => {
    expect(tested([]).map(([s]) => s)).toEqual(['pass']);
    expect(tested([include([`arn:aws:backup:eu-west-1:111111111111:backup-vault:${NAME}`])]).map(([s]) => s)).toEqual(['pass']);
    expect(tested([include([{ 'Fn::Sub': `arn:\${AWS::Partition}:backup:\${AWS::Region}:\${AWS::AccountId}:backup-vault:\${${VAULT}}` }])]).map(([s]) => s)).toEqual(['pass']);
    expect(tested([include(['arn:aws:backup:*:*:backup-vault:*'])]).map(([s]) => s)).toEqual(['pass']);
  });

  test('the vault\'s name in another region (a DR copy vault of the same name) tests nothing of this plan: fail', () => {
    expect(tested([include([`arn:aws:backup:us-west-2:111111111111:backup-vault:${NAME}`])])).toEqual([
      ['fail', expect.stringMatching(/no restore testing plan tests this plan's vault \(RestoreTestingPlan tests other vaults\)/)],
    ]);
    const sub = { 'Fn::Sub': `arn:\${AWS::Partition}:backup:us-west-2:\${AWS::AccountId}:backup-vault:\${${VAULT}}` };
    expect(tested([include([sub])])).toEqual([['fail', expect.stringMatching(/tests other vaults/)]]);
    expect(tested([include(['arn:aws:backup:us-west-2:111111111111:backup-vault:*'])])).toEqual([['fail', expect.stringMatching(/tests other vaults/)]]);
  });

  test('the vault\'s name in another account (a central backup account) tests nothing of this plan: fail', () => {
    expect(tested([include([`arn:aws:backup:eu-west-1:999999999999:backup-vault:${NAME}`])])).toEqual([
      ['fail', expect.stringMatching(/tests other vaults/)],
    ]);
  });

  test('an ExcludeVaults entry of another region does not take the vault out', () => {
    expect(tested([include(['*']), exclude([`arn:aws:backup:us-west-2:111111111111:backup-vault:${NAME}`])]).map(([s]) => s)).toEqual(['pass']);
    expect(tested([include(['*']), exclude([`arn:aws:backup:eu-west-1:111111111111:backup-vault:${NAME}`])]).map(([s]) => s)).toEqual(['fail']);
  });

  test('a literal region while the stack\'s region is not known: unknown, naming the ARN', () => {
    const tpl = applyPatch(compliantBases().get('database'), [include([`arn:aws:backup:us-west-2:111111111111:backup-vault:${NAME}`])]);
    const found = checks.checkTemplate(tpl, 'database').findings.filter((f) => f.ruleId === 'BackupRestoreTested' && f.resource === PLAN);
    expect(found.map((f) => [f.status, f.message])).toEqual([
      ['unknown', expect.stringMatching(/arn:aws:backup:us-west-2:111111111111:backup-vault:GoLiveDatabaseBackupVault1B1766F9 names region us-west-2, and the stack's region is not known at synth/)],
    ]);
  });
});

describe('F2: an expiry alarm that does not read the days left', () => {
  const CERT = 'Cert';
  const resources = (alarm: Record<string, any>) => ({
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    [CERT]: { Type: 'AWS::CertificateManager::Certificate', Properties: { DomainName: 'app.example.com', ValidationMethod: 'DNS', DomainValidationOptions: [{ DomainName: 'app.example.com', HostedZoneId: 'Z1' }] } },
    Expiry: {
      Type: 'AWS::CloudWatch::Alarm',
      // A key set to undefined is left out (ExtendedStatistic instead of Statistic).
      Properties: Object.fromEntries(Object.entries({
        Namespace: 'AWS/CertificateManager', MetricName: 'DaysToExpiry', Dimensions: [{ Name: 'CertificateArn', Value: { Ref: CERT } }],
        Statistic: 'Minimum', Period: 86400, EvaluationPeriods: 1, Threshold: 45, ComparisonOperator: 'LessThanThreshold', AlarmActions: [{ Ref: 'Topic' }], ...alarm,
      }).filter(([, v]) => v !== undefined)),
    },
  });
  const expiry = (alarm: Record<string, any>, extra: Record<string, any> = {}) => checks.checkTemplate({ AWSTemplateFormatVersion: '2010-09-09', ...extra, Resources: resources(alarm) })
    .findings.filter((f) => f.ruleId === 'AcmCertificateExpiryAlarm').map((f) => [f.status, f.message]);

  test('Minimum, Average, Maximum, a percentile, and Sum over a day pass', () => {
    for (const stat of ['Minimum', 'Average', 'Maximum']) expect(expiry({ Statistic: stat }).map(([s]) => s)).toEqual(['pass']);
    expect(expiry({ Statistic: undefined, ExtendedStatistic: 'p10' }).map(([s]) => s)).toEqual(['pass']);
    expect(expiry({ Statistic: 'Sum' }).map(([s]) => s)).toEqual(['pass']);
  });

  test('SampleCount counts datapoints: fail', () => {
    expect(expiry({ Statistic: 'SampleCount' })).toEqual([
      ['fail', expect.stringMatching(/Expiry: its statistic SampleCount is not the days left before expiry \(ACM publishes DaysToExpiry once a day; use Minimum\)/)],
    ]);
  });

  test('Sum over a week adds seven days up and fires late: fail', () => {
    expect(expiry({ Statistic: 'Sum', Period: 604800 })).toEqual([
      ['fail', expect.stringMatching(/Expiry: its statistic Sum adds up DaysToExpiry over 7 days/)],
    ]);
  });

  test('a statistic decided at deploy time is unknown', () => {
    const params = { Parameters: { Stat: { Type: 'String', AllowedValues: ['Minimum', 'SampleCount'], Default: 'Minimum' } } };
    expect(expiry({ Statistic: { Ref: 'Stat' } }, params)).toEqual([['unknown', expect.stringMatching(/Stat/)]]);
  });
});
