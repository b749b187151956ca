import { CfnResource, showPseudoMarks, TemplateIndex, V } from '../template-index';

/**
 * The user data of instance-launching resources (EC2 instances, launch templates, launch configurations): as text,
 * and the ECS cluster it joins. Shared by the compute rules (time sync, IMDSv2) and MultiAz, ScalingMinCapacity and
 * ComputeProvisioned (which instances join a cluster).
 */

/** EC2 resource types that launch instances. @internal */
export const INSTANCE_TYPES = ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration'];

/** Where an instance-launching resource keeps a property (`UserData`, `MetadataOptions`, `ImageId`). @internal */
export function launchProp(res: CfnResource, name: string): string {
  return res.type === 'AWS::EC2::LaunchTemplate' ? `LaunchTemplateData.${name}` : name;
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
  for (const m of data.matchAll(ECS_CLUSTER_SETTING)) if (m[2] === text) return true;
  return false;
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

/** An `ECS_CLUSTER=<name>` setting in user data (the name optionally quoted), as the ECS agent's config file holds it. */
const ECS_CLUSTER_SETTING = /(?:^|[\s;'"])ECS_CLUSTER=(['"]?)([^\s;'"]*)\1(?=$|[\s;'"])/gm;
