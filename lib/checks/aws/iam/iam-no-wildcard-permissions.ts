import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { IAM_POLICY_TYPES, PERMISSION_SET, Statement, grants, managedPolicyOf, managedPolicyProperty, mayAllow, statements, wildcardAction, wildcardResource } from '../../cfn/iam-policies';
import { entries, entryPath } from '../../cfn/lists';

/**
 * AWS managed policies that grant administrator access or every action of a
 * service (`*FullAccess`; `SecretsManagerReadWrite`, which allows
 * `secretsmanager:*` on `*`; the job-function `DatabaseAdministrator`, which
 * allows `dynamodb:*` and `elasticache:*`), matched on the policy name of an
 * `arn:…:iam::aws:policy/…` ARN.
 */
function broadManaged(name: string): boolean {
  return /^[\w-]+$/.test(name) && (name.startsWith('AdministratorAccess') || name.includes('FullAccess') || ['PowerUserAccess', 'SecretsManagerReadWrite', 'DatabaseAdministrator'].includes(name));
}

/**
 * The policy name of an `arn:…:iam::aws:policy/[path/]<name>` ARN (the text after its last `/`), or undefined for
 * another ARN. Read by position, not by a regular expression: `(?:.*\/)?` before a name pattern backtracked
 * quadratically on long text.
 */
function awsManagedPolicyName(arn: string): string | undefined {
  const prefix = ':iam::aws:policy/';
  const at = arn.indexOf(prefix);
  if (at < 0) return undefined;
  return arn.slice(Math.max(arn.lastIndexOf('/') + 1, at + prefix.length));
}
/**
 * AWS managed policies whose names do not say so but whose documents allow every action of a service on `*` (or
 * every log group), from the AWS Managed Policy Reference: the service wildcards each grants.
 */
const SERVICE_WIDE_MANAGED: Record<string, string> = {
  AWSLambdaExecute: 'logs:*',
  AmazonEC2RoleforDataPipelineRole: 'cloudwatch:*, datapipeline:*, dynamodb:*, s3:*, sdb:*, sns:*, sqs:*',
  AmazonElasticMapReduceforEC2Role: 'cloudwatch:*, dynamodb:*, s3:*, sdb:*, sns:*, sqs:*',
  AWSGlueServiceRole: 'glue:*',
  AmazonSSMAutomationRole: 'ssm:*',
};
/** Of BROAD_MANAGED, the ones that grant administrator-level access (the others grant every action of a service). */
const ADMIN_MANAGED = /^(AdministratorAccess[\w-]*|PowerUserAccess|IAMFullAccess)$/;

/**
 * IAM-LEAST-PRIVILEGE: no identity policy allows every action (`*`), every
 * action of a service (`s3:*`), everything but a list (Allow + NotAction), or
 * `iam:PassRole` on any role; no AWS managed administrator, `*FullAccess` or
 * other service-wide policy (`SecretsManagerReadWrite`, job-function
 * `DatabaseAdministrator`, and those whose names do not say so:
 * `AWSLambdaExecute` allows `logs:*`, `AWSGlueServiceRole` `glue:*`,
 * `AmazonSSMAutomationRole` `ssm:*`, `AmazonEC2RoleforDataPipelineRole` and
 * `AmazonElasticMapReduceforEC2Role` `s3:*`, `dynamodb:*` and more) is attached.
 *
 * Decisions:
 * - `*` and `service:*` fail whatever the resource (IAM.1 for `*` on `*`,
 *   IAM.21 for service wildcards): least privilege names the actions. Partial
 *   wildcards (`s3:Get*`, as the CDK's `grantRead` emits) pass — they are how
 *   the CDK scopes its grants, and every CDK `grant*()` names actions and
 *   resources, so CDK-generated policies pass unchanged. An action part of
 *   wildcards only (`s3:**`, `s3:?*`) is `service:*`.
 * - `Resource: "*"` alone is not a failure: many read-only or account-level
 *   actions only accept `*` (ecr:GetAuthorizationToken, xray:PutTraceSegments).
 *   The exception is `iam:PassRole`, which on `*` lets the holder hand any
 *   role, admin included, to a service it controls.
 * - Deny statements are not judged. An action list computed at deploy time is unknown.
 * - An IAM Identity Center permission set (`AWS::SSO::PermissionSet`) is the
 *   role Identity Center provisions for people in each assigned account: its
 *   `InlinePolicy` is judged as a role's inline document, its
 *   `ManagedPolicies` as a role's `ManagedPolicyArns` (AdministratorAccess
 *   fails), and each of its `CustomerManagedPolicyReferences` (a policy name
 *   each account holds) is unknown, as a customer managed policy outside the
 *   template is. Users and groups are judged too: the item is about every
 *   identity the template grants permissions to, not only the service's.
 * - A managed policy outside the template that is not AWS managed (an ARN in
 *   the account, `arn:aws:iam::123456789012:policy/…` or `${AWS::AccountId}`)
 *   is unknown: its statements cannot be read, and it may allow `*`. Other
 *   AWS managed policies pass (they name their actions); one of the template
 *   (`Ref` of an `AWS::IAM::ManagedPolicy`) is judged on its own resource.
 * - A policy document written as JSON text (a string, or `Fn::Sub` JSON as
 *   Karpenter's reference template writes its managed policy) is parsed and
 *   judged like an object; a `${...}` reference in it is a value where it sits
 *   (an open parameter in an action: unknown). Text that does not parse (YAML,
 *   a reference outside a JSON string) is a statement that may allow anything:
 *   unknown, never "no statements" (`policyDocumentOf`).
 * - Every value is read in every world: a statement behind `Fn::If` (or an
 *   Allow of `*` in one branch) fails in the worlds that deploy it, so the
 *   verdict is unknown naming the condition (or violated when every world
 *   deploys it). A statement whose Effect is decided at deploy time is judged
 *   as an Allow, and what would fail is unknown.
 */
export const IamNoWildcardPermissions: AwsRule = {
  id: 'IamNoWildcardPermissions',
  items: ['IAM-LEAST-PRIVILEGE'],
  types: [...IAM_POLICY_TYPES, PERMISSION_SET],
  severity: Severity.HIGH,
  description: 'No IAM policy or IAM Identity Center permission set allows "*" or "service:*" actions, Allow with NotAction, or iam:PassRole on every role; no AdministratorAccess/PowerUserAccess/*FullAccess/SecretsManagerReadWrite/DatabaseAdministrator managed policy, nor another AWS managed policy allowing every action of a service (AWSLambdaExecute, AWSGlueServiceRole...), is attached; a customer managed policy outside the template cannot be read (unknown).',
  fix: 'Name the actions and resources (use the CDK grant methods: bucket.grantRead(role), secret.grantRead(role)); scope iam:PassRole to the role ARNs the service passes.',
  check(res, { index }) {
    const out: Verdict[] = [];
    const open: Verdict[] = [];
    let judged = 0;
    for (const s of statements(res, index)) {
      if (!mayAllow(s)) continue;
      judged++;
      for (const v of judgeStatement(s)) {
        if (v.status === FindingStatus.FAIL && s.effectUnknown !== undefined) open.push(unknown(v.property, v.value, `${v.message}, if its Effect (decided at deploy time: ${s.effectUnknown}) is Allow`));
        else (v.status === FindingStatus.FAIL ? out : open).push(v);
      }
    }
    const managed = managedPolicyProperty(res.type);
    if (managed !== undefined) {
      const at = `Properties.${managed}`;
      const arns = index.prop(res, managed);
      const list = entries(index, arns);
      if (list === undefined) open.push(unknown(at, arns, `managed policies decided at deploy time (${arns.k === 'unknown' ? arns.why : ''})`));
      for (const e of list ?? []) {
        judged++;
        const v = e.value;
        const p = entryPath(at, e);
        const named = managedPolicyOf(v);
        if ('unknown' in named) { open.push(unknown(p, v, `managed policy decided at deploy time (${named.unknown})`)); continue; }
        if ('outside' in named) {
          open.push(unknown(p, named.outside, `managed policy ${named.outside} is not in this template (an account's own policy): whether it names its actions cannot be read`));
          continue;
        }
        if ('template' in named) continue; // its document is judged on its own resource
        const name = awsManagedPolicyName(named.aws);
        if (name === undefined) continue;
        if (broadManaged(name)) out.push(fail(p, named.aws, `AWS managed policy ${name} grants ${ADMIN_MANAGED.test(name) ? 'administrator-level access' : 'every action of a service'}`));
        else if (Object.prototype.hasOwnProperty.call(SERVICE_WIDE_MANAGED, name)) out.push(fail(p, named.aws, `AWS managed policy ${name} allows every action of a service (${SERVICE_WIDE_MANAGED[name]})`));
      }
    }
    if (res.type === PERMISSION_SET) {
      // A customer managed policy by name and path: each account the set is assigned to must hold one of that name,
      // whose document is that account's (a policy of this template of the same name is this account's only).
      const refs = index.prop(res, 'CustomerManagedPolicyReferences');
      const list = entries(index, refs);
      if (list === undefined) open.push(unknown('Properties.CustomerManagedPolicyReferences', refs, `customer managed policies decided at deploy time (${refs.k === 'unknown' ? refs.why : ''})`));
      for (const e of list ?? []) {
        judged++;
        const name = index.field(e.value, 'Name');
        const path = index.field(e.value, 'Path');
        const shown = `${path.k === 'absent' ? '/' : V.show(path)}${V.show(name)}`;
        open.push(unknown(entryPath('Properties.CustomerManagedPolicyReferences', e), shown, `customer managed policy ${shown} is each assigned account's own policy, not in this template: whether it names its actions cannot be read`));
      }
    }
    if (out.length > 0) return out;
    if (open.length > 0) return open;
    if (judged === 0) return undefined;
    return pass(undefined, `${judged} grant(s)`, 'every Allow names its actions: no "*", no service-wide wildcard, no NotAction, no PassRole on every role');
  },
};

/** The failures and undecided parts of one statement that may allow (none when it names its actions). */
function judgeStatement(s: Statement): Verdict[] {
  if ('unknown' in s.actions) return [unknown(s.path, undefined, `actions decided at deploy time (${s.actions.unknown})`)];
  if (s.notAction) return [fail(`${s.path}.NotAction`, s.actions.map(V.show).join(', '), 'Allow with NotAction grants every action except the listed ones')];
  const out: Verdict[] = [];
  const names = s.actions.map((a) => (a.k === 'lit' ? V.str(a) : undefined));
  const all = names.find((a) => a !== undefined && wildcardAction(a) === 'all');
  if (all) return [fail(`${s.path}.Action`, all, 'allows every action ("*"): administrator-equivalent on its resources')];
  const svc = names.find((a) => a !== undefined && wildcardAction(a) === 'service');
  if (svc) return [fail(`${s.path}.Action`, svc, `allows every action of a service (${svc}): name the actions the workload calls`)];
  if (names.some((a) => a !== undefined && grants(a, 'iam:PassRole'))) {
    if ('unknown' in s.resources) out.push(unknown(`${s.path}.Resource`, undefined, `iam:PassRole on resources decided at deploy time (${s.resources.unknown})`));
    else if (s.notResource) out.push(fail(`${s.path}.NotResource`, s.resources.map(V.show).join(', '), 'iam:PassRole with NotResource: every role but the listed ones can be passed'));
    else {
      const wide = s.resources.find((r) => wildcardResource(r, 'role'));
      if (wide) out.push(fail(`${s.path}.Resource`, wide, 'iam:PassRole on every role: the holder can hand any role, admin included, to a service it controls'));
      else if (s.resources.some((r) => r.k === 'unknown')) out.push(unknown(`${s.path}.Resource`, undefined, 'iam:PassRole on a role decided at deploy time'));
    }
  }
  const computed = s.actions.find((a) => a.k !== 'lit' || V.str(a) === undefined);
  if (computed) out.push(unknown(`${s.path}.Action`, computed, `an action is decided at deploy time (${computed.k === 'unknown' ? computed.why : V.show(computed)})`));
  return out;
}
