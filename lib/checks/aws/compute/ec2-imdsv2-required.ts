import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { launchTemplatesOf } from './instance';
import { INSTANCE_TYPES, launchProp } from '../../cfn/user-data';

/**
 * The IMDS verdict of one resource's MetadataOptions (an instance, a launch
 * template, a launch configuration). `via` is the instance judged through its
 * launch template: the verdict then names the template.
 */
function judgeOptions(index: TemplateIndex, res: CfnResource, via?: CfnResource): Verdict {
  const opts = launchProp(res, 'MetadataOptions');
  const base = `Properties.${opts}`;
  const where = via ? ` (launch template ${res.logicalId})` : '';
  const on = via ? res : undefined;
  const endpoint = index.prop(res, `${opts}.HttpEndpoint`);
  if (endpoint.k !== 'unknown' && V.str(endpoint) === 'disabled') return pass(`${base}.HttpEndpoint`, endpoint, `instance metadata service disabled${where}`, on);
  const tokens = index.prop(res, `${opts}.HttpTokens`);
  if (tokens.k === 'unknown') return unknown(`${base}.HttpTokens`, tokens, `IMDS token mode decided at deploy time (${tokens.why})${where}`, on);
  if (V.str(tokens) === 'required') return pass(`${base}.HttpTokens`, tokens, `IMDSv2 required${where}`, on);
  if (endpoint.k === 'unknown') return unknown(`${base}.HttpEndpoint`, endpoint, `IMDSv1 allowed unless the endpoint, decided at deploy time, is disabled (${endpoint.why})${where}`, on);
  return fail(`${base}.HttpTokens`, tokens, `IMDSv1 allowed (HttpTokens ${V.show(tokens)})${where}: a request forgery can read the instance role's credentials`, on);
}

/** Whether an instance's own MetadataOptions decide its IMDS mode (HttpTokens or HttpEndpoint set, in this world). */
function ownOptions(index: TemplateIndex, res: CfnResource): boolean {
  return index.prop(res, 'MetadataOptions.HttpTokens').k !== 'absent' || index.prop(res, 'MetadataOptions.HttpEndpoint').k !== 'absent';
}

/**
 * COMPUTE-HARDENED: instances require IMDSv2 (HttpTokens required, or the
 * metadata endpoint disabled). An instance is judged on its own
 * `MetadataOptions` when they set HttpTokens or HttpEndpoint (they override
 * the launch template's), else on its launch template (the CDK's
 * `requireImdsv2` adds one); with neither, IMDSv1 stays on. Read in every
 * world: options behind `Fn::If` are judged in each branch.
 *
 * Decision: an absent HttpTokens fails. The account-level IMDS default may
 * require tokens, but the template does not show it.
 */
export const Ec2Imdsv2Required: AwsRule = {
  id: 'Ec2Imdsv2Required',
  items: ['COMPUTE-HARDENED'],
  types: INSTANCE_TYPES,
  severity: Severity.HIGH,
  description: 'EC2 instances (their own MetadataOptions or their launch template), launch templates and launch configurations require IMDSv2 (MetadataOptions.HttpTokens required).',
  fix: 'Set requireImdsv2: true on the Instance/LaunchTemplate (or httpTokens: HttpTokens.REQUIRED).',
  check(res, { index }) {
    if (res.type !== 'AWS::EC2::Instance' || ownOptions(index, res)) return judgeOptions(index, res);
    const lts = launchTemplatesOf(res, index);
    if (lts.length > 0) return judgeOptions(index, lts[0], res);
    const lt = index.prop(res, 'LaunchTemplate');
    if (lt.k !== 'absent') return unknown('Properties.LaunchTemplate', lt, 'launch template outside this template: its metadata options cannot be seen');
    return fail('Properties.MetadataOptions.HttpTokens', undefined, 'instance without MetadataOptions.HttpTokens required (and no launch template requiring IMDSv2): IMDSv1 is allowed');
  },
};
