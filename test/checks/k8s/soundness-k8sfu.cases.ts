import { deployment, ingressManifest, run, statuses } from './judged';

/**
 * Soundness fixes k8sfu: a pod a service mesh injects (Istio, Linkerd) passed K8sSecurityContext on its written
 * containers although the mesh adds istio-init / linkerd-init (NET_ADMIN, NET_RAW unless the mesh's CNI plugin is
 * installed) and a proxy at admission; a secret volume's items[].key naming a key the Secret in the manifests does not
 * hold passed K8sSecretReferences (the kubelet fails the mount).
 */
const set = (...docs: string[]) => docs.join('\n---\n');
const hardened = `
          securityContext:
            runAsNonRoot: true
            runAsUser: 10001
            runAsGroup: 10001
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
            seccompProfile: {type: RuntimeDefault}`;
const namespace = (meta: string) => `
apiVersion: v1
kind: Namespace
metadata:
  name: shop
${meta}
`;
const inShop = (yaml: string) => yaml.replace('metadata: {name: web}', 'metadata: {name: web, namespace: shop}');

describe('K8sSecurityContext: mesh sidecar injection adds containers the manifest does not show', () => {
  test('without injection the hardened container passes', () => {
    expect(statuses(deployment({ container: hardened }), 'K8sSecurityContext')).toEqual(['pass']);
  });

  test('pod label sidecar.istio.io/inject=true: unknown naming istio-init and NET_ADMIN/NET_RAW', () => {
    const f = run(deployment({ container: hardened, podMeta: '      annotations: {}\n      labels: {app: web, sidecar.istio.io/inject: "true"}' }).replace('      labels: {app: web}\n', ''), 'K8sSecurityContext');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/Istio \(pod label sidecar\.istio\.io\/inject=true\).*istio-init \(NET_ADMIN and NET_RAW.*unless the Istio CNI plugin/);
  });

  test('pod annotation sidecar.istio.io/inject: "true" (older form): unknown', () => {
    const f = run(deployment({ container: hardened, podMeta: '      annotations: {sidecar.istio.io/inject: "true"}' }), 'K8sSecurityContext');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/pod annotation sidecar\.istio\.io\/inject=true/);
  });

  test('namespace labelled istio-injection=enabled in the manifests: unknown', () => {
    const f = run(set(namespace('  labels: {istio-injection: enabled}'), inShop(deployment({ container: hardened }))), 'K8sSecurityContext');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/namespace shop label istio-injection=enabled/);
  });

  test('namespace labelled istio.io/rev: unknown', () => {
    const f = run(set(namespace('  labels: {istio.io/rev: 1-22}'), inShop(deployment({ container: hardened }))), 'K8sSecurityContext');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/istio\.io\/rev=1-22/);
  });

  test('the pod opts out (sidecar.istio.io/inject: "false") of its namespace\'s injection: pass', () => {
    const yaml = set(namespace('  labels: {istio-injection: enabled}'), inShop(deployment({ container: hardened, podMeta: '      annotations: {sidecar.istio.io/inject: "false"}' })));
    expect(statuses(yaml, 'K8sSecurityContext')).toEqual(['pass']);
  });

  test('linkerd.io/inject: enabled on the pod: unknown naming linkerd-init and linkerd-cni', () => {
    const f = run(deployment({ container: hardened, podMeta: '      annotations: {linkerd.io/inject: enabled}' }), 'K8sSecurityContext');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/Linkerd \(pod annotation linkerd\.io\/inject=enabled\).*linkerd-init.*NET_ADMIN and NET_RAW, unless linkerd-cni/);
  });

  test('linkerd.io/inject: enabled on the namespace: unknown; the pod\'s disabled wins: pass', () => {
    const ns = namespace('  annotations: {linkerd.io/inject: enabled}');
    expect(statuses(set(ns, inShop(deployment({ container: hardened }))), 'K8sSecurityContext')).toEqual(['unknown']);
    expect(statuses(set(ns, inShop(deployment({ container: hardened, podMeta: '      annotations: {linkerd.io/inject: disabled}' }))), 'K8sSecurityContext')).toEqual(['pass']);
  });

  test('fails stay fails on an injected pod', () => {
    const f = run(deployment({ podMeta: '      annotations: {linkerd.io/inject: enabled}' }), 'K8sSecurityContext');
    expect(f.map((x) => x.status)).toEqual(['fail']);
  });

  test('Pod Security enforce restricted on the namespace changes nothing (it refuses pods, adds no containers)', () => {
    const ns = namespace('  labels: {istio-injection: enabled, pod-security.kubernetes.io/enforce: restricted}');
    expect(statuses(set(ns, inShop(deployment({ container: hardened }))), 'K8sSecurityContext')).toEqual(['unknown']);
  });

  test('capabilities.drop [all] (lowercase): the runtimes drop all (pass), the message says Pod Security admission refuses it', () => {
    const f = run(deployment({ container: hardened.replace('drop: [ALL]', 'drop: [all]') }), 'K8sSecurityContext');
    expect(f.map((x) => x.status)).toEqual(['pass']);
    expect(f[0].message).toMatch(/"all".*case-insensitively.*Pod Security admission.*literal ALL/);
  });
});

const secret = (values: string, extra = '') => `
apiVersion: v1
kind: Secret
metadata: {name: creds}
${extra}
${values}
`;
const withVolume = (volume: string) => deployment({ podSpec: `      volumes:\n        - ${volume}` });

describe('K8sSecretReferences: secret volume items[].key must be a key of the Secret in the manifests', () => {
  test('secret volume item naming a key the Secret does not hold fails', () => {
    const f = run(set(secret('stringData: {username: app}'), withVolume('{name: c, secret: {secretName: creds, items: [{key: password, path: pw}]}}')), 'K8sSecretReferences');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].property).toBe('spec.template.spec.volumes.0.secret.items.0.key');
    expect(f[0].message).toMatch(/Secret creds in the manifests has no key password \(it holds username\).*fails to mount/);
  });

  test('projected volume secret source item naming a missing key fails', () => {
    const f = run(set(secret('data: {username: YXBw}'), withVolume('{name: c, projected: {sources: [{secret: {name: creds, items: [{key: password, path: pw}]}}]}}')), 'K8sSecretReferences');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].property).toBe('spec.template.spec.volumes.0.projected.sources.0.secret.items.0.key');
  });

  test('items naming held keys pass', () => {
    expect(statuses(set(secret('stringData: {password: x}'), withVolume('{name: c, secret: {secretName: creds, items: [{key: password, path: pw}]}}')), 'K8sSecretReferences')).toEqual(['pass']);
  });

  test('optional volume, Secret without values, service-account-token Secret: not judged on keys', () => {
    expect(statuses(set(secret('stringData: {username: app}'), withVolume('{name: c, secret: {secretName: creds, optional: true, items: [{key: password, path: pw}]}}')), 'K8sSecretReferences')).toEqual([]);
    expect(statuses(set(secret(''), withVolume('{name: c, secret: {secretName: creds, items: [{key: password, path: pw}]}}')), 'K8sSecretReferences')).toEqual(['pass']);
    expect(statuses(set(secret('data: {token: eA==}', 'type: kubernetes.io/service-account-token'), withVolume('{name: c, secret: {secretName: creds, items: [{key: ca.crt, path: ca}]}}')), 'K8sSecretReferences')).toEqual(['pass']);
  });

  test('ExternalSecret targets whose keys the provider decides (dataFrom) are not judged on keys', () => {
    const es = `
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: {name: creds}
spec: {target: {name: creds}, data: [{secretKey: username, remoteRef: {key: x}}], dataFrom: [{extract: {key: x}}]}
`;
    expect(statuses(set(es, withVolume('{name: c, secret: {secretName: creds, items: [{key: password, path: pw}]}}')), 'K8sSecretReferences')).toEqual(['pass']);
    // With data only, the ExternalSecret writes exactly its secretKeys (hfk8s4; was not judged): a missing key fails.
    expect(statuses(set(es.replace(', dataFrom: [{extract: {key: x}}]', ''), withVolume('{name: c, secret: {secretName: creds, items: [{key: password, path: pw}]}}')), 'K8sSecretReferences')).toEqual(['fail']);
  });
});

const ALB = 'alb.ingress.kubernetes.io/';
const STRONG = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
const WEAK = 'ELBSecurityPolicy-TLS-1-1-2017-01';
const albIngress = (name: string, annotations: Record<string, string>) =>
  ingressManifest({ annotations: { [`${ALB}listen-ports`]: '[{"HTTP": 80}, {"HTTPS": 443}]', [`${ALB}group.name`]: 'shop', ...annotations }, spec: '  ingressClassName: alb' }).replace('name: web\n', `name: ${name}\n`);
const tlsOf = (yaml: string, name: string) => run(yaml, 'K8sIngressTls').filter((f) => f.resource === `Ingress/shop/${name}`);

describe('K8sIngressTls: an ALB IngressGroup shares its HTTPS listener: the members\' ssl-policy is merged per port', () => {
  test('a member without its own ssl-policy takes another member\'s TLS 1.2+ policy for the same port: pass, naming it', () => {
    const yaml = set(albIngress('web', {}), albIngress('api', { [`${ALB}ssl-policy`]: STRONG }));
    const f = tlsOf(yaml, 'web');
    expect(f.map((x) => x.status)).toEqual(['pass']);
    expect(f[0].message).toMatch(/ssl-policy of Ingress shop\/api \(IngressGroup shop\) ELBSecurityPolicy-TLS13/);
    expect(tlsOf(yaml, 'api').map((x) => x.status)).toEqual(['pass']);
  });

  test('another member\'s weak policy for the same port fails every member', () => {
    const yaml = set(albIngress('web', {}), albIngress('api', { [`${ALB}ssl-policy`]: WEAK }));
    expect(tlsOf(yaml, 'web').map((x) => x.status)).toEqual(['fail']);
    expect(tlsOf(yaml, 'web')[0].message).toMatch(/of Ingress shop\/api.*older than 1\.2/);
  });

  test('conflicting policies for one port: the controller refuses the group: fail (also for the member with a strong one)', () => {
    const yaml = set(albIngress('web', { [`${ALB}ssl-policy`]: STRONG }), albIngress('api', { [`${ALB}ssl-policy`]: 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06' }));
    const f = tlsOf(yaml, 'web');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/different policies for HTTPS:443.*conflicting sslPolicy/);
  });

  test('a member listening on another HTTPS port does not share the listener: still unknown', () => {
    const yaml = set(albIngress('web', {}), albIngress('api', { [`${ALB}listen-ports`]: '[{"HTTPS": 8443}]', [`${ALB}ssl-policy`]: STRONG }));
    const f = tlsOf(yaml, 'web');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/no Ingress of IngressGroup shop in the manifests sets an ssl-policy/);
  });

  test('a member of another group is not read', () => {
    const other = albIngress('api', { [`${ALB}ssl-policy`]: STRONG, [`${ALB}group.name`]: 'other' });
    expect(tlsOf(set(albIngress('web', {}), other), 'web').map((x) => x.status)).toEqual(['unknown']);
  });
});

describe('K8sResources: the proxy a mesh injects has the resources its installation gives it', () => {
  const sized = '          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}';
  test('without injection a sized container passes', () => {
    expect(statuses(deployment({ container: sized }), 'K8sResources')).toEqual(['pass']);
  });

  test('Linkerd injection (its default sets no proxy requests or limits): unknown, naming the annotations', () => {
    const f = run(deployment({ container: sized, podMeta: '      annotations: {linkerd.io/inject: enabled}' }), 'K8sResources');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/injected by Linkerd.*config\.linkerd\.io\/proxy-cpu-request.*sets no requests or limits for linkerd-proxy/);
  });

  test('Istio injection via the namespace: unknown; the pod stating proxyCPU, proxyMemory, proxyMemoryLimit: pass', () => {
    const ns = namespace('  labels: {istio-injection: enabled}');
    expect(statuses(set(ns, inShop(deployment({ container: sized }))), 'K8sResources')).toEqual(['unknown']);
    const stated = '      annotations: {sidecar.istio.io/proxyCPU: 100m, sidecar.istio.io/proxyMemory: 128Mi, sidecar.istio.io/proxyMemoryLimit: 256Mi}';
    expect(statuses(set(ns, inShop(deployment({ container: sized, podMeta: stated }))), 'K8sResources')).toEqual(['pass']);
  });

  test('a memory limit annotation below the request does not count; fails stay fails', () => {
    const low = '      annotations: {linkerd.io/inject: enabled, config.linkerd.io/proxy-cpu-request: 100m, config.linkerd.io/proxy-memory-request: 128Mi, config.linkerd.io/proxy-memory-limit: 64Mi}';
    expect(statuses(deployment({ container: sized, podMeta: low }), 'K8sResources')).toEqual(['unknown']);
    expect(statuses(deployment({ podMeta: '      annotations: {linkerd.io/inject: enabled}' }), 'K8sResources')).toEqual(['fail']);
  });
});
