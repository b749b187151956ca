import { ManifestIndex } from '../manifest-index';
import { containersOf } from '../pod-spec';
import { K8sObject } from '../rule';

/**
 * Keys only an ingress-nginx controller ConfigMap carries.
 * @internal
 */
export const CONTROLLER_KEYS = ['allow-snippet-annotations', 'annotations-risk-level', 'global-allowed-response-headers'];

/**
 * The ingress-nginx controller ConfigMaps in the manifests: those a controller
 * Deployment or DaemonSet names with `--configmap` (`$(POD_NAMESPACE)` is its
 * namespace); when none is named, every ConfigMap carrying a controller-only key
 * (`CONTROLLER_KEYS`, or `keys` when given).
 *
 * With `workloads`, only the ConfigMaps those controller workloads name (none
 * when they name none: the controller then runs on its defaults).
 * @internal
 */
export function controllerConfigMaps(index: ManifestIndex, opts: { workloads?: K8sObject[]; keys?: string[] } = {}): K8sObject[] {
  const named = new Map<string, K8sObject>();
  for (const w of opts.workloads ?? [...index.ofKind('Deployment'), ...index.ofKind('DaemonSet')]) {
    const tpl = index.podTemplate(w);
    for (const c of tpl ? containersOf(tpl) : []) {
      const args = [...(Array.isArray(c.container.command) ? c.container.command : []), ...(Array.isArray(c.container.args) ? c.container.args : [])];
      args.forEach((arg, i) => {
        if (typeof arg !== 'string') return;
        const ref = arg.startsWith('--configmap=') ? arg.substring('--configmap='.length) : arg === '--configmap' ? args[i + 1] : undefined;
        if (typeof ref !== 'string' || ref === '') return;
        const resolved = ref.split('$(POD_NAMESPACE)').join(w.namespace);
        const [ns, name] = resolved.includes('/') ? resolved.split('/', 2) : [w.namespace, resolved];
        const cm = index.get('ConfigMap', ns, name);
        if (cm) named.set(cm.id, cm);
      });
    }
  }
  if (named.size > 0 || opts.workloads) return [...named.values()];
  const keys = opts.keys ?? CONTROLLER_KEYS;
  return index.ofKind('ConfigMap').filter((cm) => {
    const data = cm.doc.data;
    return data && typeof data === 'object' && keys.some((k) => Object.prototype.hasOwnProperty.call(data, k));
  });
}
