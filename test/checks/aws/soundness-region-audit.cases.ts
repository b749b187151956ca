/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * `${AWS::Region}` (`${AWS::AccountId}`, `${AWS::Partition}`...) written as text (a plain string, an Fn::Join piece,
 * `${!AWS::Region}` in Fn::Sub) is left as written by CloudFormation: it is never the stack's region. The template
 * index places a pseudo parameter decided at deploy time as its mark (`pseudoMark`), which no template text spells,
 * so each reader of a region, account or partition tells the two apart by construction. One case per reader family.
 */
import { TemplateIndex, pseudoMark } from '../../../lib/checks/template-index';
import { inStackRegion } from '../../../lib/checks/cfn/names';
import { checks, judgedOn } from './judged';
import { R, applyPatch, compliantBases, set } from './fixtures';

describe('the index places a pseudo parameter decided at deploy time as its mark', () => {
  const index = new TemplateIndex({ Resources: {} }, 'probe.json', 'Probe');

  test('Fn::Sub / Fn::Join / Ref of AWS::Region place the mark; ${!AWS::Region}, an Fn::Join piece and a plain string keep the text', () => {
    const mark = pseudoMark('AWS::Region');
    expect(index.value({ 'Fn::Sub': 'x-${AWS::Region}' })).toMatchObject({ k: 'expr', text: `x-${mark}` });
    expect(index.value({ 'Fn::Join': ['-', ['x', { Ref: 'AWS::Region' }]] })).toMatchObject({ k: 'expr', text: `x-${mark}` });
    expect(index.value({ 'Fn::Sub': 'x-${!AWS::Region}' })).toMatchObject({ k: 'expr', text: 'x-${AWS::Region}' });
    expect(index.value({ 'Fn::Join': ['-', ['x', '${AWS::Region}']] })).toEqual({ k: 'lit', v: 'x-${AWS::Region}' });
    expect(index.value('${AWS::Region}')).toEqual({ k: 'lit', v: '${AWS::Region}' });
    // Both in one text: each is told apart.
    expect(index.value({ 'Fn::Join': ['', [{ 'Fn::Sub': '${AWS::Region}' }, '/${AWS::Region}']] })).toMatchObject({ k: 'expr', text: `${mark}/\${AWS::Region}` });
  });

  test('a template text holding the mark\'s character is no text that can pass for the mark', () => {
    expect(index.value(pseudoMark('AWS::Region')).k).toBe('unknown');
    expect(index.value({ 'Fn::Sub': pseudoMark('AWS::Region') }).k).toBe('unknown');
  });

  test('inStackRegion: the mark is the stack\'s region; ${AWS::Region} as text names none', () => {
    for (const own of ['eu-west-1', undefined]) {
      expect(inStackRegion(pseudoMark('AWS::Region'), own)).toBe(true);
      expect(inStackRegion('${AWS::Region}', own)).toBe(false);
    }
    expect(inStackRegion('${Other}', 'eu-west-1')).toBe('open');
  });

  test('messages show the mark as ${AWS::...}', () => {
    // No environment: the pseudo parameters stay marks in the texts the rules quote.
    const tpl = applyPatch(compliantBases().get('platform'), [set(R('ServiceHealth', 'Properties', 'AlarmActions'), [{ 'Fn::Sub': 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:opsitem:3' }])]);
    const found = checks.checkTemplate(tpl, 'probe').findings.filter((f) => f.ruleId === 'CriticalAlarmPages' && f.resource === 'ServiceHealth');
    expect(found.map((f) => f.message)).toEqual([expect.stringMatching(/arn:\$\{AWS::Partition\}:ssm:\$\{AWS::Region\}:\$\{AWS::AccountId\}:opsitem:3/)]);
    expect(JSON.stringify(found)).not.toMatch(/u0005/);
  });
});

describe('alarm readers: a pseudo parameter written as text is not the stack\'s', () => {
  const actions = (v: any) => [set(R('ServiceHealth', 'Properties', 'AlarmActions'), [v])];

  test('CriticalAlarmPages: an Incident Manager response plan ARN with ${AWS::AccountId} as written is no response plan: fail (was pass)', () => {
    for (const v of ['arn:aws:ssm-incidents::${AWS::AccountId}:response-plan/web', { 'Fn::Join': ['', ['arn:aws:ssm-incidents::', '${AWS::AccountId}', ':response-plan/web']] }]) {
      expect(judgedOn('platform', actions(v), 'CriticalAlarmPages', 'ServiceHealth')).toEqual([['fail', expect.stringMatching(/ssm-incidents::\$\{AWS::AccountId\}:response-plan\/web/)]]);
    }
  });

  test('CriticalAlarmPages: the same ARN with the account placed by Fn::Sub still pages', () => {
    expect(judgedOn('platform', actions({ 'Fn::Sub': 'arn:aws:ssm-incidents::${AWS::AccountId}:response-plan/web' }), 'CriticalAlarmPages', 'ServiceHealth').map(([s]) => s)).toEqual(['pass']);
  });
});

describe('resource-pattern readers (edge.ts): a partition written as text is not the stack\'s', () => {
  const denyOn = (arn: (suffix: string) => any) => [set(R('LogArchivePolicy', 'Properties', 'PolicyDocument', 'Statement', 0, 'Resource'), [arn(''), arn('/*')])];

  test('S3BucketTlsOnly: a TLS deny on arn:${AWS::Partition}:s3:::<bucket> with the partition in an Fn::Join piece covers no bucket: fail (was pass)', () => {
    const literal = denyOn((suffix) => ({ 'Fn::Join': ['', ['arn:${AWS::Partition}:s3:::', { Ref: 'LogArchive' }, suffix]] }));
    expect(judgedOn('platform', literal, 'S3BucketTlsOnly', 'LogArchive')).toEqual([['fail', expect.any(String)]]);
  });

  test('S3BucketTlsOnly: the partition placed by Fn::Sub still covers the bucket', () => {
    const placed = denyOn((suffix) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:s3:::\${LogArchive}${suffix}` }));
    expect(judgedOn('platform', placed, 'S3BucketTlsOnly', 'LogArchive').map(([s]) => s)).toEqual(['pass']);
  });
});

describe('backup readers: a region written as text is not the stack\'s', () => {
  const selectArn = (region: any) => [
    set(R('BackupPlanTagged113EAD5B', 'Properties', 'BackupSelection'), {
      IamRoleArn: { 'Fn::GetAtt': ['BackupPlanTaggedRole27547497', 'Arn'] },
      SelectionName: 'ByArn',
      Resources: [{ 'Fn::Join': ['', ['arn:aws:rds:', region, ':', { Ref: 'AWS::AccountId' }, ':db:', { Ref: 'Db' }]] }],
    }),
  ];

  test('RdsInBackupPlan: a selection ARN whose region is ${AWS::Region} in an Fn::Join piece does not select the database for sure: not pass (was pass)', () => {
    const found = judgedOn('database-rds', selectArn('${AWS::Region}'), 'RdsInBackupPlan', 'Db');
    expect(found.map(([s]) => s)).not.toContain('pass');
    expect(found.length).toBeGreaterThan(0);
  });

  test('RdsInBackupPlan: the region placed by Ref still selects it', () => {
    expect(judgedOn('database-rds', selectArn({ Ref: 'AWS::Region' }), 'RdsInBackupPlan', 'Db').map(([s]) => s)).toEqual(['pass']);
  });
});

describe('region readers (security signals, dashboards, log destinations, S3 host names): ${!AWS::Region} of Fn::Sub is text', () => {
  const ENVS: Array<{ region?: string }> = [{ region: 'eu-west-1' }, {}];
  const bases = compliantBases();
  const on = (base: string, patch: any[], rule: string, resource: string, env: { region?: string }) =>
    checks.checkTemplate(applyPatch(bases.get(base), patch), 'probe', env).findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => [f.status, f.message]);

  test('AlarmSecurityEvents: Region dimension ${!AWS::Region}: fail; ${AWS::Region}: pass', () => {
    const dim = (v: any) => [set(R('WafBlockedAlarm', 'Properties', 'Dimensions', 0, 'Value'), v)];
    for (const env of ENVS) {
      expect(on('edge-alb', dim({ 'Fn::Sub': '${!AWS::Region}' }), 'AlarmSecurityEvents', 'WebAcl', env)).toEqual([['fail', expect.stringMatching(/dimension Region is \$\{AWS::Region\} as written/)]]);
      expect(on('edge-alb', dim({ 'Fn::Sub': '${AWS::Region}' }), 'AlarmSecurityEvents', 'WebAcl', env).map(([st]) => st)).toEqual(['pass']);
    }
  });

  test('DashboardSecurity: a body of one Fn::Sub whose graphs say ${!AWS::Region}: no graph of the stack, fail', () => {
    const body = bases.get('edge-alb').Resources.SecurityDashboard.Properties.DashboardBody;
    const text = body['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p.split('${').join('${!') : p.Ref === 'AWS::Region' ? '${!AWS::Region}' : p['Fn::GetAtt'] ? `\${${p['Fn::GetAtt'].join('.')}}` : `\${${p.Ref}}`)).join(body['Fn::Join'][0]);
    const patch = [set(R('SecurityDashboard', 'Properties', 'DashboardBody'), { 'Fn::Sub': text })];
    for (const env of ENVS) {
      expect(on('edge-alb', patch, 'DashboardSecurity', 'WebAcl', env)).toEqual([['fail', expect.stringMatching(/no dashboard shows AllowedRequests, BlockedRequests/)]]);
    }
    const placed = [set(R('SecurityDashboard', 'Properties', 'DashboardBody'), { 'Fn::Sub': text.split('${!AWS::Region}').join('${AWS::Region}') })];
    // (Its rows name Region eu-west-1: the stack's where the stack is known to deploy there.)
    expect(on('edge-alb', placed, 'DashboardSecurity', 'WebAcl', { region: 'eu-west-1' }).map(([st]) => st)).toEqual(['pass']);
  });

  test('LogRetention: awslogs-region ${!AWS::Region}: no group of the template, unknown', () => {
    const region = (v: any) => [set(R('Task', 'Properties', 'ContainerDefinitions', 0, 'LogConfiguration', 'Options', 'awslogs-region'), v)];
    for (const env of ENVS) {
      expect(on('ecs-service', region({ 'Fn::Sub': '${!AWS::Region}' }), 'LogRetention', 'Task', env)).toEqual([['unknown', expect.stringMatching(/region \$\{AWS::Region\} as written/)]]);
    }
  });

  test('S3BucketKmsEncrypted: a CloudFront log host edge-logs.s3.${!AWS::Region}.amazonaws.com names no bucket of the template: fail', () => {
    const logs = (v: any) => [set(R('AccessLogs', 'Properties', 'BucketName'), 'edge-logs'), set(R('Distribution', 'Properties', 'DistributionConfig', 'Logging', 'Bucket'), v)];
    for (const env of ENVS) {
      expect(on('edge-cloudfront', logs({ 'Fn::Sub': 'edge-logs.s3.${!AWS::Region}.amazonaws.com' }), 'S3BucketKmsEncrypted', 'AccessLogs', env)).toEqual([['fail', expect.stringMatching(/default encryption is AES256, not KMS/)]]);
    }
  });
});
