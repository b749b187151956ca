/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * `${Id}` / `${Id.Attr}` written as text (a plain string, an Fn::Join piece, `${!Id}` in Fn::Sub) is left as written
 * by CloudFormation: it is never the resource's name or ARN. The template index places a reference of Fn::Sub /
 * Fn::Join as its mark (`refMark`), as it places a pseudo parameter (`pseudoMark`), so each reader of a reference
 * tells the two apart by construction. One case per reader that read the text as the reference.
 */
import { TemplateIndex, markedRef, refMark, showPseudoMarks } from '../../../lib/checks/template-index';
import { judgedOn } from './judged';
import { R, del, set } from './fixtures';

describe('the index places a reference as its mark', () => {
  const index = new TemplateIndex({ Resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: {} } } }, 'probe.json', 'Probe');

  test('Fn::Sub / Fn::Join place the mark; ${!Db}, an Fn::Join piece and a plain string keep the text', () => {
    expect(index.value({ 'Fn::Sub': 'x-${Db}' })).toMatchObject({ k: 'expr', text: `x-${refMark('Db')}` });
    expect(index.value({ 'Fn::Sub': 'x-${Db.Endpoint.Address}' })).toMatchObject({ k: 'expr', text: `x-${refMark('Db', 'Endpoint.Address')}` });
    expect(index.value({ 'Fn::Join': ['-', ['x', { Ref: 'Db' }]] })).toMatchObject({ k: 'expr', text: `x-${refMark('Db')}` });
    expect(index.value({ 'Fn::Sub': 'x-${!Db}' })).toEqual({ k: 'expr', text: 'x-${Db}', refs: [] });
    expect(index.value({ 'Fn::Join': ['-', ['x', '${Db}']] })).toEqual({ k: 'lit', v: 'x-${Db}' });
    expect(index.value({ 'Fn::Join': ['', [{ Ref: 'Db' }, '/${Db}']] })).toMatchObject({ k: 'expr', text: `${refMark('Db')}/\${Db}` });
    expect(markedRef(refMark('Db', 'Arn').slice(2, -1))).toBe('Db.Arn');
    expect(markedRef('Db')).toBeUndefined();
    expect(showPseudoMarks(`${refMark('Db')}/x`)).toBe('${Db}/x');
  });
});

/** The RDS base's dashboard with the FreeableMemory row's `{Ref: Db}` replaced by `piece`. */
function memoryRow(piece: any) {
  return [set(R('Dashboard9E4231ED', 'Properties', 'DashboardBody', 'Fn::Join', 1, 7), piece)];
}

describe('dashboards: a reference written as text shows no resource', () => {
  test('precondition: the memory row is the dashboard\'s second reference to Db', () => {
    expect(judgedOn('database-rds', memoryRow({ Ref: 'Db' }), 'DashboardInfrastructure', 'Db')).toEqual([['pass', expect.stringMatching(/memory/)]]);
  });

  test('DashboardInfrastructure: a FreeableMemory row naming the instance by an Fn::Join piece ${Db} does not show it: fail (was pass)', () => {
    expect(judgedOn('database-rds', memoryRow('${Db}'), 'DashboardInfrastructure', 'Db')).toEqual([['fail', expect.stringMatching(/memory/)]]);
  });

  test('DashboardInfrastructure: an OpenSearch row naming the domain by an Fn::Join piece ${Search} is not the domain\'s: fail (was pass)', () => {
    const base = require('../../fixtures/aws/compliant/opensearch.json');
    const parts: any[] = base.Resources.Dashboard9E4231ED.Properties.DashboardBody['Fn::Join'][1];
    const at = parts.findIndex((p, i) => p?.Ref === 'Search' && typeof parts[i - 3] === 'string' && parts[i - 3].includes('JVMMemoryPressure'));
    expect(at).toBeGreaterThan(0);
    const found = judgedOn('opensearch', [set(R('Dashboard9E4231ED', 'Properties', 'DashboardBody', 'Fn::Join', 1, at), '${Search}')], 'DashboardInfrastructure', 'Search');
    expect(found).toEqual([['fail', expect.stringMatching(/does not show memory of Search/)]]);
  });
});

describe('policy documents written as text: ${X.Arn} outside a placement is an IAM policy variable, no reference', () => {
  const head = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":["${LogArchive.Arn}","${LogArchive.Arn}/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}},{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"s3:GetObject","Resource":"';
  const tail = '/*"}]}';
  const policy = (v: any) => [set(R('LogArchivePolicy', 'Properties', 'PolicyDocument'), v)];

  test('S3BucketTlsOnly: a TLS deny on "${LogArchive.Arn}" in an Fn::Join piece does not cover the bucket: fail (was pass)', () => {
    const found = judgedOn('platform', policy({ 'Fn::Join': ['', [head, { 'Fn::GetAtt': ['LogArchive', 'Arn'] }, tail]] }), 'S3BucketTlsOnly', 'LogArchive');
    expect(found).toEqual([['fail', expect.stringMatching(/covers neither the bucket nor its objects/)]]);
    expect(JSON.stringify(found)).not.toMatch(/u0005/);
  });

  test('S3BucketTlsOnly: the same document with the ARNs placed by Fn::Join still passes', () => {
    const placed = { 'Fn::Join': ['', ['{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:*","Resource":["', { 'Fn::GetAtt': ['LogArchive', 'Arn'] }, '","', { 'Fn::GetAtt': ['LogArchive', 'Arn'] }, '/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}']] };
    expect(judgedOn('platform', policy(placed), 'S3BucketTlsOnly', 'LogArchive').map(([s]) => s)).toEqual(['pass']);
  });
});

describe('log group names: /aws/lambda/${Fn} written as text is no function\'s default group', () => {
  const named = (name: any) => [
    del(R('Fn9270CBC0', 'Properties', 'LoggingConfig', 'LogGroup')),
    set(R('FnLogs3EE1EAE0', 'Properties', 'LogGroupName'), name),
  ];

  test.each([
    ['a plain string', '/aws/lambda/${Fn9270CBC0}'],
    ['${!Fn} in Fn::Sub', { 'Fn::Sub': '/aws/lambda/${!Fn9270CBC0}' }],
    ['an Fn::Join piece', { 'Fn::Join': ['', ['/aws/lambda/', '${Fn9270CBC0}']] }],
  ])('LogRetention / LogEncrypted: a group named by %s does not manage the function\'s logs: fail (was pass)', (_, name) => {
    for (const rule of ['LogRetention', 'LogEncrypted']) {
      expect(judgedOn('lambda-service', named(name), rule, 'Fn9270CBC0')).toEqual([['fail', expect.stringMatching(/default \/aws\/lambda group/)]]);
    }
  });

  test('LogRetention: the group named by Fn::Sub /aws/lambda/${Fn} still manages them', () => {
    expect(judgedOn('lambda-service', named({ 'Fn::Sub': '/aws/lambda/${Fn9270CBC0}' }), 'LogRetention', 'Fn9270CBC0')).toEqual([['pass', expect.stringMatching(/logs to log group FnLogs3EE1EAE0/)]]);
  });
});

describe('backup selections: an ARN with ${!Db} selects no database', () => {
  const selection = (arn: any) => [
    set(R('BackupPlanTagged113EAD5B', 'Properties', 'BackupSelection', 'Resources'), [arn]),
    del(R('BackupPlanTagged113EAD5B', 'Properties', 'BackupSelection', 'ListOfTags')),
  ];

  test('RdsInBackupPlan: arn:...:db:${!Db} names no instance: fail, literal text (was pass; unknown before soundness-searchdash)', () => {
    const found = judgedOn('database-rds', selection({ 'Fn::Sub': 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:${!Db}' }), 'RdsInBackupPlan', 'Db');
    expect(found).toEqual([['fail', expect.stringMatching(/db:\$\{Db\} names no resource: its identifier \$\{Db\} is literal text/)]]);
    expect(JSON.stringify(found)).not.toMatch(/u0005/);
  });

  test('RdsInBackupPlan: arn:...:db:${Db} placed by Fn::Sub selects it', () => {
    expect(judgedOn('database-rds', selection({ 'Fn::Sub': 'arn:${AWS::Partition}:rds:${AWS::Region}:${AWS::AccountId}:db:${Db}' }), 'RdsInBackupPlan', 'Db').map(([s]) => s)).toEqual(['pass']);
  });
});
