/* eslint-disable @typescript-eslint/no-explicit-any */
import { ManifestIndex, PodTemplate } from './manifest-index';
import { parseQuantity } from './pod-spec';
import { K8sObject } from './rule';

/** A service mesh's sidecar injection of a pod template, as the manifests show it. @internal */
export interface MeshInjection {
  readonly mesh: 'Istio' | 'Linkerd';
  /** What asks for it, e.g. `pod label sidecar.istio.io/inject=true`, `namespace shop label istio-injection=enabled`. */
  readonly by: string;
  /** The dotted path of the deciding field in the object (the pod template's metadata), or undefined (the Namespace). */
  readonly property?: string;
  /** What the mesh's webhook adds to the pod at admission, for messages. */
  readonly adds: string;
}

const ISTIO_ADDS = 'Istio\'s injector adds the init container istio-init (NET_ADMIN and NET_RAW, run as root, unless the Istio CNI plugin is installed) and the istio-proxy container (uid 1337 by default), whose security contexts the manifest does not show';
const LINKERD_ADDS = 'Linkerd\'s injector adds the init container linkerd-init (proxy-init: NET_ADMIN and NET_RAW, unless linkerd-cni is installed) and the linkerd-proxy container (uid 2102 by default), whose security contexts the manifest does not show';

/** The metadata of a pod template (a Pod's own). @internal */
export function podTemplateMetadata(obj: K8sObject, tpl: PodTemplate): Record<string, any> {
  const holder = tpl.path ? tpl.path.split('.').reduce((o: any, k) => o?.[k], obj.doc) : obj.doc;
  const m = holder?.metadata;
  return m && typeof m === 'object' ? m : {};
}

const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v).trim());

/**
 * The sidecar injection a mesh's mutating webhook performs on the pods of this
 * template, as far as the manifests show it (undefined when none is asked for
 * or it is turned off):
 * - Istio (sidecar injection): the pod label (or the older annotation)
 *   `sidecar.istio.io/inject: "true"`, the pod label `istio.io/rev`, or the pod's
 *   Namespace in the manifests labelled `istio-injection=enabled` or
 *   `istio.io/rev`; not when the pod says `sidecar.istio.io/inject: "false"`
 *   or the Namespace `istio-injection=disabled` (Istio's injection table).
 * - Linkerd: the annotation `linkerd.io/inject: enabled` (or `ingress`) on the
 *   pod template or its Namespace in the manifests; not when the pod says
 *   `linkerd.io/inject: disabled`.
 * A mesh installed to inject every namespace by default is not visible here.
 * @internal
 */
export function meshInjection(obj: K8sObject, tpl: PodTemplate, index: ManifestIndex): MeshInjection | undefined {
  const meta = podTemplateMetadata(obj, tpl);
  const labels: Record<string, unknown> = meta.labels && typeof meta.labels === 'object' ? meta.labels : {};
  const annotations: Record<string, unknown> = meta.annotations && typeof meta.annotations === 'object' ? meta.annotations : {};
  const metaPath = tpl.path ? `${tpl.path}.metadata` : 'metadata';
  const ns = index.ofKind('Namespace').find((n) => n.name === obj.namespace);
  const nsLabels: Record<string, unknown> = ns?.metadata.labels && typeof ns.metadata.labels === 'object' ? ns.metadata.labels : {};
  const nsAnnotations: Record<string, unknown> = ns?.metadata.annotations && typeof ns.metadata.annotations === 'object' ? ns.metadata.annotations : {};

  // Istio
  const podIstio = text(labels['sidecar.istio.io/inject']) ?? text(annotations['sidecar.istio.io/inject']);
  const nsIstio = text(nsLabels['istio-injection']);
  if (podIstio?.toLowerCase() !== 'false' && nsIstio !== 'disabled') {
    const where = labels['sidecar.istio.io/inject'] !== undefined ? 'label' : 'annotation';
    if (podIstio?.toLowerCase() === 'true') {
      return { mesh: 'Istio', by: `pod ${where} sidecar.istio.io/inject=true`, property: `${metaPath}.${where === 'label' ? 'labels' : 'annotations'}.sidecar.istio.io/inject`, adds: ISTIO_ADDS };
    }
    if (text(labels['istio.io/rev'])) return { mesh: 'Istio', by: `pod label istio.io/rev=${text(labels['istio.io/rev'])}`, property: `${metaPath}.labels.istio.io/rev`, adds: ISTIO_ADDS };
    if (nsIstio === 'enabled') return { mesh: 'Istio', by: `namespace ${obj.namespace} label istio-injection=enabled`, adds: ISTIO_ADDS };
    if (text(nsLabels['istio.io/rev'])) return { mesh: 'Istio', by: `namespace ${obj.namespace} label istio.io/rev=${text(nsLabels['istio.io/rev'])}`, adds: ISTIO_ADDS };
  }

  // Linkerd
  const podLinkerd = text(annotations['linkerd.io/inject']);
  if (podLinkerd !== 'disabled') {
    if (podLinkerd === 'enabled' || podLinkerd === 'ingress') {
      return { mesh: 'Linkerd', by: `pod annotation linkerd.io/inject=${podLinkerd}`, property: `${metaPath}.annotations.linkerd.io/inject`, adds: LINKERD_ADDS };
    }
    const nsLinkerd = text(nsAnnotations['linkerd.io/inject']);
    if (nsLinkerd === 'enabled' || nsLinkerd === 'ingress') return { mesh: 'Linkerd', by: `namespace ${obj.namespace} annotation linkerd.io/inject=${nsLinkerd}`, adds: LINKERD_ADDS };
  }
  return undefined;
}

/** The pod annotations each mesh reads for its proxy's CPU request, memory request and memory limit. */
const PROXY_RESOURCE_ANNOTATIONS: Record<MeshInjection['mesh'], [string, string, string]> = {
  Istio: ['sidecar.istio.io/proxyCPU', 'sidecar.istio.io/proxyMemory', 'sidecar.istio.io/proxyMemoryLimit'],
  Linkerd: ['config.linkerd.io/proxy-cpu-request', 'config.linkerd.io/proxy-memory-request', 'config.linkerd.io/proxy-memory-limit'],
};

/**
 * Why the resources of the containers a mesh injects cannot be read, or undefined when the pod (or, for Linkerd, its
 * Namespace) states the proxy's CPU request, memory request and memory limit in the mesh's annotations (positive
 * quantities, the limit no lower than the request). Without them the mesh's installation decides: Linkerd's default
 * configures no requests or limits for the proxy; Istio's chart default (requests 100m / 128Mi, limits 2 CPU /
 * 1Gi) can be changed at install time.
 * @internal
 */
export function meshResourcesUnread(obj: K8sObject, tpl: PodTemplate, index: ManifestIndex, mesh: MeshInjection): string | undefined {
  const annotations: Record<string, unknown> = podTemplateMetadata(obj, tpl).annotations ?? {};
  const ns = index.ofKind('Namespace').find((n) => n.name === obj.namespace);
  const nsAnnotations: Record<string, unknown> = mesh.mesh === 'Linkerd' ? ns?.metadata.annotations ?? {} : {};
  const keys = PROXY_RESOURCE_ANNOTATIONS[mesh.mesh];
  const [cpu, mem, lim] = keys.map((k) => parseQuantity(annotations[k] ?? nsAnnotations[k]));
  if (cpu !== undefined && mem !== undefined && lim !== undefined && cpu > 0 && mem > 0 && lim >= mem) return undefined;
  const installed = mesh.mesh === 'Linkerd' ? 'Linkerd\'s default sets no requests or limits for linkerd-proxy (and linkerd-init takes the proxy\'s)' : 'Istio\'s defaults (requests 100m / 128Mi, limits 2 CPU / 1Gi for istio-proxy and istio-init) can be changed at install time';
  return `the pod is injected by ${mesh.mesh} (${mesh.by}): the proxy's resources come from the mesh's installation unless the pod sets ${keys.join(', ')} (positive, limit >= request); ${installed}`;
}
