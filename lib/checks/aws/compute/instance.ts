import { CfnResource, PARAMETER_TYPE, TemplateIndex, V } from '../../template-index';
import { entries } from '../../cfn/lists';
import { launchProp } from '../../cfn/user-data';

/** The launch templates of this template an instance launches from, in the current world. @internal */
export function launchTemplatesOf(res: CfnResource, index: TemplateIndex): CfnResource[] {
  return [...index.refsOf(index.prop(res, 'LaunchTemplate'))].map((id) => index.get(id))
    .filter((r): r is CfnResource => r !== undefined && r.type === 'AWS::EC2::LaunchTemplate');
}

/** What a template shows of the image an instance boots. @internal */
export interface AmiView {
  /** The AMI family when the template proves it (`Amazon Linux`, `Bottlerocket`). */
  readonly family?: string;
  /** Why the image cannot be known at synth, naming the parameter and its likely image when there is one. */
  readonly unknown?: string;
}

const FAMILIES: [RegExp, string][] = [
  [/^\/aws\/service\/(ami-amazon-linux-latest|ecs\/optimized-ami\/amazon-linux|eks\/optimized-ami\/[^/]+\/amazon-linux)/i, 'Amazon Linux'],
  [/^\/aws\/service\/bottlerocket\//i, 'Bottlerocket'],
];

/** The AMI family an AWS public SSM parameter path names (only the AWS-owned `/aws/service/` namespace counts). */
function familyOfPath(path: string): string | undefined {
  return FAMILIES.find(([re]) => re.test(path))?.[1];
}

const SSM_PARAMETER = /^parameter (\S+) is read from SSM Parameter Store at deploy time$/;
const DYNAMIC_SSM = /\{\{resolve:ssm:([^}:]+)/;

/**
 * The AMI family when the template proves it:
 * - `resolve:ssm:/aws/service/...` (EC2 resolves the public parameter at launch,
 *   the CDK's `MachineImage.resolveSsmParameterAtLaunch`) or a
 *   `{{resolve:ssm:/aws/service/...}}` dynamic reference: the path is in the
 *   template, and only AWS publishes under `/aws/service/`;
 * - an SSM-typed parameter whose `AllowedValues` are all such paths of one family.
 * An SSM-typed parameter with only a `Default` is unknown: the Default is the
 * likely value, never proof (the deployer may pass another parameter name);
 * the message names the parameter and the image it likely resolves to.
 * @internal
 */
export function amiOf(res: CfnResource, index: TemplateIndex): AmiView {
  const v = index.prop(res, launchProp(res, 'ImageId'));
  if (v.k === 'absent') return {};
  if (v.k === 'lit') {
    const s = V.str(v) ?? '';
    const m = /^resolve:ssm:([^:]+)/.exec(s);
    const family = m ? familyOfPath(m[1]) : undefined;
    return family ? { family } : {};
  }
  if (v.k !== 'unknown') return {};
  const dyn = DYNAMIC_SSM.exec(v.why);
  if (dyn) {
    const family = familyOfPath(dyn[1]);
    return family ? { family } : { unknown: `image from SSM parameter ${dyn[1]}` };
  }
  const param = SSM_PARAMETER.exec(v.why)?.[1];
  const def = param ? index.ownerOf(res).parameterResources().find((p) => p.type === PARAMETER_TYPE && p.logicalId === param) : undefined;
  if (!param || !def) return { unknown: v.why };
  const allowed = entries(index, index.prop(def, 'AllowedValues')) ?? [];
  const families = allowed.map((e) => familyOfPath(V.str(e.value) ?? ''));
  if (families.length > 0 && families.every((f) => f !== undefined && f === families[0])) return { family: families[0] };
  const d = index.prop(def, 'Default');
  const path = d.k === 'lit' ? V.str(d) : undefined;
  const likely = path ? familyOfPath(path) : undefined;
  return {
    unknown: `the image comes from SSM parameter ${param}${path ? `, whose Default ${path} ${likely ? `is likely ${likely}` : 'names the likely image'}` : ''}; a Default is only the likely value: the deployer may name another parameter`,
  };
}
