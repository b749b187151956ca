import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { literalSecretFields, parameterField, parameterOf, textOf } from '../../cfn/secret-values';

/** The secret's value as written in the template, when it is written there. */
function secretString(res: CfnResource, index: TemplateIndex): Verdict | undefined {
  const v = index.prop(res, 'SecretString');
  const p = 'Properties.SecretString';
  switch (v.k) {
    case 'absent':
    case 'secret':
    case 'ref':
      return undefined;
    case 'lit': {
      const fields = typeof v.v === 'string' ? literalSecretFields(v.v) : undefined;
      const which = fields && fields.length > 0 ? ` (secret field(s) ${fields.map((f) => f.path).join(', ')})` : '';
      return fail(p, '(redacted)', `SecretString is written in the template in plain text${which}: anyone who can read the template or the stack has the secret (omit it and set the value out of band, or use GenerateSecretString)`);
    }
    case 'expr': {
      // A JSON document built from resource attributes (host, port...): literal secret fields are the problem.
      const fields = literalSecretFields(v.text) ?? [];
      if (fields.length > 0) return fail(p, fields.map((f) => f.path).join(', '), `SecretString has literal secret field(s) ${fields.map((f) => f.path).join(', ')} in the template`);
      return undefined;
    }
    case 'unknown': {
      const param = parameterOf(v, index);
      if (param) {
        const d = parameterField(index, param, 'Default');
        if (d.k === 'lit' && V.show(d) !== '') return fail(p, `Ref ${param}`, `SecretString comes from parameter ${param}, whose default value is written in the template`);
        const noEcho = parameterField(index, param, 'NoEcho');
        if (!(noEcho.k === 'lit' && V.isTrue(noEcho))) return fail(p, `Ref ${param}`, `SecretString comes from parameter ${param}, which is not NoEcho: the value shows in the console`);
        return undefined;
      }
      return unknown(p, v, `SecretString set at deploy time (${v.why}): cannot tell whether a plain-text value ends up in the template`);
    }
  }
}

/** Literal secret fields in the JSON the generated value is merged into (`GenerateSecretString.SecretStringTemplate`). */
function stringTemplate(res: CfnResource, index: TemplateIndex): Verdict | undefined {
  const tpl = index.prop(res, 'GenerateSecretString.SecretStringTemplate');
  const p = 'Properties.GenerateSecretString.SecretStringTemplate';
  if (tpl.k === 'absent' || tpl.k === 'secret' || tpl.k === 'ref') return undefined;
  const key = index.prop(res, 'GenerateSecretString.GenerateStringKey');
  if (tpl.k === 'unknown' || key.k === 'unknown') {
    return unknown(p, tpl.k === 'unknown' ? tpl : key, 'the secret\'s JSON template is decided at deploy time: cannot tell whether it holds a literal secret');
  }
  const text = textOf(tpl);
  const fields = text === undefined ? undefined : literalSecretFields(text, key.k === 'lit' ? V.str(key) : undefined);
  if (!fields || fields.length === 0) return undefined;
  const names = fields.map((f) => f.path).join(', ');
  return fail(p, names, `SecretStringTemplate writes secret field(s) ${names} in the template in plain text: only GenerateStringKey is generated`);
}

/** The key that encrypts the secret: customer-managed, or not. */
function encryption(res: CfnResource, index: TemplateIndex): Verdict {
  const key = index.prop(res, 'KmsKeyId');
  if (key.k === 'absent') return fail('Properties.KmsKeyId', key, 'encrypted with the AWS-managed aws/secretsmanager key: no key policy of yours controls who decrypts it, and it cannot be shared across accounts');
  if (key.k === 'unknown') return unknown('Properties.KmsKeyId', key, `KMS key decided at deploy time (${key.why})`);
  if (/alias\/aws\//.test(V.show(key))) return fail('Properties.KmsKeyId', key, 'encrypted with an AWS-managed key alias');
  return pass('Properties.KmsKeyId', key, 'secret encrypted with a customer-managed KMS key');
}

/**
 * SECRETS-MANAGED: secrets live in Secrets Manager, encrypted with a
 * customer-managed key, with no plain-text value in the template: no literal
 * `SecretString` (and no literal secret field in a JSON one built from other
 * resources), no literal secret field in `GenerateSecretString.SecretStringTemplate`
 * besides the generated key, no value from a parameter with a default or
 * without NoEcho.
 */
export const SecretsManaged: AwsRule = {
  id: 'SecretsManaged',
  items: ['SECRETS-MANAGED'],
  types: ['AWS::SecretsManager::Secret'],
  severity: Severity.HIGH,
  description: 'Each Secrets Manager secret is encrypted with a customer-managed KMS key (KmsKeyId) and has no plain-text value in the template (SecretString, or fields of its JSON template with a secret-looking name, a URL with a password, or a well-known token format under any name).',
  fix: 'Set KmsKeyId to a customer-managed key (new Secret(..., { encryptionKey })) and generate the value (GenerateSecretString) instead of writing it.',
  check(res, { index }) {
    const verdicts = [secretString(res, index), stringTemplate(res, index), encryption(res, index)];
    // The worst wins: a plain-text value or an AWS-managed key fails whatever else is undecided.
    return verdicts.find((v) => v?.status === FindingStatus.FAIL) ?? verdicts.find((v) => v?.status === FindingStatus.UNKNOWN) ?? verdicts[2];
  },
};
