import { ingressManifest, ingressNginxController as ingressNginx, nginxIncController, run, SNIPPETS_ALLOWED } from './judged';

/**
 * Soundness of K8sIngressTls (hfmisc round, /work/audit/hfmisc): NGINX Inc.'s controller without `ssl-protocols`
 * leaves nginx's built-in default, which enabled TLSv1 and TLSv1.1 until nginx 1.27.3 (NGINX Plus R34). An old
 * controller image passed; the image's release now decides (nginx/documentation technical specifications: 4.0.1
 * ships nginx 1.27.4 / NGINX Plus R33 P2, 5.0.0 nginx 1.27.4 / R34).
 */
const set = (...docs: string[]) => docs.join('\n---\n');
const one = (yaml: string) => {
  const f = run(yaml, 'K8sIngressTls');
  expect(f).toHaveLength(1);
  return f[0];
};

const nginxInc = (image: string, data = '  proxy-read-timeout: "60s"') => nginxIncController(data, { image });
const tlsIngress = () => ingressManifest({});

describe('K8sIngressTls: NGINX Inc.\'s controller without ssl-protocols, judged by its image\'s nginx', () => {
  test.each([
    'nginx/nginx-ingress:3.3.2-alpine',
    'nginx/nginx-ingress:1.12.4',
    'private-registry.nginx.com/nginx-ic/nginx-plus-ingress:3.7.2',
    'private-registry.nginx.com/nginx-ic/nginx-plus-ingress:4.0.1-ubi',
  ])('%s (nginx before 1.27.3 / NGINX Plus before R34): unknown (was a pass)', (image) => {
    const f = one(set(nginxInc(image), tlsIngress()));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/leaves ssl-protocols unset, so nginx's built-in default applies: release .* whose default enables TLSv1 and TLSv1\.1; whether handshakes accept them depends on the image's OpenSSL/);
  });

  test.each([
    ['nginx/nginx-ingress:edge', /tag edge names no release/],
    ['nginx/nginx-ingress', /an image without a tag names no release/],
    ['nginx/nginx-ingress:4.0.0', /release 4\.0\.0 is not placed before or after nginx 1\.27\.3/],
  ])('%s (a tag that cannot be placed): unknown (was a pass)', (image, msg) => {
    const f = one(set(nginxInc(image), tlsIngress()));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(msg);
  });

  test.each([
    'nginx/nginx-ingress:5.0.0',
    'ghcr.io/nginx/nginx-ingress:5.2.1-alpine',
    'nginx/nginx-ingress:4.0.1',
    'private-registry.nginx.com/nginx-ic/nginx-plus-ingress:5.1.1',
  ])('%s (nginx 1.27.4+ / NGINX Plus R34+, default TLSv1.2 TLSv1.3): pass', (image) => {
    const f = one(set(nginxInc(image), tlsIngress()));
    expect(f.status).toBe('pass');
  });

  test('an old image with ssl-protocols TLS 1.2+ (or an http-snippets ssl_protocols) passes: the default is not used', () => {
    expect(one(set(nginxInc('nginx/nginx-ingress:3.3.2', '  ssl-protocols: "TLSv1.2 TLSv1.3"'), tlsIngress())).status).toBe('pass');
    expect(one(set(nginxInc('nginx/nginx-ingress:3.3.2', '  http-snippets: "ssl_protocols TLSv1.2;"'), tlsIngress())).status).toBe('pass');
  });

  test('an old image whose -nginx-configmaps names no ConfigMap of the manifests: unknown', () => {
    const noCm = nginxInc('nginx/nginx-ingress:3.3.2').split('---')[0];
    expect(one(set(noCm, tlsIngress())).status).toBe('unknown');
  });

  test('an IngressClass of NGINX Inc.\'s controller without the controller in the manifests: unknown; so is class nginx by name alone (hfk8sedge: either controller)', () => {
    const cls = `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: nginx.org/ingress-controller}
`;
    const f = one(set(cls, tlsIngress()));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/is not in the manifests: without ssl-protocols its image's nginx decides/);
    expect(one(tlsIngress()).status).toBe('unknown');
  });
});


describe('K8sIngressTls: ssl_protocols in a location snippet, which nginx refuses', () => {
  const cfg = (v: string) => ingressManifest({ annotations: { 'nginx.ingress.kubernetes.io/configuration-snippet': v } });

  test('ingress-nginx configuration-snippet with ssl_protocols, snippets applied: fail, the configuration is refused (was a pass)', () => {
    const f = one(set(ingressNginx(SNIPPETS_ALLOWED), cfg('ssl_protocols TLSv1 TLSv1.1 TLSv1.2;')));
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/annotation nginx\.ingress\.kubernetes\.io\/configuration-snippet sets ssl_protocols, which nginx accepts only in the http and server contexts.*admission webhook denies the Ingress.*not served as written/);
  });

  test('the same with TLS 1.2+ only is refused too: fail; snippets not applied: pass; the gate undecided: unknown', () => {
    expect(one(set(ingressNginx(SNIPPETS_ALLOWED), cfg('ssl_protocols TLSv1.2 TLSv1.3;'))).status).toBe('fail');
    expect(one(set(ingressNginx('  allow-snippet-annotations: "false"'), cfg('ssl_protocols TLSv1;'))).status).toBe('pass');
    expect(one(set(ingressNginx('  allow-snippet-annotations: "true"'), cfg('ssl_protocols TLSv1;'))).status).toBe('unknown');
  });

  test('a commented directive or another one is not refused', () => {
    expect(one(set(ingressNginx(SNIPPETS_ALLOWED), cfg('# ssl_protocols TLSv1;\nmore_set_headers "X-A: b";'))).status).toBe('pass');
  });

  test('NGINX Inc. nginx.org/location-snippets with ssl_protocols under -enable-snippets: fail', () => {
    const ctrl = nginxInc('nginx/nginx-ingress:5.0.0').replace('-ingress-class=nginx]', '-ingress-class=nginx, -enable-snippets]');
    const ing = ingressManifest({ annotations: { 'nginx.org/location-snippets': 'ssl_protocols TLSv1.2;' } });
    const f = one(set(ctrl, ing));
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/nginx\.org\/location-snippets sets ssl_protocols.*the Ingress is marked rejected/);
    expect(one(set(nginxInc('nginx/nginx-ingress:5.0.0'), ing)).status).toBe('pass');
  });
});
