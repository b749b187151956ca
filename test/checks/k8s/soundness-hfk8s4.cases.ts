/**
 * Soundness of the Kubernetes rules on shapes of real third-party manifests (hunt hfk8s4: external-secrets docs
 * snippets, Flagger's podinfo kustomization):
 * - a secretKeyRef to a key the ExternalSecret does not write passed K8sSecretReferences (the Secret "is declared"),
 *   though an ExternalSecret with only `data` writes exactly its `data[].secretKey` keys and the kubelet refuses to
 *   start the container (CreateContainerConfigError);
 * - a Secret a ClusterExternalSecret creates in the pod's namespace failed as missing (wrong fail).
 */
import { deployment, run } from './judged';

const pod = (env: string) => deployment({ namespace: 'shop', container: `          env:\n${env}` });
const keyRef = (secret: string, key: string) => `            - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: ${secret}, key: ${key}}}}`;
const externalSecret = (spec: string) => `
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: {name: db, namespace: shop}
spec:
  secretStoreRef: {name: aws, kind: ClusterSecretStore}
  target: {name: db-creds}
${spec}
`;
const one = (yaml: string) => {
  const f = run(yaml, 'K8sSecretReferences');
  expect(f).toHaveLength(1);
  return f[0];
};

describe('K8sSecretReferences: the keys an ExternalSecret writes', () => {
  const onlyUsername = externalSecret('  data:\n    - {secretKey: username, remoteRef: {key: prod/db, property: username}}');

  test('a secretKeyRef to a key the ExternalSecret does not write fails', () => {
    const f = one(`${pod(keyRef('db-creds', 'password'))}\n---${onlyUsername}`);
    expect(f.status).toBe('fail');
    expect(f.property).toBe('spec.template.spec.containers.0.env.0.valueFrom.secretKeyRef.key');
    expect(f.message).toMatch(/ExternalSecret db writes only the key\(s\) username into Secret db-creds .*not password: the container does not start/);
  });

  test('a secret volume item naming a key the ExternalSecret does not write fails', () => {
    const yaml = `${deployment({ namespace: 'shop', podSpec: '      volumes: [{name: db, secret: {secretName: db-creds, items: [{key: password, path: pw}]}}]' })}\n---${onlyUsername}`;
    expect(one(yaml).message).toMatch(/writes only the key\(s\) username .*not password: the kubelet fails to mount the volume/);
  });

  test('a ClusterExternalSecret selecting the namespace: a key it does not write fails', () => {
    const ces = `
apiVersion: external-secrets.io/v1beta1
kind: ClusterExternalSecret
metadata: {name: db}
spec:
  namespaceSelectors: [{matchLabels: {kubernetes.io/metadata.name: shop}}]
  externalSecretSpec:
    secretStoreRef: {name: aws, kind: ClusterSecretStore}
    target: {name: db-creds}
    data: [{secretKey: username, remoteRef: {key: prod/db, property: username}}]
`;
    expect(one(`${pod(keyRef('db-creds', 'password'))}\n---${ces}`).message).toMatch(/ClusterExternalSecret db writes only the key\(s\) username/);
  });

  test('still pass: a key it writes, dataFrom (the provider decides the keys), a template, another API', () => {
    expect(one(`${pod(keyRef('db-creds', 'username'))}\n---${onlyUsername}`).status).toBe('pass');
    const dataFrom = externalSecret('  data:\n    - {secretKey: username, remoteRef: {key: prod/db, property: username}}\n  dataFrom:\n    - extract: {key: prod/db}');
    expect(one(`${pod(keyRef('db-creds', 'password'))}\n---${dataFrom}`).status).toBe('pass');
    const template = externalSecret('  target:\n    name: db-creds\n    template:\n      data: {password: "{{ .username }}"}\n  data:\n    - {secretKey: username, remoteRef: {key: prod/db, property: username}}'.replace('  target:\n    name: db-creds\n', '  target:\n    name: db-creds\n')).replace('  target: {name: db-creds}\n', '');
    expect(one(`${pod(keyRef('db-creds', 'password'))}\n---${template}`).status).toBe('pass');
    const godaddy = onlyUsername.replace('external-secrets.io/v1beta1', 'kubernetes-client.io/v1');
    expect(one(`${pod(keyRef('db-creds', 'password'))}\n---${godaddy}`).status).toBe('pass');
  });

  test('a Secret with values merged into by an ExternalSecret (creationPolicy Merge) is not judged on its written keys', () => {
    const secret = `
apiVersion: v1
kind: Secret
metadata: {name: db-creds, namespace: shop}
stringData: {username: app}
`;
    const merge = externalSecret('  data:\n    - {secretKey: password, remoteRef: {key: prod/db, property: password}}').replace('target: {name: db-creds}', 'target: {name: db-creds, creationPolicy: Merge}');
    expect(one(`${pod(keyRef('db-creds', 'password'))}\n---${secret}\n---${merge}`).status).toBe('pass');
  });
});

describe('K8sSecretReferences: Secrets a ClusterExternalSecret creates', () => {
  const ces = (select: string, target = 'target: {name: db-creds}') => `
apiVersion: external-secrets.io/v1
kind: ClusterExternalSecret
metadata: {name: shared}
spec:
${select}
  externalSecretSpec:
    secretStoreRef: {name: aws, kind: ClusterSecretStore}
    ${target}
    dataFrom: [{extract: {key: shared}}]
`;
  const shopNs = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {shared-credentials: "true"}}';

  test('selected by name, by the Namespace\'s labels or listed: the Secret exists (was a wrong fail)', () => {
    expect(one(`${pod(keyRef('db-creds', 'password'))}\n---${ces('  namespaceSelectors: [{matchLabels: {kubernetes.io/metadata.name: shop}}]')}`).status).toBe('pass');
    expect(one(`${pod(keyRef('db-creds', 'password'))}\n---${ces('  namespaceSelector: {matchLabels: {shared-credentials: "true"}}')}\n---\n${shopNs}`).status).toBe('pass');
    expect(one(`${pod(keyRef('db-creds', 'password'))}\n---${ces('  namespaces: [shop]')}`).status).toBe('pass');
    // The ExternalSecret's name (externalSecretName, else the ClusterExternalSecret's) names the Secret without target.name.
    expect(one(`${pod(keyRef('shared', 'password'))}\n---${ces('  namespaces: [shop]', 'target: {creationPolicy: Owner}')}`).status).toBe('pass');
  });

  test('a selector on labels of a namespace the manifests do not declare is unknown; one that does not select it fails', () => {
    const f = one(`${pod(keyRef('db-creds', 'password'))}\n---${ces('  namespaceSelectors: [{matchLabels: {shared-credentials: "true"}}]')}`);
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/ClusterExternalSecret whose namespace selector reads labels of namespace shop/);
    expect(one(`${pod(keyRef('db-creds', 'password'))}\n---${ces('  namespaceSelectors: [{matchLabels: {kubernetes.io/metadata.name: other}}]')}`).status).toBe('fail');
    expect(one(`${pod(keyRef('db-creds', 'password'))}\n---${ces('  namespaceSelectors: [{matchLabels: {shared-credentials: "false"}}]')}\n---\n${shopNs}`).status).toBe('fail');
  });
});

describe('Flagger: the pods run as <name>-primary, with the selector label renamed', () => {
  const canary = (extra = '') => `
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: {name: web, namespace: shop}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
${extra}
  service: {port: 80, targetPort: 8080}
  analysis: {interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10, metrics: [{name: request-success-rate, thresholdRange: {min: 99}, interval: 1m}]}
`;
  const pdb = (app: string) => `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web-${app}, namespace: shop}
spec: {maxUnavailable: 1, selector: {matchLabels: {app: ${app}}}}
`;
  const np = (app: string) => `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-${app}, namespace: shop}
spec:
  podSelector: {matchLabels: {app: ${app}}}
  policyTypes: [Ingress, Egress]
  ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}], ports: [{port: 8080}]}]
  egress: [{to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}], ports: [{port: 53, protocol: UDP}]}]
`;
  const hpa = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 6
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]
`;
  const web = deployment({ namespace: 'shop', container: '          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}' });

  test('a PodDisruptionBudget selecting only the written label covers the canary pods: fails', () => {
    const f = run(`${web}\n---${canary()}\n---${pdb('web')}`, 'K8sPodDisruptionBudget');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/Canary\/web \(Flagger\) runs the pods of Deployment\/web as web-primary labelled app=web-primary .*PodDisruptionBudget\/web-web selects only the canary pods/);
    // One selecting the primary pods is judged as before.
    expect(run(`${web}\n---${canary()}\n---${pdb('web-primary')}`, 'K8sPodDisruptionBudget').map((x) => x.status)).toEqual(['pass']);
    // Without a Canary, the written label still counts.
    expect(run(`${web}\n---${pdb('web')}`, 'K8sPodDisruptionBudget').map((x) => x.status)).toEqual(['pass']);
  });

  test('a NetworkPolicy selecting only the written label leaves the primary pods open: fails', () => {
    const f = run(`${web}\n---${canary()}\n---${np('web')}`, 'K8sNetworkPolicy');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/runs the pods of Deployment\/web as web-primary labelled app=web-primary: no NetworkPolicy selects them \(NetworkPolicy\/web-web selects only the canary pods\)/);
    // Only the primary selected: the canary pods (which serve during an analysis) are restricted differently.
    expect(run(`${web}\n---${canary()}\n---${np('web-primary')}`, 'K8sNetworkPolicy').map((x) => x.status)).toEqual(['unknown']);
    // One policy for both (app In [web, web-primary]) passes.
    const both = np('web').replace('{matchLabels: {app: web}}', '{matchExpressions: [{key: app, operator: In, values: [web, web-primary]}]}');
    expect(run(`${web}\n---${canary()}\n---${both}`, 'K8sNetworkPolicy').map((x) => x.status)).toEqual(['pass']);
  });

  test('an HPA of the target that the Canary does not name in autoscalerRef scales nothing that serves: fails', () => {
    const f = run(`${web}\n---${canary()}\n---${hpa}`, 'K8sAutoscaler');
    expect(f.map((x) => x.status)).toEqual(['fail']);
    expect(f[0].message).toMatch(/HorizontalPodAutoscaler\/web scales Deployment\/web, which Canary\/web \(Flagger\) scales to 0 between releases; .*web-primary, which it does not scale/);
    const named = canary('  autoscalerRef: {apiVersion: autoscaling/v2, kind: HorizontalPodAutoscaler, name: web}');
    expect(run(`${web}\n---${named}\n---${hpa}`, 'K8sAutoscaler').map((x) => x.status)).toEqual(['pass']);
  });
});
