/* eslint-disable @typescript-eslint/no-explicit-any */
import { InputError, shown } from '../../input/input-error';
import { K8sObject } from './rule';
import { isMap } from '../collections';

/** A pod template found in a workload: where it is, its labels and its spec. @internal */
export interface PodTemplate {
  /** The dotted path of the template in the object (`spec.template`), `''` for a Pod. */
  readonly path: string;
  readonly labels: Record<string, string>;
  readonly spec: Record<string, any>;
}

/** Kinds that carry a pod template. @internal */
export const POD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'Rollout'];
/** Replicated, long-running serving workloads (scaling, probes, disruption, spread). @internal */
export const SERVING_KINDS = ['Deployment', 'StatefulSet', 'Rollout'];

/**
 * All Kubernetes objects of a check run, indexed once by kind and by
 * `Kind/namespace/name`, with the relations the rules need built in the same
 * pass: the Rollout that takes over a Deployment (`workloadRef`), the HPA or
 * KEDA ScaledObject that scales an object, the objects of a kind per namespace
 * (PDBs, NetworkPolicies, Services are matched against pod labels there), and
 * the Secrets a namespace will have (Secrets, ExternalSecrets, SealedSecrets),
 * the cert-manager Certificate of a TLS Secret, Traefik Middlewares by reference.
 * Rules look related objects up here instead of scanning.
 * @internal
 */
export class ManifestIndex {
  public readonly objects: K8sObject[] = [];
  private readonly byKind = new Map<string, K8sObject[]>();
  private readonly byId = new Map<string, K8sObject>();
  private readonly byNamespaceKind = new Map<string, K8sObject[]>();
  private readonly rolloutByTarget = new Map<string, K8sObject>();
  private readonly scalersByTarget = new Map<string, K8sObject[]>();
  private readonly secretNames = new Map<string, Set<string>>();
  /** Per `namespace/name`: the keys each source of that Secret writes (undefined: not known from the manifests). */
  private readonly secretKeySources = new Map<string, { source: K8sObject; keys: string[] | undefined }[]>();
  /** `namespace/name` of Secrets a ClusterExternalSecret may create there (its selector reads labels the manifests do not show). */
  private readonly maybeSecretNames = new Set<string>();
  private readonly flaggerByTarget = new Map<string, K8sObject>();
  private readonly certificateBySecret = new Map<string, K8sObject>();
  private readonly middlewareByRef = new Map<string, K8sObject[]>();
  private readonly selectingCache = new Map<string, K8sObject[]>();

  /**
   * @throws InputError naming the file, the object and the field, for an object
   * whose shape the rules rely on is wrong (see `checkShape`)
   */
  constructor(manifests: { file: string; documents: any[] }[]) {
    for (const m of manifests) {
      m.documents.forEach((doc, i) => {
        if (doc === null || doc === undefined) return;
        const where = `${shown(m.file, 400)}: document ${i + 1}`;
        checkObject(doc, where);
        if (doc.kind === 'List') {
          const items = doc.items ?? [];
          if (!Array.isArray(items)) throw new InputError(`${where} (List): items must be a list`);
          items.forEach((item: unknown, k: number) => {
            checkObject(item, `${where} (List) items[${k}]`);
            this.add(item, m.file);
          });
        } else {
          this.add(doc, m.file);
        }
      });
    }
    for (const obj of this.objects) {
      checkShape(obj, this.podTemplate(obj));
      this.relate(obj);
    }
  }

  /** Objects of a kind. */
  public ofKind(kind: string): K8sObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The object `Kind/namespace/name`. */
  public get(kind: string, namespace: string, name: string): K8sObject | undefined {
    return this.byId.get(`${kind}/${namespace}/${name}`);
  }

  /** Objects of a kind in one namespace. */
  public inNamespace(kind: string, namespace: string): K8sObject[] {
    return this.byNamespaceKind.get(`${namespace}/${kind}`) ?? [];
  }

  /** The Argo Rollout whose `workloadRef` takes over this object (a Deployment), if any. */
  public rolloutOf(obj: K8sObject): K8sObject | undefined {
    return this.rolloutByTarget.get(obj.id);
  }

  /** The HPAs (autoscaling/*) and KEDA ScaledObjects whose scale target is this object. */
  public scalersOf(obj: K8sObject): K8sObject[] {
    return this.scalersByTarget.get(obj.id) ?? [];
  }

  /**
   * Whether a Secret of this name will exist in the namespace: a Secret, or one
   * created by an ExternalSecret (not with `creationPolicy` Merge or None, which
   * only write into an existing Secret), a SealedSecret, a cert-manager
   * Certificate (`spec.secretName`) or a kube-webhook-certgen Job
   * (`create --secret-name`).
   */
  public hasSecret(namespace: string, name: string): boolean {
    return this.secretNames.get(namespace)?.has(name) ?? false;
  }

  /**
   * Whether a ClusterExternalSecret may create a Secret of this name in the namespace: its namespace selector reads
   * labels of a namespace the manifests do not declare (no Namespace object), so whether it selects it is not known.
   */
  public maybeSecret(namespace: string, name: string): boolean {
    return this.maybeSecretNames.has(`${namespace}/${name}`);
  }

  /**
   * The keys the Secret of this name in the namespace will hold, when the manifests decide them: one source creates
   * it, and that source is a Secret written with values (`data`, `stringData`; not a service-account token) or an
   * ExternalSecret (or a ClusterExternalSecret's) that writes only its `data[].secretKey` keys (no `dataFrom`, no
   * `target.template`). Undefined otherwise (a controller or a provider decides the keys).
   */
  public secretKeys(namespace: string, name: string): { source: K8sObject; keys: string[] } | undefined {
    const sources = this.secretKeySources.get(`${namespace}/${name}`) ?? [];
    if (sources.length !== 1 || !sources[0].keys) return undefined;
    return { source: sources[0].source, keys: sources[0].keys };
  }

  /**
   * The Flagger `Canary` (flagger.app) whose `targetRef` is this object (a Deployment or DaemonSet), if any. Flagger
   * runs the workload's pods as `<name>-primary`, with the selector label renamed (see `flaggerPrimaryLabels`), and
   * scales the object itself to 0 between releases.
   */
  public flaggerCanaryOf(obj: K8sObject): K8sObject | undefined {
    return this.flaggerByTarget.get(obj.id);
  }

  /**
   * The pod labels of the `<name>-primary` workload Flagger runs for a Canary's target: the target's pod labels with
   * the selector label (the first of `app`, `name`, `app.kubernetes.io/name` in its `spec.selector.matchLabels`,
   * Flagger's default `-selector-labels`) given the value `<value>-primary` (Flagger pkg/canary makePrimaryLabels;
   * docs "Label selectors"). Those are the pods that serve between releases (the target is scaled to 0). Undefined
   * for an object no Canary targets, or whose selector has none of those labels (Flagger refuses it).
   */
  public flaggerPrimaryLabels(obj: K8sObject): { labels: Record<string, string>; label: string; value: string } | undefined {
    if (!this.flaggerCanaryOf(obj)) return undefined;
    const tpl = this.podTemplate(obj);
    const match = obj.doc.spec?.selector?.matchLabels;
    if (!tpl || !match || typeof match !== 'object') return undefined;
    const label = ['app', 'name', 'app.kubernetes.io/name'].find((l) => typeof match[l] === 'string');
    if (!label) return undefined;
    const value = `${match[label]}-primary`;
    return { labels: { ...tpl.labels, [label]: value }, label, value };
  }

  /** The cert-manager Certificate that writes this TLS Secret, if any. */
  public certificateFor(namespace: string, secretName: string): K8sObject | undefined {
    return this.certificateBySecret.get(`${namespace}/${secretName}`);
  }

  /**
   * The Traefik Middlewares a `<namespace>-<name>@kubernetescrd` reference may name. Traefik keys a Middleware by its
   * namespace and name joined and normalized (`provider.Normalize(makeID(namespace, name))`, `/` becoming `-`) in a
   * map, so namespace `a-b` name `c` and namespace `a` name `b-c` share the key `a-b-c`, and the one it lists last
   * wins (traefik/traefik#6318): more than one Middleware here means the manifests do not decide which applies.
   */
  public traefikMiddlewares(ref: string): K8sObject[] {
    return this.middlewareByRef.get(ref.trim()) ?? [];
  }

  /**
   * The pod template of a workload: `spec.template` (Deployment, StatefulSet,
   * DaemonSet, ReplicaSet, Job, a Rollout with an inline template),
   * `spec.jobTemplate.spec.template` (CronJob), the Pod itself. A Rollout with
   * a `workloadRef` has none of its own (its Deployment's is checked).
   */
  public podTemplate(obj: K8sObject): PodTemplate | undefined {
    const d = obj.doc;
    let path: string;
    let tpl: any;
    switch (obj.kind) {
      case 'Pod':
        return d.spec && typeof d.spec === 'object' ? { path: '', labels: { ...(d.metadata?.labels ?? {}) }, spec: d.spec } : undefined;
      case 'CronJob':
        path = 'spec.jobTemplate.spec.template';
        tpl = d.spec?.jobTemplate?.spec?.template;
        break;
      case 'Rollout':
        if (d.spec?.workloadRef) return undefined;
        path = 'spec.template';
        tpl = d.spec?.template;
        break;
      default:
        if (!POD_KINDS.includes(obj.kind)) return undefined;
        path = 'spec.template';
        tpl = d.spec?.template;
    }
    if (!tpl || typeof tpl !== 'object' || !tpl.spec || typeof tpl.spec !== 'object') return undefined;
    return { path, labels: { ...(tpl.metadata?.labels ?? {}) }, spec: tpl.spec };
  }

  /**
   * The objects of `kind` (PodDisruptionBudget, NetworkPolicy, Service) in the
   * workload's namespace whose pod selector matches its pod template labels.
   * PDBs use `spec.selector`, NetworkPolicies `spec.podSelector` (empty: every
   * pod), Services `spec.selector` (a plain label map). Memoized per workload.
   * `podLabels` replaces the template's labels (the pods Flagger runs as the workload's primary).
   */
  public selecting(kind: string, workload: K8sObject, podLabels?: Record<string, string>): K8sObject[] {
    const key = `${kind}|${workload.id}${podLabels ? `|${JSON.stringify(podLabels)}` : ''}`;
    const cached = this.selectingCache.get(key);
    if (cached) return cached;
    const tpl = this.podTemplate(workload) ?? this.podTemplateViaRollout(workload);
    const labels = podLabels ?? tpl?.labels;
    const out = !tpl || !labels ? [] : this.inNamespace(kind, workload.namespace).filter((o) => {
      // Calico's projectcalico.org NetworkPolicy shares the kind; network-policy.ts reads it with the other CNI policies.
      if (kind === 'NetworkPolicy') return isK8sNetworkPolicy(o) && matchesSelector(o.doc.spec?.podSelector ?? {}, labels);
      if (kind === 'Service') {
        const sel = o.doc.spec?.selector;
        return !!sel && Object.keys(sel).length > 0 && matchesSelector({ matchLabels: sel }, labels);
      }
      const sel = o.doc.spec?.selector;
      return sel !== undefined && sel !== null && matchesSelector(sel, labels);
    });
    this.selectingCache.set(key, out);
    return out;
  }

  /** The pod template of a Rollout with a `workloadRef`: its Deployment's (undefined for any other object). */
  public podTemplateViaRollout(obj: K8sObject): PodTemplate | undefined {
    if (obj.kind !== 'Rollout') return undefined;
    const ref = obj.doc.spec?.workloadRef;
    const target = ref?.name ? this.get(ref.kind ?? 'Deployment', obj.namespace, String(ref.name)) : undefined;
    return target ? this.podTemplate(target) : undefined;
  }

  private add(doc: any, file: string): void {
    const metadata = doc.metadata ?? {};
    const name = String(metadata.name ?? '(unnamed)');
    const namespace = String(metadata.namespace ?? 'default');
    const obj: K8sObject = { apiVersion: String(doc.apiVersion), kind: String(doc.kind), name, namespace, metadata, doc, file, id: `${doc.kind}/${namespace}/${name}` };
    this.objects.push(obj);
    push(this.byKind, obj.kind, obj);
    push(this.byNamespaceKind, `${namespace}/${obj.kind}`, obj);
    this.byId.set(obj.id, obj);
  }

  /** Second pass: the relations between objects. */
  private relate(obj: K8sObject): void {
    const spec = obj.doc.spec ?? {};
    switch (obj.kind) {
      case 'Rollout': {
        const ref = spec.workloadRef;
        if (ref?.name) this.rolloutByTarget.set(`${ref.kind ?? 'Deployment'}/${obj.namespace}/${ref.name}`, obj);
        break;
      }
      case 'HorizontalPodAutoscaler': {
        const ref = spec.scaleTargetRef;
        if (ref?.name && ref?.kind) push(this.scalersByTarget, `${ref.kind}/${obj.namespace}/${ref.name}`, obj);
        break;
      }
      case 'ScaledObject': {
        const ref = spec.scaleTargetRef;
        if (ref?.name && /^keda\.sh\//.test(obj.apiVersion)) push(this.scalersByTarget, `${ref.kind ?? 'Deployment'}/${obj.namespace}/${ref.name}`, obj);
        break;
      }
      case 'Secret': {
        this.addSecretName(obj.namespace, obj.name);
        const keys = [...Object.keys(obj.doc.data ?? {}), ...Object.keys(obj.doc.stringData ?? {})];
        this.addSecretKeys(obj.namespace, obj.name, obj, keys.length > 0 && obj.doc.type !== 'kubernetes.io/service-account-token' ? keys : undefined);
        break;
      }
      case 'ExternalSecret': {
        const target = String(spec.target?.name ?? obj.name);
        // creationPolicy Merge and None write into a Secret that must already exist: they create none.
        if (!['Merge', 'None'].includes(String(spec.target?.creationPolicy ?? 'Owner'))) {
          this.addSecretName(obj.namespace, target);
          this.addSecretKeys(obj.namespace, target, obj, externalSecretKeys(obj.apiVersion, spec));
        } else if (spec.target?.creationPolicy === 'Merge') {
          // Merge adds its keys to the existing Secret: the keys are no longer those the Secret was written with.
          this.addSecretKeys(obj.namespace, target, obj, undefined);
        }
        break;
      }
      case 'ClusterExternalSecret':
        if (/^external-secrets\.io\//.test(obj.apiVersion)) this.relateClusterExternalSecret(obj);
        break;
      case 'SealedSecret':
        this.addSecretName(obj.namespace, String(spec.template?.metadata?.name ?? obj.name));
        this.addSecretKeys(obj.namespace, String(spec.template?.metadata?.name ?? obj.name), obj, undefined);
        break;
      case 'Certificate':
        if (/^cert-manager\.io\//.test(obj.apiVersion) && spec.secretName) {
          this.certificateBySecret.set(`${obj.namespace}/${spec.secretName}`, obj);
          // cert-manager writes the issued certificate and its key into that Secret.
          this.addSecretName(obj.namespace, String(spec.secretName));
          this.addSecretKeys(obj.namespace, String(spec.secretName), obj, undefined);
        }
        break;
      case 'Job':
        for (const [ns, name] of certgenSecrets(obj)) {
          this.addSecretName(ns, name);
          this.addSecretKeys(ns, name, obj, undefined);
        }
        break;
      case 'Canary': {
        const ref = spec.targetRef;
        if (/^flagger\.app\//.test(obj.apiVersion) && ref?.name) this.flaggerByTarget.set(`${ref.kind ?? 'Deployment'}/${obj.namespace}/${ref.name}`, obj);
        break;
      }
      case 'Middleware':
        if (/^traefik\.(io|containo\.us)\//.test(obj.apiVersion)) push(this.middlewareByRef, `${obj.namespace}-${obj.name}@kubernetescrd`, obj);
        break;
      default:
    }
  }

  private addSecretKeys(namespace: string, name: string, source: K8sObject, keys: string[] | undefined): void {
    push(this.secretKeySources, `${namespace}/${name}`, { source, keys });
  }

  /**
   * A ClusterExternalSecret creates an ExternalSecret (`externalSecretSpec`) in every namespace it selects: those
   * listed in `namespaces`, and those `namespaceSelector` / `namespaceSelectors` (any of them) match. A namespace's
   * labels are read from its Namespace object in the manifests, with `kubernetes.io/metadata.name` (set on every
   * namespace by the API server); for a namespace the manifests use without declaring it, a selector reading other
   * labels may or may not match (`maybeSecret`).
   */
  private relateClusterExternalSecret(ces: K8sObject): void {
    const spec = ces.doc.spec ?? {};
    const es = spec.externalSecretSpec ?? {};
    if (['Merge', 'None'].includes(String(es.target?.creationPolicy ?? 'Owner'))) return;
    const name = String(es.target?.name ?? spec.externalSecretName ?? ces.name);
    const selectors: any[] = [...(Array.isArray(spec.namespaceSelectors) ? spec.namespaceSelectors : []), ...(spec.namespaceSelector ? [spec.namespaceSelector] : [])];
    const listed: string[] = Array.isArray(spec.namespaces) ? spec.namespaces.map(String) : [];
    const namespaces = new Set<string>([...this.objects.map((o) => o.namespace), ...this.ofKind('Namespace').map((n) => n.name)]);
    for (const ns of namespaces) {
      const nsObj = this.objects.find((o) => o.kind === 'Namespace' && o.name === ns);
      const labels: Record<string, string> = { ...(nsObj?.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns };
      const selected = listed.includes(ns) || selectors.some((sel) => isMapLike(sel) && matchesSelector(sel, labels));
      if (selected) {
        this.addSecretName(ns, name);
        this.addSecretKeys(ns, name, ces, externalSecretKeys(ces.apiVersion, es));
      } else if (!nsObj && selectors.some((sel) => selectorKeys(sel).some((k) => k !== 'kubernetes.io/metadata.name'))) {
        this.maybeSecretNames.add(`${ns}/${name}`);
      }
    }
  }

  private addSecretName(namespace: string, name: string): void {
    let s = this.secretNames.get(namespace);
    if (!s) this.secretNames.set(namespace, (s = new Set()));
    s.add(name);
  }
}


/** A document that is a Kubernetes object at all: a map with apiVersion and kind as text, and metadata a map with text names. */
function checkObject(doc: unknown, where: string): void {
  if (!isMap(doc)) throw new InputError(`${where}: not a Kubernetes object (expected a map)`);
  for (const k of ['apiVersion', 'kind']) {
    if (typeof doc[k] !== 'string' || doc[k] === '') throw new InputError(`${where}: ${k} must be text`);
  }
  const m = doc.metadata;
  if (m === undefined || m === null) return;
  if (!isMap(m)) throw new InputError(`${where} (${shown(doc.kind, 60)}): metadata must be a map`);
  for (const k of ['name', 'namespace']) {
    if (m[k] !== undefined && m[k] !== null && typeof m[k] !== 'string') throw new InputError(`${where} (${shown(doc.kind, 60)}): metadata.${k} must be text (quote it)`);
  }
}

/** A map of text to text (labels, annotations, a Service selector), or absent. */
function textMap(v: unknown, at: string): void {
  if (v === undefined || v === null) return;
  if (!isMap(v)) throw new InputError(`${at} must be a map`);
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw new InputError(`${at}.${shown(k, 60)} must be text (quote it)`);
  }
}

/** A LabelSelector (`matchLabels`, `matchExpressions`), or absent. */
function labelSelector(v: unknown, at: string): void {
  if (v === undefined || v === null) return;
  if (!isMap(v)) throw new InputError(`${at} must be a map`);
  textMap(v.matchLabels, `${at}.matchLabels`);
  const exprs = v.matchExpressions;
  if (exprs === undefined || exprs === null) return;
  if (!Array.isArray(exprs)) throw new InputError(`${at}.matchExpressions must be a list`);
  exprs.forEach((e: unknown, i: number) => {
    const ea = `${at}.matchExpressions[${i}]`;
    if (!isMap(e) || typeof e.key !== 'string' || typeof e.operator !== 'string') throw new InputError(`${ea} must be a map with key and operator as text`);
    if (e.values !== undefined && e.values !== null && (!Array.isArray(e.values) || e.values.some((x: unknown) => typeof x !== 'string'))) throw new InputError(`${ea}.values must be a list of text`);
  });
}

/**
 * The fields the index and the rules read, checked once: labels, selectors,
 * the pod template's containers (a list of maps: a pod without them would be
 * judged on nothing), scale and workload references. A Kubernetes API server
 * would refuse each of these shapes; here it is one line naming the field.
 */
function checkShape(obj: K8sObject, tpl: PodTemplate | undefined): void {
  const at = `${shown(obj.file, 400)}: ${shown(obj.id, 200)}:`;
  textMap(obj.metadata.labels, `${at} metadata.labels`);
  textMap(obj.metadata.annotations, `${at} metadata.annotations`);
  const spec = obj.doc.spec;
  if (spec !== undefined && spec !== null && !isMap(spec)) throw new InputError(`${at} spec must be a map`);
  if (!isMap(spec)) return;
  switch (obj.kind) {
    case 'Service':
      textMap(spec.selector, `${at} spec.selector`);
      break;
    case 'NetworkPolicy':
      labelSelector(spec.podSelector, `${at} spec.podSelector`);
      break;
    case 'HorizontalPodAutoscaler':
    case 'ScaledObject':
      if (spec.scaleTargetRef !== undefined && !isMap(spec.scaleTargetRef)) throw new InputError(`${at} spec.scaleTargetRef must be a map`);
      textFields(spec.scaleTargetRef, ['apiVersion', 'kind', 'name'], `${at} spec.scaleTargetRef`);
      break;
    case 'Rollout': {
      textFields(optionalMap(spec.workloadRef, `${at} spec.workloadRef`), ['apiVersion', 'kind', 'name'], `${at} spec.workloadRef`);
      // What the canary rules read: the steps, and the analysis templates each names.
      const strategy = optionalMap(spec.strategy, `${at} spec.strategy`);
      const analysis = (a: unknown, aa: string) => listOfMaps(optionalMap(a, aa)?.templates, `${aa}.templates`, (t, ta) => textFields(t, ['templateName'], ta));
      const canary = optionalMap(strategy?.canary, `${at} spec.strategy.canary`);
      if (canary) {
        analysis(canary.analysis, `${at} spec.strategy.canary.analysis`);
        listOfMaps(canary.steps, `${at} spec.strategy.canary.steps`, (st, sa) => analysis(st.analysis, `${sa}.analysis`));
      }
      const blueGreen = optionalMap(strategy?.blueGreen, `${at} spec.strategy.blueGreen`);
      if (blueGreen) for (const k of ['prePromotionAnalysis', 'postPromotionAnalysis']) analysis(blueGreen[k], `${at} spec.strategy.blueGreen.${k}`);
      break;
    }
    case 'ExternalSecret':
      textFields(optionalMap(spec.target, `${at} spec.target`), ['name'], `${at} spec.target`);
      break;
    case 'SealedSecret':
      textFields(optionalMap(optionalMap(spec.template, `${at} spec.template`)?.metadata, `${at} spec.template.metadata`), ['name'], `${at} spec.template.metadata`);
      break;
    case 'Certificate':
      if (/^cert-manager\.io\//.test(obj.apiVersion)) textFields(spec, ['secretName'], `${at} spec`);
      break;
    case 'Ingress':
      // What the TLS rules read: which hosts each TLS entry covers, with which Secret, and each rule's host.
      listOfMaps(spec.tls, `${at} spec.tls`, (t, ta) => {
        textList(t.hosts, `${ta}.hosts`);
        if (t.secretName !== undefined && t.secretName !== null && typeof t.secretName !== 'string') throw new InputError(`${ta}.secretName must be text (quote it)`);
      });
      listOfMaps(spec.rules, `${at} spec.rules`, (r, ra) => {
        if (r.host !== undefined && r.host !== null && typeof r.host !== 'string') throw new InputError(`${ra}.host must be text (quote it)`);
      });
      break;
    default:
  }
  // A Calico policy's selector is a text expression (`app == 'web'`), not a LabelSelector.
  if (obj.kind !== 'Service' && !CALICO_API.test(obj.apiVersion)) labelSelector(spec.selector, `${at} spec.selector`);
  const podKind = POD_KINDS.includes(obj.kind) && !(obj.kind === 'Rollout' && spec.workloadRef);
  if (!podKind) return;
  const tplPath = obj.kind === 'Pod' ? '' : obj.kind === 'CronJob' ? 'spec.jobTemplate.spec.template' : 'spec.template';
  if (!tpl) throw new InputError(`${at} ${tplPath ? tplPath + '.spec' : 'spec'} is missing: a ${obj.kind} without a pod spec cannot be checked`);
  if (tplPath) {
    const meta = obj.kind === 'CronJob' ? spec.jobTemplate?.spec?.template?.metadata : spec.template?.metadata;
    if (meta !== undefined && meta !== null && !isMap(meta)) throw new InputError(`${at} ${tplPath}.metadata must be a map`);
    textMap(meta?.labels, `${at} ${tplPath}.metadata.labels`);
  }
  const base = tplPath ? `${tplPath}.spec` : 'spec';
  for (const field of ['containers', 'initContainers']) {
    const cs = tpl.spec[field];
    if (cs === undefined || cs === null) {
      if (field === 'containers') throw new InputError(`${at} ${base}.containers is missing: a pod without containers cannot be checked`);
      continue;
    }
    if (!Array.isArray(cs)) throw new InputError(`${at} ${base}.${field} must be a list`);
    if (field === 'containers' && cs.length === 0) throw new InputError(`${at} ${base}.containers is empty: a pod without containers cannot be checked`);
    cs.forEach((c: unknown, i: number) => {
      if (!isMap(c)) throw new InputError(`${at} ${base}.${field}[${i}] must be a map`);
    });
  }
}

/** The API groups of Calico's policies (`crd.projectcalico.org/v1`, `projectcalico.org/v3`). @internal */
export const CALICO_API = /^(crd\.)?projectcalico\.org\//;

/** A Kubernetes NetworkPolicy (`networking.k8s.io`, or the old `extensions/v1beta1`), not Calico's kind of the same name. @internal */
export function isK8sNetworkPolicy(obj: K8sObject): boolean {
  return obj.kind === 'NetworkPolicy' && !CALICO_API.test(obj.apiVersion);
}

/** A map when present: the map, or undefined for none (absent or null). */
function optionalMap(v: unknown, at: string): Record<string, any> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isMap(v)) throw new InputError(`${at} must be a map`);
  return v;
}

/** A list of maps when present (each checked by `each`, named by its index). */
function listOfMaps(v: unknown, at: string, each: (m: Record<string, any>, at: string) => void): void {
  if (v === undefined || v === null) return;
  if (!Array.isArray(v)) throw new InputError(`${at} must be a list`);
  v.forEach((m: unknown, i: number) => {
    if (!isMap(m)) throw new InputError(`${at}[${i}] must be a map`);
    each(m, `${at}[${i}]`);
  });
}

/** The named fields of a map, when present, are text (a reference's kind and name, a Secret's name). */
function textFields(m: unknown, fields: string[], at: string): void {
  if (!isMap(m)) return;
  for (const f of fields) if (m[f] !== undefined && m[f] !== null && typeof m[f] !== 'string') throw new InputError(`${at}.${f} must be text (quote it)`);
}

/** A list of text when present. */
function textList(v: unknown, at: string): void {
  if (v === undefined || v === null) return;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new InputError(`${at} must be a list of text (quote each)`);
}

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  let l = m.get(key);
  if (!l) m.set(key, (l = []));
  l.push(v);
}

/**
 * Whether a LabelSelector (`matchLabels` and `matchExpressions`) matches a
 * label set. An empty selector matches everything.
 * @internal
 */
export function matchesSelector(selector: any, labels: Record<string, string>): boolean {
  if (!selector || typeof selector !== 'object') return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== String(v)) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values: string[] = (e.values ?? []).map(String);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

const isMapLike = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The label keys a LabelSelector reads. */
function selectorKeys(sel: any): string[] {
  if (!isMapLike(sel)) return [];
  return [...Object.keys(isMapLike(sel.matchLabels) ? sel.matchLabels : {}), ...(Array.isArray(sel.matchExpressions) ? sel.matchExpressions.map((e: any) => String(e?.key)) : [])];
}

/**
 * The keys an ExternalSecret (external-secrets.io) writes into its target Secret, when its spec decides them: without
 * `dataFrom` (which syncs every key of a provider's secret) and without `target.template` (whose keys, merge policy
 * and `templateFrom` decide what the Secret holds), the Secret holds exactly the `data[].secretKey` keys
 * (external-secrets.io, ExternalSecret: "spec.data to explicitly sync individual keys"). Undefined otherwise, and
 * for other ExternalSecret APIs (kubernetes-client.io).
 */
function externalSecretKeys(apiVersion: string, spec: any): string[] | undefined {
  if (!/^external-secrets\.io\//.test(apiVersion) || !isMapLike(spec)) return undefined;
  if (spec.dataFrom !== undefined && spec.dataFrom !== null && !(Array.isArray(spec.dataFrom) && spec.dataFrom.length === 0)) return undefined;
  if (spec.target?.template !== undefined && spec.target?.template !== null) return undefined;
  if (!Array.isArray(spec.data) || spec.data.length === 0) return undefined;
  const keys = spec.data.map((d: any) => d?.secretKey);
  return keys.every((k: unknown) => typeof k === 'string' && k !== '' && !/\{\{/.test(k)) ? keys : undefined;
}

/**
 * The Secrets a kube-webhook-certgen Job creates (`create --secret-name=<name> [--namespace=<ns>]`: ingress-nginx's
 * and other charts' admission-webhook certificates, made at install time), as `[namespace, name]`; a namespace given as
 * `$(POD_NAMESPACE)` (the Job's own, from the downward API) or left out is the Job's.
 */
function certgenSecrets(job: K8sObject): [string, string][] {
  const containers: any[] = job.doc.spec?.template?.spec?.containers ?? [];
  const out: [string, string][] = [];
  for (const c of Array.isArray(containers) ? containers : []) {
    if (typeof c?.image !== 'string' || !/(^|\/)kube-webhook-certgen(:|@|$)/.test(c.image)) continue;
    const words = [...(Array.isArray(c.command) ? c.command : []), ...(Array.isArray(c.args) ? c.args : [])].filter((w): w is string => typeof w === 'string');
    if (!words.includes('create')) continue;
    const flag = (name: string): string | undefined => {
      for (let i = 0; i < words.length; i++) {
        if (words[i].startsWith(`--${name}=`)) return words[i].substring(name.length + 3);
        if (words[i] === `--${name}`) return words[i + 1];
      }
      return undefined;
    };
    const secret = flag('secret-name');
    const ns = flag('namespace');
    if (secret) out.push([ns === undefined || ns === '$(POD_NAMESPACE)' ? job.namespace : ns, secret]);
  }
  return out;
}
