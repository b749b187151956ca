import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { INSTANCE_TYPES, launchProp, launchTemplatesOf } from './instance';

function judgeOptions(index: TemplateIndex, res: CfnResource, via?: CfnResource) {
  const base = `Properties.${launchProp(res, 'MetadataOptions')}`;
  const where = via ? ` (launch template ${res.logicalId})` : '';
  const endpoint = index.prop(res, `${launchProp(res, 'MetadataOptions')}.HttpEndpoint`);
  if (V.str(endpoint) === 'disabled') return pass(`${base}.HttpEndpoint`, endpoint, `instance metadata service disabled${where}`, via ? res : undefined);
  const tokens = index.prop(res, `${launchProp(res, 'MetadataOptions')}.HttpTokens`);
  if (tokens.k === 'unknown') return unknown(`${base}.HttpTokens`, tokens, `IMDS token mode decided at deploy time (${tokens.why})${where}`, via ? res : undefined);
  if (V.str(tokens) === 'required') return pass(`${base}.HttpTokens`, tokens, `IMDSv2 required${where}`, via ? res : undefined);
  return fail(`${base}.HttpTokens`, tokens, `IMDSv1 allowed (HttpTokens ${V.show(tokens)})${where}: a request forgery can read the instance role's credentials`, via ? res : undefined);
}

/**
 * COMPUTE-HARDENED: instances require IMDSv2 (HttpTokens required, or the
 * metadata endpoint disabled). An instance is judged on its own launch
 * template (the CDK's `requireImdsv2` adds one); without one IMDSv1 stays on.
 *
 * Decision: an absent HttpTokens fails. The account-level IMDS default may
 * require tokens, but the template does not show it.
 */
export const Ec2Imdsv2Required: AwsRule = {
  id: 'Ec2Imdsv2Required',
  items: ['COMPUTE-HARDENED'],
  types: INSTANCE_TYPES,
  severity: Severity.HIGH,
  description: 'EC2 instances, launch templates and launch configurations require IMDSv2 (MetadataOptions.HttpTokens required).',
  fix: 'Set requireImdsv2: true on the Instance/LaunchTemplate (or httpTokens: HttpTokens.REQUIRED).',
  fsbp: ['EC2.8'],
  controlTower: ['CT.EC2.PR.1'],
  check(res, { index }) {
    if (res.type !== 'AWS::EC2::Instance') return judgeOptions(index, res);
    const lts = launchTemplatesOf(res, index);
    if (lts.length > 0) return judgeOptions(index, lts[0], res);
    const lt = index.prop(res, 'LaunchTemplate');
    if (lt.k !== 'absent') return unknown('Properties.LaunchTemplate', lt, 'launch template outside this template: its metadata options cannot be seen');
    return fail('Properties.LaunchTemplate', lt, 'instance without a launch template requiring IMDSv2: IMDSv1 is allowed');
  },
};
