import { Thresholds } from '../../checklist/thresholds';
import { groupBy } from '../collections';
import { Finding, FindingStatus, Severity } from '../model';
import { K8S_TYPE_PREFIX, kindsOfUnread } from '../kinds';
import { ManifestIndex, POD_KINDS } from './manifest-index';
import { K8sContext, K8sObject, K8sRule, K8sVerdict } from './rule';

/** What a run records for the item results: the types present (`k8s:<kind>`) and the objects of a kind no rule reads. @internal */
export interface K8sCoverage {
  readonly typesPresent: Set<string>;
  readonly unreadKinds: string[];
}

/**
 * Run the Kubernetes rules: the manifests indexed once, each rule dispatched
 * only to its kinds.
 * @internal
 */
export function runK8sRules(manifests: { file: string; documents: unknown[] }[], rules: K8sRule[], thresholds: Thresholds, severityOverrides?: Record<string, Severity>, coverage?: K8sCoverage): Finding[] {
  if (manifests.length === 0 || rules.length === 0) return [];
  const index = new ManifestIndex(manifests);
  if (coverage) {
    for (const obj of index.objects) {
      const type = k8sTypeOf(obj, index);
      coverage.typesPresent.add(type);
      const kinds = kindsOfUnread(type);
      if (kinds) coverage.unreadKinds.push(`${obj.file}: ${obj.id} (${type}: ${kinds.map((k) => k.name).join(' and ')} no rule reads)`);
    }
  }
  const ctx: K8sContext = { index, thresholds };
  const byKind = groupBy(rules, (r) => r.kinds);
  const findings: Finding[] = [];
  for (const obj of index.objects) {
    for (const rule of byKind.get(obj.kind) ?? []) {
      let out: K8sVerdict | K8sVerdict[] | undefined;
      try {
        out = rule.check(obj, ctx);
      } catch (e) {
        out = { status: FindingStatus.UNKNOWN, message: `rule error: ${(e as Error).message}` };
      }
      if (!out) continue;
      for (const v of Array.isArray(out) ? out : [out]) {
        const target = v.object ?? obj;
        findings.push({
          ruleId: rule.id,
          itemIds: rule.items,
          severity: severityOverrides?.[rule.id] ?? rule.severity,
          status: v.status,
          file: target.file,
          stack: target.namespace,
          resource: target.id,
          resourceType: target.kind,
          property: v.property,
          value: v.value,
          message: v.message,
          fix: rule.fix,
        });
      }
    }
  }
  return findings;
}

/**
 * The type of a Kubernetes object among the kinds' types (kinds.ts): `k8s:<kind>`, and for a Service of type
 * LoadBalancer that faces clients, `k8s:Service/LoadBalancer`. A load balancer the cloud's annotations make internal,
 * or one in front of an ingress controller's pods only (the Ingresses it serves are read), is `k8s:Service`.
 * @internal
 */
export function k8sTypeOf(obj: K8sObject, index: ManifestIndex): string {
  if (obj.kind !== 'Service') return K8S_TYPE_PREFIX + obj.kind;
  if (obj.doc.spec?.type !== 'LoadBalancer') return `${K8S_TYPE_PREFIX}Service`;
  const annotations: Record<string, unknown> = obj.metadata.annotations ?? {};
  if (Object.entries(INTERNAL_LB).some(([k, v]) => v.test(String(annotations[k] ?? '')))) return `${K8S_TYPE_PREFIX}Service`;
  return frontsIngressController(obj, index) ? `${K8S_TYPE_PREFIX}Service` : `${K8S_TYPE_PREFIX}Service/LoadBalancer`;
}

/** The annotations that make a LoadBalancer Service internal (AWS, GKE, AKS), with the values that do. */
const INTERNAL_LB: Record<string, RegExp> = {
  'service.beta.kubernetes.io/aws-load-balancer-scheme': /^internal$/,
  'service.beta.kubernetes.io/aws-load-balancer-internal': /^(true|0\.0\.0\.0\/0)$/,
  'networking.gke.io/load-balancer-type': /^Internal$/,
  'service.beta.kubernetes.io/azure-load-balancer-internal': /^true$/,
};

/**
 * The published images of ingress controllers (ingress-nginx, NGINX Inc., HAProxy Technologies, HAProxy Ingress,
 * Kong), by the end of their repository: from any registry or mirror. Traefik and Kong publish Docker official images
 * (`traefik`, `kong`): those only from Docker Hub, since an app image in the app's own registry may bear the name.
 */
const CONTROLLER_REPOSITORY = /(^|\/)(ingress-nginx\/controller(-chroot)?|nginx\/nginx-ingress|nginx-ic\/nginx-plus-ingress|haproxytech\/kubernetes-ingress|jcmoraisjr\/haproxy-ingress|kong\/kubernetes-ingress-controller|kong\/kong-gateway)$/;
const OFFICIAL_CONTROLLER = /^((registry-1\.)?docker\.io\/)?(library\/)?(traefik|kong)$/;

/** Whether an image is an ingress controller's, by its repository (the tag and digest left out). */
function isControllerImage(image: string): boolean {
  const name = image.split('@')[0];
  const colon = name.lastIndexOf(':');
  const repository = colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
  return CONTROLLER_REPOSITORY.test(repository) || OFFICIAL_CONTROLLER.test(repository);
}

/** Whether the Service selects pods of the manifests, and every one of them runs an ingress controller only. */
function frontsIngressController(svc: K8sObject, index: ManifestIndex): boolean {
  let selected = 0;
  for (const kind of POD_KINDS) {
    for (const workload of index.inNamespace(kind, svc.namespace)) {
      if (!index.selecting('Service', workload).includes(svc)) continue;
      selected++;
      const containers: unknown[] = index.podTemplate(workload)?.spec.containers ?? [];
      if (containers.length === 0 || !containers.every((c) => isControllerImage(String((c as { image?: unknown })?.image ?? '')))) return false;
    }
  }
  return selected > 0;
}
