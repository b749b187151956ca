import { CfnResource, markedRef, pseudoMark, showPseudoMarks, TemplateIndex, V, Val } from '../template-index';
import { Tok, holedText, isLiteral, sameText, selfAtom, showHoles, tokens } from './holed-text';

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
 * The user data of an instance-launching resource as tokens (`holed-text`): decoded text, references and pseudo
 * parameters as their placeholders, template parameters as their holes (user data built around parameters); `unread`
 * when it is computed at deploy time otherwise (an import, a secret, a value that is not text); undefined when absent.
 */
function userDataTokens(res: CfnResource, index: TemplateIndex): Tok[] | { unread: string } | undefined {
  const v = index.prop(res, launchProp(res, 'UserData'));
  if (v.k === 'unknown') {
    // Fn::Base64 passes a text built around parameters through unencoded (see template-index, Fn::Base64).
    const holed = holedText(v);
    return holed !== undefined ? tokens(decodeBase64(holed, false) ?? holed, { holes: true }) : { unread: v.why };
  }
  const text = userDataText(res, index);
  if (text === undefined) return undefined;
  return typeof text === 'string' ? tokens(text) : { unread: text.unknown };
}

/**
 * A cluster as instances join it by name: its name as tokens (`holed-text`; undefined when it shows no text), whether
 * it is the account's `default` cluster, how to show it, and the cluster resource when it is the template's (whose
 * launchers may also join it by a reference).
 * @internal
 */
export interface ClusterNaming {
  readonly name?: Tok[];
  readonly isDefault: boolean;
  readonly shown: string;
  readonly resource?: CfnResource;
}

/**
 * A `Cluster` value as the cluster of the template it names: a name (not an ARN) equal in every world to the
 * `ClusterName` of exactly one cluster resource of the template that exists in this world (`sameText`: the same
 * literal, parameter or pseudo parameters) is that cluster, as a reference to it (a cluster name is unique in
 * an account and Region, and a service's `Cluster` is "the short name or full ARN of the cluster"); any other value
 * is returned as it is.
 * @internal
 */
export function templateCluster(index: TemplateIndex, cluster: Val): Val {
  if (cluster.k === 'ref' || cluster.k === 'absent') return cluster;
  const name = nameTokens(cluster);
  if (name === undefined || name.length === 0 || name.some((t) => t === ':' || t === '/')) return cluster;
  const same = index.ofType('AWS::ECS::Cluster').filter((c) => {
    const given = index.prop(c, 'ClusterName');
    const own = given.k === 'absent' ? undefined : nameTokens(given);
    return own !== undefined && sameText(own, name) === 'yes';
  });
  return same.length === 1 ? { k: 'ref', target: same[0] } : cluster;
}

/**
 * The cluster a service's (or task's) `Cluster` names, for instances joining it by name: a cluster of the template
 * (its `ClusterName`: literal, built by Fn::Sub around pseudo parameters, a template parameter; CloudFormation's
 * generated name when absent, which no text spells), the account's `default` cluster when `Cluster` is absent (ECS:
 * "If you do not specify a cluster, the default cluster is assumed"), or a cluster outside the template named by text
 * (its name, or the name at the end of its ARN; a parameter). Undefined when the value shows no name (an import).
 * @internal
 */
export function clusterNaming(index: TemplateIndex, written: Val): ClusterNaming | undefined {
  const cluster = templateCluster(index, written);
  if (cluster.k === 'absent') return { name: tokens('default'), isDefault: true, shown: 'default (the account\'s default cluster: no Cluster is set)' };
  if (cluster.k === 'ref' && cluster.target.type === 'AWS::ECS::Cluster') {
    const c = cluster.target;
    const written = index.prop(c, 'ClusterName');
    const name = written.k === 'absent' ? [selfAtom(c.logicalId)] : nameTokens(written);
    return { name, isDefault: false, shown: c.logicalId, resource: c };
  }
  if (cluster.k === 'ref') return undefined;
  const name = nameTokens(cluster);
  if (name === undefined) return undefined;
  // An ARN names the cluster by its last part (`arn:aws:ecs:<region>:<account>:cluster/<name>`).
  const at = arnNameStart(name);
  const own = at < 0 ? name : name.slice(at);
  const literal = own.every(isLiteral) ? own.join('') : undefined;
  const shown = showHoles(showPseudoMarks(own.join('')));
  return { name: own, isDefault: literal === 'default', shown: `${shown} (outside this template)` };
}

/** Where the name starts in the tokens of a cluster ARN: after the last `:cluster/` of literal characters; -1 when none. */
function arnNameStart(toks: Tok[]): number {
  const marker = ':cluster/';
  for (let i = toks.length - marker.length; i >= 0; i--) {
    if (toks.slice(i, i + marker.length).join('') === marker) return i + marker.length;
  }
  return -1;
}

/** A name value as tokens: literal or Sub / Join text, a pseudo parameter's mark, a template parameter's hole; undefined otherwise. */
function nameTokens(v: Val): Tok[] | undefined {
  if (v.k === 'lit') return typeof v.v === 'string' ? tokens(v.v) : undefined;
  if (v.k === 'expr') return tokens(v.text);
  if (v.k !== 'unknown') return undefined;
  if (v.why.startsWith('pseudo parameter ')) return tokens(pseudoMark(v.why.substring('pseudo parameter '.length)));
  const holed = holedText(v);
  return holed === undefined ? undefined : tokens(holed, { holes: true });
}

/** Whether an instance-launching resource joins a cluster: `yes` in every world, `no` in none, else `may` (why). @internal */
export type Joining = { k: 'yes' } | { k: 'no' } | { k: 'may'; why: string };

const ECS_CLUSTER = 'ECS_CLUSTER=';
/** Characters that end an `ECS_CLUSTER=<name>` setting, or may start one (beside the start of the text). */
const SETTING_EDGE = new Set([' ', '\t', '\n', '\r', ';', "'", '"']);

/** The values of the `ECS_CLUSTER=<name>` settings in user data tokens (the name optionally quoted), as tokens. */
function clusterSettings(toks: Tok[]): Tok[][] {
  const out: Tok[][] = [];
  for (let i = 0; i + ECS_CLUSTER.length <= toks.length; i++) {
    if (i > 0 && !SETTING_EDGE.has(toks[i - 1])) continue;
    let k = 0;
    while (k < ECS_CLUSTER.length && toks[i + k] === ECS_CLUSTER[k]) k++;
    if (k < ECS_CLUSTER.length) continue;
    let j = i + k;
    if (toks[j] === "'" || toks[j] === '"') j++;
    const value: Tok[] = [];
    while (j < toks.length && !SETTING_EDGE.has(toks[j])) value.push(toks[j++]);
    out.push(value);
  }
  return out;
}

/** The ECS agent's configuration file on Linux container instances. */
const AGENT_CONFIG = '/etc/ecs/ecs.config';
/** Commands that write a file named as their argument (a copy, a download, an edit in place). */
const FILE_WRITERS = new Set(['cp', 'mv', 'install', 'aws', 'curl', 'wget', 'sed', 'gsutil', 'rsync', 'ln', 'dd', 'tee', 'envsubst', 'jq']);

/**
 * The commands of user data tokens that configure the ECS agent with settings the template does not show: a write of
 * `/etc/ecs/ecs.config` (where the Linux ECS-optimized AMIs read the agent's configuration, "Bootstrapping Amazon ECS
 * Linux container instances to pass data") whose content comes from elsewhere (`aws s3 cp s3://.../ecs.config
 * /etc/ecs/ecs.config`, `aws ssm get-parameter ... >> /etc/ecs/ecs.config`, `echo "$CONFIG" >> ...`, a download, an
 * edit in place), Windows's `Initialize-ECSAgent`, Bottlerocket's `[settings.ecs]`. A literal `echo`/`printf` and a
 * heredoc (`cat <<EOF >> /etc/ecs/ecs.config`) show their settings, which `clusterSettings` reads; a command that only
 * reads the file is no write. Each command as shown, trimmed.
 */
function unseenAgentConfig(toks: Tok[]): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= toks.length; i++) {
    if (i < toks.length && toks[i] !== '\n') continue;
    const line = toks.slice(start, i);
    start = i + 1;
    // Atoms (template references, parameters) as one neutral character, so no text inside them matches.
    const text = line.map((t) => (isLiteral(t) ? t : '_')).join('').trim();
    const shown = () => { const full = showHoles(showPseudoMarks(line.join(''))).trim(); return full.length > 120 ? `${full.substring(0, 117)}...` : full; };
    if (text.includes('Initialize-ECSAgent') || text.includes('[settings.ecs]')) { out.push(shown()); continue; }
    if (!text.includes(AGENT_CONFIG) || text.includes('<<')) continue;
    // Each command of the line (`grep -q ... /etc/ecs/ecs.config || echo ... >> /etc/ecs/ecs.config`) on its own.
    const unseen = text.split(/;|&&|\|\|/).some((command) => {
      if (!command.includes(AGENT_CONFIG)) return false;
      const words = command.trim().split(/\s+/);
      const name = words[0] === 'sudo' ? words[1] : words[0];
      const redirected = /(>|tee( -a)?) *\/etc\/ecs\/ecs\.config/.test(command);
      if (redirected && (name === 'echo' || name === 'printf') && !command.includes('$') && !command.includes('`')) return false;
      return redirected || FILE_WRITERS.has(name ?? '');
    });
    if (unseen) out.push(shown());
  }
  return out;
}

/**
 * Whether an instance-launching resource's user data configures the ECS agent: it sets `ECS_CLUSTER`, or writes the
 * agent's configuration with settings the template does not show (`unseenAgentConfig`). Such instances are ECS
 * container instances (of some cluster), not a fleet serving the app itself. Unread user data (computed at deploy
 * time) is `undefined`: not known.
 * @internal
 */
export function configuresEcsAgent(index: TemplateIndex, launcher: CfnResource): boolean | undefined {
  const data = userDataTokens(launcher, index);
  if (data === undefined) return false;
  if (!Array.isArray(data)) return undefined;
  return clusterSettings(data).length > 0 || unseenAgentConfig(data).length > 0;
}

/**
 * Whether an instance-launching resource's user data joins a cluster by its name: it sets `ECS_CLUSTER=<name>` (the
 * ECS agent's setting, `echo ECS_CLUSTER=my-cluster >> /etc/ecs/ecs.config`) to the cluster's name. Names are
 * compared as texts with their deploy-time values in place (`sameText`): the same literal, the same template
 * parameter (`${ClusterName}` and `ClusterName: !Ref ClusterName`) or the same pseudo parameters
 * (`${AWS::StackName}-ecs` on both sides) join in every world; a value on one side only may (a parameter, shell
 * text such as `$NAME` or `$(...)`, user data computed at deploy time). Settings that disagree may join. User data
 * without the setting (or none) leaves the agent's default, `default` (ECS agent configuration, ECS_CLUSTER:
 * "default"): it may join the default cluster, if the instance runs the agent with the AMI's own configuration,
 * which the template does not show; it joins no other cluster.
 * @internal
 */
export function joinsByName(index: TemplateIndex, launcher: CfnResource, cluster: ClusterNaming): Joining {
  const data = userDataTokens(launcher, index);
  if (data !== undefined && !Array.isArray(data)) return { k: 'may', why: `the user data of ${launcher.logicalId} is decided at deploy time (${data.unread})` };
  // Settings written from elsewhere (a file from S3, a parameter from SSM) may name any cluster, or override those shown.
  const unseen = data === undefined ? [] : unseenAgentConfig(data);
  if (unseen.length > 0) {
    return { k: 'may', why: `${launcher.logicalId} configures the ECS agent with settings the template does not show (\`${unseen[0]}\`), which may or may not set ECS_CLUSTER to cluster ${cluster.shown}` };
  }
  const settings = data === undefined ? [] : clusterSettings(data);
  if (settings.length === 0) {
    return cluster.isDefault
      ? { k: 'may', why: `${launcher.logicalId} ${data === undefined ? 'has no user data' : 'sets no ECS_CLUSTER in its user data'}: the ECS agent joins cluster default then, if the instance runs it with the AMI's own configuration, which the template does not show` }
      : { k: 'no' };
  }
  const answers = settings.map((value) => {
    // `${Cluster}` alone names that cluster of the template: another cluster resource is another cluster.
    const referenced = value.length === 1 ? referencedCluster(index, value[0]) : undefined;
    if (referenced && cluster.resource) return referenced === cluster.resource ? 'yes' : 'no';
    if (cluster.name === undefined || value.some((t) => t === '$' || t === '`')) return 'may';
    return sameText(value.flatMap((t) => { const c = referencedCluster(index, t); return c ? clusterNaming(index, { k: 'ref', target: c })?.name ?? [t] : [t]; }), cluster.name);
  });
  if (answers.every((a) => a === 'yes')) return { k: 'yes' };
  if (answers.every((a) => a === 'no')) return { k: 'no' };
  const shown = settings.map((v) => `ECS_CLUSTER=${showHoles(showPseudoMarks(v.join('')))}`).join(', ');
  return { k: 'may', why: `${launcher.logicalId} sets ${shown} in its user data, which may or may not be cluster ${cluster.shown}, depending on values decided at deploy time` };
}

/**
 * The cluster of the template a token references (`${Cluster}` placed by Fn::Sub / Fn::Join, `refMark`), so that
 * `ECS_CLUSTER=${OtherCluster}` is read as that cluster (by its name, for a cluster outside the template).
 */
function referencedCluster(index: TemplateIndex, t: Tok): CfnResource | undefined {
  if (!t.startsWith('${') || !t.endsWith('}')) return undefined;
  const id = markedRef(t.slice(2, -1));
  const res = id === undefined ? undefined : index.get(id);
  return res?.type === 'AWS::ECS::Cluster' ? res : undefined;
}

/**
 * The launch templates, launch configurations and instances of the template (of `types`, which may also name other
 * types referencing the cluster, such as capacity provider associations) that join a cluster: `sure` those that do in
 * every world (a reference to a cluster of the template, `${Cluster}`, or its name: `joinsByName`), `may` those that
 * may, with why.
 * @internal
 */
export function clusterJoining(index: TemplateIndex, cluster: ClusterNaming, types: readonly string[] = INSTANCE_TYPES): { sure: CfnResource[]; may: Array<{ res: CfnResource; why: string }> } {
  const sure = cluster.resource ? index.referrers(cluster.resource, ...types) : [];
  const may: Array<{ res: CfnResource; why: string }> = [];
  for (const t of types) {
    if (!INSTANCE_TYPES.includes(t)) continue;
    for (const r of index.ofType(t)) {
      if (sure.includes(r)) continue;
      const j = joinsByName(index, r, cluster);
      if (j.k === 'yes') sure.push(r);
      else if (j.k === 'may') may.push({ res: r, why: j.why });
    }
  }
  return { sure, may };
}
