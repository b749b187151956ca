/* eslint-disable @typescript-eslint/no-explicit-any */
import { ManifestIndex } from '../manifest-index';
import { containersOf, isTemplated } from '../pod-spec';
import { K8sObject } from '../rule';

/**
 * The ingress controllers the edge rules tell apart: those whose per-Ingress
 * configuration they read (ingress-nginx, NGINX Inc., Traefik), the AWS Load
 * Balancer Controller (`alb`), and any other.
 * @internal
 */
export type ControllerKind = 'ingress-nginx' | 'nginx-inc' | 'traefik' | 'alb' | 'other';

/** IngressClass `spec.controller` values of the controllers the edge rules know. */
const CONTROLLERS: Record<string, ControllerKind> = {
  'k8s.io/ingress-nginx': 'ingress-nginx',
  'traefik.io/ingress-controller': 'traefik',
  'nginx.org/ingress-controller': 'nginx-inc',
  'ingress.k8s.aws/alb': 'alb',
  'eks.amazonaws.com/alb': 'alb',
};

/** The usual class names: the controllers each may be, when nothing in the manifests says. */
const CLASS_NAMES: Record<string, ControllerKind[]> = {
  'nginx': ['ingress-nginx', 'nginx-inc'],
  'traefik': ['traefik'],
  'alb': ['alb'],
  'gce': ['other'], 'gce-internal': ['other'], 'azure-application-gateway': ['other'], 'kong': ['other'], 'haproxy': ['other'], 'istio': ['other'],
  'cilium': ['other'], 'contour': ['other'], 'apisix': ['other'],
};

/** How the controllers are named in messages. */
export const CONTROLLER_NAMES: Record<ControllerKind, string> = {
  'ingress-nginx': 'ingress-nginx', 'nginx-inc': 'NGINX Inc.\'s controller', 'traefik': 'Traefik', 'alb': 'the AWS Load Balancer Controller', 'other': 'another controller',
};

/** Where the Ingress names its class: `spec.ingressClassName`, else the `kubernetes.io/ingress.class` annotation. */
export interface IngressClassRef {
  readonly className: string;
  readonly prop: string;
  /** The IngressClass of that name in the manifests, if any. */
  readonly ingressClass?: K8sObject;
}

/**
 * The Ingress's class: `spec.ingressClassName`, else `kubernetes.io/ingress.class`,
 * else the IngressClass in the manifests annotated
 * `ingressclass.kubernetes.io/is-default-class: "true"` (the one the API server
 * gives an Ingress without a class); undefined when none says.
 * @internal
 */
export function ingressClassOf(obj: K8sObject, index: ManifestIndex): IngressClassRef | undefined {
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  const byField = obj.doc.spec?.ingressClassName;
  const className = typeof byField === 'string' && byField !== '' ? byField : a['kubernetes.io/ingress.class'];
  const classes = index.ofKind('IngressClass');
  if (typeof className !== 'string' || className === '') {
    const defaults = classes.filter((c) => String((c.metadata.annotations ?? {})['ingressclass.kubernetes.io/is-default-class']) === 'true');
    return defaults.length === 1 ? { className: defaults[0].name, prop: 'spec.ingressClassName', ingressClass: defaults[0] } : undefined;
  }
  const prop = typeof byField === 'string' && byField !== '' ? 'spec.ingressClassName' : 'metadata.annotations.kubernetes.io/ingress.class';
  return { className, prop, ingressClass: classes.find((c) => c.name === className) };
}

/** The controller that serves an Ingress, as far as the manifests tell. @internal */
export interface ServingController {
  /** The controllers it may be (more than one: the class name is ambiguous). */
  readonly kinds: ControllerKind[];
  /** For messages: what names it. */
  readonly controller: string;
  readonly className: string;
  readonly prop: string;
  /** The IngressClass of the class in the manifests, if any. */
  readonly ingressClass?: K8sObject;
}

/**
 * The controllers that may serve the Ingress, from its class: the IngressClass
 * in the manifests (`spec.controller`); else the ingress controllers deployed
 * in the manifests that serve that class name (`controllersInManifests`); else
 * the usual controllers of the class name (`nginx`: ingress-nginx or NGINX
 * Inc., whose charts both name their class `nginx`; `traefik`; `alb`; `gce` and
 * other controllers). Undefined when the Ingress has no class, or a class
 * nothing resolves.
 * @internal
 */
export function servingController(obj: K8sObject, index: ManifestIndex): ServingController | undefined {
  const ref = ingressClassOf(obj, index);
  if (!ref) return undefined;
  const { className, prop, ingressClass } = ref;
  const controller = ingressClass?.doc.spec?.controller;
  if (typeof controller === 'string' && controller !== '') {
    return { kinds: [CONTROLLERS[controller] ?? 'other'], controller: `${controller} (IngressClass ${className})`, className, prop, ingressClass };
  }
  const deployed = controllersInManifests(index).filter((c) => c.className === className);
  if (deployed.length > 0) {
    const kinds = [...new Set(deployed.map((c) => c.kind))];
    return { kinds, controller: `${deployed.map((c) => `${CONTROLLER_NAMES[c.kind]} (${c.workload.kind}/${c.workload.namespace}/${c.workload.name})`).join(' and ')}, which serve${deployed.length > 1 ? '' : 's'} class ${className}`, className, prop, ingressClass };
  }
  const kinds = Object.prototype.hasOwnProperty.call(CLASS_NAMES, className) ? CLASS_NAMES[className] : undefined;
  if (!kinds) return undefined;
  const named = kinds.filter((k) => k !== 'other').map((k) => CONTROLLER_NAMES[k]);
  return { kinds, controller: named.length > 0 ? `${named.join(' or ')} (class ${className})` : `the ${className} controller (class ${className})`, className, prop, ingressClass };
}

/** An ingress controller deployed in the manifests, and the class it serves. @internal */
export interface DeployedController {
  readonly kind: ControllerKind;
  readonly className: string;
  readonly workload: K8sObject;
  /** Its command and arguments. */
  readonly args: unknown[];
  /** Its container image. */
  readonly image: string;
}

/**
 * The controller images the rules recognise, by the last path segments of the
 * image (registry and tag ignored), and the class each serves without an
 * `--ingress-class` flag.
 */
function controllerOfImage(image: string): { kind: ControllerKind; defaultClass: string } | undefined {
  const path = image.split('@')[0].replace(/:[^/]*$/, '').split('/');
  const last = path[path.length - 1];
  const before = path[path.length - 2];
  if ((before === 'ingress-nginx' && (last === 'controller' || last === 'controller-chroot')) || last === 'nginx-ingress-controller') return { kind: 'ingress-nginx', defaultClass: 'nginx' };
  if (last === 'nginx-ingress' || last === 'nginx-plus-ingress') return { kind: 'nginx-inc', defaultClass: 'nginx' };
  if (last === 'aws-load-balancer-controller') return { kind: 'alb', defaultClass: 'alb' };
  return undefined;
}

/** The value of a flag (`--name=v`, `-name=v`, `--name v`) in a command line, or undefined. @internal */
export function flagValue(args: unknown[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (typeof a !== 'string') continue;
    for (const f of [`--${name}`, `-${name}`]) {
      if (a.startsWith(`${f}=`)) return a.substring(f.length + 1);
      if (a === f && typeof args[i + 1] === 'string') return args[i + 1] as string;
    }
  }
  return undefined;
}

/**
 * The ingress controllers deployed in the manifests (a Deployment or DaemonSet
 * running the ingress-nginx, NGINX Inc. or AWS Load Balancer Controller image),
 * each with the class it serves (`--ingress-class`, else the controller's
 * default: `nginx`, `nginx`, `alb`). Memoized per index.
 * @internal
 */
export function controllersInManifests(index: ManifestIndex): DeployedController[] {
  const hit = deployedCache.get(index);
  if (hit) return hit;
  const out: DeployedController[] = [];
  for (const w of [...index.ofKind('Deployment'), ...index.ofKind('DaemonSet')]) {
    const tpl = index.podTemplate(w);
    for (const c of tpl ? containersOf(tpl) : []) {
      const known = typeof c.container.image === 'string' ? controllerOfImage(c.container.image) : undefined;
      if (!known) continue;
      const args = [...(Array.isArray(c.container.command) ? c.container.command : []), ...(Array.isArray(c.container.args) ? c.container.args : [])];
      out.push({ kind: known.kind, className: flagValue(args, 'ingress-class') ?? known.defaultClass, workload: w, args, image: c.container.image });
    }
  }
  deployedCache.set(index, out);
  return out;
}
const deployedCache = new WeakMap<ManifestIndex, DeployedController[]>();

/**
 * Whether the AWS Load Balancer Controller serves the Ingress: `yes` when its
 * class resolves to it (IngressClass controller `ingress.k8s.aws/alb` or
 * `eks.amazonaws.com/alb`, an aws-load-balancer-controller in the manifests
 * serving the class, or the class name `alb`); `maybe` when the class resolves
 * to nothing (none, or a name the manifests do not resolve) and the Ingress
 * carries `alb.ingress.kubernetes.io/` annotations, which only that controller
 * reads; `no` otherwise.
 * @internal
 */
export function servedByAlb(obj: K8sObject, index: ManifestIndex): 'yes' | 'maybe' | 'no' {
  const served = servingController(obj, index);
  if (served) return served.kinds.includes('alb') ? (served.kinds.length === 1 ? 'yes' : 'maybe') : 'no';
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  return Object.keys(a).some((k) => k.startsWith('alb.ingress.kubernetes.io/')) ? 'maybe' : 'no';
}

const ALB = 'alb.ingress.kubernetes.io/';

/**
 * The other Ingresses of the Ingress's IngressGroup (`alb.ingress.kubernetes.io/group.name`) in the manifests that the
 * AWS Load Balancer Controller serves: the controller merges their listener settings per port. None without a group.
 * @internal
 */
export function albGroupMembers(obj: K8sObject, index: ManifestIndex): K8sObject[] {
  const group = (obj.metadata.annotations ?? {})[`${ALB}group.name`];
  if (group === undefined) return [];
  return index.ofKind('Ingress').filter((i) => i !== obj && (i.metadata.annotations ?? {})[`${ALB}group.name`] === group && servedByAlb(i, index) === 'yes');
}

/** The IngressClassParams of the Ingress's class (AWS Load Balancer Controller): the object, or why it cannot be read; none when the class names no parameters. @internal */
export function classParams(obj: K8sObject, index: ManifestIndex): { spec?: Record<string, any>; name?: string; object?: K8sObject; missing?: string } {
  const cls = servingController(obj, index)?.ingressClass;
  const p = cls?.doc.spec?.parameters;
  if (!p || p.kind !== 'IngressClassParams') return {};
  const params = index.ofKind('IngressClassParams').find((o) => o.name === String(p.name));
  return params ? { spec: params.doc.spec ?? {}, name: params.name, object: params } : { missing: `IngressClass ${cls!.name} names IngressClassParams ${String(p.name)}, which is not in the manifests` };
}

/** The ALB listen-ports annotation (`[{"HTTP": 80}, {"HTTPS": 443}]`), or undefined when the controller cannot parse it. @internal */
export function parseListenPorts(raw: string): { protocol: string; port: number }[] | undefined {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const out: { protocol: string; port: number }[] = [];
  for (const e of v) {
    if (!e || typeof e !== 'object' || Array.isArray(e)) return undefined;
    for (const [protocol, port] of Object.entries(e)) {
      if (!['HTTP', 'HTTPS'].includes(protocol) || typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
      out.push({ protocol, port });
    }
  }
  return out;
}

/**
 * The listeners the AWS Load Balancer Controller builds for an Ingress (its own, before an IngressGroup merges
 * them): `listen-ports`, else HTTPS:443 when it has a certificate (`certificate-arn`, or the IngressClassParams
 * `certificateArn`) and HTTP:80 when not. `value` is the listen-ports annotation when it is set. Unknown (why) when
 * listen-ports is templated or cannot be parsed (the controller then builds nothing for the Ingress), or, without
 * listen-ports, when certificate-arn is templated.
 * @internal
 */
export function albListenPorts(obj: K8sObject, index: ManifestIndex, params = classParams(obj, index)):
{ ports: { protocol: string; port: number }[]; prop: string; value?: string } | { unknown: string; prop: string; value?: string } {
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  const paramCerts = Array.isArray(params.spec?.certificateArn) && params.spec!.certificateArn.length > 0;
  const certArn = paramCerts ? undefined : a[`${ALB}certificate-arn`];
  const explicitCerts = paramCerts || (typeof certArn === 'string' && certArn.split(',').some((c) => c.trim() !== ''));
  const lp = a[`${ALB}listen-ports`];
  const prop = `metadata.annotations.${ALB}listen-ports`;
  if (lp === undefined && isTemplated(certArn)) {
    return { prop: `metadata.annotations.${ALB}certificate-arn`, value: certArn, unknown: 'no listen-ports and a templated certificate-arn: the AWS Load Balancer Controller builds an HTTPS:443 listener when it renders to a certificate, HTTP:80 only when it renders empty' };
  }
  if (lp === undefined) return { prop, ports: [explicitCerts ? { protocol: 'HTTPS', port: 443 } : { protocol: 'HTTP', port: 80 }] };
  if (isTemplated(lp)) return { prop, value: lp, unknown: 'listen-ports is templated: cannot tell whether the ALB has an HTTPS listener' };
  const entries = parseListenPorts(lp);
  if (!entries) return { prop, value: lp, unknown: `the AWS Load Balancer Controller cannot parse listen-ports ${lp} and builds no load balancer for the Ingress` };
  return { prop, value: lp, ports: entries };
}
