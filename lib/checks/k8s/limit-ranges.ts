/* eslint-disable @typescript-eslint/no-explicit-any */
import { ManifestIndex } from './manifest-index';
import { K8sObject } from './rule';

/** Where a container's request for a resource comes from, and its value as written. @internal */
export interface EffectiveRequest {
  readonly value: unknown;
  /** `request`, `limit` (the API server copies a limit into a missing request) or `LimitRange/<name>`. */
  readonly source: string;
  /** The LimitRange that gives it, when one does. */
  readonly limitRange?: K8sObject;
}

const set = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/**
 * The request the LimitRanger admission plugin gives a container of `namespace` that sets none for `resource`:
 * from a LimitRange of the namespace in the manifests, an item of `type: Container`, its `defaultRequest`, else its
 * `default`, else its `max`, else its `min` (the API server defaults a LimitRange item's `default` from `max`, and its
 * `defaultRequest` from `default`, then from `min`: SetDefaults_LimitRangeItem). The first such LimitRange, undefined
 * when none gives one. A LimitRange applies at pod admission (kubernetes.io, Limit Ranges; "Configure Default Memory
 * Requests and Limits for a Namespace"); with two or more in a namespace, which default applies is not determined,
 * but any of them gives a request.
 * @internal
 */
export function limitRangeDefaultRequest(index: ManifestIndex, namespace: string, resource: string): EffectiveRequest | undefined {
  for (const lr of index.inNamespace('LimitRange', namespace)) {
    const items: unknown[] = Array.isArray(lr.doc.spec?.limits) ? lr.doc.spec.limits : [];
    for (const item of items as any[]) {
      if (!item || typeof item !== 'object' || item.type !== 'Container') continue;
      for (const field of ['defaultRequest', 'default', 'max', 'min']) {
        const v = item[field]?.[resource];
        if (set(v)) return { value: v, source: `${lr.kind}/${lr.name}`, limitRange: lr };
      }
    }
  }
  return undefined;
}

/**
 * The request a container of a pod in `namespace` will have for `resource` once admitted: its own request, else its
 * limit (copied into the request by the API server), else a LimitRange default of the namespace; undefined when none.
 * @internal
 */
export function effectiveRequest(index: ManifestIndex, namespace: string, container: Record<string, any>, resource: string): EffectiveRequest | undefined {
  const r = container.resources ?? {};
  if (set(r.requests?.[resource])) return { value: r.requests[resource], source: 'request' };
  if (set(r.limits?.[resource])) return { value: r.limits[resource], source: 'limit' };
  return limitRangeDefaultRequest(index, namespace, resource);
}
