import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { IAM_POLICY_TYPES, Statement, grants, mayAllow, statements, wildcardResource } from '../../cfn/iam-policies';

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
 * - Allow + NotResource fails (every secret but the listed ones). Allow +
 *   NotAction grants GetSecretValue unless a NotAction pattern covers it.
 * - Read in every world: a grant behind `Fn::If` counts where its condition
 *   holds; an Effect decided at deploy time is judged as an Allow, and what
 *   would fail is unknown.
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
      if (!mayAllow(s)) continue;
      for (const v of judgeStatement(s, ok)) {
        if (v.status === FindingStatus.FAIL && s.effectUnknown !== undefined) out.push(unknown(v.property, v.value, `${v.message}, if its Effect (decided at deploy time: ${s.effectUnknown}) is Allow`));
        else out.push(v);
      }
    }
    const failed = out.filter((v) => v.status === FindingStatus.FAIL);
    if (failed.length > 0) return failed;
    if (out.length > 0) return out;
    if (ok.length === 0) return undefined;
    return pass(undefined, ok.join(', '), `secret reads scoped to ${ok.length} named secret(s)`);
  },
};

/** The verdicts on one statement that may allow; the scoped secrets it reads are added to `ok`. */
function judgeStatement(s: Statement, ok: string[]): Verdict[] {
  if ('unknown' in s.actions) {
    // Only a problem where the resources could be every secret.
    const wideOrOpen = 'unknown' in s.resources || s.notResource || s.resources.some((r) => r.k === 'unknown' || wildcardResource(r, 'secret'));
    return wideOrOpen ? [unknown(s.path, undefined, `actions decided at deploy time (${s.actions.unknown}) may include ${READ}, on resources that may be every secret`)] : [];
  }
  const names = s.actions.map((a) => (a.k === 'lit' ? V.str(a) : undefined));
  const computed = s.actions.find((a) => a.k !== 'lit' || V.str(a) === undefined);
  let what: string;
  if (s.notAction) {
    // Allow + NotAction grants GetSecretValue unless a listed pattern excludes it.
    if (names.some((a) => a !== undefined && grants(a, READ))) return [];
    if (computed) return [unknown(`${s.path}.NotAction`, computed, `NotAction decided at deploy time: the statement may allow ${READ}`)];
    what = `Allow with NotAction ${names.join(', ')} (${READ} not excluded)`;
  } else {
    const action = names.find((a) => a !== undefined && grants(a, READ));
    if (!action) return computed ? [unknown(`${s.path}.Action`, computed, `an action decided at deploy time may be ${READ}`)] : [];
    what = action;
  }
  if ('unknown' in s.resources) return [unknown(`${s.path}.Resource`, undefined, `${what} on resources decided at deploy time (${s.resources.unknown})`)];
  if (s.notResource) return [fail(`${s.path}.NotResource`, s.resources.map(V.show).join(', '), `${what} with NotResource: every secret but the listed ones can be read`)];
  const wide = s.resources.find((r) => wildcardResource(r, 'secret'));
  if (wide) return [fail(`${s.path}.Resource`, wide, `${what} on every secret of the account`)];
  const open = s.resources.find((r) => r.k === 'unknown');
  if (open) return [unknown(`${s.path}.Resource`, open, `${what} on a secret decided at deploy time (${open.k === 'unknown' ? open.why : ''})`)];
  ok.push(...s.resources.map(V.show));
  return [];
}
