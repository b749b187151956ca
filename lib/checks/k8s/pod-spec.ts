/* eslint-disable @typescript-eslint/no-explicit-any */
import { ManifestIndex, PodTemplate } from './manifest-index';
import { K8sObject } from './rule';
import { subReferences } from '../sub-references';

/** One container of a pod template, with its dotted path. @internal */
export interface ContainerRef {
  readonly container: Record<string, any>;
  readonly name: string;
  /** e.g. `spec.template.spec.containers.0` */
  readonly path: string;
  /** An init container (sidecars with restartPolicy Always count as regular containers). */
  readonly init: boolean;
}

/** The containers (and, with `withInit`, the init containers) of a pod template. @internal */
export function containersOf(tpl: PodTemplate, withInit = false): ContainerRef[] {
  const base = tpl.path ? `${tpl.path}.spec` : 'spec';
  const out: ContainerRef[] = [];
  const list = (field: string, init: boolean) => {
    const cs = tpl.spec[field];
    if (!Array.isArray(cs)) return;
    cs.forEach((c: any, i: number) => {
      if (!c || typeof c !== 'object') return;
      const sidecar = init && c.restartPolicy === 'Always';
      out.push({ container: c, name: String(c.name ?? `#${i}`), path: `${base}.${field}.${i}`, init: init && !sidecar });
    });
  };
  list('containers', false);
  if (withInit) list('initContainers', true);
  return out;
}

/** The dotted path of the pod spec of a template. @internal */
export function podSpecPath(tpl: PodTemplate): string {
  return tpl.path ? `${tpl.path}.spec` : 'spec';
}

/**
 * The object that owns a workload's replica count, rollout strategy and
 * autoscaler: the Rollout that took the Deployment over (`workloadRef`), else
 * the workload itself. Returns undefined for a Deployment under a Rollout, whose
 * scaling and release are judged on the Rollout.
 * @internal
 */
export function isGovernedByRollout(obj: K8sObject, index: ManifestIndex): boolean {
  return obj.kind === 'Deployment' && index.rolloutOf(obj) !== undefined;
}

/** A short `Kind/name` for messages. @internal */
export function short(obj: K8sObject): string {
  return `${obj.kind}/${obj.name}`;
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/**
 * A Kubernetes quantity (`256Mi`, `0.5`, `250m`, `1e3`) as a number, or
 * undefined when it is not one.
 * @internal
 */
export function parseQuantity(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E))?$/.exec(v.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2]) return n * BINARY[m[2]];
  if (m[3]) return n * Number(`1${m[3]}`);
  return n * DECIMAL[m[4] ?? ''];
}

/**
 * An IntOrString count (`0`, `1`, `"25%"`) against a total: `{ value, percent }`
 * or undefined when it is neither.
 * @internal
 */
export function parseIntOrPercent(v: unknown): { value: number; percent: boolean } | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return { value: v, percent: false };
  if (typeof v === 'string') {
    const m = /^(\d+)%$/.exec(v.trim());
    if (m) return { value: Number(m[1]), percent: true };
    if (/^\d+$/.test(v.trim())) return { value: Number(v.trim()), percent: false };
  }
  return undefined;
}

/** Whether a value is a template expression that cannot be known from the manifest (`{{ .Values.x }}`, `${VAR}`). @internal */
export function isTemplated(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  // `{{` with a later `}}` on the same line, or `${x}` (as /\{\{.*\}\}|\$\{[^}]+\}/ finds them, in one pass)
  for (let open = v.indexOf('{{'); open !== -1; open = v.indexOf('{{', open + 1)) {
    const close = v.indexOf('}}', open + 2);
    if (close === -1) break;
    const nl = v.slice(open, close).search(/[\n\r\u2028\u2029]/);
    if (nl === -1) return true;
    open += nl;
  }
  return subReferences(v).some((r) => r.inner !== '');
}

/** Seconds for messages: `90 s`, `3 min`. @internal */
export function timeText(seconds: number): string {
  return seconds % 60 === 0 && seconds > 0 ? `${seconds / 60} min` : `${seconds} s`;
}

/** Whether Go's time.ParseDuration reads the text (a unit on every number but a lone 0: `30s`, `1m30s`, `0`). @internal */
export function isGoDuration(v: unknown): boolean {
  return typeof v === 'string' && /^[+-]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)$/.test(v);
}

/**
 * A Go/Argo duration (`90s`, `5m`, `1h30m`, `2m0s`) or a bare number of seconds,
 * in seconds; undefined when it is neither.
 * @internal
 */
export function parseDurationSeconds(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const re = /(?<!\d)(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let consumed = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    if (m.index !== consumed) return undefined;
    consumed = m.index + m[0].length;
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : m[2] === 's' ? n : n / 1000;
  }
  return consumed === s.length ? total : undefined;
}
