import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, refMark, TemplateIndex, V, Val } from '../../template-index';
import { deniedAction } from '../../cfn/service-roles';
import { lambdaLogDestination } from '../../cfn/log-destinations';
import { valueText } from '../../cfn/names';
import { allows, allowsOn, arnCovers, attachedPolicies, resourceText, stackArnFields } from '../../cfn/iam-policies';

/** AWS managed policies that let a function write its logs. */
const LOG_POLICIES = /:iam::aws:policy\/(service-role\/)?(AWSLambdaBasicExecutionRole|AWSLambdaVPCAccessExecutionRole|AWSLambdaExecute|AWSLambdaSQSQueueExecutionRole|AWSLambdaKinesisExecutionRole|AWSLambdaDynamoDBExecutionRole|AWSLambdaMSKExecutionRole|AWSLambdaBasicDurableExecutionRolePolicy|CloudWatchLogsFullAccess)$/;

/** AWS managed policies that, as a permissions boundary, leave logs:PutLogEvents allowed. */
const BOUNDARY_ALLOWS_LOGS = /:iam::aws:policy\/(service-role\/)?(AdministratorAccess|PowerUserAccess|AWSLambdaBasicExecutionRole|AWSLambdaVPCAccessExecutionRole|AWSLambdaExecute|CloudWatchLogsFullAccess)$/;

/** Whether the role's permissions boundary leaves logs:PutLogEvents allowed: true, false, or undefined when it cannot be read. */
function boundaryAllowsLogs(role: CfnResource, index: TemplateIndex): { ok: boolean | undefined; what?: string } {
  const b = index.prop(role, 'PermissionsBoundary');
  if (b.k === 'absent') return { ok: true };
  if (b.k === 'unknown') return { ok: undefined, what: b.why };
  if (b.k === 'ref' && b.target.type === 'AWS::IAM::ManagedPolicy') return { ok: allows([b.target], index, 'logs:PutLogEvents'), what: b.target.logicalId };
  const text = b.k === 'lit' ? V.str(b) ?? '' : b.k === 'expr' ? b.text : '';
  if (BOUNDARY_ALLOWS_LOGS.test(text)) return { ok: true };
  return { ok: /:iam::aws:policy\//.test(text) ? false : undefined, what: text || V.show(b) };
}

function judgeFunction(fn: CfnResource, index: TemplateIndex): Verdict {
  const r = index.prop(fn, 'Role');
  if (r.k !== 'ref' || r.target.type !== 'AWS::IAM::Role') return unknown('Properties.Role', r, 'the function\'s role is outside this template: whether it may write logs cannot be seen');
  const role = r.target;
  const managed = (index.items(index.prop(role, 'ManagedPolicyArns')) ?? []).flatMap((v) => (v.k === 'ref' && v.target.type === 'AWS::IAM::ManagedPolicy' ? [v.target] : []));
  const denied = deniedAction([role, ...attachedPolicies(role, index), ...managed], index, 'logs:PutLogEvents');
  if (denied.blocks) return fail('Properties.Role', role.logicalId, `role ${role.logicalId} denies logs:PutLogEvents on every resource (${denied.blocks}): the function's output is lost`);
  const boundary = boundaryAllowsLogs(role, index);
  if (boundary.ok === false) return fail('Properties.Role', role.logicalId, `the permissions boundary of role ${role.logicalId} (${boundary.what}) does not allow logs:PutLogEvents: the function's output is lost`);
  const granted = grantedLogs(fn, role, index);
  if (granted.status !== FindingStatus.PASS) return granted;
  if (denied.may) return unknown('Properties.Role', role.logicalId, `a Deny covering logs:PutLogEvents (${denied.may}) may apply to the function's log group`);
  if (boundary.ok === undefined) return unknown('Properties.Role', role.logicalId, `the permissions boundary of role ${role.logicalId} (${boundary.what}) cannot be read: whether it allows logs:PutLogEvents is not known`);
  return granted;
}

/** The ARNs of the function's log group a statement must cover (its streams, the group), and how its references read. */
interface LogTarget {
  /** What the group is, for messages. */
  readonly what: string;
  /** The log-stream ARN (logs:PutLogEvents, logs:CreateLogStream), the group ARN with `:*` (`${Group.Arn}`), the group ARN. */
  readonly arns: string[];
  /** The text of a reference to the group or the function (`Group`, `Group.Arn`, `Fn`). */
  readonly named: (ref: string) => string | undefined;
}

/** The function's log group as ARNs: a group of the template, Lambda's default /aws/lambda/<name>, a named group outside; a mark when it is decided at deploy time. */
function logTarget(fn: CfnResource, index: TemplateIndex): LogTarget {
  const { partition, region, account } = stackArnFields(index);
  const fnName = valueText(index.prop(fn, 'FunctionName')) ?? refMark(fn.logicalId);
  const dest = lambdaLogDestination(fn, index);
  let name: string;
  let what: string;
  let group: CfnResource | undefined;
  if (dest.k === 'group') {
    group = dest.group;
    name = valueText(index.prop(group, 'LogGroupName')) ?? refMark(group.logicalId);
    what = `log group ${group.logicalId}`;
  } else if (dest.k === 'implicit') {
    name = `/aws/lambda/${fnName}`;
    what = `its default log group /aws/lambda/${fnName}`;
  } else {
    const text = dest.k === 'external' ? valueText(index.prop(fn, 'LoggingConfig.LogGroup')) : undefined;
    name = text ?? '\u0001N';
    what = text !== undefined ? `log group ${text}` : 'its log group (decided at deploy time)';
  }
  const arn = `arn:${partition}:logs:${region}:${account}:log-group:${name}`;
  return {
    what,
    arns: [`${arn}:log-stream:x`, `${arn}:*`, arn],
    named: (ref) => {
      if (ref === fn.logicalId) return fnName;
      if (group && ref === group.logicalId) return name;
      if (group && ref === `${group.logicalId}.Arn`) return `${arn}:*`;
      return undefined;
    },
  };
}

/** Whether a statement's resource covers the log group for `action`: logs:PutLogEvents writes to a stream, logs:CreateLogStream creates one in the group. */
function coversLogs(target: LogTarget, action: string): (r: Val) => boolean | string {
  const arns = action === 'logs:PutLogEvents' ? target.arns.slice(0, 2) : target.arns;
  return (r) => {
    if (r.k === 'unknown') return `its resource is decided at deploy time (${r.why})`;
    const text = resourceText(r, target.named);
    if (text === undefined) return false;
    const c = arns.map((a) => arnCovers(text, a));
    if (c.includes(true)) return true;
    return c.includes('open') ? `whether resource ${V.show(r)} is ${target.what} is decided at deploy time` : false;
  };
}

const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];

/**
 * Whether the role may create log streams in the function's log group and write log events to them (managed,
 * inline or attached policies), ignoring Denies and boundaries.
 */
function grantedLogs(fn: CfnResource, role: CfnResource, index: TemplateIndex): Verdict {
  const arns = index.prop(role, 'ManagedPolicyArns');
  let open = arns.k === 'unknown' ? `the managed policies of role ${role.logicalId} are decided at deploy time (${arns.why})` : undefined;
  const managed: CfnResource[] = [];
  for (const v of index.items(arns) ?? []) {
    if (v.k === 'unknown') { open ??= `a managed policy of role ${role.logicalId} is decided at deploy time (${v.why})`; continue; }
    const text = v.k === 'lit' ? V.str(v) ?? '' : v.k === 'expr' ? v.text : '';
    if (LOG_POLICIES.test(text)) return pass('Properties.Role', role.logicalId, `function logs to CloudWatch Logs (role ${role.logicalId} has ${text.split('/').pop()})`);
    if (v.k === 'ref' && v.target.type === 'AWS::IAM::ManagedPolicy') managed.push(v.target);
  }
  const target = logTarget(fn, index);
  const docs = [role, ...attachedPolicies(role, index), ...managed];
  const missing: string[] = [];
  for (const action of LOG_ACTIONS) {
    const a = allowsOn(docs, index, action, coversLogs(target, action));
    if (a === false) missing.push(action);
    else if (a !== true) open ??= a.open;
  }
  if (missing.length > 0 && open === undefined) {
    return fail('Properties.Role', role.logicalId, `role ${role.logicalId} cannot write ${target.what}: no Allow of ${missing.join(' and ')} on it (AWSLambdaBasicExecutionRole, or both actions on the group's ARN): the function's output is lost`);
  }
  if (open !== undefined) return unknown('Properties.Role', role.logicalId, `whether role ${role.logicalId} may write ${target.what} is decided at deploy time: ${open}`);
  return pass('Properties.Role', role.logicalId, `function logs to CloudWatch Logs (role ${role.logicalId} may create log streams and write log events in ${target.what})`);
}

/**
 * LOG-CENTRALIZED (functions): a Lambda function's role may write its logs.
 *
 * Lambda sends every function's output to CloudWatch Logs — through the
 * function's role. A role with neither a Lambda execution managed policy
 * (AWSLambdaBasicExecutionRole and its variants) nor logs:PutLogEvents in an
 * inline, attached or customer-managed policy drops the output: fail. So does
 * a Deny of logs:PutLogEvents on every resource, or a permissions boundary
 * that does not allow it (an AWS managed boundary other than the Lambda
 * execution, CloudWatch Logs or administrator policies); a narrower Deny, or
 * a boundary that cannot be read, is unknown. A role outside the template is
 * unknown. Containers are judged by LogCentralized.
 */
export const LambdaRoleWritesLogs: AwsRule = {
  id: 'LambdaRoleWritesLogs',
  items: ['LOG-CENTRALIZED'],
  types: ['AWS::Lambda::Function'],
  severity: Severity.MEDIUM,
  description: 'Every Lambda function\'s role may write its log group (AWSLambdaBasicExecutionRole, or logs:CreateLogStream and logs:PutLogEvents on the function\'s log group).',
  fix: 'Keep AWSLambdaBasicExecutionRole (or logs:CreateLogStream/PutLogEvents on the function\'s log group) on the function role.',
  check(res, { index }) {
    return judgeFunction(res, index);
  },
};
