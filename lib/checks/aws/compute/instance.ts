import { CfnResource, PARAMETER_TYPE, showPseudoMarks, TemplateIndex, V } from '../../template-index';
import { entries } from '../../cfn/lists';

/** EC2 resource types that launch instances. @internal */
export const INSTANCE_TYPES = ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration'];

/** Where an instance-launching resource keeps a property (`UserData`, `MetadataOptions`, `ImageId`). @internal */
export function launchProp(res: CfnResource, name: string): string {
  return res.type === 'AWS::EC2::LaunchTemplate' ? `LaunchTemplateData.${name}` : name;
}

/** The launch templates of this template an instance launches from, in the current world. @internal */
export function launchTemplatesOf(res: CfnResource, index: TemplateIndex): CfnResource[] {
  return [...index.refsOf(index.prop(res, 'LaunchTemplate'))].map((id) => index.get(id))
    .filter((r): r is CfnResource => r !== undefined && r.type === 'AWS::EC2::LaunchTemplate');
}

/** Strict base64 (what EC2 requires of user data), decoded to text; undefined when it is not base64 of printable text. */
function decodeBase64(text: string, placed: boolean): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  // Text Fn::Base64 encoded from Fn::Sub / Fn::Join holds the pseudo parameters it placed as their marks (`pseudoMark`).
  const shown = placed ? showPseudoMarks(decoded) : decoded;
  return /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(shown) && !decoded.includes('\ufffd') ? decoded : undefined;
}

/**
 * The user data of an instance-launching resource as text, in the current
 * world. User data is base64 in the template (`Fn::Base64` evaluates to the
 * encoded text, and a literal must already be encoded): it is decoded; a value
 * that is not base64 is read as written. Undefined when absent; `{ unknown }`
 * when computed at deploy time.
 * @internal
 */
export function userDataText(res: CfnResource, index: TemplateIndex): string | { unknown: string } | undefined {
  const v = index.prop(res, launchProp(res, 'UserData'));
  if (v.k === 'absent') return undefined;
  if (v.k === 'unknown') return { unknown: v.why };
  if (v.k === 'secret') return { unknown: 'user data read from a secret at deploy time' };
  const text = v.k === 'lit' ? V.str(v) : v.k === 'expr' ? v.text : undefined;
  if (text === undefined) return { unknown: `user data ${V.show(v)} is not text` };
  return decodeBase64(text, v.k === 'expr') ?? text;
}

/**
 * Whether an instance-launching resource joins an ECS cluster of the template by the cluster's name written in its
 * user data: the cluster's `ClusterName` is a literal and the user data sets `ECS_CLUSTER=<that name>` (the ECS
 * agent's setting, `echo ECS_CLUSTER=my-cluster >> /etc/ecs/ecs.config`), as written, without a reference to the
 * cluster. A name decided at deploy time, or user data computed at deploy time, is not read as joining.
 * @internal
 */
export function joinsClusterByName(index: TemplateIndex, launcher: CfnResource, cluster: CfnResource): boolean {
  const name = index.prop(cluster, 'ClusterName');
  const text = name.k === 'lit' ? V.str(name) : undefined;
  if (text === undefined || text === '' || text !== text.trim()) return false;
  const data = userDataText(launcher, index);
  if (data === undefined || typeof data !== 'string') return false;
  const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s;'"])ECS_CLUSTER=(['"]?)${escaped}\\2(?=$|[\\s;'"])`, 'm').test(data);
}

/**
 * The launch templates, launch configurations and instances of the template (of `types`) whose user data joins an ECS
 * cluster of the template: by a reference to it (`${Cluster}`), or by its literal name (`joinsClusterByName`).
 * @internal
 */
export function clusterJoiners(index: TemplateIndex, cluster: CfnResource, types: readonly string[] = INSTANCE_TYPES): CfnResource[] {
  const out = index.referrers(cluster, ...types);
  for (const t of types) {
    if (!INSTANCE_TYPES.includes(t)) continue;
    for (const r of index.ofType(t)) if (!out.includes(r) && joinsClusterByName(index, r, cluster)) out.push(r);
  }
  return out;
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
