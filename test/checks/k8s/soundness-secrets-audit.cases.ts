import { deployment, run, statuses } from './judged';

/**
 * Soundness of the Kubernetes secret rules, audit k8s2: a secret-looking variable read from a ConfigMap
 * (configMapKeyRef, envFrom with a prefix) passed K8sSecretEnv; a missing imagePullSecret passed
 * K8sSecretReferences beside a Secret that exists.
 */
const set = (...docs: string[]) => docs.join('\n---\n');
const one = (yaml: string, rule: string) => {
  const f = run(yaml, rule).filter((x) => x.resourceType !== 'ConfigMap');
  expect(f).toHaveLength(1);
  return f[0];
};
const configMap = (data: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {${data}}
`;

describe('K8sSecretEnv: a secret-looking variable read from a ConfigMap (plain text)', () => {
  test('configMapKeyRef into DB_PASSWORD fails, whatever the ConfigMap key is called', () => {
    const f = one(set(deployment({ container: '          env: [{name: DB_PASSWORD, valueFrom: {configMapKeyRef: {name: cfg, key: db}}}]' }), configMap('db: hunter2secret')), 'K8sSecretEnv');
    expect(f.status).toBe('fail');
    expect(f.property).toBe('spec.template.spec.containers.0.env.0.valueFrom.configMapKeyRef');
    expect(f.message).toMatch(/DB_PASSWORD is read from ConfigMap cfg \(plain text\)/);
  });

  test('configMapKeyRef into DB_PASSWORD from a ConfigMap not in the manifests fails too', () => {
    const f = one(deployment({ container: '          env: [{name: API_TOKEN, valueFrom: {configMapKeyRef: {name: elsewhere, key: token}}}]' }), 'K8sSecretEnv');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/API_TOKEN is read from ConfigMap elsewhere/);
  });

  test('envFrom with a prefix that makes a key secret-looking (DB_ + PASS) fails', () => {
    const f = one(set(deployment({ container: '          envFrom: [{configMapRef: {name: cfg}, prefix: DB_}]' }), configMap('PASS: hunter2secret, HOST: db')), 'K8sSecretEnv');
    expect(f.status).toBe('fail');
    expect(f.property).toBe('spec.template.spec.containers.0.envFrom.0.configMapRef');
    expect(f.message).toMatch(/DB_PASS is read from ConfigMap cfg/);
  });

  test('envFrom from a ConfigMap not in the manifests is unknown (its variables are not shown)', () => {
    const f = one(deployment({ container: '          envFrom: [{configMapRef: {name: elsewhere}}]' }), 'K8sSecretEnv');
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/ConfigMap elsewhere, not in the manifests/);
  });

  test('still pass: plain settings from a ConfigMap (configMapKeyRef and envFrom of one in the manifests)', () => {
    expect(statuses(set(deployment({ container: '          env: [{name: LOG_LEVEL, valueFrom: {configMapKeyRef: {name: cfg, key: level}}}]\n          envFrom: [{configMapRef: {name: cfg}, prefix: APP_}]' }),
      configMap('level: info, HOST: db')), 'K8sSecretEnv')).toEqual(['pass', 'pass']);
  });
});

describe('K8sSecretReferences: imagePullSecrets', () => {
  const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: app}';
  const withPull = (name: string) => deployment({ podSpec: `      imagePullSecrets: [{name: ${name}}]`, container: '          env: [{name: X, valueFrom: {secretKeyRef: {name: app, key: k}}}]' });

  test('an imagePullSecret no manifest creates fails, beside a Secret that exists', () => {
    const f = one(set(withPull('regcred'), secret), 'K8sSecretReferences');
    expect(f.status).toBe('fail');
    expect(f.property).toBe('spec.template.spec.imagePullSecrets.0.name');
    expect(f.message).toMatch(/Secret\(s\) regcred not created/);
  });

  test("a pod that lists none gets its ServiceAccount's imagePullSecrets: one not created fails", () => {
    const sa = 'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app}\nimagePullSecrets: [{name: regcred}]';
    const pod = deployment({ podSpec: '      serviceAccountName: app', container: '          env: [{name: X, valueFrom: {secretKeyRef: {name: app, key: k}}}]' });
    const f = one(set(pod, secret, sa), 'K8sSecretReferences');
    expect(f.status).toBe('fail');
    expect(f.property).toBe('spec.template.spec.serviceAccountName');
    expect(f.message).toMatch(/Secret\(s\) regcred not created/);
    // The pod's own list replaces the ServiceAccount's.
    expect(statuses(set(deployment({ podSpec: '      serviceAccountName: app\n      imagePullSecrets: [{name: app}]' }), secret, sa), 'K8sSecretReferences')).toEqual(['pass']);
  });

  test('still pass: an imagePullSecret created in the manifests', () => {
    expect(statuses(set(withPull('regcred'), secret, 'apiVersion: v1\nkind: Secret\nmetadata: {name: regcred}\ntype: kubernetes.io/dockerconfigjson'), 'K8sSecretReferences')).toEqual(['pass']);
  });
});
