import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { IAM_POLICY_TYPES, grants, statements, wildcardResource } from '../../cfn/iam-policies';

const READ = 'secretsmanager:GetSecretValue';

/**
 * SECRETS-ACCESS-SCOPED: `secretsmanager:GetSecretValue` is allowed only on
 * named secrets, never on `*` (or `arn:…:secret:*`).
 *
 * Decisions:
 * - Any action pattern that grants GetSecretValue counts (`secretsmanager:Get*`,
 *   `secretsmanager:*`, `*`), so a broad grant is caught here as well as by
 *   IamNoWildcardPermissions.
 * - A secret named by a reference (`Ref Secret`), by a literal ARN or by a
 *   name prefix (`secret:app/db-*`, the form the CDK emits for
 *   `fromSecretNameV2`) is scoped; only a wildcard covering every secret fails.
 * - Allow + NotResource fails (every secret but the listed ones).
 * - The key-policy half of the item (the role may decrypt with the secret's
 *   KMS key) is not judged here.
 */
export const SecretsReadScoped: AwsRule = {
  id: 'SecretsReadScoped',
  items: ['SECRETS-ACCESS-SCOPED'],
  types: IAM_POLICY_TYPES,
  severity: Severity.HIGH,
  description: 'secretsmanager:GetSecretValue is allowed only on specific secret ARNs, never on "*".',
  fix: 'Grant read on the secrets the service uses (secret.grantRead(role), or ecs.Secret.fromSecretsManager(secret)), not on "*".',
  check(res, { index }) {
    const out: Verdict[] = [];
    const ok: string[] = [];
    for (const s of statements(res, index)) {
      if (s.effect !== 'Allow' || s.notAction || 'unknown' in s.actions) continue;
      const action = s.actions.map((a) => V.str(a)).find((a) => a !== undefined && grants(a, READ));
      if (!action) continue;
      if ('unknown' in s.resources) {
        out.push(unknown(`${s.path}.Resource`, undefined, `${action} on resources decided at deploy time (${s.resources.unknown})`));
        continue;
      }
      if (s.notResource) {
        out.push(fail(`${s.path}.NotResource`, s.resources.map(V.show).join(', '), `${action} with NotResource: every secret but the listed ones can be read`));
        continue;
      }
      const wide = s.resources.find((r) => wildcardResource(r, 'secret'));
      if (wide) {
        out.push(fail(`${s.path}.Resource`, wide, `${action} on every secret of the account`));
        continue;
      }
      const computed = s.resources.find((r) => r.k === 'unknown');
      if (computed) {
        out.push(unknown(`${s.path}.Resource`, computed, `${action} on a secret decided at deploy time (${computed.k === 'unknown' ? computed.why : ''})`));
        continue;
      }
      ok.push(...s.resources.map(V.show));
    }
    if (out.length > 0) return out;
    if (ok.length === 0) return undefined;
    return pass(undefined, ok.join(', '), `secret reads scoped to ${ok.length} named secret(s)`);
  },
};
