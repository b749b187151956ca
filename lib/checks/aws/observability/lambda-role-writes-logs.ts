import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { allows, roleMayCall } from './signals';

/** AWS managed policies that let a function write its logs. */
const LOG_POLICIES = /:iam::aws:policy\/(service-role\/)?(AWSLambdaBasicExecutionRole|AWSLambdaVPCAccessExecutionRole|AWSLambdaExecute|AWSLambdaSQSQueueExecutionRole|AWSLambdaKinesisExecutionRole|AWSLambdaDynamoDBExecutionRole|AWSLambdaMSKExecutionRole|AWSLambdaBasicDurableExecutionRolePolicy|CloudWatchLogsFullAccess)$/;

function judgeFunction(fn: CfnResource, index: TemplateIndex): Verdict {
  const r = index.prop(fn, 'Role');
  if (r.k !== 'ref' || r.target.type !== 'AWS::IAM::Role') return unknown('Properties.Role', r, 'the function\'s role is outside this template: whether it may write logs cannot be seen');
  const role = r.target;
  const arns = index.prop(role, 'ManagedPolicyArns');
  let open = arns.k === 'unknown';
  for (const v of index.items(arns) ?? []) {
    if (v.k === 'unknown') { open = true; continue; }
    const text = v.k === 'lit' ? V.str(v) ?? '' : v.k === 'expr' ? v.text : '';
    if (LOG_POLICIES.test(text)) return pass('Properties.Role', role.logicalId, `function logs to CloudWatch Logs (role ${role.logicalId} has ${text.split('/').pop()})`);
    if (v.k === 'ref' && v.target.type === 'AWS::IAM::ManagedPolicy') {
      const m = allows([v.target], index, 'logs:PutLogEvents');
      if (m === true) return pass('Properties.Role', role.logicalId, `function logs to CloudWatch Logs (managed policy ${v.target.logicalId})`);
      if (m === undefined) open = true;
    }
  }
  const own = roleMayCall(role, index, 'logs:PutLogEvents');
  if (own === true) return pass('Properties.Role', role.logicalId, `function logs to CloudWatch Logs (role ${role.logicalId} may write log events)`);
  if (open || own === undefined) return unknown('Properties.Role', role.logicalId, 'a policy of the function\'s role is decided at deploy time');
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
