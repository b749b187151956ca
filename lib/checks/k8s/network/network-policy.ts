/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { CALICO_API, ManifestIndex, POD_KINDS, PodTemplate, matchesSelector } from '../manifest-index';
import { short } from '../pod-spec';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';

/** A CIDR of prefix length 0 (`0.0.0.0/0`, `::/0`, `10.0.0.0/0`): every address. */
const isAnywhere = (cidr: unknown): boolean => typeof cidr === 'string' && /\/0+$/.test(cidr.trim());

/** A CIDR as the first and last address it covers, with its family; undefined when it is not one. */
function cidrRange(cidr: string): { v6: boolean; first: bigint; last: bigint } | undefined {
  const m = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!m) return undefined;
  const v6 = m[1].includes(':');
  const bits = v6 ? 128 : 32;
  const prefix = Number(m[2]);
  if (prefix > bits) return undefined;
  const addr = v6 ? ipv6(m[1]) : ipv4(m[1]);
  if (addr === undefined) return undefined;
  const host = (BigInt(1) << BigInt(bits - prefix)) - BigInt(1);
  const first = addr & ~host & ((BigInt(1) << BigInt(bits)) - BigInt(1));
  return { v6, first, last: first | host };
}

function ipv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((a, p) => (a << BigInt(8)) | BigInt(Number(p)), BigInt(0));
}

function ipv6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if ((halves.length === 1 && fill !== 0) || fill < 0) return undefined;
  const all = [...head, ...Array(halves.length === 2 ? fill : 0).fill('0'), ...tail];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return all.reduce((a, g) => (a << BigInt(16)) | BigInt(parseInt(g, 16)), BigInt(0));
}

/** Whether `ranges` (one family) together cover every address from `first` to `last`. */
function covers(ranges: { first: bigint; last: bigint }[], first: bigint, last: bigint): boolean {
  let next = first;
  for (const r of [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0))) {
    if (r.first > next) break;
    if (r.last + BigInt(1) > next) next = r.last + BigInt(1);
    if (next > last) return true;
  }
  return false;
}

/**
 * Whether the `ipBlock` CIDRs of one rule's peers together cover every IPv4
 * or every IPv6 address (`0.0.0.0/1` and `128.0.0.0/1`, or any split of the
 * whole space); `except` lists are not subtracted, as for a single /0.
 */
function coversEverything(cidrs: unknown[]): boolean {
  for (const v6 of [false, true]) {
    const ranges = cidrs.map((c) => (typeof c === 'string' ? cidrRange(c) : undefined)).filter((r): r is NonNullable<typeof r> => r !== undefined && r.v6 === v6);
    if (ranges.length > 0 && covers(ranges, BigInt(0), (BigInt(1) << BigInt(v6 ? 128 : 32)) - BigInt(1))) return true;
  }
  return false;
}

/**
 * An ipBlock whose `except` CIDRs together cover its whole `cidr` (`0.0.0.0/0`
 * except `0.0.0.0/1` and `128.0.0.0/1`): the peer admits no address.
 */
function admitsNothing(ipBlock: any): boolean {
  const block = typeof ipBlock?.cidr === 'string' ? cidrRange(ipBlock.cidr) : undefined;
  if (!block || !Array.isArray(ipBlock.except)) return false;
  const except = ipBlock.except.map((c: unknown) => (typeof c === 'string' ? cidrRange(c) : undefined))
    .filter((r: ReturnType<typeof cidrRange>): r is NonNullable<typeof r> => r !== undefined && r.v6 === block.v6);
  return covers(except, block.first, block.last);
}

/**
 * Why the API server refuses a NetworkPolicy, as far as its ipBlocks tell: an
 * `except` that is not a strict subset of its `cidr` (ValidateIPBlock: "must be
 * a strict subset of `cidr`", so `10.0.0.0/16` except `10.0.0.0/16` is
 * refused); undefined when none is (CIDRs this reader cannot parse are left to the API server).
 */
function rejectedIpBlock(np: K8sObject): string | undefined {
  const spec = np.doc.spec ?? {};
  const rules: [string, any[]][] = [
    ...(Array.isArray(spec.ingress) ? spec.ingress : []).map((r: any, i: number): [string, any[]] => [`spec.ingress.${i}.from`, Array.isArray(r?.from) ? r.from : []]),
    ...(Array.isArray(spec.egress) ? spec.egress : []).map((r: any, i: number): [string, any[]] => [`spec.egress.${i}.to`, Array.isArray(r?.to) ? r.to : []]),
  ];
  for (const [prop, peers] of rules) {
    for (let j = 0; j < peers.length; j++) {
      const b = peers[j]?.ipBlock;
      const block = typeof b?.cidr === 'string' ? cidrRange(b.cidr) : undefined;
      if (!block || !Array.isArray(b.except)) continue;
      for (const e of b.except) {
        const r = typeof e === 'string' ? cidrRange(e) : undefined;
        if (!r) continue;
        const strict = r.v6 === block.v6 && r.first >= block.first && r.first <= block.last && r.last - r.first < block.last - block.first;
        if (!strict) return `${prop}.${j}.ipBlock: except ${e} is not a strict subset of cidr ${b.cidr}, so the API server refuses the NetworkPolicy`;
      }
    }
  }
  return undefined;
}

/**
 * A namespace selector that selects every namespace: empty, or made only of
 * `Exists` on `kubernetes.io/metadata.name`, the label the control plane sets
 * on every namespace.
 */
function everyNamespace(selector: any): boolean {
  if (Object.keys(selector?.matchLabels ?? {}).length > 0) return false;
  const exprs: any[] = Array.isArray(selector?.matchExpressions) ? selector.matchExpressions : [];
  return exprs.every((e) => (e?.key === 'kubernetes.io/metadata.name' && e?.operator === 'Exists') || excludes(e));
}

/** An expression that names only what it leaves out: `NotIn` and `DoesNotExist` match every object not named (those created later too). */
const excludes = (e: any): boolean => e?.operator === 'NotIn' || e?.operator === 'DoesNotExist';

/**
 * A peer's pod selector that selects every pod of the namespaces it covers:
 * absent, empty, or made only of `NotIn` / `DoesNotExist` expressions.
 */
function everyPod(selector: any): boolean {
  if (!selector) return true;
  if (Object.keys(selector.matchLabels ?? {}).length > 0) return false;
  const exprs: any[] = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  return exprs.every(excludes);
}

/** A peer that admits every pod of every namespace, but those its selectors exclude. */
const everyPeer = (p: any): boolean => !!p?.namespaceSelector && everyNamespace(p.namespaceSelector) && everyPod(p.podSelector);

/**
 * The first port entry that matches every port of its protocol: without a
 * `port` (only a protocol), or a range from 1 (or 0) to 65535 (`endPort`).
 */
function openPort(ports: any[]): { index: number; protocol: string } | undefined {
  const index = ports.findIndex((p) => !p || typeof p !== 'object' || p.port === undefined || p.port === null
    || (typeof p.port === 'number' && p.port <= 1 && typeof p.endPort === 'number' && p.endPort >= 65535));
  return index === -1 ? undefined : { index, protocol: String(ports[index]?.protocol ?? 'TCP') };
}

/**
 * NET-RESTRICTED-INGRESS, K8S-NETWORK-POLICY: NetworkPolicies select the pods
 * of every workload with both the Ingress and the Egress policy type (default
 * deny in both directions), and allow only named peers: every ingress rule
 * names its sources (no empty `from`, no 0.0.0.0/0, no bare all-namespaces
 * selector) and its ports; no egress rule is open both to every destination
 * and every port. A port entry without `port` (only a protocol), or a range
 * from 1 to 65535 (`endPort`), matches every port of that protocol; a CIDR of prefix length 0 (`0.0.0.0/0`, `::/0`,
 * `10.0.0.0/0`) is every address, and so are the ipBlocks of one rule that
 * together cover every IPv4 or IPv6 address (`0.0.0.0/1` and `128.0.0.0/1`).
 * A namespace selector made only of `Exists` on `kubernetes.io/metadata.name`
 * (which every namespace carries) selects every namespace, like an empty one;
 * so does one (or a pod selector beside it) made only of `NotIn` and
 * `DoesNotExist` expressions, which name what they leave out, not the peers
 * (`kubernetes.io/metadata.name NotIn [kube-system]` admits every other
 * namespace, those created later included). An `ipBlock` of every address
 * stays open to the internet whatever its `except` lists (private ranges
 * excepted leave every public address), unless they cover the whole `cidr`
 * (`0.0.0.0/0` except `0.0.0.0/1` and `128.0.0.0/1`): such a peer admits no
 * address and is not counted. A NetworkPolicy with an `except` that is not a
 * strict subset of its `cidr` (`10.0.0.0/16` except `10.0.0.0/16`) is refused
 * by the API server: it is not counted, and the pods must be restricted by the
 * others.
 *
 * Policies of other APIs add to what the NetworkPolicies allow: Cilium enforces its CiliumNetworkPolicy and
 * CiliumClusterwideNetworkPolicy (cilium.io) beside them, and an endpoint's allowed traffic is the union of the
 * policies that select it (docs.cilium.io, Network Policy; Policy Enforcement Modes); a Calico NetworkPolicy or
 * GlobalNetworkPolicy (projectcalico.org) is ordered with them and its `Allow` and `Pass` actions decide before they
 * do (docs.tigera.io, Get started with Calico network policy); an AdminNetworkPolicy's `Allow` is applied before any
 * NetworkPolicy, and a BaselineAdminNetworkPolicy applies to the traffic NetworkPolicies do not match
 * (network-policy-api.sigs.k8s.io). When such a policy in the manifests may select the workload's pods (its
 * namespace, or cluster-wide; its selector matched against the pod labels where it is a plain LabelSelector, a
 * Calico selector of `key == 'value'` terms, `all()`, or empty, otherwise assumed to), a pass becomes unknown,
 * naming it. A Cilium policy that selects the pods and admits the whole internet fails as an `ipBlock` of every
 * address does: `fromEntities` `world` or `all` (the world entity is every address outside the cluster;
 * docs.cilium.io, Layer 3 Examples, Entities Based), `fromCIDR` / `fromCIDRSet` of every address; and so does an
 * egress rule open to `toEntities` `world` / `all` or every address on every port (no `toPorts`). A policy that
 * only denies (an AdminNetworkPolicy or a BaselineAdminNetworkPolicy without `Allow`, a Calico policy without
 * `Allow` and `Pass`) allows nothing and is not read. A fail of the NetworkPolicies stays a fail.
 *
 * A workload a Flagger `Canary` targets runs between releases as `<name>-primary`, whose pods carry the selector
 * label with the value `<value>-primary` (Flagger pkg/canary makePrimaryLabels): a NetworkPolicy selecting only the
 * written labels leaves them unrestricted (fails); policies that select the primary pods and the canary pods
 * differently are unknown.
 *
 * Pods with `hostNetwork: true` run in the node's network namespace: Kubernetes leaves NetworkPolicy behaviour for
 * them undefined, and the most common implementation ignores them when matching selectors (kubernetes.io, Network
 * Policies, "NetworkPolicy and hostNetwork pods"). Policies that would pass them are unknown, naming hostNetwork
 * (the cluster's network plugin decides); a fail stays a fail.
 */
export const K8sNetworkPolicy: K8sRule = {
  id: 'K8sNetworkPolicy',
  items: ['NET-RESTRICTED-INGRESS', 'K8S-NETWORK-POLICY'],
  kinds: POD_KINDS,
  severity: Severity.HIGH,
  description: 'A NetworkPolicy with Ingress and Egress policy types selects every workload\'s pods, and its rules name their peers and ports (no allow-all); no Cilium, Calico or AdminNetworkPolicy policy that selects the pods allows more.',
  fix: 'Add a NetworkPolicy selecting the pods with policyTypes [Ingress, Egress], ingress from the ingress controller namespace on the app port, egress to kube-dns and the declared dependencies.',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const selecting = ctx.index.selecting('NetworkPolicy', obj);
    // Flagger runs the pods that serve between releases as <name>-primary, with the selector label renamed: the
    // policies must select those pods too (the canary pods, the written labels, serve during an analysis).
    const primary = ctx.index.flaggerPrimaryLabels(obj);
    if (primary) {
      const forPrimary = ctx.index.selecting('NetworkPolicy', obj, primary.labels);
      const canary = ctx.index.flaggerCanaryOf(obj)!;
      const runs = `${short(canary)} (Flagger) runs the pods of ${short(obj)} as ${obj.name}-primary labelled ${primary.label}=${primary.value}`;
      if (forPrimary.length === 0) {
        return k8sFail(undefined, undefined, `${runs}: no NetworkPolicy selects them${selecting.length > 0 ? ` (${selecting.map(short).join(', ')} select${selecting.length === 1 ? 's' : ''} only the canary pods)` : ''}, so every pod in the cluster can reach them`);
      }
      if (forPrimary.length !== selecting.length || forPrimary.some((np) => !selecting.includes(np))) {
        return k8sUnknown(undefined, forPrimary.map(short).join(', '), `${runs}: ${forPrimary.map(short).join(', ')} select${forPrimary.length === 1 ? 's' : ''} them, ${selecting.length > 0 ? selecting.map(short).join(', ') : 'none'} the canary pods: the two sets of pods are restricted differently (not judged)`);
      }
    }
    // A NetworkPolicy the API server refuses does not exist in the cluster: the others must restrict the pods alone.
    const refused = selecting.map((np) => ({ np, why: rejectedIpBlock(np) })).filter((x) => x.why !== undefined);
    const nps = selecting.filter((np) => !refused.some((x) => x.np === np));
    const besides = refused.map((x) => `; ${short(x.np)} is not counted: ${x.why}`).join('');
    if (nps.length === 0) {
      return k8sFail(refused.length > 0 ? 'spec' : undefined, undefined, `no NetworkPolicy selects the pods of ${short(obj)}: every pod in the cluster can reach them${besides}`, refused[0]?.np);
    }
    const types = new Set(nps.flatMap(policyTypes));
    const missing = ['Ingress', 'Egress'].filter((t) => !types.has(t));
    if (missing.length > 0) {
      return k8sFail('spec.policyTypes', [...types], `${nps.map(short).join(', ')} leave ${missing.join(' and ').toLowerCase()} traffic unrestricted${besides}`, nps[0]);
    }
    for (const np of nps) {
      const problem = openRule(np);
      if (problem) return k8sFail(problem.prop, problem.value, `${short(np)}: ${problem.what}`, np);
    }
    const ingress = nps.reduce((n, np) => n + (np.doc.spec?.ingress?.length ?? 0), 0);
    const egress = nps.reduce((n, np) => n + (np.doc.spec?.egress?.length ?? 0), 0);
    const passed = `${nps.map(short).join(', ')}: default deny, ${ingress} ingress and ${egress} egress rule(s) with named peers`;
    const verdict = otherPolicies(obj, tpl, ctx.index, passed, nps[0]) ?? k8sPass('spec.policyTypes', 'Ingress,Egress', passed, nps[0]);
    return verdict.status === 'fail' ? verdict : hostNetworkUnknown(obj, tpl, verdict) ?? verdict;
  },
};

/**
 * A pass (or unknown) for pods that run in the node's network namespace (`hostNetwork: true`, or a value that cannot
 * be read): Kubernetes leaves NetworkPolicy behaviour for hostNetwork pods undefined, and most network plugins ignore
 * them when matching `podSelector`, treating their traffic as the node's (kubernetes.io, Network Policies,
 * "NetworkPolicy and hostNetwork pods"). Whether the policies restrict them depends on the cluster's CNI: unknown.
 */
function hostNetworkUnknown(obj: K8sObject, tpl: PodTemplate, verdict: K8sVerdict): K8sVerdict | undefined {
  const v = tpl.spec.hostNetwork;
  if (v === undefined || v === null || v === false) return undefined;
  const prop = `${tpl.path ? `${tpl.path}.spec` : 'spec'}.hostNetwork`;
  const set = v === true ? 'hostNetwork: true' : `hostNetwork ${String(v)} (cannot be read; true puts them there)`;
  return k8sUnknown(prop, v, `${verdict.message}; but the pods of ${short(obj)} run in the node's network namespace (${set}), and Kubernetes leaves NetworkPolicy behaviour for hostNetwork pods undefined: most network plugins ignore them (their traffic is the node's), so whether these policies restrict them depends on the cluster's CNI`, obj);
}

function policyTypes(np: K8sObject): string[] {
  const spec = np.doc.spec ?? {};
  if (Array.isArray(spec.policyTypes)) return spec.policyTypes.map(String);
  return ['Ingress', ...(spec.egress ? ['Egress'] : [])];
}

function openRule(np: K8sObject): { prop: string; value?: unknown; what: string } | undefined {
  const spec = np.doc.spec ?? {};
  const ingress: any[] = Array.isArray(spec.ingress) ? spec.ingress : [];
  for (let i = 0; i < ingress.length; i++) {
    const r = ingress[i] ?? {};
    const prop = `spec.ingress.${i}`;
    const from: any[] = Array.isArray(r.from) ? r.from : [];
    if (from.length === 0) return { prop: `${prop}.from`, what: 'an ingress rule without sources admits every peer' };
    for (let j = 0; j < from.length; j++) {
      const p = from[j] ?? {};
      if (p.ipBlock && admitsNothing(p.ipBlock)) continue;
      if (p.ipBlock && isAnywhere(p.ipBlock.cidr)) return { prop: `${prop}.from.${j}.ipBlock.cidr`, value: p.ipBlock.cidr, what: 'ingress from the whole internet' };
      if (everyPeer(p)) {
        const but = [p.namespaceSelector, p.podSelector].some((sel) => (sel?.matchExpressions ?? []).some(excludes)) ? ' but those its NotIn/DoesNotExist expressions leave out (every namespace created later included)' : '';
        return { prop: `${prop}.from.${j}.namespaceSelector`, value: p.namespaceSelector, what: `ingress from every pod of every namespace${but}` };
      }
    }
    const blocks = from.filter((p) => !admitsNothing(p?.ipBlock)).map((p) => p?.ipBlock?.cidr).filter((c) => c !== undefined);
    if (coversEverything(blocks)) return { prop: `${prop}.from`, value: blocks, what: `ingress from the whole internet (the ipBlocks ${blocks.join(', ')} together cover every address)` };
    if (!Array.isArray(r.ports) || r.ports.length === 0) return { prop: `${prop}.ports`, what: 'an ingress rule without ports opens every port' };
    const open = openPort(r.ports);
    if (open) return { prop: `${prop}.ports.${open.index}`, value: r.ports[open.index], what: `an ingress port entry opens every ${open.protocol} port (no port, or the range 1-65535)` };
  }
  const egress: any[] = Array.isArray(spec.egress) ? spec.egress : [];
  for (let i = 0; i < egress.length; i++) {
    const r = egress[i] ?? {};
    const to: any[] = Array.isArray(r.to) ? r.to : [];
    const peers = to.filter((p) => !admitsNothing(p?.ipBlock));
    const toAnywhere = to.length === 0 || coversEverything(peers.map((p) => p?.ipBlock?.cidr))
      || peers.some((p) => (p?.ipBlock && isAnywhere(p.ipBlock.cidr)) || everyPeer(p));
    if (toAnywhere && (!Array.isArray(r.ports) || r.ports.length === 0)) return { prop: `spec.egress.${i}`, what: 'an egress rule open to every destination on every port' };
    const open = toAnywhere ? openPort(r.ports) : undefined;
    if (open) return { prop: `spec.egress.${i}`, value: r.ports[open.index], what: `an egress rule open to every destination on every ${open.protocol} port (a port entry without a port, or the range 1-65535)` };
  }
  return undefined;
}


/** The policy kinds of CNI plugins and of the AdminNetworkPolicy API that add to (or decide before) NetworkPolicies. */
const OTHER_POLICIES: readonly { kind: string; api: RegExp; clusterWide: boolean }[] = [
  { kind: 'CiliumNetworkPolicy', api: /^cilium\.io\//, clusterWide: false },
  { kind: 'CiliumClusterwideNetworkPolicy', api: /^cilium\.io\//, clusterWide: true },
  { kind: 'NetworkPolicy', api: CALICO_API, clusterWide: false },
  { kind: 'GlobalNetworkPolicy', api: CALICO_API, clusterWide: true },
  { kind: 'AdminNetworkPolicy', api: /^policy\.networking\.k8s\.io\//, clusterWide: true },
  { kind: 'BaselineAdminNetworkPolicy', api: /^policy\.networking\.k8s\.io\//, clusterWide: true },
];

type Match = 'yes' | 'maybe' | 'no';

/**
 * What the policies of other APIs that may select the workload's pods make of a pass of its NetworkPolicies: a fail
 * (a Cilium policy that surely selects them admits the internet), an unknown naming them, or undefined (none).
 */
function otherPolicies(obj: K8sObject, tpl: PodTemplate, index: ManifestIndex, passed: string, np: K8sObject): K8sVerdict | undefined {
  const may: string[] = [];
  for (const p of OTHER_POLICIES) {
    const candidates = p.clusterWide ? index.ofKind(p.kind) : index.inNamespace(p.kind, obj.namespace);
    for (const policy of candidates) {
      if (!p.api.test(policy.apiVersion)) continue;
      if (policy.kind.startsWith('Cilium')) {
        let maybe: string | undefined;
        for (const [rule, at] of ciliumRules(policy)) {
          const match = ciliumSelects(rule, tpl.labels, obj.namespace);
          if (match === 'no') continue;
          const open = ciliumOpen(rule, at);
          if (open && match === 'yes') return k8sFail(open.prop, open.value, `${policy.kind}/${policy.name} selects the pods of ${short(obj)} and ${open.what}: Cilium adds it to what the NetworkPolicies allow`, policy);
          if (maybe === undefined || open) maybe = `${policy.kind}/${policy.name}${open ? ` (${open.what}, if it selects them)` : ''}`;
        }
        if (maybe !== undefined) may.push(maybe);
        continue;
      }
      if (!allows(policy)) continue;
      const match = policy.kind.endsWith('AdminNetworkPolicy') ? adminSelects(policy, tpl.labels, obj.namespace) : calicoSelects(policy, tpl.labels, obj.namespace);
      if (match !== 'no') may.push(`${policy.kind}/${policy.name} (${policy.apiVersion})`);
    }
  }
  if (may.length === 0) return undefined;
  return k8sUnknown(undefined, undefined, `${passed}; but ${may.join(', ')} may select the pods of ${short(obj)} and allow traffic the NetworkPolicies deny (their rules are not judged): check what they allow`, np);
}

/** The rules of a Cilium policy (`spec`, and each of `specs`), with their paths. */
function ciliumRules(policy: K8sObject): [any, string][] {
  const out: [any, string][] = [];
  const spec = policy.doc.spec;
  if (spec && typeof spec === 'object') out.push([spec, 'spec']);
  const specs = policy.doc.specs;
  if (Array.isArray(specs)) specs.forEach((r, i) => { if (r && typeof r === 'object') out.push([r, `specs.${i}`]); });
  return out;
}

/**
 * Whether a Cilium rule's `endpointSelector` selects pods with these labels in this namespace. Keys may carry the
 * `k8s:` or `any:` source prefix; `io.kubernetes.pod.namespace` is the pod's namespace. Other special keys (another
 * source, Cilium's own `io.cilium.` labels, namespace labels) are not known here: maybe. A rule with a
 * `nodeSelector` (a host policy) selects nodes, not pods.
 */
function ciliumSelects(rule: any, labels: Record<string, string>, namespace: string): Match {
  const sel = rule.endpointSelector;
  if (!sel || typeof sel !== 'object') return rule.nodeSelector ? 'no' : 'maybe';
  const known: Record<string, string> = { ...labels, 'io.kubernetes.pod.namespace': namespace };
  const norm = (k: string): string | undefined => {
    const key = k.replace(/^(k8s|any):/, '');
    if (key.includes(':') || (key.startsWith('io.') && key !== 'io.kubernetes.pod.namespace')) return undefined;
    return key;
  };
  const keys = [...Object.keys(sel.matchLabels ?? {}), ...(Array.isArray(sel.matchExpressions) ? sel.matchExpressions.map((e: any) => String(e?.key)) : [])];
  if (keys.some((k) => norm(k) === undefined)) return 'maybe';
  const plain = {
    matchLabels: Object.fromEntries(Object.entries(sel.matchLabels ?? {}).map(([k, v]) => [norm(k)!, v])),
    matchExpressions: (Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []).map((e: any) => ({ ...e, key: norm(String(e?.key)) })),
  };
  return matchesSelector(plain, known) ? 'yes' : 'no';
}

const WORLD_ENTITIES = ['world', 'all', 'world-ipv4', 'world-ipv6'];

/** How a Cilium rule admits the whole internet (ingress), or opens every destination on every port (egress). */
function ciliumOpen(rule: any, at: string): { prop: string; value?: unknown; what: string } | undefined {
  const list = (v: unknown): any[] => (Array.isArray(v) ? v : []);
  const cidrs = (r: any, plain: string, set: string): string[] => [...list(r[plain]).map(String), ...list(r[set]).map((c: any) => c?.cidr).filter((c: unknown) => typeof c === 'string')];
  for (const [i, r] of list(rule.ingress).entries()) {
    if (!r || typeof r !== 'object') continue;
    const entity = list(r.fromEntities).find((e) => WORLD_ENTITIES.includes(String(e)));
    if (entity !== undefined) return { prop: `${at}.ingress.${i}.fromEntities`, value: r.fromEntities, what: `admits the whole internet (fromEntities ${String(entity)})` };
    const from = cidrs(r, 'fromCIDR', 'fromCIDRSet');
    if (from.some(isAnywhere) || coversEverything(from)) return { prop: `${at}.ingress.${i}`, value: from, what: `admits the whole internet (${from.join(', ')})` };
  }
  for (const [i, r] of list(rule.egress).entries()) {
    if (!r || typeof r !== 'object' || list(r.toPorts).length > 0) continue;
    const entity = list(r.toEntities).find((e) => WORLD_ENTITIES.includes(String(e)));
    const to = cidrs(r, 'toCIDR', 'toCIDRSet');
    if (entity !== undefined || to.some(isAnywhere) || coversEverything(to)) {
      return { prop: `${at}.egress.${i}`, value: entity !== undefined ? r.toEntities : to, what: `opens egress to every destination on every port (${entity !== undefined ? `toEntities ${String(entity)}` : to.join(', ')}, no toPorts)` };
    }
  }
  return undefined;
}

/**
 * Whether a Calico policy or an (Baseline)AdminNetworkPolicy can allow anything: a rule with action `Allow` (or, for
 * Calico, `Pass`, which hands the decision to later tiers and profiles). Unread shapes count as allowing.
 */
function allows(policy: K8sObject): boolean {
  const spec = policy.doc.spec ?? {};
  const rules = [...(Array.isArray(spec.ingress) ? spec.ingress : []), ...(Array.isArray(spec.egress) ? spec.egress : [])];
  const opening = CALICO_API.test(policy.apiVersion) ? ['Allow', 'Pass'] : ['Allow'];
  return rules.some((r: any) => typeof r?.action !== 'string' || opening.includes(r.action));
}

/**
 * Whether a Calico policy selects the pods: its `selector` empty, `all()`, or `key == 'value'` terms joined by `&&`
 * matched against the labels; any other expression, or a GlobalNetworkPolicy's `namespaceSelector`, maybe.
 */
function calicoSelects(policy: K8sObject, labels: Record<string, string>, namespace: string): Match {
  const spec = policy.doc.spec ?? {};
  if (policy.kind === 'GlobalNetworkPolicy' && spec.namespaceSelector !== undefined && String(spec.namespaceSelector).trim() !== '') return 'maybe';
  const sel = spec.selector === undefined || spec.selector === null ? '' : String(spec.selector).trim();
  if (sel === '' || sel === 'all()') return 'yes';
  let result: Match = 'yes';
  for (const term of sel.split('&&')) {
    const m = /^\s*([A-Za-z0-9_./-]+)\s*==\s*(['"])([^'"]*)\2\s*$/.exec(term);
    if (!m) return 'maybe';
    const value = m[1] === 'projectcalico.org/namespace' ? namespace : labels[m[1]];
    if (value !== m[3]) result = 'no';
  }
  return result;
}

/**
 * Whether an (Baseline)AdminNetworkPolicy's `subject` selects the pods: `namespaces` or `pods.namespaceSelector`
 * (only `kubernetes.io/metadata.name` of a namespace is known here: a selector on other labels, maybe) and
 * `pods.podSelector` matched against the pod labels.
 */
function adminSelects(policy: K8sObject, labels: Record<string, string>, namespace: string): Match {
  const subject = policy.doc.spec?.subject;
  if (!subject || typeof subject !== 'object') return 'maybe';
  const nsMatch = (sel: any): Match => {
    if (!sel || typeof sel !== 'object') return 'maybe';
    const keys = [...Object.keys(sel.matchLabels ?? {}), ...(Array.isArray(sel.matchExpressions) ? sel.matchExpressions.map((e: any) => e?.key) : [])];
    if (keys.some((k) => k !== 'kubernetes.io/metadata.name')) return 'maybe';
    return matchesSelector(sel, { 'kubernetes.io/metadata.name': namespace }) ? 'yes' : 'no';
  };
  if (subject.namespaces !== undefined) return nsMatch(subject.namespaces);
  if (subject.pods && typeof subject.pods === 'object') {
    const ns = nsMatch(subject.pods.namespaceSelector);
    if (ns === 'no') return 'no';
    if (!matchesSelector(subject.pods.podSelector ?? {}, labels)) return 'no';
    return ns;
  }
  return 'maybe';
}
