import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V, Val } from '../../template-index';
import { globMatch } from '../../glob';
import { replaceSubReferences } from '../../sub-references';
import { IAM_POLICY_TYPES, IDENTITY_TYPES, Statement, grants, mayAllow, statements, wildcardResource } from '../../cfn/iam-policies';
import { entries, entryPath } from '../../cfn/lists';

const READ = 'secretsmanager:GetSecretValue';
/**
 * AWS managed policies that allow GetSecretValue on every secret:
 * `AdministratorAccess` (`*`), `PowerUserAccess` (NotAction iam, organizations,
 * account), `SecretsManagerReadWrite` (`secretsmanager:*` on `*`).
 */
/**
 * Secret ARNs of every shape (a one-character name, a path, a long name): each
 * ends in `-` and six random characters, so a pattern that matches all of them
 * (`secret:*-*`, `secret:*-??????`) names every secret.
 */
const SAMPLE_SECRETS = ['a-AbCdEf', 'app/db/password-AbCdEf', 'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-0123456789-AbCdEf'];

/** Whether a resource pattern is a secret ARN whose name part is wildcards and hyphens matching every secret name. */
function everySecretName(v: Val): boolean {
  const s = v.k === 'lit' ? V.str(v) : v.k === 'expr' ? v.text : undefined;
  if (s === undefined) return false;
  const fields = replaceSubReferences(s.trim(), () => 'x').split(':');
  if (fields.length !== 7 || fields[5] !== 'secret') return false;
  const name = fields[6];
  return /^[*?-]+$/.test(name) && SAMPLE_SECRETS.every((n) => globMatch(name, n, true));
}

const READS_EVERY_SECRET = /:iam::aws:policy\/(AdministratorAccess|PowerUserAccess|SecretsManagerReadWrite)$/;

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
 *   `fromSecretNameV2`) is scoped; only a wildcard covering every secret fails,
 *   in any spelling (`secret:*`, and `secret:*-*` or `secret:*-??????`, which
 *   every secret ARN matches by its random suffix).
 * - Allow + NotResource fails (every secret but the listed ones). Allow +
 *   NotAction grants GetSecretValue unless a NotAction pattern covers it.
 * - Read in every world: a grant behind `Fn::If` counts where its condition
 *   holds; an Effect decided at deploy time is judged as an Allow, and what
 *   would fail is unknown.
 * - A role, user or group with an AWS managed policy that reads every secret
 *   (`AdministratorAccess`, `PowerUserAccess`, `SecretsManagerReadWrite`)
 *   fails; one whose managed policy ARN is decided at deploy time is unknown
 *   where it would otherwise pass (that policy may read every secret).
 * - The key-policy half of the item (the role may decrypt with the secret's
 *   KMS key) is not judged here.
 */
export const SecretsReadScoped: AwsRule = {
  id: 'SecretsReadScoped',
  items: ['SECRETS-ACCESS-SCOPED'],
  types: IAM_POLICY_TYPES,
  severity: Severity.HIGH,
  description: 'secretsmanager:GetSecretValue is allowed only on specific secret ARNs, never on "*" (nor through AdministratorAccess, PowerUserAccess or SecretsManagerReadWrite).',
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
    const openManaged: Verdict[] = [];
    if (IDENTITY_TYPES.includes(res.type)) {
      const arns = index.prop(res, 'ManagedPolicyArns');
      const list = entries(index, arns);
      if (list === undefined) openManaged.push(unknown('Properties.ManagedPolicyArns', arns, `managed policies decided at deploy time (${arns.k === 'unknown' ? arns.why : 'a computed list'}): one may read every secret`));
      for (const e of list ?? []) {
        const v = e.value;
        const p = entryPath('Properties.ManagedPolicyArns', e);
        if (v.k === 'unknown') { openManaged.push(unknown(p, v, `managed policy decided at deploy time (${v.why}): it may read every secret`)); continue; }
        const text = v.k === 'lit' ? V.str(v) : v.k === 'expr' ? v.text : undefined;
        const m = text === undefined ? null : READS_EVERY_SECRET.exec(text);
        if (m) out.push(fail(p, text, `AWS managed policy ${m[1]} allows ${READ} on every secret of the account`));
      }
    }
    const failed = out.filter((v) => v.status === FindingStatus.FAIL);
    if (failed.length > 0) return failed;
    if (out.length > 0) return out;
    if (ok.length === 0) return undefined;
    if (openManaged.length > 0) return openManaged;
    return pass(undefined, ok.join(', '), `secret reads scoped to ${ok.length} named secret(s)`);
  },
};

/** The verdicts on one statement that may allow; the scoped secrets it reads are added to `ok`. */
function judgeStatement(s: Statement, ok: string[]): Verdict[] {
  if ('unknown' in s.actions) {
    // Only a problem where the resources could be every secret.
    const wideOrOpen = 'unknown' in s.resources || s.notResource || s.resources.some((r) => r.k === 'unknown' || wildcardResource(r, 'secret') || everySecretName(r));
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
  const wide = s.resources.find((r) => wildcardResource(r, 'secret') || everySecretName(r));
  if (wide) return [fail(`${s.path}.Resource`, wide, `${what} on every secret of the account`)];
  const open = s.resources.find((r) => r.k === 'unknown');
  if (open) return [unknown(`${s.path}.Resource`, open, `${what} on a secret decided at deploy time (${open.k === 'unknown' ? open.why : ''})`)];
  ok.push(...s.resources.map(V.show));
  return [];
}
