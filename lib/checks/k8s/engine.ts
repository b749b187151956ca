import * as path from 'path';
import { Thresholds } from '../../checklist/thresholds';
import { groupBy } from '../collections';
import { Finding, FindingStatus, Severity } from '../model';
import { K8S_TYPE_PREFIX, kindsOfUnread } from '../kinds';
import type { K8sAcknowledgements } from './acknowledgements';
import { KustomizationScope, inScope, isKustomization, kustomizationScope, withKustomizationKind } from './kustomize';
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
 *
 * A kustomization in the input (`kind: Kustomization` or a kustomize `Component`, or a file named
 * `kustomization.yaml`, `kustomization.yml` or `Kustomization` without apiVersion and kind) means `kubectl apply -k`
 * deploys the output of `kustomize build`, which can rewrite every object it reads (images, replicas, namespace,
 * name prefixes, patches) and add others: like a CloudFormation transform the checks do not expand, it keeps the
 * items about Kubernetes workloads and endpoints from being satisfied (it is listed in `coverage.unreadKinds`), and
 * a pass on an object of its folder (or below it) or of a path it lists under `resources`, `bases` or `components`
 * is unknown, naming it. Fails stay fails, judged as written. The patch files it lists (`patches`,
 * `patchesStrategicMerge`, `patchesJson6902`) are partial objects, not deployed as written: they are not judged,
 * and are listed.
 *
 * `acks` (the `acknowledge.cdk-golive.io/<id>` annotations of the manifests) acknowledges a failing finding when the
 * object it is reported on carries one naming its rule or an item of it.
 * @internal
 */
export function runK8sRules(manifests: { file: string; documents: unknown[] }[], rules: K8sRule[], thresholds: Thresholds, severityOverrides?: Record<string, Severity>, coverage?: K8sCoverage, acks?: K8sAcknowledgements): Finding[] {
  if (manifests.length === 0 || rules.length === 0) return [];
  const read = manifests.map((m) => ({ file: m.file, documents: withKustomizationKind(m.file, m.documents) }));
  const scopes: KustomizationScope[] = [];
  for (const m of read) for (const d of m.documents) if (isKustomization(d)) scopes.push(kustomizationScope(m.file, d as Record<string, unknown>));
  const patchOf = new Map<string, KustomizationScope>();
  for (const scope of scopes) for (const p of scope.patches) if (!patchOf.has(p)) patchOf.set(p, scope);
  const index = new ManifestIndex(patchOf.size === 0 ? read : read.filter((m) => !patchOf.has(path.resolve(m.file))));
  if (coverage) {
    for (const m of read) {
      const scope = patchOf.get(path.resolve(m.file));
      if (scope) coverage.unreadKinds.push(`${m.file}: a kustomize patch that ${scope.file} lists (not deployed as written: check the output of \`kustomize build ${scope.dir}\`)`);
    }
    for (const obj of index.objects) {
      const type = k8sTypeOf(obj, index);
      coverage.typesPresent.add(type);
      const kinds = kindsOfUnread(type);
      if (!kinds) continue;
      const what = isKustomization(obj.doc)
        ? `a kustomization: \`kubectl apply -k\` deploys the output of \`kustomize build\`, which the checks do not run and which may rewrite or add ${kinds.map((k) => k.name.replace(/^a /, 'any ')).join(' and ')}`
        : `${kinds.map((k) => k.name).join(' and ')} no rule reads`;
      coverage.unreadKinds.push(`${obj.file}: ${obj.id} (${type}: ${what})`);
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
      for (const verdict of Array.isArray(out) ? out : [out]) {
        const target = verdict.object ?? obj;
        // A pass on an object a kustomization can rewrite is not what `kubectl apply -k` deploys.
        const scope = verdict.status === FindingStatus.PASS ? scopes.find((sc) => inScope(sc, target.file) || inScope(sc, obj.file)) : undefined;
        const v = scope ? { ...verdict, status: FindingStatus.UNKNOWN, message: `${verdict.message}; but ${scope.file} (a kustomization) can rewrite it (images, replicas, namespace, patches): check the output of \`kustomize build ${scope.dir}\`` } : verdict;
        const finding: Finding = {
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
        };
        findings.push(acks && v.status === FindingStatus.FAIL ? acks.apply(finding, target.doc) : finding);
      }
    }
  }
  return findings;
}

/**
 * The type of a Kubernetes object among the kinds' types (kinds.ts): `k8s:<kind>`, and for a Service of type
 * LoadBalancer that faces clients, `k8s:Service/LoadBalancer`; a route that serves only the mesh (`isMeshRoute`) is
 * `k8s:<kind>/mesh`, not an endpoint. A Gateway or HTTPRoute of another API than the Gateway API's (an Istio
 * `networking.istio.io` Gateway) is `k8s:<kind>/other`, which the Gateway rules do not read; so is an IngressRoute
 * of another API than Traefik's (Contour's `contour.heptio.com`). A load balancer the cloud's annotations make internal,
 * or one in front of an ingress controller's pods only (the Ingresses it serves are read), is `k8s:Service`.
 * @internal
 */
export function k8sTypeOf(obj: K8sObject, index: ManifestIndex): string {
  if (ROUTE_KINDS.includes(obj.kind) && isMeshRoute(obj)) return `${K8S_TYPE_PREFIX}${obj.kind}/mesh`;
  // An Istio Gateway (networking.istio.io) shares the Gateway API's kind name; the Gateway rules read only the latter.
  if ((obj.kind === 'Gateway' || obj.kind === 'HTTPRoute') && !/^gateway\.networking\.k8s\.io\//.test(obj.apiVersion)) return `${K8S_TYPE_PREFIX}${obj.kind}/other`;
  // Contour's retired IngressRoute (contour.heptio.com) shares Traefik's kind name; the edge rules read only Traefik's.
  if (obj.kind === 'IngressRoute' && !/^traefik\.(io|containo\.us)\//.test(obj.apiVersion)) return `${K8S_TYPE_PREFIX}IngressRoute/other`;
  if (obj.kind !== 'Service') return K8S_TYPE_PREFIX + obj.kind;
  if (obj.doc.spec?.type !== 'LoadBalancer') return `${K8S_TYPE_PREFIX}Service`;
  const annotations: Record<string, unknown> = obj.metadata.annotations ?? {};
  if (Object.entries(INTERNAL_LB).some(([k, v]) => v.test(String(annotations[k] ?? '')))) return `${K8S_TYPE_PREFIX}Service`;
  return frontsIngressController(obj, index) ? `${K8S_TYPE_PREFIX}Service` : `${K8S_TYPE_PREFIX}Service/LoadBalancer`;
}

/** The route kinds of the Gateway API and Istio's VirtualService, which may serve clients or only the mesh. */
const ROUTE_KINDS = ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'VirtualService'];

/**
 * Whether a route serves only traffic inside the mesh: a Gateway API route whose every parentRef is a Service
 * (GAMMA; a parentRef's kind defaults to Gateway), an Istio VirtualService whose `gateways` are absent or only
 * `mesh`. Any other route attaches to a gateway (in the manifests or not), whose listeners decide its protocol and
 * certificate: an endpoint no rule reads.
 */
function isMeshRoute(obj: K8sObject): boolean {
  const spec = obj.doc.spec ?? {};
  if (obj.kind === 'VirtualService') {
    if (!/^networking\.istio\.io\//.test(obj.apiVersion)) return false;
    const gateways: unknown[] = Array.isArray(spec.gateways) ? spec.gateways : [];
    return gateways.every((g) => g === 'mesh');
  }
  const parents: unknown[] = Array.isArray(spec.parentRefs) ? spec.parentRefs : [];
  return parents.length > 0 && parents.every((p) => (p as { kind?: unknown })?.kind === 'Service');
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
