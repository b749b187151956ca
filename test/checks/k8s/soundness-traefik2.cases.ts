/**
 * Traefik's static configuration as the edge rules read it (traefik2):
 * - options of the kubernetescrd provider that change what a reference names or make Traefik refuse it:
 *   allowCrossNamespace (an IngressRoute's `<ns>-<name>@kubernetescrd` reference, traefik/traefik#8322),
 *   crossProviderNamespaces, safeNaming (v3.7.11+, traefik/traefik#13689, #13765: `<ns>_<name>@kubernetescrd`);
 * - the static configuration from a ConfigMap mounted as Traefik's configuration file (read instead of the flags) and
 *   from TRAEFIK_* environment variables (read when there is neither file nor flag);
 * - an Ingress without TLS that Traefik serves: its entry points' redirections (K8sIngressHttpsRedirect).
 */
import { oneFinding } from './judged';
import { CHART_FLAGS, traefikDeployment } from './traefik-deployment';

const NS = 'payments';

/** A headers Middleware with HSTS and a permanent RedirectScheme Middleware, in payments. */
const MIDDLEWARES = `
---
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: api-headers, namespace: ${NS}}
spec: {headers: {stsSeconds: 63072000, stsIncludeSubdomains: true}}
---
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: to-https, namespace: ${NS}}
spec: {redirectScheme: {scheme: https, permanent: true}}
`;

/** An IngressRoute with TLS whose route names its middleware `ref` (`name: <ref>`). */
const ROUTE = (ref: string) => `
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: api, namespace: ${NS}}
spec:
  entryPoints: [websecure]
  routes:
    - match: Host(\`api.pay.example.com\`)
      kind: Rule
      services: [{name: api, port: 443}]
      middlewares: [{name: "${ref}"}]
  tls: {certResolver: le}
` + MIDDLEWARES;

/** An IngressRoute without TLS on web, no middleware. */
const PLAIN_ROUTE = `
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: api, namespace: ${NS}}
spec:
  entryPoints: [web]
  routes:
    - match: Host(\`api.pay.example.com\`)
      kind: Rule
      services: [{name: api, port: 443}]
`;

/** An Ingress Traefik serves: TLS unless `tls` is false, router annotations `annotations` (`key: value` pairs). */
const INGRESS = (annotations: Record<string, string>, tls = true) => `
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: ${NS}
  annotations: ${JSON.stringify(annotations)}
spec:
  ingressClassName: traefik
${tls ? '  tls: [{hosts: [api.pay.example.com], secretName: api-tls}]\n' : ''}  rules: [{host: api.pay.example.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: api, port: {number: 443}}}}]}}]
` + MIDDLEWARES;

const BASE_FLAGS = [...CHART_FLAGS, '--certificatesResolvers.le.acme.storage=/data/acme.json'];

/** A ConfigMap traefik/traefik-config with key `key` holding `text`. */
const CONFIG_MAP = (key: string, text: string) => `
---
apiVersion: v1
kind: ConfigMap
metadata: {name: traefik-config, namespace: traefik}
data:
  ${key}: |
${text.trim().split('\n').map((l) => `    ${l}`).join('\n')}
`;

const YAML_CONFIG = (webExtra = '') => `
entryPoints:
  web:
    address: ":8000"
${webExtra}
  websecure:
    address: ":8443"
    http:
      tls: {}
providers:
  kubernetesCRD: {}
  kubernetesIngress: {}
certificatesResolvers:
  le:
    acme: {storage: /data/acme.json}
`;
const REDIRECT_WEB = `    http:
      redirections:
        entryPoint: {to: websecure, scheme: https}`;

const MOUNT_ETC = {
  container: '          volumeMounts: [{name: config, mountPath: /etc/traefik}]\n',
  pod: '      volumes: [{name: config, configMap: {name: traefik-config}}]',
};

describe('kubernetescrd provider options that decide what a reference names (lead 1)', () => {
  const hsts = (yaml: string) => oneFinding(yaml, 'K8sIngressHsts');
  test('an IngressRoute naming its Middleware <ns>-<name>@kubernetescrd: Traefik refuses it unless allowCrossNamespace (default false): unknown, not pass', () => {
    const f = hsts(ROUTE('payments-api-headers@kubernetescrd'));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/refuses an @kubernetescrd reference of an IngressRoute .*allowCrossNamespace, false by default \(traefik\/traefik#8322\)/);
  });
  test('... the Traefik of the manifests leaves allowCrossNamespace off: unknown (the route is not served); on: the Middleware is read (pass)', () => {
    const off = hsts(ROUTE('payments-api-headers@kubernetescrd') + traefikDeployment({ args: BASE_FLAGS }));
    expect(off.status).toBe('unknown');
    expect(off.message).toMatch(/allowCrossNamespace is off \(providers\.kubernetesCRD\.allowCrossNamespace unset \(false\)/);
    expect(hsts(ROUTE('payments-api-headers@kubernetescrd') + traefikDeployment({ args: [...BASE_FLAGS, '--providers.kubernetescrd.allowCrossNamespace=true'] })).status).toBe('pass');
  });
  test('crossProviderNamespaces set without the IngressRoute\'s namespace: Traefik refuses its @ reference (unknown)', () => {
    const f = hsts(ROUTE('payments-api-headers@kubernetescrd') + traefikDeployment({ args: [...BASE_FLAGS, '--providers.kubernetescrd.allowCrossNamespace=true', '--providers.kubernetescrd.crossProviderNamespaces=traefik'] }));
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/crossProviderNamespaces \(traefik\) without namespace payments/);
  });
  test('safeNaming on: an Ingress\'s router.middlewares payments-api-headers@kubernetescrd names no Middleware (unknown, not pass); the _ form is read', () => {
    const traefik = traefikDeployment({ args: [...BASE_FLAGS, '--providers.kubernetescrd.safeNaming=true'] });
    const legacy = hsts(INGRESS({ 'traefik.ingress.kubernetes.io/router.middlewares': 'payments-api-headers@kubernetescrd' }) + traefik);
    expect(legacy.status).toBe('unknown');
    expect(legacy.message).toMatch(/names no Middleware: providers\.kubernetesCRD\.safeNaming true .* names Middleware payments\/api-headers payments_api-headers@kubernetescrd/);
    expect(hsts(INGRESS({ 'traefik.ingress.kubernetes.io/router.middlewares': 'payments_api-headers@kubernetescrd' }) + traefik).status).toBe('pass');
    // Without safeNaming (its default), the - form is read and the _ form names nothing.
    expect(hsts(INGRESS({ 'traefik.ingress.kubernetes.io/router.middlewares': 'payments-api-headers@kubernetescrd' }) + traefikDeployment({ args: BASE_FLAGS })).status).toBe('pass');
    expect(hsts(INGRESS({ 'traefik.ingress.kubernetes.io/router.middlewares': 'payments_api-headers@kubernetescrd' }) + traefikDeployment({ args: BASE_FLAGS })).status).toBe('unknown');
  });
  test('safeNaming set differently by two Traefik instances: unknown', () => {
    const two = traefikDeployment({ args: [...BASE_FLAGS, '--providers.kubernetescrd.safeNaming=true'] })
      + traefikDeployment({ args: BASE_FLAGS }).replace('name: traefik, namespace: traefik', 'name: traefik-b, namespace: traefik');
    const f = hsts(INGRESS({ 'traefik.ingress.kubernetes.io/router.middlewares': 'payments-api-headers@kubernetescrd' }) + two);
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/safeNaming differently/);
  });
  test('safeNaming on: a router.tls.options <ns>-<name>@kubernetescrd reference is unknown (which TLSOption it names is not read)', () => {
    const f = oneFinding(INGRESS({ 'traefik.ingress.kubernetes.io/router.tls.options': 'payments-modern@kubernetescrd' }) + `
---
apiVersion: traefik.io/v1alpha1
kind: TLSOption
metadata: {name: modern, namespace: ${NS}}
spec: {minVersion: VersionTLS12}
` + traefikDeployment({ args: [...BASE_FLAGS, '--providers.kubernetescrd.safeNaming=true'] }), 'K8sIngressTls');
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/safeNaming renames the objects of the kubernetescrd provider/);
  });
  test('a Middleware of another namespace: read when allowCrossNamespace is on in the static configuration', () => {
    const cross = ROUTE('api-headers').replace('middlewares: [{name: "api-headers"}]', 'middlewares: [{name: "api-headers", namespace: security}]')
      + MIDDLEWARES.replace(/namespace: payments/g, 'namespace: security');
    expect(hsts(cross).status).toBe('unknown');
    expect(hsts(cross + traefikDeployment({ args: [...BASE_FLAGS, '--providers.kubernetescrd.allowCrossNamespace=true'] })).status).toBe('pass');
  });
});

describe('the static configuration from a mounted ConfigMap or TRAEFIK_* variables (lead 2)', () => {
  const redirect = (yaml: string) => oneFinding(yaml, 'K8sIngressHttpsRedirect');
  test('a ConfigMap mounted at /etc/traefik as traefik.yml: read (web redirects: pass; web plain: fail)', () => {
    const withRedirect = redirect(PLAIN_ROUTE + traefikDeployment(MOUNT_ETC) + CONFIG_MAP('traefik.yml', YAML_CONFIG(REDIRECT_WEB)));
    expect(withRedirect.status).toBe('pass');
    expect(withRedirect.message).toMatch(/entry point web of Deployment\/traefik\/traefik redirects every request to websecure/);
    expect(redirect(PLAIN_ROUTE + traefikDeployment(MOUNT_ETC) + CONFIG_MAP('traefik.yml', YAML_CONFIG())).status).toBe('fail');
  });
  test('the file wins over the flags (Traefik reads one source): a redirect in the flags does not count beside a file without it', () => {
    const f = redirect(PLAIN_ROUTE + traefikDeployment({ ...MOUNT_ETC, args: [...BASE_FLAGS, '--entryPoints.web.http.redirections.entryPoint.to=websecure'] }) + CONFIG_MAP('traefik.yaml', YAML_CONFIG()));
    expect(f.status).toBe('fail');
  });
  test('--configFile naming a ConfigMap key mounted with subPath: read', () => {
    const t = traefikDeployment({
      args: ['--configFile=/config/static.yaml'],
      container: '          volumeMounts: [{name: config, mountPath: /config/static.yaml, subPath: static.yaml}]\n',
      pod: MOUNT_ETC.pod,
    });
    expect(redirect(PLAIN_ROUTE + t + CONFIG_MAP('static.yaml', YAML_CONFIG(REDIRECT_WEB))).status).toBe('pass');
    expect(redirect(PLAIN_ROUTE + t + CONFIG_MAP('static.yaml', YAML_CONFIG())).status).toBe('fail');
  });
  test('a TOML file, a ConfigMap not in the manifests, or a volume of another kind: unknown', () => {
    const toml = redirect(PLAIN_ROUTE + traefikDeployment(MOUNT_ETC) + CONFIG_MAP('traefik.toml', '[entryPoints.web]\naddress = ":8000"'));
    expect(toml.status).toBe('unknown');
    expect(toml.message).toMatch(/a TOML file, which is not read here/);
    expect(redirect(PLAIN_ROUTE + traefikDeployment(MOUNT_ETC)).message).toMatch(/ConfigMap traefik\/traefik-config .* is not in the manifests/);
    const emptyDir = traefikDeployment({ ...MOUNT_ETC, pod: '      volumes: [{name: config, emptyDir: {}}]', args: BASE_FLAGS });
    expect(redirect(PLAIN_ROUTE + emptyDir).status).toBe('unknown');
  });
  test('a volume mounted at the working directory, where Traefik looks for ./traefik.yml before its flags: unknown, not the flags\' verdict', () => {
    const t = traefikDeployment({
      args: [...BASE_FLAGS, '--entryPoints.web.http.redirections.entryPoint.to=websecure'],
      container: '          workingDir: /app\n          volumeMounts: [{name: config, mountPath: /app}]\n',
      pod: '      volumes: [{name: config, configMap: {name: app-files}}]',
    });
    const f = redirect(PLAIN_ROUTE + t);
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/mounts a volume at \/app, where Traefik may find a configuration file/);
  });
  test('TRAEFIK_* environment variables without flags: read; valueFrom: unknown', () => {
    const env = (extra: string) => traefikDeployment({ container: `          env:
            - {name: TRAEFIK_ENTRYPOINTS_WEB_ADDRESS, value: ":8000"}
            - {name: TRAEFIK_ENTRYPOINTS_WEBSECURE_ADDRESS, value: ":8443"}
            - {name: TRAEFIK_ENTRYPOINTS_WEBSECURE_HTTP_TLS, value: "true"}
            - {name: TRAEFIK_PROVIDERS_KUBERNETESCRD, value: "true"}
${extra}` });
    expect(redirect(PLAIN_ROUTE + env('            - {name: TRAEFIK_ENTRYPOINTS_WEB_HTTP_REDIRECTIONS_ENTRYPOINT_TO, value: websecure}\n')).status).toBe('pass');
    expect(redirect(PLAIN_ROUTE + env('')).status).toBe('fail');
    const from = redirect(PLAIN_ROUTE + env('            - {name: TRAEFIK_ENTRYPOINTS_WEB_HTTP_REDIRECTIONS_ENTRYPOINT_TO, valueFrom: {configMapKeyRef: {name: t, key: to}}}\n'));
    expect(from.status).toBe('unknown');
    expect(from.message).toMatch(/from ConfigMap traefik\/t key to, which is not in the manifests/);
  });
  test('no flag, file nor TRAEFIK_* variable: unknown (Traefik\'s defaults or a file of the image)', () => {
    expect(redirect(PLAIN_ROUTE + traefikDeployment()).message).toMatch(/no flags, no configuration file .*no TRAEFIK_\* environment variables/);
  });
});

describe('an Ingress without TLS that Traefik serves: the entry points of the static configuration (lead 3)', () => {
  const redirect = (yaml: string) => oneFinding(yaml, 'K8sIngressHttpsRedirect');
  const plain = (a: Record<string, string> = { 'traefik.ingress.kubernetes.io/router.entrypoints': 'web' }) => INGRESS(a, false);
  test('static configuration not in the manifests: unknown', () => {
    expect(redirect(plain()).status).toBe('unknown');
  });
  test('web redirects to websecure: pass; permanent=false: fail; neither: fail', () => {
    expect(redirect(plain() + traefikDeployment({ args: [...BASE_FLAGS, '--entryPoints.web.http.redirections.entryPoint.to=websecure'] })).status).toBe('pass');
    const temporary = redirect(plain() + traefikDeployment({ args: [...BASE_FLAGS, '--entryPoints.web.http.redirections.entryPoint.to=websecure', '--entryPoints.web.http.redirections.entryPoint.permanent=false'] }));
    expect(temporary.status).toBe('fail');
    expect(temporary.message).toMatch(/temporary 302/);
    const none = redirect(plain() + traefikDeployment({ args: BASE_FLAGS }));
    expect(none.status).toBe('fail');
    expect(none.message).toMatch(/entry point web of Deployment\/traefik\/traefik \(its flags\) has neither http\.tls nor a redirection/);
  });
  test('no router.entrypoints: every entry point, web among them (fail); only websecure (http.tls): pass', () => {
    expect(redirect(plain({}) + traefikDeployment({ args: BASE_FLAGS })).status).toBe('fail');
    expect(redirect(plain({ 'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure' }) + traefikDeployment({ args: BASE_FLAGS })).status).toBe('pass');
  });
  test('a permanent RedirectScheme Middleware in router.middlewares: pass; a Middleware not in the manifests: unknown', () => {
    const mw = (ref: string) => plain({ 'traefik.ingress.kubernetes.io/router.entrypoints': 'web', 'traefik.ingress.kubernetes.io/router.middlewares': ref });
    expect(redirect(mw('payments-to-https@kubernetescrd') + traefikDeployment({ args: BASE_FLAGS })).status).toBe('pass');
    expect(redirect(mw('payments-missing@kubernetescrd') + traefikDeployment({ args: BASE_FLAGS })).status).toBe('unknown');
  });
  test('only the Traefik instances with the kubernetesingress provider count', () => {
    const crdOnly = BASE_FLAGS.filter((f) => f !== '--providers.kubernetesingress');
    expect(redirect(plain() + traefikDeployment({ args: crdOnly })).message).toMatch(/enables the kubernetesingress provider/);
  });
});
