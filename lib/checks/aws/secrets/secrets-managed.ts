import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { isHarmlessLiteral, isSecretName } from '../../cfn/secret-values';

/** The secret's value as written in the template, when it is written there. */
function secretString(res: CfnResource, index: TemplateIndex): Verdict | undefined {
  const raw = res.properties.SecretString;
  const v = index.prop(res, 'SecretString');
  const p = 'Properties.SecretString';
  switch (v.k) {
    case 'absent':
    case 'secret':
    case 'ref':
      return undefined;
    case 'lit':
      return fail(p, '(redacted)', 'SecretString is written in the template in plain text: anyone who can read the template or the stack has the secret (omit it and set the value out of band, or use GenerateSecretString)');
    case 'expr': {
      // A JSON document built from resource attributes (host, port...): literal secret fields are the problem.
      const literalFields = [...v.text.matchAll(/"([^"]+)"\s*:\s*"([^"$]*)"/g)].filter(([, k, val]) => isSecretName(k) && !isHarmlessLiteral(val));
      if (literalFields.length > 0) return fail(p, literalFields.map(([, k]) => k).join(', '), `SecretString has literal secret field(s) ${literalFields.map(([, k]) => k).join(', ')} in the template`);
      return undefined;
    }
    case 'unknown': {
      const param = raw && typeof raw === 'object' && typeof raw.Ref === 'string' ? index.parameters[raw.Ref] : undefined;
      if (param) {
        if (param.Default !== undefined && param.Default !== '') return fail(p, `Ref ${raw.Ref}`, `SecretString comes from parameter ${raw.Ref}, whose default value is written in the template`);
        if (param.NoEcho !== true && param.NoEcho !== 'true') return fail(p, `Ref ${raw.Ref}`, `SecretString comes from parameter ${raw.Ref}, which is not NoEcho: the value shows in the console`);
        return undefined;
      }
      return unknown(p, v, `SecretString set at deploy time (${v.why}): cannot tell whether a plain-text value ends up in the template`);
    }
  }
}

/** SECRETS-MANAGED: secrets live in Secrets Manager, encrypted with a customer-managed key, with no plain-text value in the template. */
export const SecretsManaged: AwsRule = {
  id: 'SecretsManaged',
  items: ['SECRETS-MANAGED'],
  types: ['AWS::SecretsManager::Secret'],
  severity: Severity.HIGH,
  description: 'Each Secrets Manager secret is encrypted with a customer-managed KMS key (KmsKeyId) and has no plain-text SecretString in the template.',
  fix: 'Set KmsKeyId to a customer-managed key (new Secret(..., { encryptionKey })) and generate the value (GenerateSecretString) instead of writing it.',
  check(res, { index }) {
    const value = secretString(res, index);
    if (value) return value;
    const key = index.prop(res, 'KmsKeyId');
    if (key.k === 'absent') return fail('Properties.KmsKeyId', key, 'encrypted with the AWS-managed aws/secretsmanager key: no key policy of yours controls who decrypts it, and it cannot be shared across accounts');
    if (key.k === 'unknown') return unknown('Properties.KmsKeyId', key, `KMS key decided at deploy time (${key.why})`);
    if (/alias\/aws\//.test(V.show(key))) return fail('Properties.KmsKeyId', key, 'encrypted with an AWS-managed key alias');
    return pass('Properties.KmsKeyId', key, 'secret encrypted with a customer-managed KMS key');
  },
};
