import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { isServiceFunction } from '../../cfn/service-compute';
import { appContainers, containerName, isServiceTaskDefinition } from '../../cfn/environment';
import { LogDestination, appsyncLogDestination, containerLogDestination, lambdaLogDestination } from '../../cfn/log-destinations';

function judge(dest: LogDestination, label: string): Verdict | undefined {
  switch (dest.k) {
    case 'group':
      return pass(dest.property, dest.group.logicalId, `${label} logs to log group ${dest.group.logicalId} (its encryption is checked on the group)`);
    case 'external':
      return unknown(dest.property, dest.what, `${label} logs to ${dest.what}: its encryption cannot be seen here`);
    case 'unknown':
      return unknown(dest.property, undefined, `${label}: log destination decided at deploy time (${dest.why})`);
    case 'none':
      return undefined; // nothing is stored (LogRetention reports it)
    case 'implicit':
      return fail(dest.property, undefined, `${label} logs to the default ${dest.name.split('/<')[0]} group, which is not encrypted with a customer-managed key (${dest.fix})`);
  }
}

/**
 * LOG-ENCRYPTED: log groups encrypted with a customer-managed KMS key.
 *
 * Log groups are judged on KmsKeyId. Serving Lambda functions, ECS service containers and AppSync GraphQL and Event APIs that
 * write logs are judged on where they write (`cfn/log-destinations.ts`): a group of the template passes (judged on
 * the group); the default group the service creates itself (Lambda's /aws/lambda/<name>, AppSync's
 * /aws/appsync/apis/<api id>) fails: it is not encrypted with a customer key (a Custom::LogRetention sets only its
 * retention); a group outside the template or decided at deploy time is unknown.
 */
export const LogEncrypted: AwsRule = {
  id: 'LogEncrypted',
  items: ['LOG-ENCRYPTED'],
  types: ['AWS::Logs::LogGroup', 'AWS::Lambda::Function', 'AWS::ECS::TaskDefinition', 'AWS::AppSync::GraphQLApi', 'AWS::AppSync::Api'],
  severity: Severity.MEDIUM,
  description: 'Every log group has KmsKeyId (a customer-managed key); serving Lambda functions, ECS service containers and AppSync GraphQL and Event APIs log to such a group, not to the default one the service creates.',
  fix: 'Set KmsKeyId on the log group (new logs.LogGroup(..., { encryptionKey })) and grant logs.<region>.amazonaws.com use of the key; give AppSync APIs such a group named /aws/appsync/apis/${Api.ApiId}.',
  check(res, { index }) {
    if (res.type === 'AWS::Logs::LogGroup') {
      const key = index.prop(res, 'KmsKeyId');
      const p = 'Properties.KmsKeyId';
      if (key.k === 'absent') return fail(p, key, 'log group not encrypted with a customer-managed key');
      if (key.k === 'unknown') return unknown(p, key, `KMS key decided at deploy time (${key.why})`);
      return pass(p, key, 'log group encrypted with a customer-managed KMS key');
    }
    if (res.type === 'AWS::Lambda::Function') {
      if (!isServiceFunction(res, index)) return undefined;
      return judge(lambdaLogDestination(res, index), `function ${res.logicalId}`);
    }
    if (res.type === 'AWS::AppSync::GraphQLApi' || res.type === 'AWS::AppSync::Api') {
      const dest = appsyncLogDestination(res, index);
      return dest && judge(dest, `${res.type === 'AWS::AppSync::Api' ? 'Event' : 'GraphQL'} API ${res.logicalId}`);
    }
    if (!isServiceTaskDefinition(res, index)) return undefined;
    return appContainers(res, index)
      .map((c) => judge(containerLogDestination(c.def, c.position, index), `container ${containerName(c, index)}`))
      .filter((v): v is Verdict => v !== undefined);
  },
};
