/**
 * HEADERS-HSTS on an Ingress reads the Strict-Transport-Security value as a browser does (audit 2026-12-05, finding 6
 * of the edge audit; the ALB listener's value is judged by the same parser, test/checks/aws/soundness-edge-waf-audit):
 * a repeated directive or a max-age that is not digits makes the browser ignore the header, where the first max-age
 * passed.
 */
import { ingressManifest, run } from './judged';

const set = (...docs: string[]) => docs.join('\n---\n');
const ingress = (hsts: string) => ingressManifest({ annotations: { 'nginx.ingress.kubernetes.io/configuration-snippet': `more_set_headers "Strict-Transport-Security: ${hsts}";` } });
const controller = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
data: {allow-snippet-annotations: "true", annotations-risk-level: Critical}
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
`;
const hsts = (value: string) => run(set(ingress(value), controller), 'K8sIngressHsts').map((f) => [f.status, f.message]);

describe('K8sIngressHsts: an HSTS value a browser ignores', () => {
  test('a repeated max-age, or a max-age that is not digits, fails', () => {
    expect(hsts('max-age=31536000; max-age=0; includeSubDomains')).toEqual([['fail', expect.stringMatching(/repeats the max-age directive, so a browser ignores the whole header/)]]);
    expect(hsts('max-age=31536000abc; includeSubDomains')).toEqual([['fail', expect.stringMatching(/max-age "31536000abc" is not a number of seconds/)]]);
  });

  test('still passes: one max-age of a year and includeSubDomains', () => {
    expect(hsts('max-age=31536000; includeSubDomains; preload').map(([s]) => s)).toEqual(['pass']);
  });
});
