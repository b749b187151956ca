import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { isServiceFunction } from '../../cfn/service-compute';
import { appContainers, containerName, isServiceTaskDefinition } from '../../cfn/environment';
import { LogDestination, containerLogDestination, lambdaLogDestination } from '../../cfn/log-destinations';

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
      return fail(dest.property, undefined, `${label} logs to the default /aws/lambda group, which is not encrypted with a customer-managed key (set logGroup to a LogGroup with encryptionKey)`);
  }
}

/** LOG-ENCRYPTED: log groups encrypted with a customer-managed KMS key. */
export const LogEncrypted: AwsRule = {
  id: 'LogEncrypted',
  items: ['LOG-ENCRYPTED'],
  types: ['AWS::Logs::LogGroup', 'AWS::Lambda::Function', 'AWS::ECS::TaskDefinition'],
  severity: Severity.MEDIUM,
  description: 'Every log group has KmsKeyId (a customer-managed key); serving Lambda functions and ECS service containers log to such a group, not to the default one.',
  fix: 'Set KmsKeyId on the log group (new logs.LogGroup(..., { encryptionKey })) and grant logs.<region>.amazonaws.com use of the key.',
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
    if (!isServiceTaskDefinition(res, index)) return undefined;
    return appContainers(res, index)
      .map((c) => judge(containerLogDestination(c.def, c.position, index), `container ${containerName(c, index)}`))
      .filter((v): v is Verdict => v !== undefined);
  },
};
