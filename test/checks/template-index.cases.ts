import { TemplateIndex, V } from '../../lib/checks/template-index';

const template = {
  Parameters: { Env: { Type: 'String', Default: 'prod' } },
  Mappings: { Sizes: { prod: { Class: 'db.r6g.large' } } },
  Resources: {
    Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
    Db: {
      Type: 'AWS::RDS::DBCluster',
      Properties: {
        KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] },
        KeyByString: { 'Fn::GetAtt': 'Key.Arn' },
        MasterUserPassword: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Secret' }, ':SecretString:password::}}']] },
        FromParam: { Ref: 'Env' },
        Pseudo: { Ref: 'AWS::Region' },
        NoValue: { Ref: 'AWS::NoValue' },
        Imported: { 'Fn::ImportValue': 'Shared' },
        Ssm: '{{resolve:ssm:/my/param}}',
        Literal: { 'Fn::Join': ['-', ['a', 'b', 'c']] },
        WithRef: { 'Fn::Join': [':', ['arn', { Ref: 'Key' }]] },
        Sub: { 'Fn::Sub': 'arn:${AWS::Partition}:kms:${Key}' },
        SubVars: { 'Fn::Sub': ['${A}-${B}', { A: 'x', B: 'y' }] },
        SubParam: { 'Fn::Sub': 'env-${Env}' },
        Map: { 'Fn::FindInMap': ['Sizes', 'prod', 'Class'] },
        IfSame: { 'Fn::If': ['C', 5, 5] },
        IfDiff: { 'Fn::If': ['C', 5, 6] },
        Nested: { List: [{ Name: 'n', Value: { Ref: 'Key' } }] },
      },
    },
    Alias: {
      Type: 'AWS::Lambda::Alias',
      Properties: {},
      UpdatePolicy: { CodeDeployLambdaAliasUpdate: { DeploymentGroupName: { Ref: 'Group' } } },
    },
    Group: { Type: 'AWS::CodeDeploy::DeploymentGroup', Properties: {} },
  },
};

const index = new TemplateIndex(template, 't.json', 'T');
const db = index.get('Db')!;

describe('TemplateIndex', () => {
  test('indexes resources by id and type', () => {
    expect(index.ofType('AWS::KMS::Key').map((r) => r.logicalId)).toEqual(['Key']);
    expect(index.ofType('AWS::S3::Bucket')).toEqual([]);
    expect(index.get('Nope')).toBeUndefined();
  });

  test('follows Ref and Fn::GetAtt (array and string forms) to resources', () => {
    const a = index.prop(db, 'KmsKeyId');
    expect(a.k).toBe('ref');
    expect(a.k === 'ref' && a.target.logicalId).toBe('Key');
    expect(a.k === 'ref' && a.attr).toBe('Arn');
    const b = index.prop(db, 'KeyByString');
    expect(b.k === 'ref' && b.target.logicalId + '.' + b.attr).toBe('Key.Arn');
  });

  test('values decided at deploy time are unknown, never literal', () => {
    expect(index.prop(db, 'FromParam').k).toBe('unknown');
    expect(index.prop(db, 'Pseudo').k).toBe('unknown');
    expect(index.prop(db, 'Imported').k).toBe('unknown');
    expect(index.prop(db, 'Ssm').k).toBe('unknown');
    expect(index.prop(db, 'IfDiff').k).toBe('unknown');
    expect(index.prop(db, 'SubParam').k).toBe('unknown');
  });

  test('AWS::NoValue and missing properties are absent', () => {
    expect(index.prop(db, 'NoValue').k).toBe('absent');
    expect(index.prop(db, 'Missing').k).toBe('absent');
    expect(index.prop(db, 'Missing.Deeper').k).toBe('absent');
  });

  test('Secrets Manager dynamic references are secrets', () => {
    const v = index.prop(db, 'MasterUserPassword');
    expect(v.k).toBe('secret');
  });

  test('Fn::Join and Fn::Sub: literal when every part is known, expr with refs otherwise', () => {
    expect(index.prop(db, 'Literal')).toEqual({ k: 'lit', v: 'a-b-c' });
    const withRef = index.prop(db, 'WithRef');
    expect(withRef.k).toBe('expr');
    expect(withRef.k === 'expr' && withRef.refs.map((r) => r.logicalId)).toEqual(['Key']);
    const sub = index.prop(db, 'Sub');
    expect(sub.k === 'expr' && sub.refs.map((r) => r.logicalId)).toEqual(['Key']);
    expect(index.prop(db, 'SubVars')).toEqual({ k: 'lit', v: 'x-y' });
  });

  test('Fn::FindInMap with known keys resolves; Fn::If on an undeclared condition is unknown', () => {
    expect(index.prop(db, 'Map')).toEqual({ k: 'lit', v: 'db.r6g.large' });
    expect(index.prop(db, 'IfSame')).toEqual({ k: 'unknown', why: 'condition C is not declared in t.json' });
  });

  test('dotted paths walk arrays and maps', () => {
    expect(V.str(index.prop(db, 'Nested.List.0.Name'))).toBe('n');
    expect(index.prop(db, 'Nested.List.0.Value').k).toBe('ref');
  });

  test('reverse references include Join, Sub and UpdatePolicy', () => {
    const key = index.get('Key')!;
    expect(index.referrers(key).map((r) => r.logicalId)).toEqual(['Db']);
    expect(index.referrers(index.get('Secret')!).map((r) => r.logicalId)).toEqual(['Db']);
    expect(index.referrers(index.get('Group')!, 'AWS::Lambda::Alias').map((r) => r.logicalId)).toEqual(['Alias']);
    expect(index.referrers(key, 'AWS::S3::Bucket')).toEqual([]);
  });

  test('parameters are dispatchable pseudo-resources', () => {
    expect(index.parameterResources().map((p) => [p.logicalId, p.type])).toEqual([['Env', 'Template::Parameter']]);
  });

  test('a document without Resources is refused', () => {
    expect(() => new TemplateIndex({ foo: 1 }, 'x.json', 'X')).toThrow(/not a CloudFormation template/);
    expect(() => new TemplateIndex({ Resources: { A: {} } }, 'x.json', 'X')).toThrow(/resource A has no Type/);
  });
});
