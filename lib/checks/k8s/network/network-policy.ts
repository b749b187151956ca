/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { POD_KINDS } from '../manifest-index';
import { short } from '../pod-spec';
import { K8sObject, K8sRule, k8sFail, k8sPass } from '../rule';

/** A CIDR of prefix length 0 (`0.0.0.0/0`, `::/0`, `10.0.0.0/0`): every address. */
const isAnywhere = (cidr: unknown): boolean => typeof cidr === 'string' && /\/0+$/.test(cidr.trim());

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
 * `10.0.0.0/0`) is every address.
 */
export const K8sNetworkPolicy: K8sRule = {
  id: 'K8sNetworkPolicy',
  items: ['NET-RESTRICTED-INGRESS', 'K8S-NETWORK-POLICY'],
  kinds: POD_KINDS,
  severity: Severity.HIGH,
  description: 'A NetworkPolicy with Ingress and Egress policy types selects every workload\'s pods, and its rules name their peers and ports (no allow-all).',
  fix: 'Add a NetworkPolicy selecting the pods with policyTypes [Ingress, Egress], ingress from the ingress controller namespace on the app port, egress to kube-dns and the declared dependencies.',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const nps = ctx.index.selecting('NetworkPolicy', obj);
    if (nps.length === 0) return k8sFail(undefined, undefined, `no NetworkPolicy selects the pods of ${short(obj)}: every pod in the cluster can reach them`);
    const types = new Set(nps.flatMap(policyTypes));
    const missing = ['Ingress', 'Egress'].filter((t) => !types.has(t));
    if (missing.length > 0) {
      return k8sFail('spec.policyTypes', [...types], `${nps.map(short).join(', ')} leave ${missing.join(' and ').toLowerCase()} traffic unrestricted`, nps[0]);
    }
    for (const np of nps) {
      const problem = openRule(np);
      if (problem) return k8sFail(problem.prop, problem.value, `${short(np)}: ${problem.what}`, np);
    }
    const ingress = nps.reduce((n, np) => n + (np.doc.spec?.ingress?.length ?? 0), 0);
    const egress = nps.reduce((n, np) => n + (np.doc.spec?.egress?.length ?? 0), 0);
    return k8sPass('spec.policyTypes', 'Ingress,Egress', `${nps.map(short).join(', ')}: default deny, ${ingress} ingress and ${egress} egress rule(s) with named peers`, nps[0]);
  },
};

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
      if (p.ipBlock && isAnywhere(p.ipBlock.cidr)) return { prop: `${prop}.from.${j}.ipBlock.cidr`, value: p.ipBlock.cidr, what: 'ingress from the whole internet' };
      if (p.namespaceSelector && isEmpty(p.namespaceSelector) && (!p.podSelector || isEmpty(p.podSelector))) {
        return { prop: `${prop}.from.${j}.namespaceSelector`, what: 'ingress from every pod of every namespace' };
      }
    }
    if (!Array.isArray(r.ports) || r.ports.length === 0) return { prop: `${prop}.ports`, what: 'an ingress rule without ports opens every port' };
    const open = openPort(r.ports);
    if (open) return { prop: `${prop}.ports.${open.index}`, value: r.ports[open.index], what: `an ingress port entry opens every ${open.protocol} port (no port, or the range 1-65535)` };
  }
  const egress: any[] = Array.isArray(spec.egress) ? spec.egress : [];
  for (let i = 0; i < egress.length; i++) {
    const r = egress[i] ?? {};
    const to: any[] = Array.isArray(r.to) ? r.to : [];
    const toAnywhere = to.length === 0 || to.some((p) => (p?.ipBlock && isAnywhere(p.ipBlock.cidr)) || (p?.namespaceSelector && isEmpty(p.namespaceSelector) && (!p.podSelector || isEmpty(p.podSelector))));
    if (toAnywhere && (!Array.isArray(r.ports) || r.ports.length === 0)) return { prop: `spec.egress.${i}`, what: 'an egress rule open to every destination on every port' };
    const open = toAnywhere ? openPort(r.ports) : undefined;
    if (open) return { prop: `spec.egress.${i}`, value: r.ports[open.index], what: `an egress rule open to every destination on every ${open.protocol} port (a port entry without a port, or the range 1-65535)` };
  }
  return undefined;
}

function isEmpty(selector: any): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}
