import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val } from '../../template-index';

/** Where each instance type keeps its key pair name. */
export const KEY_PATH: Record<string, string> = {
  'AWS::EC2::Instance': 'KeyName',
  'AWS::EC2::LaunchTemplate': 'LaunchTemplateData.KeyName',
  'AWS::AutoScaling::LaunchConfiguration': 'KeyName',
};

/** An instance's own key pair (a launch template it uses is judged on its own). */
function keyOf(index: TemplateIndex, res: CfnResource): { v: Val; path: string } {
  const path = KEY_PATH[res.type];
  return { v: index.prop(res, path), path: `Properties.${path}` };
}

/**
 * COMPUTE-REMOTE-ACCESS (instance half): EC2 instances, launch templates and
 * launch configurations carry no SSH key pair; shell access goes through SSM
 * Session Manager. A key pair from a parameter is unknown (an empty value
 * would mean none).
 */
export const InstanceNoKeyPair: AwsRule = {
  id: 'InstanceNoKeyPair',
  items: ['COMPUTE-REMOTE-ACCESS'],
  types: Object.keys(KEY_PATH),
  severity: Severity.MEDIUM,
  description: 'EC2 instances, launch templates and launch configurations have no KeyName: access goes through SSM Session Manager.',
  fix: 'Drop keyName/keyPair; attach AmazonSSMManagedInstanceCore to the instance role and use Session Manager.',
  check(res, { index }) {
    const k = keyOf(index, res);
    if (k.v.k === 'absent' || (k.v.k === 'lit' && k.v.v === '')) return pass(k.path, k.v, 'no SSH key pair: access through Session Manager only');
    if (k.v.k === 'unknown') return unknown(k.path, k.v, `key pair decided at deploy time (${k.v.why})`);
    return fail(k.path, k.v, 'instances launch with an SSH key pair: a long-lived credential that bypasses Session Manager and its audit');
  },
};
