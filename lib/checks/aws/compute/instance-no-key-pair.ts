import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';

/** Where each instance type keeps its key pair name. */
export const KEY_PATH: Record<string, string> = {
  'AWS::EC2::Instance': 'KeyName',
  'AWS::EC2::LaunchTemplate': 'LaunchTemplateData.KeyName',
  'AWS::AutoScaling::LaunchConfiguration': 'KeyName',
};

/**
 * COMPUTE-REMOTE-ACCESS (instance half): EC2 instances, launch templates and
 * launch configurations carry no SSH key pair; shell access goes through SSM
 * Session Manager. A key pair from a parameter without AllowedValues is
 * unknown (an empty value would mean none); one behind a condition
 * (`!If [HasKey, !Ref KeyName, !Ref AWS::NoValue]`) is judged in both worlds.
 */
export const InstanceNoKeyPair: AwsRule = {
  id: 'InstanceNoKeyPair',
  items: ['COMPUTE-REMOTE-ACCESS'],
  types: Object.keys(KEY_PATH),
  severity: Severity.MEDIUM,
  description: 'EC2 instances, launch templates and launch configurations have no KeyName: access goes through SSM Session Manager.',
  fix: 'Drop keyName/keyPair; attach AmazonSSMManagedInstanceCore to the instance role and use Session Manager.',
  check(res, { index }) {
    const path = `Properties.${KEY_PATH[res.type]}`;
    const key = index.prop(res, KEY_PATH[res.type]);
    if (key.k === 'unknown') return unknown(path, key, `key pair decided at deploy time (${key.why})`);
    if (key.k === 'absent' || V.str(key) === '') return pass(path, key, 'no SSH key pair: access through Session Manager only');
    return fail(path, key, 'instances launch with an SSH key pair: a long-lived credential that bypasses Session Manager and its audit');
  },
};
