import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { globMatch } from '../../glob';
import { replaceSubReferences } from '../../sub-references';
import { IAM_POLICY_TYPES, IDENTITY_TYPES, Statement, grants, managedPolicyOf, mayAllow, policyDocumentOf, statementEveryone, statements, wildcardResource } from '../../cfn/iam-policies';
import { entries, entryPath } from '../../cfn/lists';

const READ = 'secretsmanager:GetSecretValue';
const RESOURCE_POLICY = 'AWS::SecretsManager::ResourcePolicy';
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
 *   fails; one whose managed policy ARN is decided at deploy time, or names
 *   a customer managed policy outside the template (an ARN in the account),
 *   is unknown where it would otherwise pass (that policy may read every secret).
 * - Policy documents written as JSON text (a string, `Fn::Sub` JSON) are
 *   read as documents, for identity and resource policies alike; text that
 *   does not parse may allow anything: unknown (`policyDocumentOf`).
 * - The key-policy half of the item (the role may decrypt with the secret's
 *   KMS key) is not judged here.
 * - A secret's resource policy (AWS::SecretsManager::ResourcePolicy) fails when
 *   it allows GetSecretValue to every principal with no condition limiting it
 *   to named accounts or organizations (see checkResourcePolicy).
 */
export const SecretsReadScoped: AwsRule = {
  id: 'SecretsReadScoped',
  items: ['SECRETS-ACCESS-SCOPED'],
  types: [...IAM_POLICY_TYPES, RESOURCE_POLICY],
  severity: Severity.HIGH,
  description: 'secretsmanager:GetSecretValue is allowed only on specific secret ARNs, never on "*" (nor through AdministratorAccess, PowerUserAccess or SecretsManagerReadWrite), and no secret resource policy lets every principal read the secret without a condition limiting it to an account or organization.',
  fix: 'Grant read on the secrets the service uses (secret.grantRead(role), or ecs.Secret.fromSecretsManager(secret)), not on "*"; in a secret\'s resource policy, name the principals or add aws:PrincipalAccount / aws:PrincipalOrgID.',
  check(res, { index }) {
    if (res.type === RESOURCE_POLICY) return checkResourcePolicy(res, index);
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
        const named = managedPolicyOf(v);
        if ('unknown' in named) { openManaged.push(unknown(p, v, `managed policy decided at deploy time (${named.unknown}): it may read every secret`)); continue; }
        if ('outside' in named) { openManaged.push(unknown(p, named.outside, `managed policy ${named.outside} is not in this template (an account's own policy): its statements cannot be read, and it may read every secret`)); continue; }
        if ('template' in named) continue; // its document is judged on its own resource
        const m = READS_EVERY_SECRET.exec(named.aws);
        if (m) out.push(fail(p, named.aws, `AWS managed policy ${m[1]} allows ${READ} on every secret of the account`));
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

/**
 * Condition keys that limit who may use a grant to principals of named accounts or organizations, and which
 * part of their value names the account or organization (no wildcard allowed there).
 */
const LIMITING_KEYS: Record<string, (value: string) => string> = {
  'aws:principalaccount': (v) => v,
  'aws:principalorgid': (v) => v,
  'aws:principalarn': (v) => v.split(':')[4] ?? '*',
  'aws:principalorgpaths': (v) => v.split('/')[0],
};
/** Operators under which a limiting key with a fixed value limits the principal. */
const LIMITING_OPERATORS = new Set(['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike']);

type Tri = { k: 'yes' } | { k: 'no' } | { k: 'maybe'; why: string };

/** Whether a statement's actions (or NotActions) may grant GetSecretValue, and the action that does. */
function readAction(index: TemplateIndex, s: Val): { k: 'yes'; what: string } | { k: 'no' } | { k: 'maybe'; why: string } {
  const notAction = index.field(s, 'NotAction');
  const list = entries(index, notAction.k !== 'absent' ? notAction : index.field(s, 'Action'));
  if (list === undefined) return { k: 'maybe', why: 'its actions are decided at deploy time' };
  const names = list.map((e) => (e.value.k === 'lit' ? V.str(e.value) : undefined));
  const computed = names.some((n) => n === undefined);
  if (notAction.k !== 'absent') {
    if (names.some((a) => a !== undefined && grants(a, READ))) return { k: 'no' };
    return computed ? { k: 'maybe', why: 'its NotAction is decided at deploy time' } : { k: 'yes', what: `Allow with NotAction ${names.join(', ')} (${READ} not excluded)` };
  }
  const action = names.find((a) => a !== undefined && grants(a, READ));
  if (action) return { k: 'yes', what: action };
  return computed ? { k: 'maybe', why: `an action decided at deploy time may be ${READ}` } : { k: 'no' };
}

/**
 * Whether a statement's Condition limits it to principals of named accounts or organizations: one operator
 * block (all blocks must hold) with a limiting key whose every value names an account or organization without a
 * wildcard. `no` when there is no condition; `maybe` naming the keys the rule cannot read otherwise.
 */
function limited(index: TemplateIndex, s: Val): Tri & { by?: string } {
  const cond = index.field(s, 'Condition');
  if (cond.k === 'absent') return { k: 'no' };
  const ops = index.keys(cond);
  if (cond.k === 'unknown' || ops === undefined) return { k: 'maybe', why: `its Condition is decided at deploy time${cond.k === 'unknown' ? ` (${cond.why})` : ''}` };
  const seen: string[] = [];
  for (const [op, block] of ops) {
    const keys = index.keys(block) ?? [];
    for (const [key, value] of keys) {
      seen.push(key);
      const part = LIMITING_KEYS[key.toLowerCase()];
      if (!part || !LIMITING_OPERATORS.has(op.toLowerCase())) continue;
      const values = entries(index, value);
      if (values === undefined || values.length === 0) continue;
      const texts = values.map((e) => (e.value.k === 'lit' ? V.str(e.value) : undefined));
      if (texts.every((t) => t !== undefined && t !== '' && !/[*?]/.test(part(t)))) return { k: 'yes', by: `${op} ${key} ${texts.join(', ')}` };
    }
  }
  return { k: 'maybe', why: `its Condition (${seen.join(', ') || 'no key'}) does not name an account or organization the rule can read (aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn, aws:PrincipalOrgPaths)` };
}

/**
 * A secret's resource policy: a statement that allows GetSecretValue (any action pattern that grants it, or
 * NotAction not excluding it) to every principal (`*`, `{ AWS: '*' }`, or NotPrincipal not naming every principal:
 * `statementEveryone`) fails unless its
 * Condition limits the caller to named accounts or organizations (aws:PrincipalAccount, aws:PrincipalOrgID,
 * aws:PrincipalArn, aws:PrincipalOrgPaths with fixed values); a condition on anything else (source IP, VPC
 * endpoint, tags) is unknown, naming the keys, and so is a principal that may be every principal (decided at deploy
 * time, `"*"` under another key than `AWS`, a padded `" * "`, a wildcard within an ARN: `principalEveryone`). A policy naming its principals passes; one that grants no read
 * (the CDK's Deny DeleteSecret) gives no finding. `BlockPublicPolicy` is not counted: it makes the deployment
 * fail, it does not make the policy scoped.
 */
function checkResourcePolicy(res: CfnResource, index: TemplateIndex): Verdict | Verdict[] | undefined {
  const base = 'Properties.ResourcePolicy';
  const doc = policyDocumentOf(index, res, 'ResourcePolicy');
  if (doc.k === 'unknown') return unknown(base, doc, `resource policy decided at deploy time (${doc.why}): it may let every principal read the secret`);
  const list = entries(index, index.field(doc, 'Statement'));
  if (list === undefined) return unknown(`${base}.Statement`, undefined, 'statements decided at deploy time: one may let every principal read the secret');
  const out: Verdict[] = [];
  const ok: string[] = [];
  for (const e of list) {
    const s = e.value;
    const at = entryPath(`${base}.Statement`, e);
    if (s.k === 'unknown') { out.push(unknown(at, s, `a statement decided at deploy time (${s.why}) may let every principal read the secret`)); continue; }
    const effect = index.field(s, 'Effect');
    if (effect.k !== 'unknown' && V.str(effect) !== 'Allow') continue;
    const action = readAction(index, s);
    if (action.k === 'no') continue;
    const who = statementEveryone(index, s);
    if (who.k === 'no') { if (action.k === 'yes') ok.push(`${at}: ${action.what} to named principals`); continue; }
    const cond = limited(index, s);
    if (cond.k === 'yes') { ok.push(`${at}: ${action.k === 'yes' ? action.what : 'read'} to every principal under ${cond.by}`); continue; }
    const what = action.k === 'yes' ? action.what : READ;
    const whom = who.k === 'yes' ? who.what : who.not ? 'every principal but those of NotPrincipal' : 'every principal ("*")';
    const doubts = [effect.k === 'unknown' ? `its Effect is decided at deploy time (${effect.why})` : undefined,
      action.k === 'maybe' ? action.why : undefined, who.k === 'maybe' ? who.why : undefined, cond.k === 'maybe' ? cond.why : undefined]
      .filter((x): x is string => x !== undefined);
    if (doubts.length === 0) out.push(fail(at, what, `secret resource policy allows ${what} to ${whom} with no condition limiting it to an account or organization: anyone in any AWS account can read the secret`));
    else out.push(unknown(at, what, `secret resource policy may allow ${what} to ${whom}: ${doubts.join('; ')}`));
  }
  const failed = out.filter((v) => v.status === FindingStatus.FAIL);
  if (failed.length > 0) return failed;
  if (out.length > 0) return out;
  return ok.length > 0 ? pass(base, ok.join('; '), `secret resource policy lets only named principals read the secret: ${ok.join('; ')}`) : undefined;
}

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
