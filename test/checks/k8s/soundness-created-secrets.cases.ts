/**
 * K8sSecretReferences on Secrets the manifests create without writing them: a cert-manager Certificate writes its
 * `spec.secretName`, and ingress-nginx's install runs a kube-webhook-certgen Job (`create --secret-name=...`) that
 * makes its admission webhook's Secret. A pod mounting either failed "not created by any Secret, ExternalSecret or
 * SealedSecret" (a wrong fail on ingress-nginx's own deploy.yaml).
 */
import { deployment, run } from './judged';

const MOUNT = `
      volumes:
        - {name: certs, secret: {secretName: webhook-tls}}`;
const pod = (ns = 'default') => deployment({ podSpec: MOUNT }).replace('metadata: {name: web}', `metadata: {name: web, namespace: ${ns}}`);
const judged = (...docs: string[]) => run(docs.join('\n---\n'), 'K8sSecretReferences').map((f) => [f.status, f.message]);

const certificate = (ns = 'default') => `apiVersion: cert-manager.io/v1
kind: Certificate
metadata: {name: webhook, namespace: ${ns}}
spec:
  secretName: webhook-tls
  dnsNames: [web.${ns}.svc]
  issuerRef: {name: selfsigned, kind: Issuer}`;
const certgen = (args: string, ns = 'default', image = 'registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.4.1') => `apiVersion: batch/v1
kind: Job
metadata: {name: admission-create, namespace: ${ns}}
spec:
  template:
    spec:
      restartPolicy: OnFailure
      containers:
        - name: create
          image: ${image}
          args: ${args}
          env:
            - name: POD_NAMESPACE
              valueFrom: {fieldRef: {fieldPath: metadata.namespace}}`;

describe('K8sSecretReferences: Secrets created by a Certificate or a kube-webhook-certgen Job', () => {
  test('no creator: fail (the control)', () => {
    expect(judged(pod())).toEqual([['fail', expect.stringMatching(/Secret\(s\) webhook-tls not created by any Secret, ExternalSecret, SealedSecret, cert-manager Certificate or kube-webhook-certgen Job in namespace default/)]]);
  });

  test('a cert-manager Certificate of that secretName in the namespace: pass; in another namespace: fail', () => {
    expect(judged(pod(), certificate()).map(([s]) => s)).toEqual(['pass']);
    expect(judged(pod(), certificate('other')).map(([s]) => s)).toEqual(['fail']);
  });

  test('a kube-webhook-certgen create Job (--secret-name=, --namespace $(POD_NAMESPACE) or given): pass', () => {
    expect(judged(pod(), certgen('[create, --host=web.default.svc, --namespace=$(POD_NAMESPACE), --secret-name=webhook-tls]')).map(([s]) => s)).toEqual(['pass']);
    expect(judged(pod('ingress'), certgen('[create, --secret-name, webhook-tls, --namespace, ingress]', 'default')).map(([s]) => s)).toEqual(['pass']);
  });

  test('certgen patch (not create), another image, or another namespace: still fail', () => {
    expect(judged(pod(), certgen('[patch, --webhook-name=x, --namespace=$(POD_NAMESPACE), --secret-name=webhook-tls]')).map(([s]) => s)).toEqual(['fail']);
    expect(judged(pod(), certgen('[create, --secret-name=webhook-tls]', 'default', 'busybox:1.36')).map(([s]) => s)).toEqual(['fail']);
    expect(judged(pod(), certgen('[create, --secret-name=webhook-tls]', 'other')).map(([s]) => s)).toEqual(['fail']);
  });
});
