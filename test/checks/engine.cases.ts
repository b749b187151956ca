import { Severity } from '../../lib';
import { applyAcknowledgements, crossStackResolver, runAwsRules } from '../../lib/checks/engine';
import { TemplateIndex, V } from '../../lib/checks/template-index';
import { FindingStatus } from '../../lib/checks/model';
import { AwsRule, fail, pass } from '../../lib/checks/rule';
import { Thresholds } from '../../lib/checklist/thresholds';

const template = {
  Resources: {
    A: { Type: 'AWS::S3::Bucket', Properties: { Good: true }, Metadata: { 'aws:cdk:path': 'S/Web/A/Resource' } },
    B: { Type: 'AWS::S3::Bucket', Properties: {}, Metadata: { 'aws:cdk:path': 'S/Db/B/Resource' } },
    C: { Type: 'AWS::SNS::Topic', Properties: {} },
  },
};

function spyRule(): AwsRule & { seen: string[] } {
  const seen: string[] = [];
  return {
    seen,
    id: 'SpyRule',
    items: ['DB-ENCRYPTION-AT-REST'],
    types: ['AWS::S3::Bucket'],
    severity: Severity.HIGH,
    description: 'spy',
    fix: 'fix it',
    check(res, { index }) {
      seen.push(res.logicalId);
      const good = index.prop(res, 'Good');
      return good.k === 'lit' && V.isTrue(good) ? pass('Properties.Good', 'true', 'good') : fail('Properties.Good', undefined, 'bad');
    },
  };
}

describe('engine', () => {
  test('dispatches a rule only to its resource types, once per resource', () => {
    const rule = spyRule();
    const findings = runAwsRules([{ file: 't.json', stack: 'S', template }], { rules: [rule], thresholds: Thresholds.DEFAULTS });
    expect(rule.seen.sort()).toEqual(['A', 'B']);
    expect(findings.map((f) => [f.resource, f.status, f.constructPath])).toEqual([
      ['A', FindingStatus.PASS, 'S/Web/A/Resource'],
      ['B', FindingStatus.FAIL, 'S/Db/B/Resource'],
    ]);
  });

  test('a rule that throws yields unknown, never pass', () => {
    const rule: AwsRule = { ...spyRule(), check: () => { throw new Error('boom'); } };
    const findings = runAwsRules([{ file: 't.json', stack: 'S', template }], { rules: [rule], thresholds: Thresholds.DEFAULTS });
    expect(findings.map((f) => f.status)).toEqual([FindingStatus.UNKNOWN, FindingStatus.UNKNOWN]);
    expect(findings[0].message).toMatch(/boom/);
  });

  test('severity overrides replace the rule severity', () => {
    const findings = runAwsRules([{ file: 't.json', stack: 'S', template }], { rules: [spyRule()], thresholds: Thresholds.DEFAULTS, severityOverrides: { SpyRule: Severity.LOW } });
    expect(findings.every((f) => f.severity === Severity.LOW)).toBe(true);
  });

  describe('acknowledgements', () => {
    const findings = () => runAwsRules([{ file: 't.json', stack: 'S', template }], { rules: [spyRule()], thresholds: Thresholds.DEFAULTS });

    test('by rule id on an ancestor path', () => {
      const { findings: out, records } = applyAcknowledgements(findings(), [{ id: 'SpyRule', fullId: 'GoLiveChecks::SpyRule', path: 'S/Db', reason: 'r1' }]);
      expect(out.find((f) => f.resource === 'B')!.status).toBe(FindingStatus.ACKNOWLEDGED);
      expect(out.find((f) => f.resource === 'B')!.acknowledgedReason).toBe('r1');
      expect(records).toEqual([{ id: 'GoLiveChecks::SpyRule', constructPath: 'S/Db', reason: 'r1', findings: 1 }]);
    });

    test('by item id', () => {
      const { findings: out } = applyAcknowledgements(findings(), [{ id: 'DB-ENCRYPTION-AT-REST', fullId: 'GoLiveChecks::DB-ENCRYPTION-AT-REST', path: 'S', reason: 'r2' }]);
      expect(out.find((f) => f.resource === 'B')!.status).toBe(FindingStatus.ACKNOWLEDGED);
    });

    test('an acknowledgement on a sibling path or another id does not apply', () => {
      const { findings: out, records } = applyAcknowledgements(findings(), [
        { id: 'SpyRule', fullId: 'GoLiveChecks::SpyRule', path: 'S/Web', reason: 'x' },
        { id: 'OtherRule', fullId: 'GoLiveChecks::OtherRule', path: 'S', reason: 'y' },
        { id: 'SpyRule', fullId: 'GoLiveChecks::SpyRule', path: 'S/Dbx', reason: 'z' },
      ]);
      expect(out.find((f) => f.resource === 'B')!.status).toBe(FindingStatus.FAIL);
      expect(records.map((r) => r.findings)).toEqual([0, 0, 0]);
    });

    test('passing findings are never turned into acknowledged ones', () => {
      const { findings: out } = applyAcknowledgements(findings(), [{ id: 'SpyRule', fullId: 'GoLiveChecks::SpyRule', path: '', reason: 'all' }]);
      expect(out.find((f) => f.resource === 'A')!.status).toBe(FindingStatus.PASS);
    });
  });
});

describe('cross-stack references', () => {
  const producer = {
    Resources: {
      Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
      WeakKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: false } },
    },
    Outputs: {
      KeyArnOut: { Value: { 'Fn::GetAtt': ['Key', 'Arn'] }, Export: { Name: 'Shared:KeyArn' } },
      WeakKeyOut: { Value: { 'Fn::GetAtt': ['WeakKey', 'Arn'] } },
    },
  };
  const consumer = {
    Resources: {
      ByImport: { Type: 'AWS::S3::Bucket', Properties: { Key: { 'Fn::ImportValue': 'Shared:KeyArn' } } },
      ByOutput: { Type: 'AWS::S3::Bucket', Properties: { Key: { 'Fn::GetStackOutput': { StackName: 'Producer', Region: 'us-east-1', OutputName: 'WeakKeyOut' } } } },
      Missing: { Type: 'AWS::S3::Bucket', Properties: { Key: { 'Fn::ImportValue': 'Elsewhere:KeyArn' } } },
    },
  };
  // A rule that follows the bucket's key into the producing template and reads the key's own property there.
  const rule: AwsRule = {
    id: 'KeyRotates', items: ['KMS-KEY-ROTATION'], types: ['AWS::S3::Bucket'], severity: Severity.LOW, description: 'd', fix: 'f',
    check(res, { index }) {
      const v = index.prop(res, 'Key');
      if (v.k !== 'ref') return { status: FindingStatus.UNKNOWN, message: v.k === 'unknown' ? v.why : v.k };
      const rotation = index.prop(v.target, 'EnableKeyRotation');
      return rotation.k === 'lit' && V.isTrue(rotation)
        ? pass('Key', v.target.logicalId, 'rotates') : fail('Key', v.target.logicalId, 'does not rotate');
    },
  };
  const run = () => runAwsRules([
    { file: 'cdk.out/Producer.template.json', stack: 'Producer', template: producer },
    { file: 'cdk.out/Consumer.template.json', stack: 'Consumer', template: consumer },
  ], { rules: [rule], thresholds: Thresholds.DEFAULTS });

  test('Fn::ImportValue and Fn::GetStackOutput are followed into the producing template', () => {
    const byRes = Object.fromEntries(run().map((f) => [f.resource, f]));
    expect(byRes.ByImport).toMatchObject({ status: FindingStatus.PASS, value: 'Key' });
    expect(byRes.ByOutput).toMatchObject({ status: FindingStatus.FAIL, value: 'WeakKey' });
  });

  test('an import no template of the run exports stays unknown', () => {
    const byRes = Object.fromEntries(run().map((f) => [f.resource, f]));
    expect(byRes.Missing.status).toBe(FindingStatus.UNKNOWN);
    expect(byRes.Missing.message).toMatch(/not in this check/);
  });

  test('referrers of a resource reached through another template are looked up in its own template', () => {
    const a = new TemplateIndex({ Resources: { Acl: { Type: 'AWS::WAFv2::WebACL', Properties: {} }, Assoc: { Type: 'AWS::WAFv2::WebACLAssociation', Properties: { WebACLArn: { 'Fn::GetAtt': ['Acl', 'Arn'] } } } }, Outputs: { AclArn: { Value: { 'Fn::GetAtt': ['Acl', 'Arn'] } } } }, 'a.json', 'A');
    const b = new TemplateIndex({ Resources: { Dist: { Type: 'AWS::CloudFront::Distribution', Properties: { WebACLId: { 'Fn::GetStackOutput': { StackName: 'A', OutputName: 'AclArn' } } } } } }, 'b.json', 'B');
    const resolver = crossStackResolver([{ file: 'a.json', stack: 'A', template: a.template }, { file: 'b.json', stack: 'B', template: b.template }], [a, b]);
    a.resolver = resolver;
    b.resolver = resolver;
    const v = b.prop(b.get('Dist')!, 'WebACLId');
    expect(v.k === 'ref' && v.target.logicalId).toBe('Acl');
    expect(v.k === 'ref' && b.referrers(v.target).map((r) => r.logicalId)).toEqual(['Assoc']);
  });
});
