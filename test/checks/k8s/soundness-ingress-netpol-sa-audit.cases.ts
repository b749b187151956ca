import { deployment, networkPolicy, run, statuses } from './judged';

/**
 * Soundness audit (g3): an ALB Ingress with a certificate-arn whose class the manifests do not resolve, NetworkPolicy
 * peers selected by NotIn / DoesNotExist, templated ServiceAccount and Secret names, and the Secrets the kubelet reads
 * to mount CSI and in-tree volumes.
 */
const set = (...docs: string[]) => docs.join('\n---\n');

describe('K8sIngressTls: an Ingress with ALB annotations and a certificate-arn, no spec.tls', () => {
  const ing = (annotations: string, spec = '') => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations: {${annotations}}
spec:
${spec}
  rules:
    - host: app.example.com
      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`;
  const cert = 'alb.ingress.kubernetes.io/certificate-arn: "arn:aws:acm:eu-west-1:111122223333:certificate/abc"';
  const policy = 'alb.ingress.kubernetes.io/ssl-policy: ELBSecurityPolicy-TLS13-1-2-2021-06';
  const https = `alb.ingress.kubernetes.io/listen-ports: '[{"HTTP":80},{"HTTPS":443}]'`;

  test('class alb (field or annotation), certificate-arn, with or without listen-ports HTTPS 443: pass (the ACM certificate, no Secret)', () => {
    expect(statuses(ing(`${cert}, ${policy}`, '  ingressClassName: alb'), 'K8sIngressTls')).toEqual(['pass']);
    expect(statuses(ing(`${cert}, ${policy}, ${https}`, '  ingressClassName: alb'), 'K8sIngressTls')).toEqual(['pass']);
    expect(statuses(ing(`kubernetes.io/ingress.class: alb, ${cert}, ${policy}`), 'K8sIngressTls')).toEqual(['pass']);
  });

  test('no class (or one the manifests do not resolve): not failed for the missing spec.tls, unknown naming both readings', () => {
    for (const [a, spec] of [[`${cert}, ${policy}`, ''], [`${cert}, ${policy}, ${https}`, ''], [`${cert}, ${policy}`, '  ingressClassName: internet-facing']]) {
      const f = run(ing(a, spec), 'K8sIngressTls');
      expect(f.map((x) => x.status)).toEqual(['unknown']);
      expect(f[0].message).toMatch(/if a controller that serves spec\.tls Secrets serves it: no TLS.*if the AWS Load Balancer Controller serves it .*HTTPS listener 443/);
    }
  });

  test('both readings fail: still fail', () => {
    const f = run(ing('alb.ingress.kubernetes.io/scheme: internet-facing'), 'K8sIngressTls');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toContain('no TLS');
  });

  test('a templated certificate-arn without listen-ports is unknown (rendered empty: HTTP:80 only)', () => {
    const f = run(ing(`alb.ingress.kubernetes.io/certificate-arn: "{{ .Values.certArn }}", ${policy}`, '  ingressClassName: alb'), 'K8sIngressTls');
    expect(f.map((x) => [x.status, x.property])).toEqual([['unknown', 'metadata.annotations.alb.ingress.kubernetes.io/certificate-arn']]);
    expect(f[0].message).toMatch(/templated certificate-arn/);
    // With listen-ports naming HTTPS the listener is built whatever it renders to.
    expect(statuses(ing(`alb.ingress.kubernetes.io/certificate-arn: "{{ .Values.certArn }}", ${policy}, ${https}`, '  ingressClassName: alb'), 'K8sIngressTls')).toEqual(['pass']);
  });
});

describe('K8sNetworkPolicy: selectors that name only what they leave out, ipBlocks with except', () => {
  const np = (podSelector: string, ingress: string, egress = '    - {to: [{podSelector: {matchLabels: {app: db}}}], ports: [{port: 5432}]}') => networkPolicy(ingress, egress, podSelector, 'np');
  const named = '    - {from: [{podSelector: {matchLabels: {app: front}}}], ports: [{port: 80}]}';

  test('a policy selecting the pods with NotIn / DoesNotExist selects them (pass); one whose NotIn names them does not (fail)', () => {
    expect(statuses(set(deployment(), np('{matchExpressions: [{key: app, operator: NotIn, values: [other]}]}', named)), 'K8sNetworkPolicy')).toEqual(['pass']);
    expect(statuses(set(deployment(), np('{matchExpressions: [{key: tier, operator: DoesNotExist}]}', named)), 'K8sNetworkPolicy')).toEqual(['pass']);
    const f = run(set(deployment(), np('{matchExpressions: [{key: app, operator: NotIn, values: [web]}]}', named)), 'K8sNetworkPolicy');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toContain('no NetworkPolicy selects');
  });

  test('a namespaceSelector NotIn [kube-system] or DoesNotExist admits every other namespace: fail', () => {
    for (const sel of ['{matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}]}', '{matchExpressions: [{key: team, operator: DoesNotExist}]}']) {
      const f = run(set(deployment(), np('{}', `    - {from: [{namespaceSelector: ${sel}}], ports: [{port: 80}]}`)), 'K8sNetworkPolicy');
      expect([sel, f.map((x) => [x.status, x.property])]).toEqual([sel, [['fail', 'spec.ingress.0.from.0.namespaceSelector']]]);
      expect(f[0].message).toMatch(/every pod of every namespace but those its NotIn\/DoesNotExist expressions leave out/);
    }
  });

  test('every namespace with a pod selector of NotIn only: fail; with a named pod label: pass', () => {
    const f = run(set(deployment(), np('{}', '    - {from: [{namespaceSelector: {}, podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [batch]}]}}], ports: [{port: 80}]}')), 'K8sNetworkPolicy');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toContain('every pod of every namespace');
    expect(statuses(set(deployment(), np('{}', '    - {from: [{namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [x]}]}, podSelector: {matchLabels: {app: front}}}], ports: [{port: 80}]}')), 'K8sNetworkPolicy')).toEqual(['pass']);
  });

  test('egress to every namespace by NotIn on every port: fail', () => {
    const f = run(set(deployment(), np('{}', named, '    - {to: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}]}}]}')), 'K8sNetworkPolicy');
    expect(f.map((x) => [x.status, x.property])).toEqual([['fail', 'spec.egress.0']]);
    expect(f[0].message).toContain('every destination on every port');
  });

  test('ipBlock 0.0.0.0/0 except the private ranges is still the internet (fail); a private range alone is not (pass)', () => {
    const f = run(set(deployment(), np('{}', '    - {from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16]}}], ports: [{port: 80}]}')), 'K8sNetworkPolicy');
    expect(f.map((x) => [x.status, x.property])).toEqual([['fail', 'spec.ingress.0.from.0.ipBlock.cidr']]);
    expect(f[0].message).toContain('whole internet');
    expect(statuses(set(deployment(), np('{}', '    - {from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}], ports: [{port: 80}]}')), 'K8sNetworkPolicy')).toEqual(['pass']);
  });
});

describe('a templated serviceAccountName or Secret name is unknown, not a fail (nor a pass)', () => {
  const sa = (name: string, extra: string) => `
apiVersion: v1
kind: ServiceAccount
metadata: {name: ${name}}
${extra}
`;
  const secret = (name: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}}`;
  const templatedSa = '      serviceAccountName: "{{ .Values.serviceAccount.name }}"';

  test('K8sServiceAccountToken: a templated ServiceAccount is unknown; the pod\'s own false still passes', () => {
    const f = run(set(deployment({ podSpec: templatedSa }), sa('web', 'automountServiceAccountToken: false')), 'K8sServiceAccountToken');
    expect(f.map((x) => [x.status, x.property])).toEqual([['unknown', 'spec.template.spec.serviceAccountName']]);
    expect(f[0].message).toMatch(/ServiceAccount is templated/);
    expect(statuses(deployment({ podSpec: `${templatedSa}\n      automountServiceAccountToken: false` }), 'K8sServiceAccountToken')).toEqual(['pass']);
  });

  test('K8sSecretReferences: a templated ServiceAccount that may render to one with missing imagePullSecrets is unknown', () => {
    const env = '          env: [{name: A, valueFrom: {secretKeyRef: {name: app, key: k}}}]';
    const f = run(set(deployment({ podSpec: templatedSa, container: env }), sa('web', 'imagePullSecrets: [{name: regcred}]'), secret('app')), 'K8sSecretReferences');
    expect(f.map((x) => [x.status, x.property])).toEqual([['unknown', 'spec.template.spec.serviceAccountName']]);
    expect(f[0].message).toMatch(/if it renders to web, its imagePullSecrets regcred/);
    expect(statuses(set(deployment({ podSpec: templatedSa }), sa('web', 'imagePullSecrets: [{name: regcred}]')), 'K8sSecretReferences')).toEqual(['unknown']);
    // Every ServiceAccount's pull Secrets present: pass.
    expect(statuses(set(deployment({ podSpec: templatedSa, container: env }), sa('web', 'imagePullSecrets: [{name: regcred}]'), secret('app'), secret('regcred')), 'K8sSecretReferences')).toEqual(['pass']);
  });

  test('K8sSecretReferences: a templated Secret name is unknown; a named missing one beside it still fails', () => {
    const f = run(deployment({ container: '          env: [{name: A, valueFrom: {secretKeyRef: {name: "{{ .Values.secret }}", key: k}}}]' }), 'K8sSecretReferences');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toMatch(/templated/);
    const g = run(deployment({ container: '          env: [{name: A, valueFrom: {secretKeyRef: {name: "{{ .Values.secret }}", key: k}}}, {name: B, valueFrom: {secretKeyRef: {name: gone, key: k}}}]' }), 'K8sSecretReferences');
    expect(g.map((x) => [x.status, x.value])).toEqual([['fail', 'gone']]);
  });
});

describe('K8sSecretReferences: Secrets the kubelet reads to mount a volume', () => {
  const mount = '          volumeMounts: [{name: v, mountPath: /mnt/secrets}]';
  const secret = (name: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: ${name}}`;

  test('a CSI inline volume\'s nodePublishSecretRef must be created: fail when missing, pass when declared', () => {
    const csi = '      volumes: [{name: v, csi: {driver: secrets-store.csi.k8s.io, readOnly: true, volumeAttributes: {secretProviderClass: app}, nodePublishSecretRef: {name: store-creds}}}]';
    const f = run(deployment({ podSpec: csi, container: mount }), 'K8sSecretReferences');
    expect(f.map((x) => [x.status, x.property])).toEqual([['fail', 'spec.template.spec.volumes.0.csi.nodePublishSecretRef.name']]);
    expect(f[0].message).toContain('store-creds');
    expect(statuses(set(deployment({ podSpec: csi, container: mount }), secret('store-creds')), 'K8sSecretReferences')).toEqual(['pass']);
  });

  test('projected secret sources count like secret volumes; in-tree secretRef volumes too', () => {
    const f = run(deployment({ podSpec: '      volumes: [{name: v, projected: {sources: [{secret: {name: creds}}]}}]', container: mount }), 'K8sSecretReferences');
    expect(f.map((x) => [x.status, x.property])).toEqual([['fail', 'spec.template.spec.volumes.0.projected.sources.0.secret.name']]);
    const g = run(deployment({ podSpec: '      volumes: [{name: v, cephfs: {monitors: [10.0.0.1], secretRef: {name: ceph}}}]', container: mount }), 'K8sSecretReferences');
    expect(g.map((x) => [x.status, x.property])).toEqual([['fail', 'spec.template.spec.volumes.0.cephfs.secretRef.name']]);
  });
});
