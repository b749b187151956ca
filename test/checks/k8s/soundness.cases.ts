/* eslint-disable @typescript-eslint/no-explicit-any */
import { autoscaler, run, statuses } from './judged';
import { embeddedSecretKeys } from '../../../lib/checks/k8s/secrets/secret-env';

/**
 * Soundness of the Kubernetes rules: manifests that plainly violate an item
 * must not pass; the compliant form of each still passes.
 */

const WEB = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.25.3}]
`;

describe('K8sMinReplicas: KEDA idleReplicaCount', () => {
  const keda = (extra: string) => `${WEB}---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web}
spec:
  scaleTargetRef: {name: web}
  minReplicaCount: 3
  maxReplicaCount: 10
${extra}
  triggers:
    - type: prometheus
      metadata: {serverAddress: "http://prometheus:9090", query: "sum(rate(http_requests_total[1m]))", threshold: "100"}
`;

  test('idleReplicaCount 0 lets KEDA scale the workload to zero: fail', () => {
    const f = run(keda('  idleReplicaCount: 0'), 'K8sMinReplicas');
    expect(f.map((x) => [x.status, x.property])).toEqual([['fail', 'spec.idleReplicaCount']]);
    expect(f[0].message).toContain('when idle');
  });

  test('a templated idleReplicaCount is unknown', () => {
    expect(statuses(keda('  idleReplicaCount: "{{ .Values.idle }}"'), 'K8sMinReplicas')).toEqual(['unknown']);
  });

  test('without idleReplicaCount (or at the minimum) the ScaledObject still passes', () => {
    expect(statuses(keda(''), 'K8sMinReplicas')).toEqual(['pass']);
    expect(statuses(keda('  idleReplicaCount: 3'), 'K8sMinReplicas')).toEqual(['pass']);
  });
});

describe('K8sAutoscaler: scale-up disabled', () => {
  // The container requests cpu: the HPA's CPU utilization metric can be computed.
  const hpa = (behavior: string) => `${WEB.replace('image: nginx:1.25.3}', 'image: nginx:1.25.3, resources: {requests: {cpu: 250m}}}')}---${autoscaler(`  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
${behavior}`)}`;

  test('behavior.scaleUp.selectPolicy Disabled never scales up: fail', () => {
    const f = run(hpa('  behavior:\n    scaleUp:\n      selectPolicy: Disabled'), 'K8sAutoscaler');
    expect(f.map((x) => [x.status, x.property])).toEqual([['fail', 'spec.behavior.scaleUp.selectPolicy']]);
  });

  test('a KEDA ScaledObject whose HPA config disables scale-up fails', () => {
    const yaml = `${WEB}---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web}
spec:
  scaleTargetRef: {name: web}
  minReplicaCount: 3
  maxReplicaCount: 10
  advanced:
    horizontalPodAutoscalerConfig:
      behavior: {scaleUp: {selectPolicy: Disabled}}
  triggers: [{type: cpu, metricType: Utilization, metadata: {value: "70"}}]
`;
    expect(statuses(yaml, 'K8sAutoscaler')).toEqual(['fail']);
  });

  test('scale-up Max (or scale-down disabled) still passes', () => {
    expect(statuses(hpa('  behavior:\n    scaleUp:\n      selectPolicy: Max'), 'K8sAutoscaler')).toEqual(['pass']);
    expect(statuses(hpa('  behavior:\n    scaleDown:\n      selectPolicy: Disabled'), 'K8sAutoscaler')).toEqual(['pass']);
    expect(statuses(hpa(''), 'K8sAutoscaler')).toEqual(['pass']);
  });
});

describe('K8sSecurityContext: host access', () => {
  const pod = (podExtra: string, containerExtra = '', volumes = '') => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
${podExtra}
      securityContext:
        runAsNonRoot: true
        runAsUser: 10001
        runAsGroup: 10001
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: web
          image: nginx:1.25.3
          securityContext:
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
${containerExtra}
${volumes}
`;
  const dockerSock = `      volumes:
        - name: docker
          hostPath: {path: /var/run/docker.sock, type: Socket}`;

  test('a hostPath volume (docker.sock) fails', () => {
    const f = run(pod('', '          volumeMounts: [{name: docker, mountPath: /var/run/docker.sock}]', dockerSock), 'K8sSecurityContext');
    expect(f.map((x) => [x.status, x.property])).toEqual([['fail', 'spec.template.spec.volumes.0.hostPath']]);
    expect(f[0].message).toContain('/var/run/docker.sock');
  });

  test('a hostPath volume fails even when no container mounts it', () => {
    expect(statuses(pod('', '', dockerSock), 'K8sSecurityContext')).toEqual(['fail']);
  });

  test('hostNetwork, hostPID, hostIPC fail', () => {
    for (const h of ['hostNetwork', 'hostPID', 'hostIPC']) expect(statuses(pod(`      ${h}: true`), 'K8sSecurityContext')).toEqual(['fail']);
  });

  test('a hostPort fails; a containerPort alone (or hostPort 0) passes', () => {
    expect(statuses(pod('', '          ports: [{containerPort: 80, hostPort: 80}]'), 'K8sSecurityContext')).toEqual(['fail']);
    expect(statuses(pod('', '          ports: [{containerPort: 80}]'), 'K8sSecurityContext')).toEqual(['pass']);
    expect(statuses(pod('', '          ports: [{containerPort: 80, hostPort: 0}]'), 'K8sSecurityContext')).toEqual(['pass']);
  });

  test('volume types the restricted standard refuses fail (nfs)', () => {
    const nfs = '      volumes:\n        - name: share\n          nfs: {server: nfs.local, path: /export}';
    expect(run(pod('', '', nfs), 'K8sSecurityContext').map((x) => x.property)).toEqual(['spec.template.spec.volumes.0.nfs']);
  });

  test('unmasked /proc and Unconfined AppArmor fail', () => {
    expect(statuses(pod('', '            procMount: Unmasked'), 'K8sSecurityContext')).toEqual(['fail']);
    expect(statuses(pod('', '            appArmorProfile: {type: Unconfined}'), 'K8sSecurityContext')).toEqual(['fail']);
  });

  test('the compliant pod with restricted volume types still passes', () => {
    const ok = `      volumes:
        - {name: tmp, emptyDir: {}}
        - {name: cfg, configMap: {name: web}}
        - {name: creds, secret: {secretName: web}}
        - {name: data, persistentVolumeClaim: {claimName: web}}
        - {name: info, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}`;
    expect(statuses(pod('', '', ok), 'K8sSecurityContext')).toEqual(['pass']);
    expect(statuses(pod('      hostNetwork: false'), 'K8sSecurityContext')).toEqual(['pass']);
  });
});

describe('K8sServiceAccountToken: projected token volume', () => {
  const pod = (volume: string, mount = true) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      automountServiceAccountToken: false
      containers:
        - name: web
          image: nginx:1.25.3
${mount ? '          volumeMounts: [{name: tok, mountPath: /var/run/secrets/kubernetes.io/serviceaccount, readOnly: true}]' : ''}
      volumes:
        - name: tok
          projected:
            sources:
${volume}
              - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
`;

  test('automount false but a projected serviceAccountToken mounted: fail, naming the path', () => {
    const f = run(pod('              - serviceAccountToken: {path: token, expirationSeconds: 3600}'), 'K8sServiceAccountToken');
    expect(f.map((x) => [x.status, x.property])).toEqual([['fail', 'spec.template.spec.volumes.0.projected.sources.0.serviceAccountToken']]);
    expect(f[0].message).toContain('web:/var/run/secrets/kubernetes.io/serviceaccount');
  });

  test('a token for the API server audience fails; a templated audience is unknown', () => {
    expect(statuses(pod('              - serviceAccountToken: {path: token, audience: "https://kubernetes.default.svc"}'), 'K8sServiceAccountToken')).toEqual(['fail']);
    expect(statuses(pod('              - serviceAccountToken: {path: token, audience: "{{ .Values.aud }}"}'), 'K8sServiceAccountToken')).toEqual(['unknown']);
  });

  test('a token for another audience (vault), an unmounted volume, or no token source still pass', () => {
    expect(statuses(pod('              - serviceAccountToken: {path: token, audience: vault}'), 'K8sServiceAccountToken')).toEqual(['pass']);
    expect(statuses(pod('              - serviceAccountToken: {path: token}', false), 'K8sServiceAccountToken')).toEqual(['pass']);
    expect(statuses(pod('              - secret: {name: web}'), 'K8sServiceAccountToken')).toEqual(['pass']);
  });
});

describe('K8sHealthProbes: native sidecars', () => {
  const pod = (sidecar: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      initContainers:
        - name: migrate
          image: migrate:1.0.0
        - name: proxy
          image: envoyproxy/envoy:v1.29.1
          restartPolicy: Always
${sidecar}
      containers:
        - name: web
          image: nginx:1.25.3
          readinessProbe: {httpGet: {path: /ready, port: 80}}
          livenessProbe: {httpGet: {path: /health, port: 80}}
          startupProbe: {httpGet: {path: /health, port: 80}}
`;

  test('a sidecar (initContainer with restartPolicy Always) without probes fails', () => {
    const f = run(pod(''), 'K8sHealthProbes');
    expect(f.map((x) => [x.status, x.property])).toEqual([
      ['pass', 'spec.template.spec.containers.0.readinessProbe'],
      ['fail', 'spec.template.spec.initContainers.1.readinessProbe'],
    ]);
    expect(f.find((x) => x.status === 'fail')!.message).toContain('sidecar proxy');
  });

  test('a sidecar with probes passes; a run-to-completion init container is not judged', () => {
    const probes = `          readinessProbe: {httpGet: {path: /ready, port: 9901}}
          livenessProbe: {httpGet: {path: /server_info, port: 9901}}
          startupProbe: {httpGet: {path: /server_info, port: 9901}}`;
    expect(statuses(pod(probes), 'K8sHealthProbes')).toEqual(['pass', 'pass']);
    expect(statuses(pod(probes), 'K8sStartupProbe')).toEqual(['pass', 'pass']);
  });

  test('a sidecar with liveness but no startup probe fails K8sStartupProbe', () => {
    const probes = `          readinessProbe: {httpGet: {path: /ready, port: 9901}}
          livenessProbe: {httpGet: {path: /server_info, port: 9901}}`;
    expect(statuses(pod(probes), 'K8sStartupProbe').sort()).toEqual(['fail', 'pass']);
  });
});

describe('K8sPodDisruptionBudget: one PDB over several workloads', () => {
  const deployment = (name: string, replicas: number) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}, tier: backend}}
    spec:
      containers: [{name: ${name}, image: nginx:1.25.3}]
`;
  const pdb = (budget: string, selector = '{matchLabels: {tier: backend}}') => `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: backend}
spec:
  ${budget}
  selector: ${selector}
`;
  const set = (...docs: string[]) => docs.join('---');

  test('minAvailable 1 over two Deployments of 3: all 3 pods of either can be evicted: fail for each', () => {
    const f = run(set(deployment('api', 3), deployment('worker', 3), pdb('minAvailable: 1')), 'K8sPodDisruptionBudget');
    expect(f.map((x) => x.status)).toEqual(['fail', 'fail']);
    expect(f[0].message).toContain('Deployment/api, Deployment/worker');
    expect(f[0].message).toContain('all 3 pod(s) of Deployment/api can be evicted');
  });

  test('maxUnavailable 50% over 6 pods lets 3 go: fail', () => {
    expect(statuses(set(deployment('api', 3), deployment('worker', 3), pdb('maxUnavailable: "50%"')), 'K8sPodDisruptionBudget')).toEqual(['fail', 'fail']);
  });

  test('a covered workload whose pod count cannot be read (a DaemonSet) makes it unknown', () => {
    const ds = `
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent, tier: backend}}
    spec:
      containers: [{name: agent, image: nginx:1.25.3}]
`;
    const f = run(set(deployment('api', 3), ds, pdb('maxUnavailable: "20%"')), 'K8sPodDisruptionBudget');
    expect(f.map((x) => x.status)).toEqual(['unknown']);
    expect(f[0].message).toContain('DaemonSet/agent');
  });

  test('a shared PDB that keeps some pods of each still passes (maxUnavailable 1, minAvailable 4 of 6)', () => {
    expect(statuses(set(deployment('api', 3), deployment('worker', 3), pdb('maxUnavailable: 1')), 'K8sPodDisruptionBudget')).toEqual(['pass', 'pass']);
    expect(statuses(set(deployment('api', 3), deployment('worker', 3), pdb('minAvailable: 4')), 'K8sPodDisruptionBudget')).toEqual(['pass', 'pass']);
  });

  test('one PDB per workload still passes', () => {
    expect(statuses(set(deployment('api', 3), deployment('worker', 3), pdb('minAvailable: 1', '{matchLabels: {app: api}}')), 'K8sPodDisruptionBudget')).toEqual(['pass', 'fail']);
  });
});

describe('K8sSecretEnv: secrets inside ConfigMap values', () => {
  const cm = (data: string) => `
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data:
${data}
`;

  test('application.properties with spring.datasource.password=<literal> fails', () => {
    const f = run(cm(`  application.properties: |
    spring.datasource.url=jdbc:postgresql://db:5432/app
    spring.datasource.username=app
    spring.datasource.password=Sup3rS3cret!`), 'K8sSecretEnv');
    expect(f.map((x) => [x.status, x.property])).toEqual([['fail', 'data.application.properties']]);
    expect(f[0].message).toContain('spring.datasource.password');
  });

  test('.env, YAML and JSON assignments of literals fail', () => {
    expect(statuses(cm('  app.env: |\n    export API_TOKEN=abc123\n    LOG_LEVEL=info'), 'K8sSecretEnv')).toEqual(['fail']);
    expect(statuses(cm('  application.yaml: |\n    spring:\n      datasource:\n        password: hunter2'), 'K8sSecretEnv')).toEqual(['fail']);
    expect(statuses(cm('  config.json: |\n    {"db": {"secret": "s3cr3t", "port": 5432}}'.replace('{"db": {', '{\n      "db": {\n        ').replace(', "port"', ',\n        "port"')), 'K8sSecretEnv')).toEqual(['fail']);
  });

  test('placeholders, empty values, comments and non-secret keys still pass', () => {
    const ok = cm(`  application.properties: |
    # password=commented-out
    spring.datasource.password=\${DB_PASSWORD}
    spring.redis.password=
    app.token={{ .Values.token }}
    api.secret=$API_SECRET
    jasypt.password=ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)
    password.min.length=12
    use.token=true
    token.url=https://auth.example.com/token
  application.yaml: |
    datasource:
      password:
      secret: ""
      token: null
  README: |
    Note: the password is in the vault
    Your token: ask the platform team`);
    const f = run(ok, 'K8sSecretEnv');
    expect(f.map((x) => [x.status, x.message])).toEqual([['pass', expect.any(String)]]);
  });

  test('the scanner reads each line once (a long hostile value stays fast)', () => {
    const t = Date.now();
    expect(embeddedSecretKeys('password'.repeat(5000) + '='.repeat(20000) + '\n:'.repeat(20000))).toEqual([]);
    expect(Date.now() - t).toBeLessThan(1000);
  });
});
