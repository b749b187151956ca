/**
 * Soundness of the Kubernetes rules on shapes of real third-party manifests (hunt hfk8s):
 * - a password given to a container on its command line (`redis-server --requirepass s3cret`, an exporter's
 *   `--redis.password=...`, `PGPASSWORD=... psql` in an `sh -c` script) passed K8sSecretEnv and satisfied
 *   SECRETS-NO-PLAINTEXT: only env and ConfigMaps were read;
 * - an HTTPRoute attached to a shared Gateway outside the manifests (or an Istio VirtualService bound to a gateway, an
 *   Emissary Mapping) was not an endpoint: an Ingress with TLS beside it satisfied the HTTPS, certificate and HSTS
 *   items although the route may be served on the gateway's plain-HTTP listener.
 */
import * as fs from 'fs';
import * as path from 'path';
import { GoLiveChecks } from '../../../lib';
import { parseManifest } from './fixtures';
import { deployment, run, statuses } from './judged';

describe('K8sSecretEnv: secrets on the command line (command, args)', () => {
  const one = (container: string) => {
    const f = run(deployment({ container }), 'K8sSecretEnv');
    expect(f).toHaveLength(1);
    return f[0];
  };

  test('redis-server --requirepass with a literal password fails', () => {
    const f = one('          command: [redis-server, --requirepass, Sup3rS3cretPw]');
    expect(f.status).toBe('fail');
    expect(f.property).toBe('spec.template.spec.containers.0.command.1');
    expect(f.message).toMatch(/web: command gives the flag --requirepass a literal value/);
  });

  test('--redis.password=<literal> and --db-password <literal> in args fail', () => {
    expect(one('          args: ["--redis.password=Sup3rS3cretPw", "--redis.addr=redis://localhost:6379"]').message).toMatch(/args gives the flag --redis\.password a literal value/);
    expect(one('          args: [--db-password, Sup3rS3cretPw]').status).toBe('fail');
  });

  test('a shell script (sh -c) with a secret assignment or a flag fails', () => {
    expect(one('          command: [sh, -c, "PGPASSWORD=Sup3rS3cretPw psql -h db -U app -c \'select 1\'"]').message).toMatch(/command gives PGPASSWORD a literal value/);
    expect(one('          command: [sh, -c, "exec redis-server --masterauth \'Sup3rS3cretPw\' --port 6379"]').message).toMatch(/--masterauth/);
  });

  test('a URL with credentials in args fails', () => {
    expect(one('          args: ["--database-url=postgres://app:Sup3rS3cretPw@db:5432/app"]').message).toMatch(/args\[0\] embeds credentials in a URL/);
  });

  test('still pass: placeholders the kubelet or a shell fills, paths, booleans, settings named after a secret', () => {
    expect(statuses(deployment({ container: [
      '          command: [redis-server, --requirepass, $(REDIS_PASSWORD), --masterauth, "${REDIS_PASSWORD}"]',
      '          args: ["--validating-webhook-key=/usr/local/certificates/key", --token-file, /var/run/token, "--secret-name=web-tls", "--enable-token-auth=true", "--password-min-length=12", "--redis.addr=redis://localhost:6379"]',
      '          env: [{name: REDIS_PASSWORD, valueFrom: {secretKeyRef: {name: redis, key: password}}}]',
    ].join('\n') }), 'K8sSecretEnv')).toEqual(['pass']);
  });
});

describe('Kubernetes endpoints: routes that attach to a gateway', () => {
  const WEB = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'k8s', 'compliant', 'web.yaml'), 'utf8');
  const ITEMS = ['EDGE-HTTPS-LISTENER', 'EDGE-CERTIFICATE-MANAGED', 'HEADERS-HSTS'];
  const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
  const report = (yaml: string) => checks._evaluateLoaded({ templates: [], manifests: [{ file: 'web.yaml', documents: parseManifest(yaml) }], acks: [], lines: {} });
  const statusesOf = (yaml: string) => ITEMS.map((i) => report(yaml).statusOf(i));

  test('the base (an Ingress with TLS, cert-manager and HSTS) satisfies the items', () => {
    expect(statusesOf(WEB)).toEqual(['satisfied', 'satisfied', 'satisfied']);
  });

  test.each([
    ['a GRPCRoute without a parentRef kind (a Gateway)', 'apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: web, namespace: shop}\nspec:\n  parentRefs: [{name: shared, namespace: infra}]\n  rules: [{backendRefs: [{name: web, port: 80}]}]\n', 'GRPCRoute/shop/web (k8s:GRPCRoute'],
    ['an Istio VirtualService bound to an ingress gateway', 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: web, namespace: shop}\nspec:\n  hosts: [shop.example.com]\n  gateways: [istio-system/public]\n  http: [{route: [{destination: {host: web}}]}]\n', 'VirtualService/shop/web (k8s:VirtualService'],
    ['an Emissary Mapping', 'apiVersion: getambassador.io/v3alpha1\nkind: Mapping\nmetadata: {name: web, namespace: shop}\nspec:\n  hostname: shop.example.com\n  prefix: /\n  service: web:80\n', 'Mapping/shop/web (k8s:Mapping'],
  ])('beside %s: unknown, and the route is listed', (_name, doc, listed) => {
    const r = report(`${WEB}\n---\n${doc}`);
    expect(ITEMS.map((i) => r.statusOf(i))).toEqual(['unknown', 'unknown', 'unknown']);
    expect(r.coverage.unreadKinds.some((u: string) => u.includes(listed))).toBe(true);
  });

  test('beside an HTTPRoute on a shared Gateway outside the manifests: the Gateway rules read it (hfgw): TLS unknown, no HSTS of its own fails', () => {
    const doc = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web, namespace: shop}\nspec:\n  parentRefs: [{name: shared, namespace: infra, sectionName: http}]\n  hostnames: [shop.example.com]\n  rules: [{backendRefs: [{name: web, port: 80}]}]\n';
    const r = report(`${WEB}\n---\n${doc}`);
    expect(ITEMS.map((i) => r.statusOf(i))).toEqual(['unknown', 'unknown', 'violated']);
    const tls = r.findings.find((f) => f.ruleId === 'K8sGatewayTls' && f.resource === 'HTTPRoute/shop/web');
    expect(tls?.status).toBe('unknown');
    expect(tls?.message).toMatch(/Gateway infra\/shared is not in the manifests/);
  });

  test.each([
    ['an HTTPRoute of the mesh (its parent a Service)', 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: web-mesh, namespace: shop}\nspec:\n  parentRefs: [{group: "", kind: Service, name: web, port: 80}]\n  rules: [{backendRefs: [{name: web, port: 80}]}]\n'],
    ['an Istio VirtualService of the mesh only', 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: web-mesh, namespace: shop}\nspec:\n  hosts: [web]\n  http: [{route: [{destination: {host: web}}]}]\n'],
  ])('still satisfied beside %s: it serves no client outside the mesh', (_name, doc) => {
    expect(statusesOf(`${WEB}\n---\n${doc}`)).toEqual(['satisfied', 'satisfied', 'satisfied']);
  });
});

describe('K8sZoneSpread: a required anti-affinity term of other namespaces', () => {
  const term = (extra: string) => deployment({ podSpec: `      affinity:\n        podAntiAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n          - topologyKey: topology.kubernetes.io/zone\n            labelSelector: {matchLabels: {app: web}}\n${extra}` });

  test('namespaces naming only another namespace spreads nothing of this workload: fails', () => {
    const f = run(term('            namespaces: [other]'), 'K8sZoneSpread');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/nothing spreads the pods of Deployment\/web across zones/);
  });

  test('still pass: no namespaces (the pod\'s own), its own namespace listed, or a namespaceSelector selecting it', () => {
    expect(statuses(term(''), 'K8sZoneSpread')).toEqual(['pass']);
    expect(statuses(term('            namespaces: [other, default]'), 'K8sZoneSpread')).toEqual(['pass']);
    expect(statuses(term('            namespaceSelector: {}'), 'K8sZoneSpread')).toEqual(['pass']);
    expect(statuses(term('            namespaces: [other]\n            namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: default}}'), 'K8sZoneSpread')).toEqual(['pass']);
  });
});

describe('K8sSecretReferences: a secretKeyRef to a key the Secret in the manifests does not hold', () => {
  const secret = (data: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: db}\n${data}\n---\n`;
  const pod = deployment({ container: '          env: [{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]' });

  test('a Secret with other keys only: fails (the container does not start)', () => {
    const f = run(secret('stringData: {username: app}') + pod, 'K8sSecretReferences');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].property).toBe('spec.template.spec.containers.0.env.0.valueFrom.secretKeyRef.key');
    expect(f[0].message).toMatch(/Secret db in the manifests has no key password \(it holds username\)/);
  });

  test('still pass: the key is there (data or stringData), or the Secret has no values (a controller fills it)', () => {
    expect(statuses(secret('data: {password: aHVudGVyMg==}') + pod, 'K8sSecretReferences')).toEqual(['pass']);
    expect(statuses(secret('stringData: {password: x}') + pod, 'K8sSecretReferences')).toEqual(['pass']);
    expect(statuses(secret('type: Opaque') + pod, 'K8sSecretReferences')).toEqual(['pass']);
  });
});
