/* eslint-disable @typescript-eslint/no-explicit-any */
import { own } from '../collections';
import { ManifestIndex } from './manifest-index';
import { K8sObject } from './rule';

/** A default one LimitRange of the namespace gives a container: its value and the LimitRange. @internal */
export interface LimitRangeDefault {
  readonly value: unknown;
  readonly limitRange: K8sObject;
}

/**
 * What the LimitRanger admission plugin writes into a container of the namespace that sets no request or no limit
 * for a resource: per resource name (`cpu`, `memory`, ...), one entry per LimitRange of the namespace in the
 * manifests that gives one (more than one when several do: the plugin applies them in an order the manifests do not
 * show, and the first wins).
 * @internal
 */
export interface LimitRangeDefaults {
  /** `requests.<resource>` for a container without that request (and without that limit, which the API server copies first). */
  readonly requests: Readonly<Record<string, LimitRangeDefault[]>>;
  /** `limits.<resource>` for a container without that limit. */
  readonly limits: Readonly<Record<string, LimitRangeDefault[]>>;
}

/**
 * The container defaults of the LimitRanges of a namespace in the manifests: each `type: Container` item's `default`
 * (limits) and `defaultRequest` (requests), completed as the API server defaults a LimitRange
 * (SetDefaults_LimitRangeItem: a resource with a `max` and no `default` gets the max as its default limit; one with a
 * default limit and no `defaultRequest` gets the limit as its default request; then one with a `min` and still no
 * default request gets the min). Empty records when the namespace has no LimitRange in the manifests.
 * @internal
 */
export function limitRangeDefaults(index: ManifestIndex, namespace: string): LimitRangeDefaults {
  // Without a prototype: a resource name is the manifest's text (`constructor`, `__proto__` are plain keys here).
  const requests: Record<string, LimitRangeDefault[]> = Object.create(null);
  const limits: Record<string, LimitRangeDefault[]> = Object.create(null);
  const add = (to: Record<string, LimitRangeDefault[]>, resource: string, value: unknown, limitRange: K8sObject) => {
    if (to[resource] === undefined) to[resource] = [];
    to[resource].push({ value, limitRange });
  };
  const map = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {});
  for (const lr of index.inNamespace('LimitRange', namespace)) {
    const items: any[] = Array.isArray(lr.doc.spec?.limits) ? lr.doc.spec.limits : [];
    for (const item of items) {
      if (item?.type !== 'Container') continue;
      const dflt = { ...map(item.max), ...map(item.default) };
      const dfltRequest = { ...map(item.min), ...dflt, ...map(item.defaultRequest) };
      for (const [k, v] of Object.entries(dflt)) add(limits, k, v, lr);
      for (const [k, v] of Object.entries(dfltRequest)) add(requests, k, v, lr);
    }
  }
  return { requests, limits };
}

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
 * The request the LimitRanger admission plugin gives a container of `namespace` that sets none for `resource`: the
 * first LimitRange of the namespace in the manifests that gives one (`limitRangeDefaults`), undefined when none does.
 * With two or more, which one applies is not shown, but any of them gives a request.
 * @internal
 */
export function limitRangeDefaultRequest(index: ManifestIndex, namespace: string, resource: string): EffectiveRequest | undefined {
  const first = limitRangeDefaults(index, namespace).requests[resource]?.find((d) => set(d.value));
  return first ? { value: first.value, source: `${first.limitRange.kind}/${first.limitRange.name}`, limitRange: first.limitRange } : undefined;
}

/**
 * The request a container of a pod in `namespace` will have for `resource` once admitted: its own request, else its
 * limit (copied into the request by the API server), else a LimitRange default of the namespace; undefined when none.
 * @internal
 */
export function effectiveRequest(index: ManifestIndex, namespace: string, container: Record<string, any>, resource: string): EffectiveRequest | undefined {
  const r = own(container, 'resources');
  const request = own(own(r, 'requests'), resource);
  if (set(request)) return { value: request, source: 'request' };
  const limit = own(own(r, 'limits'), resource);
  if (set(limit)) return { value: limit, source: 'limit' };
  return limitRangeDefaultRequest(index, namespace, resource);
}
