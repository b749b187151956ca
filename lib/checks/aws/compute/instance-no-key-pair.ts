import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { launchTemplatesOf } from './instance';

/** An EKS managed node group: its nodes carry `RemoteAccess.Ec2SshKey`, or the key of their launch template. @internal */
export const NODEGROUP = 'AWS::EKS::Nodegroup';

/** Where each instance type keeps its key pair name. */
export const KEY_PATH: Record<string, string> = {
  'AWS::EC2::Instance': 'KeyName',
  'AWS::EC2::LaunchTemplate': 'LaunchTemplateData.KeyName',
  'AWS::AutoScaling::LaunchConfiguration': 'KeyName',
  [NODEGROUP]: 'RemoteAccess.Ec2SshKey',
};

/** The verdict on one key-pair property; `via` names the launch template an instance or node group is judged through. */
function judgeKey(index: TemplateIndex, res: CfnResource, via?: CfnResource): Verdict {
  const path = `Properties.${KEY_PATH[res.type]}`;
  const key = index.prop(res, KEY_PATH[res.type]);
  const where = via ? ` (launch template ${res.logicalId})` : '';
  const on = via ? res : undefined;
  if (key.k === 'unknown') return unknown(path, key, `key pair decided at deploy time (${key.why})${where}`, on);
  if (key.k === 'absent' || V.str(key) === '') return pass(path, key, `no SSH key pair: access through Session Manager only${where}`, on);
  return fail(path, key, `instances launch with an SSH key pair${where}: a long-lived credential that bypasses Session Manager and its audit`, on);
}

/**
 * COMPUTE-REMOTE-ACCESS (instance half): EC2 instances, launch templates,
 * launch configurations and EKS managed node groups carry no SSH key pair;
 * shell access goes through SSM Session Manager. A key pair from a parameter
 * without AllowedValues is unknown (an empty value would mean none); one
 * behind a condition (`!If [HasKey, !Ref KeyName, !Ref AWS::NoValue]`) is
 * judged in both worlds.
 *
 * Decisions: an instance (or node group) with its own KeyName
 * (`RemoteAccess.Ec2SshKey`) is judged on it (it overrides the launch
 * template's); without one, on the launch template it launches from when that
 * template is in this template. A launch template outside the template
 * (`LaunchTemplateId: lt-...`, a parameter, an import) may carry a KeyName
 * the template cannot show: unknown, naming the launch template.
 */
export const InstanceNoKeyPair: AwsRule = {
  id: 'InstanceNoKeyPair',
  items: ['COMPUTE-REMOTE-ACCESS'],
  types: Object.keys(KEY_PATH),
  severity: Severity.MEDIUM,
  description: 'EC2 instances (their own KeyName or their launch template), launch templates, launch configurations and EKS node groups (RemoteAccess.Ec2SshKey or their launch template) have no SSH key pair: access goes through SSM Session Manager.',
  fix: 'Drop keyName/keyPair (and remoteAccess.ec2SshKey on node groups); attach AmazonSSMManagedInstanceCore to the instance role and use Session Manager.',
  check(res, { index }) {
    const fromTemplate = res.type === 'AWS::EC2::Instance' || res.type === NODEGROUP;
    if (!fromTemplate || index.prop(res, KEY_PATH[res.type]).k !== 'absent') return judgeKey(index, res);
    const lts = launchTemplatesOf(res, index);
    if (lts.length > 0) return judgeKey(index, lts[0], res);
    const lt = index.prop(res, 'LaunchTemplate');
    if (lt.k !== 'absent') {
      return unknown('Properties.LaunchTemplate', lt, `launch template ${V.show(lt)} is outside this template: it may give the instances a KeyName, which cannot be seen here`);
    }
    return judgeKey(index, res);
  },
};
