/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { POD_KINDS } from '../manifest-index';
import { short } from '../pod-spec';
import { K8sObject, K8sRule, k8sFail, k8sPass } from '../rule';

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

/**
 * NET-RESTRICTED-INGRESS, K8S-NETWORK-POLICY: NetworkPolicies select the pods
 * of every workload with both the Ingress and the Egress policy type (default
 * deny in both directions), and allow only named peers: every ingress rule
 * names its sources (no empty `from`, no 0.0.0.0/0, no bare all-namespaces
 * selector) and its ports; no egress rule is open both to every destination
 * and every port.
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
      if (p.ipBlock && ANYWHERE.has(p.ipBlock.cidr)) return { prop: `${prop}.from.${j}.ipBlock.cidr`, value: p.ipBlock.cidr, what: 'ingress from the whole internet' };
      if (p.namespaceSelector && isEmpty(p.namespaceSelector) && (!p.podSelector || isEmpty(p.podSelector))) {
        return { prop: `${prop}.from.${j}.namespaceSelector`, what: 'ingress from every pod of every namespace' };
      }
    }
    if (!Array.isArray(r.ports) || r.ports.length === 0) return { prop: `${prop}.ports`, what: 'an ingress rule without ports opens every port' };
  }
  const egress: any[] = Array.isArray(spec.egress) ? spec.egress : [];
  for (let i = 0; i < egress.length; i++) {
    const r = egress[i] ?? {};
    const to: any[] = Array.isArray(r.to) ? r.to : [];
    const toAnywhere = to.length === 0 || to.some((p) => (p?.ipBlock && ANYWHERE.has(p.ipBlock.cidr)) || (p?.namespaceSelector && isEmpty(p.namespaceSelector) && !p.podSelector));
    if (toAnywhere && (!Array.isArray(r.ports) || r.ports.length === 0)) return { prop: `spec.egress.${i}`, what: 'an egress rule open to every destination on every port' };
  }
  return undefined;
}

function isEmpty(selector: any): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length === 0 && (selector?.matchExpressions ?? []).length === 0;
}
