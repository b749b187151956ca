/* eslint-disable @typescript-eslint/no-explicit-any */
import { isElbTls12Policy } from '../../../checklist/policy/tls';
import { Severity } from '../../model';
import { ManifestIndex } from '../manifest-index';
import { containersOf, isTemplated } from '../pod-spec';
import { K8sObject, K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { albGroupMembers, albListenPorts, classParams, controllersInManifests, flagValue, servedByAlb, servingController } from './ingress-class';
import { CONTROLLER_KEYS, controllerConfigMaps, nginxStatements } from './nginx-controller-config';
import { SnippetGate, snippetGate } from './ingress-hsts';
import { ingressRouteTls } from './ingress-route';
import { defaultTlsOption, ingressOptionsKey, judgeRouterTls, tlsOptionByRef } from './traefik';

const ALB = 'alb.ingress.kubernetes.io/';
/** The AWS Load Balancer Controller's `--default-ssl-policy` when it is not set: it accepts TLS 1.0 and 1.1. */
const ALB_DEFAULT_POLICY = 'ELBSecurityPolicy-2016-08';

/**
 * EDGE-HTTPS-LISTENER: every Ingress terminates TLS for every host it routes:
 * `spec.tls` entries whose `hosts` cover each rule's host (wildcards included)
 * with a `secretName`. A TLS entry without a secret uses the controller's
 * default certificate, which the manifests cannot show (unknown). So does a
 * route for every name: a rule without `host`, or `spec.defaultBackend`,
 * answers any Host header (the load balancer's address, other names), which no
 * TLS entry covers (unknown).
 *
 * An Ingress the AWS Load Balancer Controller serves (its class resolves to
 * it: see `servedByAlb`) is judged as the ALB listener it builds, like
 * ElbHttpsListener judges one in CloudFormation: the controller never reads
 * `spec.tls[].secretName` (it serves ACM certificates). It needs an HTTPS
 * listener: `listen-ports` naming HTTPS, or, without listen-ports, a
 * `certificate-arn` (annotation or IngressClassParams); otherwise it builds
 * HTTP:80 only (fail). The listener's policy is the IngressClassParams
 * `sslPolicy`, else the `ssl-policy` annotation, else the controller's
 * `--default-ssl-policy` (read from its Deployment in the manifests, else
 * ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1): a policy outside
 * the TLS 1.2+ table (`isElbTls12Policy`) fails. An Ingress of an
 * IngressGroup (`group.name`) shares each HTTPS listener with the members
 * listening on that port: the controller merges their own policies
 * (IngressClassParams `sslPolicy`, else `ssl-policy`) per port, as it builds
 * the group's listeners. Two different policies fail (it refuses to reconcile
 * the group: conflicting sslPolicy); one, set by this Ingress or another member
 * in the manifests, is judged; none is unknown (a member outside the manifests
 * may set one, else the controller's default applies). An IngressClass naming IngressClassParams missing from the manifests
 * may set one (unknown). When the class resolves to nothing and the Ingress
 * carries `alb.ingress.kubernetes.io/` annotations, it may be an ALB: it is
 * judged both ways, and a verdict the two readings do not share is unknown
 * (an ALB with a certificate-arn and no spec.tls is not failed for the
 * missing Secret: the controller serves HTTPS:443 with the ACM certificate).
 * A route for every name is unknown there too (the listener's default
 * certificate). A templated certificate-arn without listen-ports is unknown:
 * rendered empty, the controller builds HTTP:80 only.
 *
 * An Ingress ingress-nginx may serve (its class resolves to it, or to nothing)
 * takes the TLS versions of its controller ConfigMap's `ssl-protocols` (default
 * `TLSv1.2 TLSv1.3`): the ConfigMaps the ingress-nginx controller Deployments
 * or DaemonSets of the manifests serving the class name with `--configmap`
 * (`controllerConfigMaps`); when the manifests deploy none for the class, any
 * controller ConfigMap of the manifests (named by `--configmap`, else carrying
 * a controller-only key or `ssl-protocols`). SSLv2, SSLv3, TLSv1 or TLSv1.1 in
 * it fails when the ConfigMap is that of a controller serving the class and the
 * class is ingress-nginx's only; it is unknown when the ConfigMap is only
 * guessed to be the controller's, when the class may be another controller's,
 * when candidate ConfigMaps disagree, or when the value is templated or not a
 * list of protocols. No ConfigMap, or one without the key, keeps the default
 * (a pass). The same ConfigMap's `server-snippet` and `http-snippet` (nginx
 * text added to every server / the http block) are read for `ssl_protocols`
 * directives (`#` comments excluded), judged like `ssl-protocols`; and the
 * Ingress's own `nginx.ingress.kubernetes.io/server-snippet`, when the
 * controller applies snippet annotations (`snippetGate`: allowed, it sets the
 * Ingress's server whatever the ConfigMap says; forbidden, it is not read;
 * undecided, unknown). A legacy `ssl_protocols` asks nginx for the old
 * versions, like a legacy `ssl-protocols`: fail where that would fail.
 *
 * NGINX Inc.'s controller (class resolving to it, or possibly to it) is judged
 * the same way from the ConfigMap its Deployments in the manifests name with
 * `-nginx-configmaps`: `ssl-protocols`, `server-snippets`, `http-snippets`,
 * and the Ingress's `nginx.org/server-snippets` when the controller runs with
 * `-enable-snippets` (without it, not read; no controller in the manifests:
 * unknown). Without `ssl-protocols` (nor an `ssl_protocols` snippet) NGINX
 * Inc. leaves nginx's built-in default, which enabled TLS 1.0 and 1.1 before
 * nginx 1.27.3: judged from the image tag of its controllers in the manifests
 * (`nginxIncDefault`: pass from release 5.0.0, and 4.0.1 for nginx images;
 * older releases unknown, their OpenSSL deciding; a tag naming no release
 * unknown); a class only NGINX Inc. serves whose controller is not in the
 * manifests is unknown, and so is class `nginx` when neither nginx controller nor an IngressClass of that name is
 * in the manifests (NGINX Inc.'s chart names its class `nginx` too; ingress-nginx's default alone is no pass). An `ssl_protocols` in the Ingress's location snippet
 * (`configuration-snippet`, `nginx.org/location-snippets`) makes nginx refuse
 * the configuration (`locationSnippetRefused`): fail where the controller
 * applies it. Other controllers' protocol settings are not read: a pass on spec.tls is unknown for a class that
 * resolves to another controller (GKE's `gce`: a Google Cloud load balancer's default SSL policy accepts TLS 1.0) or
 * to nothing (the cluster's default IngressClass decides), naming it (`unreadController`). Traefik (class resolving
 * to it) takes the TLS versions of its TLS options (`withTraefikOptions`): the TLSOption the Ingress names with
 * `traefik.ingress.kubernetes.io/router.tls.options`, else the TLSOption named `default` (any namespace), else
 * Traefik's built-in default options (minVersion VersionTLS12 since v2.9, traefik/traefik#8951, and documented as
 * the TLSOption default: a pass; a Traefik of the manifests whose image tag names an older release fails).
 *
 * A Traefik IngressRoute (traefik.io or traefik.containo.us) is judged by `ingressRouteTls` (ingress-route.ts): with
 * spec.tls, its certificate (secretName, certResolver, else the TLS store's default: unknown unless a TLSStore default
 * sets one) and TLS options (spec.tls.options, else TLSOption default, else the built-in default); without, the
 * entry points of Traefik's static configuration (the flags of its Deployment in the manifests; not there: unknown).
 * The TLSOption and TLSStore named `default` are those of the kubernetescrd provider's `defaultTLSResourcesNamespace`
 * when the static configuration sets it (Traefik v3.7+ ignores a `default` elsewhere: `defaultTlsOption`,
 * `defaultTlsStore`). A Traefik router naming its own TLS options passes only if the `default` TLS options pass too
 * when another TLS router of the manifests routes one of its host names with other options (Traefik then serves the
 * host with the default options); otherwise unknown, naming the other router. Traefik maps TLS options to the host
 * expressions of Host matchers only (`judgeRouterTls`): a route without one (HostRegexp, a path only, an Ingress rule
 * without host or with a wildcard host) is judged on the default options, and a `*.`/`**.` wildcard host passes only
 * if the options of the routers of the names it covers pass too.
 */
export const K8sIngressTls: K8sRule = {
  id: 'K8sIngressTls',
  items: ['EDGE-HTTPS-LISTENER'],
  kinds: ['Ingress', 'IngressRoute'],
  severity: Severity.HIGH,
  description: 'Every Ingress has spec.tls covering each of its hosts with a certificate Secret; an ALB Ingress has an HTTPS listener with a TLS 1.2+ ssl-policy; the ingress-nginx or NGINX Inc. controller ConfigMap\'s ssl-protocols and ssl_protocols snippets (and the Ingress\'s server snippet) enable no version below TLS 1.2, and without ssl-protocols NGINX Inc.\'s image ships nginx 1.27.3+ (whose default is TLS 1.2+); no location snippet sets ssl_protocols, which nginx refuses there; a Traefik Ingress\'s TLSOption (the one it names, else `default`) has minVersion VersionTLS12 or 13 (no TLSOption: a Traefik before v2.9 in the manifests fails); a Traefik IngressRoute has spec.tls (a secretName or certResolver, TLS options as an Ingress\'s, spec.tls.options first) or only entry points of the static configuration in the manifests that terminate TLS or redirect; a class served by a controller whose TLS settings are not read, or resolved by nothing in the manifests (class nginx with neither nginx controller), is unknown.',
  fix: 'Add spec.tls: [{ hosts: [<host>], secretName: <name>-tls }] (and cert-manager.io/cluster-issuer to issue it). ALB: alb.ingress.kubernetes.io/listen-ports: \'[{"HTTPS":443}]\' and alb.ingress.kubernetes.io/ssl-policy: ELBSecurityPolicy-TLS13-1-2-2021-06. ingress-nginx: leave the controller ConfigMap\'s ssl-protocols at its default (TLSv1.2 TLSv1.3).',
  check(obj, ctx) {
    if (obj.kind === 'IngressRoute') return ingressRouteTls(obj, ctx.index);
    const alb = servedByAlb(obj, ctx.index);
    if (alb === 'yes') return judgeAlb(obj, ctx.index);
    const own = withTraefikOptions(obj, ctx.index, withNginxProtocols(obj, ctx.index, judgeTls(obj)));
    if (alb === 'no') return unreadController(obj, ctx.index, own);
    const asAlb = judgeAlb(obj, ctx.index);
    // The readings must agree: where they differ, the controller the cluster picks for the class decides.
    if (own.status === asAlb.status) return unreadController(obj, ctx.index, own);
    const albWhy = `if the AWS Load Balancer Controller serves it (its class is not resolved by the manifests, and it carries ${ALB}* annotations): ${asAlb.message}`;
    if (own.status === 'pass') return k8sUnknown(asAlb.property, asAlb.value, albWhy);
    return k8sUnknown(own.property, own.value, `if a controller that serves spec.tls Secrets serves it: ${own.message}; ${albWhy}`);
  },
};

const TRAEFIK_OPTIONS = 'traefik.ingress.kubernetes.io/router.tls.options';

/**
 * A passing spec.tls verdict for an Ingress Traefik serves, against the TLS options of its router (`judgeTlsOptions`):
 * the TLSOption (traefik.io/v1alpha1, or traefik.containo.us/v1alpha1 before Traefik v3) the Ingress names with
 * `traefik.ingress.kubernetes.io/router.tls.options: <namespace>-<name>@kubernetescrd`; else the TLSOption named
 * `default`, in any namespace, which sets the options of every router that names none (Traefik docs, TLSOption in
 * Kubernetes: there may be only one, otherwise they are dropped); else Traefik's built-in default options
 * (minVersion VersionTLS12 since v2.9: a Traefik of the manifests on an older release fails). A named TLSOption
 * missing from the manifests, one from another provider (`@file`), several `default` TLSOptions, or a templated
 * value is unknown.
 */
function withTraefikOptions(obj: K8sObject, index: ManifestIndex, own: K8sVerdict): K8sVerdict {
  if (own.status !== 'pass') return own;
  const served = servingController(obj, index);
  if (!served || served.kinds.length !== 1 || served.kinds[0] !== 'traefik') return own;
  const named = (obj.metadata.annotations ?? {})[TRAEFIK_OPTIONS];
  const from = named !== undefined && String(named) !== 'default'
    ? tlsOptionByRef(index, String(named), `metadata.annotations.${TRAEFIK_OPTIONS}`, TRAEFIK_OPTIONS)
    : defaultTlsOption(index, 'spec.tls');
  return judgeRouterTls(own, index, obj, ingressOptionsKey(obj), from);
}

/** Classes served by a Google Cloud load balancer (GKE Ingress). */
const GCE_CLASSES = ['gce', 'gce-internal'];

/**
 * A passing spec.tls verdict for an Ingress whose controller's TLS versions the rule does not read: unknown. The class
 * resolves to another controller (GKE's `gce`, Azure Application Gateway, Kong, HAProxy, Istio, Contour...), or to
 * nothing (the cluster's default IngressClass, outside the manifests, decides: on GKE an Ingress without a class is
 * served by the `gce` controller). A Google Cloud load balancer without an SSL policy uses Google Cloud's default
 * one, profile COMPATIBLE with minimum TLS 1.0; GKE sets one only through a FrontendConfig's `sslPolicy`.
 */
function unreadController(obj: K8sObject, index: ManifestIndex, own: K8sVerdict): K8sVerdict {
  if (own.status !== 'pass') return own;
  const served = servingController(obj, index);
  if (!served) {
    return k8sUnknown(own.property, own.value, `${own.message}, but the manifests do not resolve the Ingress's class to a controller: the cluster's default IngressClass decides the TLS versions it accepts (on GKE an Ingress without a class gets a Google Cloud load balancer, whose default SSL policy accepts TLS 1.0)`);
  }
  if (!served.kinds.includes('other')) return own;
  const gce = GCE_CLASSES.includes(served.className) && !served.ingressClass;
  const why = gce
    ? 'a Google Cloud load balancer without an SSL policy uses the default one (profile COMPATIBLE, minimum TLS 1.0); set a FrontendConfig sslPolicy (networking.gke.io/v1beta1.FrontendConfig) naming a policy with minimum TLS 1.2, which lives in Google Cloud'
    : 'the rules do not read its TLS settings';
  return k8sUnknown(own.property, own.value, `${own.message}, but ${served.controller} decides the TLS versions it accepts: ${why}`);
}

/** spec.tls against the hosts the Ingress routes (controllers that serve the TLS Secrets). */
function judgeTls(obj: K8sObject): K8sVerdict {
  const tls: any[] = Array.isArray(obj.doc.spec?.tls) ? obj.doc.spec.tls : [];
  if (tls.length === 0) return k8sFail('spec.tls', undefined, 'no TLS: the Ingress serves plain HTTP');
  const hosts = new Set<string>();
  for (const r of obj.doc.spec?.rules ?? []) if (r?.host) hosts.add(String(r.host));
  const covered = (h: string) => tls.some((t) => (t?.hosts ?? []).some((th: string) => th === h || (th.startsWith('*.') && h.endsWith(th.substring(1)) && !h.substring(0, h.length - th.length + 1).includes('.'))));
  const uncovered = [...hosts].filter((h) => !covered(h));
  if (uncovered.length > 0) return k8sFail('spec.tls', uncovered, `host(s) ${uncovered.join(', ')} served without a TLS entry`);
  const noSecret = tls.findIndex((t) => !t?.secretName);
  if (noSecret !== -1) return k8sUnknown(`spec.tls.${noSecret}.secretName`, undefined, 'a TLS entry without secretName uses the controller\'s default certificate');
  const catchAll = catchAllRoute(obj);
  if (catchAll) return catchAll;
  return k8sPass('spec.tls', tls.map((t) => t.secretName).join(', '), `TLS for ${[...hosts].join(', ') || 'every host'}`);
}

/** TLS versions nginx accepts below 1.2, as `ssl-protocols` names them. */
const LEGACY_PROTOCOLS = ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'];
const PROTOCOLS = [...LEGACY_PROTOCOLS, 'TLSv1.2', 'TLSv1.3'];

/** What one source of nginx's TLS versions says: below 1.2 (`legacy`), 1.2+ (`modern`), or unreadable (`open`). */
interface ProtocolSource { kind: 'legacy' | 'modern' | 'open'; why: string }

/** A protocol list as `ssl-protocols` / `ssl_protocols` write it, judged. */
function judgeProtocols(value: string, where: string): ProtocolSource {
  if (isTemplated(value)) return { kind: 'open', why: `${where} "${value}" is templated` };
  const tokens = value.split(/\s+/).filter(Boolean);
  if (tokens.length === 0 || tokens.some((t) => !PROTOCOLS.includes(t))) return { kind: 'open', why: `${where} "${value}" is not a list of ${PROTOCOLS.join(', ')}` };
  const legacy = tokens.filter((t) => LEGACY_PROTOCOLS.includes(t));
  if (legacy.length > 0) return { kind: 'legacy', why: `${where} "${value}", which enables ${legacy.join(', ')}` };
  return { kind: 'modern', why: `${where} "${value}"` };
}

/** The `ssl_protocols` directives of an nginx snippet, judged (none: undefined); a legacy one first. */
function snippetProtocols(snippet: unknown, where: string): ProtocolSource | undefined {
  if (typeof snippet !== 'string') return undefined;
  const found = nginxStatements(snippet).filter((st) => /^ssl_protocols\s/.test(st))
    .map((st) => judgeProtocols(st.substring('ssl_protocols'.length).trim(), `${where} sets ssl_protocols`));
  return found.find((f) => f.kind === 'legacy') ?? found.find((f) => f.kind === 'open') ?? found[0];
}

/** The controller-wide keys of each nginx controller: the protocol list, and the snippets added to every server / http block. */
const FAMILY = {
  'ingress-nginx': { protocols: 'ssl-protocols', snippets: ['server-snippet', 'http-snippet'], annotation: 'nginx.ingress.kubernetes.io/server-snippet', location: 'nginx.ingress.kubernetes.io/configuration-snippet', name: 'ingress-nginx', label: 'ingress-nginx' },
  'nginx-inc': { protocols: 'ssl-protocols', snippets: ['server-snippets', 'http-snippets'], annotation: 'nginx.org/server-snippets', location: 'nginx.org/location-snippets', name: 'NGINX Inc.\'s controller', label: 'NGINX Inc.' },
} as const;
type Family = keyof typeof FAMILY;

/**
 * What nginx enables when NGINX Inc.'s controller leaves `ssl-protocols` unset (its template then writes no
 * `ssl_protocols`): nginx's built-in default, which enabled TLSv1 and TLSv1.1 until nginx 1.27.3 ("now TLSv1 and
 * TLSv1.1 protocols are disabled by default"; NGINX Plus from R34). The release an image tag names gives its nginx
 * (NGINX Ingress Controller technical specifications: 4.0.1 ships nginx 1.27.4 / NGINX Plus R33 P2, 5.0.0 1.27.4 /
 * R34, later releases newer; 3.7.2 and earlier nginx 1.27.2 or older): `modern` from 5.0.0 (and 4.0.1 with nginx,
 * not NGINX Plus, images `nginx-ingress`); older releases are `open`, not `legacy`: whether a handshake accepts TLS
 * 1.0/1.1 then depends on the image's OpenSSL (OpenSSL 3 at its default security level refuses them; Debian's
 * configuration sets MinProtocol TLSv1.2), which the tag does not say. A tag that names no release (`latest`,
 * `edge`, a digest, a build of one's own) cannot be placed: `open`.
 */
function nginxIncDefault(image: string, where: string): ProtocolSource {
  const [named, digest] = image.split('@');
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const tag = colon > slash ? named.substring(colon + 1) : undefined;
  const plus = /nginx-plus-ingress$/.test(colon > slash ? named.substring(0, colon) : named);
  const lead = `${where} (image ${image}) leaves ssl-protocols unset, so nginx's built-in default applies`;
  const m = tag ? /^v?(\d+)\.(\d+)\.(\d+)(?:-[A-Za-z0-9._-]+)?$/.exec(tag) : null;
  if (!m) return { kind: 'open', why: `${lead}, and ${tag ? `tag ${tag}` : digest ? 'a digest' : 'an image without a tag'} names no release whose nginx can be placed (nginx enabled TLSv1 and TLSv1.1 by default before 1.27.3)` };
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (major >= 5 || (!plus && major === 4 && minor === 0 && patch >= 1)) {
    return { kind: 'modern', why: `${lead}: release ${major}.${minor}.${patch} ships ${plus ? 'NGINX Plus R34 or later' : 'nginx 1.27.4 or later'}, whose default is TLSv1.2 TLSv1.3` };
  }
  if (major < 4 || (plus && major === 4)) {
    return { kind: 'open', why: `${lead}: release ${major}.${minor}.${patch} ships ${plus ? 'NGINX Plus R33 or older' : 'nginx 1.27.2 or older'}, whose default enables TLSv1 and TLSv1.1; whether handshakes accept them depends on the image's OpenSSL (set ssl-protocols: "TLSv1.2 TLSv1.3")` };
  }
  return { kind: 'open', why: `${lead}, and release ${major}.${minor}.${patch}${plus ? ' (NGINX Plus R33)' : ''} is not placed before or after nginx 1.27.3, which disabled TLSv1 and TLSv1.1 by default (set ssl-protocols: "TLSv1.2 TLSv1.3")` };
}

/** The ConfigMaps NGINX Inc. controllers name with `-nginx-configmaps` (`$(POD_NAMESPACE)` is their namespace). @internal */
export function nginxIncConfigMaps(index: ManifestIndex, workloads: K8sObject[]): K8sObject[] {
  const out = new Map<string, K8sObject>();
  for (const w of workloads) {
    const tpl = index.podTemplate(w);
    for (const c of tpl ? containersOf(tpl) : []) {
      const args = [...(Array.isArray(c.container.command) ? c.container.command : []), ...(Array.isArray(c.container.args) ? c.container.args : [])];
      args.forEach((arg, i) => {
        if (typeof arg !== 'string') return;
        const m = /^--?nginx-configmaps(?:=(.*))?$/.exec(arg);
        const ref = m ? m[1] ?? args[i + 1] : undefined;
        if (typeof ref !== 'string' || ref === '') return;
        const resolved = ref.split('$(POD_NAMESPACE)').join(w.namespace);
        const [ns, name] = resolved.includes('/') ? resolved.split('/', 2) : [w.namespace, resolved];
        const cm = index.get('ConfigMap', ns, name);
        if (cm) out.set(cm.id, cm);
      });
    }
  }
  return [...out.values()];
}

/** Whether NGINX Inc.'s controllers of the manifests apply snippet annotations (`-enable-snippets`, default false). */
function nginxIncSnippetGate(index: ManifestIndex, workloads: K8sObject[]): SnippetGate {
  if (workloads.length === 0) return { gate: 'no NGINX Inc. controller is in the manifests; it applies snippet annotations only with -enable-snippets' };
  const enabled = workloads.map((w) => {
    const tpl = index.podTemplate(w);
    const args = (tpl ? containersOf(tpl) : []).flatMap((c) => [...(Array.isArray(c.container.command) ? c.container.command : []), ...(Array.isArray(c.container.args) ? c.container.args : [])]);
    return args.some((a) => typeof a === 'string' && /^--?enable-snippets(=(true|1|t|T|TRUE|True))?$/.test(a));
  });
  if (enabled.every((e) => e)) return {};
  if (enabled.every((e) => !e)) return { ignored: 'its controller runs without -enable-snippets (snippets disabled by default)' };
  return { gate: 'the NGINX Inc. controllers of the manifests disagree on -enable-snippets' };
}

/**
 * A passing spec.tls verdict against the TLS versions of the nginx controller that may serve the Ingress (see
 * K8sIngressTls): its ConfigMap's protocol list and server/http snippets, and the Ingress's own server snippet;
 * other verdicts are returned as they are.
 */
function withNginxProtocols(obj: K8sObject, index: ManifestIndex, own: K8sVerdict): K8sVerdict {
  if (own.status !== 'pass') return own;
  const served = servingController(obj, index);
  const verdicts = (Object.keys(FAMILY) as Family[])
    .filter((f) => !served || served.kinds.includes(f))
    .map((f) => familyProtocols(obj, index, own, served, f));
  return verdicts.find((v) => v.status === 'fail') ?? verdicts.find((v) => v.status === 'unknown') ?? own;
}

function familyProtocols(obj: K8sObject, index: ManifestIndex, own: K8sVerdict, served: ReturnType<typeof servingController>, family: Family): K8sVerdict {
  const keys = FAMILY[family];
  const deployed = controllersInManifests(index).filter((c) => c.kind === family && (!served || c.className === served.className));
  const workloads = deployed.map((c) => c.workload);
  const refused = locationSnippetRefused(obj, index, own, served, family, workloads);
  if (refused) return refused;
  const cms = family === 'nginx-inc'
    ? nginxIncConfigMaps(index, workloads)
    : deployed.length > 0 ? controllerConfigMaps(index, { workloads }) : controllerConfigMaps(index, { keys: [...CONTROLLER_KEYS, 'ssl-protocols'] });
  // NGINX Inc.: where nothing sets the protocols, nginx's own default applies, which its image's release decides
  // (`nginxIncDefault`): judged for the controllers of the manifests; a class NGINX Inc. may serve (its own, or
  // `nginx`, which both nginx controllers' charts name their class) without its controller in the manifests leaves
  // it unknown.
  const onlyNginxInc = served !== undefined && served.kinds.length === 1 && served.kinds[0] === 'nginx-inc';
  const incDefault = (): ProtocolSource[] => {
    if (family !== 'nginx-inc') return [];
    if (deployed.length === 0) {
      if (onlyNginxInc) return [{ kind: 'open', why: `${served!.controller} is not in the manifests: without ssl-protocols its image's nginx decides the TLS versions (nginx enabled TLSv1 and TLSv1.1 by default before 1.27.3)` }];
      if (served?.kinds.includes('nginx-inc')) {
        return [{ kind: 'open', why: `class ${served.className} may be served by ${served.controller}, neither of them in the manifests (both charts name their IngressClass ${served.className}): ingress-nginx defaults to TLSv1.2 TLSv1.3, but NGINX Inc.'s controller without ssl-protocols leaves nginx's built-in default, which enabled TLSv1 and TLSv1.1 before nginx 1.27.3 (its releases before 5.0.0, 4.0.1 for nginx images); an IngressClass ${served.className} with controller k8s.io/ingress-nginx or nginx.org/ingress-controller (or the controller's Deployment) in the manifests decides` }];
      }
      return [];
    }
    return deployed.map((c) => nginxIncDefault(c.image, `${c.workload.kind}/${c.workload.namespace}/${c.workload.name}`));
  };
  const judged = cms.map((cm) => {
    const data: Record<string, unknown> = cm.doc.data ?? {};
    const where = `ConfigMap ${cm.namespace}/${cm.name}`;
    const raw = data[keys.protocols];
    const sources: ProtocolSource[] = raw === undefined || raw === null ? [] : [judgeProtocols(String(raw), `${where} sets ${keys.protocols}`)];
    for (const k of keys.snippets) {
      const s = snippetProtocols(data[k], `${where} ${k}`);
      if (s) sources.push(s);
    }
    if (sources.length === 0) sources.push(...incDefault());
    return sources.find((x) => x.kind === 'legacy') ?? sources.find((x) => x.kind === 'open')
      ?? { kind: 'modern' as const, why: sources.length > 0 ? sources.map((x) => x.why).join('; ') : `${where} leaves ${keys.protocols} at its default` };
  });
  if (cms.length === 0) judged.push(...incDefault());
  // The Ingress's own server snippet, as the controller applies it (snippet annotations are gated).
  const annotated = snippetProtocols((obj.metadata.annotations ?? {})[keys.annotation], `annotation ${keys.annotation}`);
  if (annotated && annotated.kind !== 'modern') {
    const gate = family === 'nginx-inc' ? nginxIncSnippetGate(index, workloads) : snippetGate(index);
    // Applied, the server snippet sets this Ingress's server whatever the ConfigMap's http-level value is.
    if (gate.gate !== undefined) judged.push({ kind: 'open', why: `${annotated.why}, if the controller applies it: ${gate.gate}` });
    else if (gate.ignored === undefined) judged.splice(0, judged.length, ...judged.filter((j) => j.kind !== 'modern'), annotated);
  }
  if (judged.length === 0 || judged.every((j) => j.kind === 'modern')) return own;
  const prop = 'spec.tls';
  const whose = deployed.length > 0
    ? `the ${keys.label} controller${deployed.length > 1 ? 's' : ''} ${deployed.map((c) => `${c.workload.kind}/${c.workload.namespace}/${c.workload.name}`).join(', ')} serving class ${deployed[0].className}`
    : `a controller ConfigMap of the manifests (no ${keys.label} controller Deployment in them serves the class)`;
  const open = judged.find((j) => j.kind === 'open');
  if (open) return k8sUnknown(prop, own.value, `${own.message}, but ${open.why}: the TLS versions ${keys.name} accepts cannot be read`);
  const legacy = judged.filter((j) => j.kind === 'legacy');
  if (legacy.length < judged.length) {
    return k8sUnknown(prop, own.value, `${own.message}, but the ${keys.name} controller ConfigMaps disagree: ${judged.map((j) => j.why).join('; ')}; which controller serves the Ingress decides`);
  }
  const certain = (deployed.length > 0 || (annotated?.kind === 'legacy' && cms.length === 0)) && served !== undefined && served.kinds.length === 1;
  const why = `${legacy.map((j) => j.why).join('; ')} (${whose})`;
  if (!certain) {
    const other = served ? `class ${served.className} may be served by ${served.controller}` : 'the Ingress names no class (the cluster\'s default IngressClass picks the controller)';
    return k8sUnknown(prop, own.value, `${own.message}; if ${keys.name} with that ConfigMap serves it, it accepts TLS older than 1.2: ${why}; ${other}`);
  }
  return k8sFail(prop, own.value, `${own.message}, but ${keys.name} accepts TLS older than 1.2: ${why}`);
}

/**
 * An `ssl_protocols` in the Ingress's location snippet (ingress-nginx's `configuration-snippet`, NGINX Inc.'s
 * `nginx.org/location-snippets`): nginx accepts the directive in the http and server contexts only
 * (ngx_http_ssl_module: NGX_HTTP_MAIN_CONF|NGX_HTTP_SRV_CONF), and the controller writes these snippets inside the
 * Ingress's location, so `nginx -t` refuses the configuration ("directive is not allowed here"): ingress-nginx's
 * admission webhook denies the Ingress, and without it the controller keeps its last configuration (NGINX Inc.'s
 * marks the Ingress rejected). The Ingress is not served as written: fail where the controller applies the snippet
 * (its snippet gate allows it, and only this controller serves the class), unknown where that is undecided; a
 * snippet the controller ignores changes nothing. Undefined when there is no such directive.
 */
function locationSnippetRefused(obj: K8sObject, index: ManifestIndex, own: K8sVerdict, served: ReturnType<typeof servingController>, family: Family, workloads: K8sObject[]): K8sVerdict | undefined {
  const keys = FAMILY[family];
  const snippet = (obj.metadata.annotations ?? {})[keys.location];
  if (typeof snippet !== 'string' || !nginxStatements(snippet).some((st) => /^ssl_protocols(\s|$)/.test(st))) return undefined;
  const gate = family === 'nginx-inc' ? nginxIncSnippetGate(index, workloads) : snippetGate(index);
  if (gate.ignored !== undefined) return undefined;
  const prop = `metadata.annotations.${keys.location}`;
  const why = `annotation ${keys.location} sets ssl_protocols, which nginx accepts only in the http and server contexts, not in the location ${keys.name} writes this snippet into: nginx refuses the configuration, so the controller rejects it (${family === 'ingress-nginx' ? 'its admission webhook denies the Ingress; without the webhook the reload fails and the last configuration stays' : 'the Ingress is marked rejected'}) and the Ingress is not served as written; set the protocols in the controller ConfigMap's ssl-protocols`;
  const certain = served !== undefined && served.kinds.length === 1 && served.kinds[0] === family;
  if (gate.gate !== undefined) return k8sUnknown(prop, snippet, `${own.message}, but ${why}, if the controller applies snippet annotations: ${gate.gate}`);
  if (!certain) return k8sUnknown(prop, snippet, `${own.message}; if ${keys.name} serves it, ${why}`);
  return k8sFail(prop, snippet, `${own.message}, but ${why}`);
}

/** A route that answers any Host header (a rule without host, spec.defaultBackend): unknown, else undefined. */
function catchAllRoute(obj: K8sObject): K8sVerdict | undefined {
  const rules: any[] = Array.isArray(obj.doc.spec?.rules) ? obj.doc.spec.rules : [];
  const hostless = rules.findIndex((r) => !r?.host);
  const why = 'answers any Host header (the load balancer\'s address, other names), which no TLS entry covers: HTTPS there uses the controller\'s default certificate';
  if (hostless !== -1) return k8sUnknown(`spec.rules.${hostless}`, undefined, `rule ${hostless} has no host and ${why}`);
  if (obj.doc.spec?.defaultBackend) return k8sUnknown('spec.defaultBackend', undefined, `spec.defaultBackend ${why}`);
  return undefined;
}

/** The ALB listeners the AWS Load Balancer Controller builds for the Ingress, judged like ElbHttpsListener. */
function judgeAlb(obj: K8sObject, index: ManifestIndex): K8sVerdict {
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  const params = classParams(obj, index);
  const ports = albListenPorts(obj, index, params);
  if ('unknown' in ports) return k8sUnknown(ports.prop, ports.value, ports.unknown);
  const https = ports.ports.filter((e) => e.protocol === 'HTTPS').map((e) => e.port);
  if (https.length === 0 && ports.value !== undefined) {
    return k8sFail(ports.prop, ports.value, `the ALB listens on ${ports.ports.map((e) => `${e.protocol}:${e.port}`).join(', ')} only: the Ingress serves plain HTTP`);
  }
  if (https.length === 0) {
    return k8sFail(`metadata.annotations.${ALB}listen-ports`, undefined, `no listen-ports and no certificate-arn: the AWS Load Balancer Controller builds an HTTP:80 listener only (it reads no spec.tls Secret), so the Ingress serves plain HTTP`);
  }
  const group = a[`${ALB}group.name`];
  if (group === undefined) return judgePolicy(obj, index, `HTTPS listener ${https.join(', ')}`, explicitPolicy(obj, params));
  // An IngressGroup shares each listener: the controller merges the members' policies per port (two different
  // ones: it refuses to reconcile the group), and a port no member sets a policy for gets the controller's default.
  const verdicts = https.map((port) => groupPortPolicy(obj, index, params, group, port));
  return verdicts.find((v) => v.status === 'fail') ?? verdicts.find((v) => v.status === 'unknown') ?? verdicts[0];
}

/** An Ingress's own policy for its HTTPS listeners: IngressClassParams `sslPolicy`, else the ssl-policy annotation. */
interface OwnPolicy { policy?: string; prop: string; source: string; missing?: string }
function explicitPolicy(obj: K8sObject, params: ReturnType<typeof classParams>, who = ''): OwnPolicy {
  if (typeof params.spec?.sslPolicy === 'string' && params.spec.sslPolicy !== '') {
    return { policy: params.spec.sslPolicy, prop: 'spec.sslPolicy', source: `IngressClassParams ${params.name} sslPolicy${who}` };
  }
  const a: Record<string, string> = obj.metadata.annotations ?? {};
  return { policy: a[`${ALB}ssl-policy`], prop: `metadata.annotations.${ALB}ssl-policy`, source: `ssl-policy${who}`, missing: params.missing };
}

/** One listener's policy (`own`, else the controllers' default), judged against the TLS 1.2+ table. */
function judgePolicy(obj: K8sObject, index: ManifestIndex, where: string, own: OwnPolicy, inGroup?: string): K8sVerdict {
  const { prop } = own;
  let { policy, source } = own;
  if (own.missing) return k8sUnknown(prop, policy, `${own.missing}: its sslPolicy, if set, replaces the ssl-policy annotation of the ${where}`);
  if (policy === undefined) {
    if (inGroup !== undefined) return k8sUnknown(prop, undefined, `no Ingress of IngressGroup ${inGroup} in the manifests sets an ssl-policy for the ${where}: another member of the group, outside the manifests, may (else the controller's default applies)`);
    const flags = controllersInManifests(index).filter((c) => c.kind === 'alb').map((c) => flagValue(c.args, 'default-ssl-policy') ?? ALB_DEFAULT_POLICY);
    const defaults = [...new Set(flags.length > 0 ? flags : [ALB_DEFAULT_POLICY])];
    if (defaults.length > 1) return k8sUnknown(prop, undefined, `no ssl-policy: the controllers in the manifests default to different policies (${defaults.join(', ')})`);
    policy = defaults[0];
    source = flags.length > 0 ? 'the controller\'s --default-ssl-policy' : 'no ssl-policy: the controller\'s default';
    if (!isElbTls12Policy(policy)) return k8sFail(prop, undefined, `${source} ${policy} on the ${where} accepts TLS 1.0 and 1.1`);
    return catchAllRoute(obj) ?? k8sPass(prop, policy, `${where} with ${source} ${policy} (TLS 1.2+ only); certificates from ACM, not the Secret`);
  }
  if (isTemplated(policy)) return k8sUnknown(prop, policy, `${source} is templated: the ${where}'s TLS versions cannot be read`);
  if (!isElbTls12Policy(policy)) return k8sFail(prop, policy, `${source} ${policy} on the ${where} accepts TLS versions older than 1.2`);
  return catchAllRoute(obj) ?? k8sPass(prop, policy, `${where} with ${source} ${policy} (TLS 1.2+ only); certificates from ACM, not the Secret`);
}

/**
 * The policy of the group listener HTTPS:`port`, as the controller merges it: the own policy of every member of the
 * IngressGroup in the manifests listening on HTTPS:`port` (IngressClassParams sslPolicy, else ssl-policy); two
 * different values fail (the controller refuses the group: conflicting sslPolicy); one is the listener's; none is
 * unknown (a member outside the manifests may set one).
 */
function groupPortPolicy(obj: K8sObject, index: ManifestIndex, params: ReturnType<typeof classParams>, group: string, port: number): K8sVerdict {
  const where = `HTTPS listener ${port} of IngressGroup ${group}`;
  const own = explicitPolicy(obj, params);
  if (own.missing) return judgePolicy(obj, index, where, own);
  const set: { member: K8sObject; p: OwnPolicy }[] = own.policy !== undefined ? [{ member: obj, p: own }] : [];
  for (const m of albGroupMembers(obj, index)) {
    const who = ` of Ingress ${m.namespace}/${m.name} (IngressGroup ${group})`;
    const mParams = classParams(m, index);
    const mp = albListenPorts(m, index, mParams);
    const p = explicitPolicy(m, mParams, who);
    if (p.missing) return k8sUnknown(own.prop, own.policy, `Ingress ${m.namespace}/${m.name} of IngressGroup ${group}: ${p.missing}; its sslPolicy, if set, joins the ${where}`);
    if (p.policy === undefined) continue;
    if ('unknown' in mp) return k8sUnknown(own.prop, own.policy, `${p.source} is ${p.policy}, but whether that Ingress listens on HTTPS:${port} cannot be read: ${mp.unknown}`);
    if (!mp.ports.some((x) => x.protocol === 'HTTPS' && x.port === port)) continue;
    set.push({ member: m, p: { ...p, prop: own.prop } });
  }
  const values = [...new Set(set.map((x) => x.p.policy!))];
  if (values.length > 1) {
    return k8sFail(own.prop, values.join(' | '), `the Ingresses of IngressGroup ${group} set different policies for HTTPS:${port} (${set.map((x) => `${x.member.namespace}/${x.member.name}: ${x.p.policy}`).join('; ')}): the controller refuses to reconcile the group (conflicting sslPolicy)`);
  }
  if (values.length === 0) return judgePolicy(obj, index, where, own, group);
  return judgePolicy(obj, index, where, set.find((x) => x.member === obj)?.p ?? set[0].p, group);
}
