/**
 * EDGE-HTTPS-REDIRECT for an Ingress (fix hfredir): no rule judged whether an Ingress redirects plain HTTP to HTTPS,
 * so since the Gateway API rules judged the item it was unknown beside any Ingress, and pending for a cluster of
 * Ingresses only. K8sIngressHttpsRedirect now reads it per controller: ingress-nginx (ssl-redirect with TLS per host,
 * force-ssl-redirect, http-redirect-code, default 308), NGINX Inc. (ssl-redirect, default 301; redirect-to-https
 * unknown), the AWS Load Balancer Controller (ssl-redirect, or no HTTP listener), Traefik (a TLS router ignores plain
 * HTTP; without TLS the entryPoint decides: unknown) and other controllers (unknown).
 */
import * as fs from 'fs';
import * as path from 'path';
import { controllerDeployment, ingressManifest, reportOf, run } from './judged';

const RULE = 'K8sIngressHttpsRedirect';
const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'k8s', 'compliant');
const WEB = fs.readFileSync(path.join(FIXTURES, 'web.yaml'), 'utf8');
const API = fs.readFileSync(path.join(FIXTURES, 'api.yaml'), 'utf8');

const ingressClass = (controller: string, name = 'nginx') => `\n---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: ${name}}\nspec: {controller: ${controller}}\n`;
const configMap = (name: string, namespace: string, data: Record<string, string>) =>
  `\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ${namespace}}\ndata:\n${Object.entries(data).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n')}\n`;
const NGINX = ingressClass('k8s.io/ingress-nginx');
const NGINX_INC = ingressClass('nginx.org/ingress-controller');
const ALB = ingressClass('ingress.k8s.aws/alb', 'alb');
const one = (yaml: string) => {
  const f = run(yaml, RULE).filter((x) => x.resource === 'Ingress/shop/web');
  expect(f).toHaveLength(1);
  return f[0];
};
const report = reportOf;

describe('ingress-nginx', () => {
  test('TLS for the host and ssl-redirect at its default: redirected with the default 308 (permanent)', () => {
    const f = one(ingressManifest() + NGINX);
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/redirects plain HTTP for every host .* permanent 308/);
  });

  test('ssl-redirect "false" on the Ingress: plain HTTP served', () => {
    const f = one(ingressManifest({ annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } }) + NGINX);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/does not redirect plain HTTP .*ssl-redirect "false"/);
  });

  test('ssl-redirect "false" in the controller ConfigMap', () => {
    const f = one(ingressManifest() + NGINX + configMap('ingress-nginx-controller', 'ingress-nginx', { 'ssl-redirect': 'false', 'allow-snippet-annotations': 'false' }));
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/ConfigMap ingress-nginx\/ingress-nginx-controller ssl-redirect "false"/);
  });

  test('http-redirect-code 302 in the controller ConfigMap: a temporary redirect', () => {
    const f = one(ingressManifest() + NGINX + configMap('ingress-nginx-controller', 'ingress-nginx', { 'http-redirect-code': '302' }));
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/302, a temporary redirect/);
  });

  test('http-redirect-code 301: pass', () => {
    expect(one(ingressManifest() + NGINX + configMap('ingress-nginx-controller', 'ingress-nginx', { 'http-redirect-code': '301' })).status).toBe('pass');
  });

  test('no TLS: plain HTTP served (force-ssl-redirect absent)', () => {
    const f = one(ingressManifest({ tls: false }) + NGINX);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/no TLS: ingress-nginx redirects to HTTPS only the hosts/);
  });

  test('no TLS but force-ssl-redirect "true" (TLS ends in front): redirected', () => {
    const f = one(ingressManifest({ tls: false, annotations: { 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true' } }) + NGINX);
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/redirects every plain HTTP request .*force-ssl-redirect/);
  });

  test('a second host without a TLS entry: that host is served over plain HTTP', () => {
    const f = one(ingressManifest({ rules: '    - host: admin.example.com\n      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}' }) + NGINX);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/admin\.example\.com have no TLS entry/);
  });

  test('a rule without host: the default server decides (unknown)', () => {
    const f = one(ingressManifest({ rules: '    - http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}' }) + NGINX);
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/default server/);
  });

  test('ssl-redirect templated: unknown', () => {
    const f = one(ingressManifest({ annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': '{{ .Values.redirect }}' } }) + NGINX);
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/templated/);
  });
});

describe('NGINX Inc.', () => {
  test('TLS and ssl-redirect at its default: redirected with a 301', () => {
    const f = one(ingressManifest() + NGINX_INC);
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/NGINX Inc.'s controller redirects .* permanent 301/);
  });

  test('ingress.kubernetes.io/ssl-redirect "false": plain HTTP served', () => {
    const f = one(ingressManifest({ annotations: { 'ingress.kubernetes.io/ssl-redirect': 'False' } }) + NGINX_INC);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/does not redirect plain HTTP/);
  });

  test('no TLS: fail; with redirect-to-https the load balancer in front decides (unknown)', () => {
    expect(one(ingressManifest({ tls: false }) + NGINX_INC).status).toBe('fail');
    const f = one(ingressManifest({ tls: false, annotations: { 'nginx.org/redirect-to-https': 'true' } }) + NGINX_INC);
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/X-Forwarded-Proto/);
  });

  test('the controller ConfigMap (-nginx-configmaps) turns ssl-redirect off', () => {
    const yaml = ingressManifest() + NGINX_INC + `\n---\n${controllerDeployment('nginx-ingress', 'nginx-ingress', 'nginx/nginx-ingress:5.1.0', '["-nginx-configmaps=$(POD_NAMESPACE)/nginx-config"]')}`
      + configMap('nginx-config', 'nginx-ingress', { 'ssl-redirect': 'false' });
    const f = one(yaml);
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/ConfigMap nginx-ingress\/nginx-config ssl-redirect "false"/);
  });
});

describe('AWS Load Balancer Controller', () => {
  const alb = (annotations: Record<string, string>) => one(ingressManifest({ spec: '  ingressClassName: alb', annotations }) + ALB);

  test('HTTP and HTTPS listeners without ssl-redirect: the HTTP listener forwards plain HTTP', () => {
    const f = alb({ 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]' });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/HTTP listener 80 forward plain HTTP: no alb.ingress.kubernetes.io\/ssl-redirect/);
  });

  test('no listen-ports nor certificate: HTTP:80 only, forwarding', () => {
    expect(alb({}).status).toBe('fail');
  });

  test('ssl-redirect "443": a 301 to HTTPS', () => {
    const f = alb({ 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]', 'alb.ingress.kubernetes.io/ssl-redirect': '443' });
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/only redirect to HTTPS:443 with a 301/);
  });

  test('HTTPS only: no plain HTTP', () => {
    const f = alb({ 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS": 443}]' });
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/serves no plain HTTP/);
  });

  test('an IngressGroup without ssl-redirect in the manifests: a member outside them may set it (unknown)', () => {
    const f = alb({ 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]', 'alb.ingress.kubernetes.io/group.name': 'shop' });
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/IngressGroup shop/);
  });

  test('ssl-redirect naming a port that is not an HTTPS listener: unknown', () => {
    expect(alb({ 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]', 'alb.ingress.kubernetes.io/ssl-redirect': '8443' }).status).toBe('unknown');
  });
});

describe('Traefik, other controllers, unresolved classes', () => {
  test('Traefik with spec.tls: a TLS router, no plain HTTP', () => {
    const f = one(ingressManifest({ spec: '  ingressClassName: traefik' }));
    expect(f.status).toBe('pass');
    expect(f.message).toMatch(/TLS router/);
  });

  test('Traefik without TLS: the entryPoint configuration decides (unknown, naming it)', () => {
    const f = one(ingressManifest({ spec: '  ingressClassName: traefik', tls: false }));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/entryPoints.<name>.http.redirections/);
  });

  test('another controller (gce): unknown naming it', () => {
    const f = one(ingressManifest({ spec: '  ingressClassName: gce' }));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/the gce controller/);
  });

  test('class nginx with nothing to resolve it: both nginx controllers redirect (pass)', () => {
    expect(one(ingressManifest()).status).toBe('pass');
  });

  test('a class the manifests do not resolve: unknown', () => {
    const f = one(ingressManifest({ spec: '  ingressClassName: public' }));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/do not resolve the Ingress's class/);
  });
});

describe('the item', () => {
  test('the compliant bases: web (ingress-nginx, force-ssl-redirect) and api (Traefik with TLS) pass', () => {
    expect(one(WEB).status).toBe('pass');
    expect(run(API, RULE).map((f) => f.status)).toEqual(['pass']);
  });

  test('a cluster of Ingresses only: EDGE-HTTPS-REDIRECT is judged (satisfied), no longer pending', () => {
    expect(report(WEB).statusOf('EDGE-HTTPS-REDIRECT')).toBe('satisfied');
  });

  test('an Ingress with ssl-redirect "false": the item is violated', () => {
    const off = WEB.replace('    nginx.ingress.kubernetes.io/force-ssl-redirect: "true"\n', '    nginx.ingress.kubernetes.io/ssl-redirect: "false"\n');
    expect(off).not.toBe(WEB);
    expect(report(off).statusOf('EDGE-HTTPS-REDIRECT')).toBe('violated');
  });
});
