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

/**
 * The statements of an nginx snippet, each as written up to its `;` (trimmed). Comments (`#` at the start of a
 * word, outside quotes, to the end of the line, as nginx reads them) are dropped; a statement ends at `;`, `{` or
 * `}` outside quotes.
 * @internal
 */
export function nginxStatements(snippet: string): string[] {
  const statements: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < snippet.length; i++) {
    const ch = snippet[i];
    if (quote) {
      cur += ch;
      if (ch === '\\' && i + 1 < snippet.length) cur += snippet[++i];
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '#' && (cur === '' || /\s$/.test(cur))) {
      while (i + 1 < snippet.length && snippet[i + 1] !== '\n') i++;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    if (ch === ';' || ch === '{' || ch === '}') {
      statements.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  statements.push(cur.trim());
  return statements.filter((st) => st !== '');
}

/**
 * A boolean as Go's strconv.ParseBool reads it (ingress-nginx and NGINX Inc. read their boolean annotations and
 * ConfigMap keys so): true, false, or undefined when it is not one.
 * @internal
 */
export function parseGoBool(v: unknown): boolean | undefined {
  const s = String(v);
  return GO_TRUE.includes(s) ? true : GO_FALSE.includes(s) ? false : undefined;
}

const GO_TRUE = ['1', 't', 'T', 'true', 'TRUE', 'True'];
const GO_FALSE = ['0', 'f', 'F', 'false', 'FALSE', 'False'];
