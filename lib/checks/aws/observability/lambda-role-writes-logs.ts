import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { refsIn } from '../../cfn/alarms';
import { grants, statements } from '../../cfn/iam-policies';

/** AWS managed policies that let a function write its logs. */
const LOG_POLICIES = /:iam::aws:policy\/(service-role\/)?(AWSLambdaBasicExecutionRole|AWSLambdaVPCAccessExecutionRole|AWSLambdaExecute|AWSLambdaSQSQueueExecutionRole|AWSLambdaKinesisExecutionRole|AWSLambdaDynamoDBExecutionRole|AWSLambdaMSKExecutionRole|AWSLambdaBasicDurableExecutionRolePolicy|CloudWatchLogsFullAccess)$/;

function writesLogs(doc: CfnResource, index: TemplateIndex): boolean {
  return statements(doc, index).some((s) => s.effect === 'Allow' && !s.notAction && !('unknown' in s.actions)
    && s.actions.some((a) => { const t = V.str(a); return t !== undefined && grants(t, 'logs:PutLogEvents'); }));
}

function judgeFunction(fn: CfnResource, index: TemplateIndex): Verdict {
  const r = index.prop(fn, 'Role');
  if (r.k !== 'ref' || r.target.type !== 'AWS::IAM::Role') return unknown('Properties.Role', r, 'the function\'s role is outside this template: whether it may write logs cannot be seen');
  const role = r.target;
  const arns = index.prop(role, 'ManagedPolicyArns');
  for (const raw of V.list(arns) ?? []) {
    const v = index.value(raw);
    const text = v.k === 'lit' ? String(v.v) : v.k === 'expr' ? v.text : '';
    if (LOG_POLICIES.test(text)) return pass('Properties.Role', role.logicalId, `function logs to CloudWatch Logs (role ${role.logicalId} has ${text.split('/').pop()})`);
    if (v.k === 'ref' && v.target.type === 'AWS::IAM::ManagedPolicy' && writesLogs(v.target, index)) return pass('Properties.Role', role.logicalId, `function logs to CloudWatch Logs (managed policy ${v.target.logicalId})`);
  }
  const attached = index.referrers(role, 'AWS::IAM::Policy').filter((p) => refsIn(p.properties.Roles).has(role.logicalId));
  if (writesLogs(role, index) || attached.some((p) => writesLogs(p, index))) return pass('Properties.Role', role.logicalId, `function logs to CloudWatch Logs (role ${role.logicalId} may write log events)`);
  if (arns.k === 'unknown' || (V.list(arns) ?? []).some((a) => index.value(a).k === 'unknown')) return unknown('Properties.Role', role.logicalId, 'a managed policy of the function\'s role is decided at deploy time');
  return fail('Properties.Role', role.logicalId, `role ${role.logicalId} cannot write log events (no AWSLambdaBasicExecutionRole or logs:PutLogEvents): the function's output is lost`);
}

/**
 * LOG-CENTRALIZED (functions): a Lambda function's role may write its logs.
 *
 * Lambda sends every function's output to CloudWatch Logs — through the
 * function's role. A role with neither a Lambda execution managed policy
 * (AWSLambdaBasicExecutionRole and its variants) nor logs:PutLogEvents in an
 * inline, attached or customer-managed policy drops the output: fail. A role
 * outside the template is unknown. Containers are judged by LogCentralized.
 */
export const LambdaRoleWritesLogs: AwsRule = {
  id: 'LambdaRoleWritesLogs',
  items: ['LOG-CENTRALIZED'],
  types: ['AWS::Lambda::Function'],
  severity: Severity.MEDIUM,
  description: 'Every Lambda function\'s role may write to CloudWatch Logs (AWSLambdaBasicExecutionRole or logs:PutLogEvents).',
  fix: 'Keep AWSLambdaBasicExecutionRole (or logs:CreateLogStream/PutLogEvents on the function\'s log group) on the function role.',
  check(res, { index }) {
    return judgeFunction(res, index);
  },
};
