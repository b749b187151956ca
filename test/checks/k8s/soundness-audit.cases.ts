import { controllerDeployment, deployment, ingressManifest, rolloutManifest, statuses, oneFinding } from './judged';

/**
 * Soundness of the Kubernetes rules, audit of wrong passes (/work/audit/k8s): an ALB Ingress
 * that accepts TLS 1.0, an analysis that never measures, pods pinned to one zone or node,
 * every namespace or address spelled otherwise, a commented-out HSTS header, KEDA's default
 * minimum, catch-all routes, an ambiguous nginx class, root supplementary groups; and the
 * wrong fails of rounding, limits-only resources and a PDB the API server refuses.
 */
const set = (...docs: string[]) => docs.join('\n---\n');
const one = oneFinding;

/** An ingress controller's Deployment: one container of `image` started with `args` (a YAML flow list). */
/** The Ingress of these cases: class alb unless `cls` (YAML lines at the start of the spec), cert-manager's issuer annotation. */
const ingress = (opts: { annotations?: Record<string, string>; cls?: string; spec?: string; tls?: boolean } = {}) =>
  ingressManifest({ annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod', ...opts.annotations }, spec: opts.cls ?? '  ingressClassName: alb', tls: opts.tls, rules: opts.spec });
const ALB = 'alb.ingress.kubernetes.io/';
const STRONG = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
const https = { [`${ALB}listen-ports`]: '[{"HTTP": 80}, {"HTTPS": 443}]' };
const ingressClass = (name: string, controller: string, params?: string) => `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: ${name}}
spec:
  controller: ${controller}
${params ? `  parameters: {apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: ${params}}` : ''}
`;

describe('1. K8sIngressTls / K8sIngressCertManager: an Ingress the AWS Load Balancer Controller serves', () => {
  test('ssl-policy ELBSecurityPolicy-TLS-1-0-2015-04: fail (was a pass)', () => {
    const f = one(ingress({ annotations: { ...https, [`${ALB}ssl-policy`]: 'ELBSecurityPolicy-TLS-1-0-2015-04' } }), 'K8sIngressTls');
    expect([f.status, f.property]).toEqual(['fail', `metadata.annotations.${ALB}ssl-policy`]);
    expect(f.message).toMatch(/ssl-policy ELBSecurityPolicy-TLS-1-0-2015-04 on the HTTPS listener 443 accepts TLS versions older than 1\.2/);
  });

  test('no ssl-policy: the controller default ELBSecurityPolicy-2016-08 accepts TLS 1.0: fail (was a pass)', () => {
    for (const a of [https, { [`${ALB}certificate-arn`]: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }]) {
      const f = one(ingress({ annotations: a }), 'K8sIngressTls');
      expect(f.status).toBe('fail');
      expect(f.message).toMatch(/ELBSecurityPolicy-2016-08 on the HTTPS listener 443 accepts TLS 1\.0 and 1\.1/);
    }
  });

  test('the audit case: no listen-ports, no certificate-arn: the controller builds HTTP:80 only, spec.tls notwithstanding: fail (was a pass)', () => {
    const f = one(ingress({ annotations: { [`${ALB}scheme`]: 'internet-facing' } }), 'K8sIngressTls');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/HTTP:80 listener only .*plain HTTP/);
    const http = one(ingress({ annotations: { [`${ALB}listen-ports`]: '[{"HTTP": 80}]', [`${ALB}ssl-policy`]: STRONG } }), 'K8sIngressTls');
    expect([http.status, http.message]).toEqual(['fail', expect.stringMatching(/listens on HTTP:80 only/)]);
  });

  test('an IngressClass of another name whose controller is ingress.k8s.aws/alb (or EKS Auto Mode\'s) is an ALB too: fail', () => {
    for (const controller of ['ingress.k8s.aws/alb', 'eks.amazonaws.com/alb']) {
      const yaml = set(ingress({ cls: '  ingressClassName: public', annotations: https }), ingressClass('public', controller));
      expect(one(yaml, 'K8sIngressTls').message).toMatch(/ELBSecurityPolicy-2016-08/);
    }
  });

  test('IngressClassParams sslPolicy replaces the annotation; IngressClassParams missing from the manifests: unknown', () => {
    const params = (policy: string) => `
apiVersion: elbv2.k8s.aws/v1beta1
kind: IngressClassParams
metadata: {name: alb-params}
spec: {sslPolicy: ${policy}}
`;
    const ing = ingress({ annotations: { ...https, [`${ALB}ssl-policy`]: STRONG } });
    const weak = one(set(ing, ingressClass('alb', 'ingress.k8s.aws/alb', 'alb-params'), params('ELBSecurityPolicy-TLS-1-1-2017-01')), 'K8sIngressTls');
    expect([weak.status, weak.property]).toEqual(['fail', 'spec.sslPolicy']);
    expect(weak.message).toMatch(/IngressClassParams alb-params sslPolicy ELBSecurityPolicy-TLS-1-1-2017-01/);
    const missing = one(set(ing, ingressClass('alb', 'ingress.k8s.aws/alb', 'alb-params')), 'K8sIngressTls');
    expect([missing.status, missing.message]).toEqual(['unknown', expect.stringMatching(/IngressClassParams alb-params, which is not in the manifests/)]);
    expect(statuses(set(ing, ingressClass('alb', 'ingress.k8s.aws/alb', 'alb-params'), params(STRONG)), 'K8sIngressTls')).toEqual(['pass']);
  });

  test('no ssl-policy in an IngressGroup: another member may set it: unknown; the controller\'s --default-ssl-policy in the manifests decides', () => {
    const grouped = one(ingress({ annotations: { ...https, [`${ALB}group.name`]: 'shop' } }), 'K8sIngressTls');
    expect([grouped.status, grouped.message]).toEqual(['unknown', expect.stringMatching(/IngressGroup shop/)]);
    const controller = (flag: string) => controllerDeployment('aws-load-balancer-controller', 'kube-system', 'public.ecr.aws/eks/aws-load-balancer-controller:v2.8.1', `[--cluster-name=prod, ${flag}]`);
    expect(statuses(set(ingress({ annotations: https }), controller(`--default-ssl-policy=${STRONG}`)), 'K8sIngressTls')).toEqual(['pass']);
    expect(statuses(set(ingress({ annotations: https }), controller('--ingress-class=alb')), 'K8sIngressTls')).toEqual(['fail']);
  });

  test('compliant: an HTTPS listener with a TLS 1.2+ ssl-policy passes, naming ACM', () => {
    const f = one(ingress({ annotations: { ...https, [`${ALB}ssl-policy`]: STRONG } }), 'K8sIngressTls');
    expect([f.status, f.message]).toEqual(['pass', expect.stringMatching(/TLS 1\.2\+ only\); certificates from ACM, not the Secret/)]);
  });

  test('a class the manifests do not resolve, with ALB annotations: a weak ALB reading is unknown, not a pass', () => {
    const f = one(ingress({ cls: '  ingressClassName: internal', annotations: { [`${ALB}scheme`]: 'internal' } }), 'K8sIngressTls');
    expect([f.status, f.message]).toEqual(['unknown', expect.stringMatching(/^if the AWS Load Balancer Controller serves it/)]);
    // without ALB annotations: the class resolves to no controller, whose TLS versions decide (fix hfgw2: was a pass)
    expect(statuses(ingress({ cls: '  ingressClassName: internal' }), 'K8sIngressTls')).toEqual(['unknown']);
  });

  test('K8sIngressCertManager: cert-manager issues a Secret the ALB never serves: unknown (was a pass)', () => {
    const f = one(ingress({ annotations: { ...https, [`${ALB}ssl-policy`]: STRONG } }), 'K8sIngressCertManager');
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/serves ACM certificates .*never reads the Secret web-tls/);
    const maybe = one(ingress({ cls: '  ingressClassName: internal', annotations: { [`${ALB}scheme`]: 'internal' } }), 'K8sIngressCertManager');
    expect([maybe.status, maybe.message]).toEqual(['unknown', expect.stringMatching(/^if it is an ALB Ingress/)]);
    expect(statuses(ingress({ cls: '  ingressClassName: nginx' }), 'K8sIngressCertManager')).toEqual(['pass']);
  });
});

describe('2. K8sCanaryAnalysis: a metric\'s initialDelay', () => {
  const rollout = (steps: string, analysis = '{templates: [{templateName: web-canary}]}') => rolloutManifest(`    canary:
      maxUnavailable: 0
      analysis: ${analysis}
      steps: ${steps}`);
  const template = (metric: string) => `
apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata: {name: web-canary, namespace: shop}
spec:
  metrics:
    - name: success-rate
      successCondition: result[0] >= 0.99
      provider: {prometheus: {address: "http://prometheus:9090", query: "sum(rate(ok[2m]))/sum(rate(all[2m]))"}}
${metric}
`;
  const STEPS = '[{setWeight: 10}, {pause: {duration: 2m}}, {setWeight: 50}, {pause: {duration: 2m}}]';

  test('initialDelay 1h: no measurement before the release is promoted: fail (was a pass)', () => {
    const f = one(set(rollout(STEPS), template('      interval: 1m\n      failureLimit: 1\n      initialDelay: 1h')), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/success-rate aborts only after 62 min \(initialDelay 1h included\)/);
  });

  test('a background analysis whose initialDelay is at least the steps\' pauses never measures: fail', () => {
    const f = one(set(rollout('[{setWeight: 10}, {pause: {duration: 1m}}, {setWeight: 50}]'), template('      interval: 30s\n      failureLimit: 0\n      initialDelay: 2m')), 'K8sCanaryAnalysis');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/waits initialDelay 2m, but the steps pause 1 min in all/);
    // from startingStep on: the pause before it does not count
    const late = one(set(rollout('[{pause: {duration: 10m}}, {setWeight: 10}, {pause: {duration: 1m}}]', '{templates: [{templateName: web-canary}], startingStep: 1}'),
      template('      interval: 30s\n      failureLimit: 0\n      initialDelay: 2m')), 'K8sCanaryAnalysis');
    expect(late.status).toBe('fail');
  });

  test('a templated initialDelay: unknown; a short one within the steps passes', () => {
    const f = one(set(rollout(STEPS), template('      interval: 1m\n      failureLimit: 1\n      initialDelay: "{{args.delay}}"')), 'K8sCanaryAnalysis');
    expect([f.status, f.message]).toEqual(['unknown', expect.stringMatching(/initialDelay \{\{args\.delay\}\} cannot be read \(templated\)/)]);
    expect(statuses(set(rollout(STEPS), template('      interval: 30s\n      failureLimit: 1\n      initialDelay: 30s')), 'K8sCanaryAnalysis')).toEqual(['pass']);
  });
});

describe('3. K8sZoneSpread: pods pinned to one zone or node by other means', () => {
  const SPREAD = '      topologySpreadConstraints:\n        - {maxSkew: 1, minDomains: 2, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: {matchLabels: {app: web}}}';
  const pod = (line: string) => deployment({ podSpec: `${line}\n${SPREAD}` });
  const affinity = (exprs: string) => `      affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{${exprs}}]}}}`;

  test.each([
    ['the EBS CSI zone label', '      nodeSelector: {topology.ebs.csi.aws.com/zone: eu-west-1a}', /nodeSelector topology\.ebs\.csi\.aws\.com\/zone: eu-west-1a pins every pod to one zone/],
    ['GKE\'s zone label', '      nodeSelector: {topology.gke.io/zone: europe-west1-b}', /pins every pod to one zone/],
    ['the hostname', '      nodeSelector: {kubernetes.io/hostname: node-a}', /pins every pod to one node/],
    ['nodeName', '      nodeName: ip-10-0-1-23.eu-west-1.compute.internal', /bypassing the scheduler/],
    ['a required affinity on the hostname', affinity('matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [node-a]}]'), /keeps every pod in node\(s\) node-a/],
    ['a metadata.name field', affinity('matchFields: [{key: metadata.name, operator: In, values: [node-a]}]'), /node\(s\) node-a/],
    ['In [a, b] and NotIn [b] in one term', affinity('matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [eu-west-1a, eu-west-1b]}, {key: topology.kubernetes.io/zone, operator: NotIn, values: [eu-west-1b]}]'), /zone\(s\) eu-west-1a \(fewer than 2 zones\)/],
    ['In [a, b] and In [a, c] in one term', affinity('matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [eu-west-1a, eu-west-1b]}, {key: topology.kubernetes.io/zone, operator: In, values: [eu-west-1a, eu-west-1c]}]'), /zone\(s\) eu-west-1a \(fewer/],
  ])('%s: fail (was a pass)', (_name, line, message) => {
    const f = one(pod(line), 'K8sZoneSpread');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(message);
  });

  test('two named nodes: their zones decide: unknown; two zones, or a node pool label, still pass', () => {
    expect(statuses(pod(affinity('matchExpressions: [{key: kubernetes.io/hostname, operator: In, values: [node-a, node-b]}]')), 'K8sZoneSpread')).toEqual(['unknown']);
    expect(statuses(pod(affinity('matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [eu-west-1a, eu-west-1b]}]')), 'K8sZoneSpread')).toEqual(['pass']);
    expect(statuses(pod('      nodeSelector: {karpenter.sh/nodepool: general}'), 'K8sZoneSpread')).toEqual(['pass']);
  });
});

describe('4. K8sNetworkPolicy: every namespace and every address in other spellings', () => {
  const policy = (ingress: string, egress = '') => set(deployment(), `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress:
${ingress}
${egress ? `  egress:\n${egress}` : ''}
`);
  const exists = '{matchExpressions: [{key: kubernetes.io/metadata.name, operator: Exists}]}';

  test('a namespace selector Exists on kubernetes.io/metadata.name selects every namespace: fail (was a pass)', () => {
    const f = one(policy(`    - from: [{namespaceSelector: ${exists}}]\n      ports: [{protocol: TCP, port: 8080}]`, `    - to: [{namespaceSelector: ${exists}}]\n      ports: [{protocol: UDP, port: 53}]`), 'K8sNetworkPolicy');
    expect([f.status, f.message]).toEqual(['fail', expect.stringMatching(/ingress from every pod of every namespace/)]);
  });

  test('ipBlocks that together cover every address (0.0.0.0/1 + 128.0.0.0/1, or IPv6 halves): fail (was a pass)', () => {
    for (const [a, b] of [['0.0.0.0/1', '128.0.0.0/1'], ['::/1', '8000::/1']]) {
      const f = one(policy(`    - from: [{ipBlock: {cidr: "${a}"}}, {ipBlock: {cidr: "${b}"}}]\n      ports: [{protocol: TCP, port: 8080}]`), 'K8sNetworkPolicy');
      expect([f.status, f.message]).toEqual(['fail', expect.stringMatching(/whole internet \(the ipBlocks .* together cover every address\)/)]);
    }
    const egress = one(policy('    - from: [{podSelector: {matchLabels: {app: lb}}}]\n      ports: [{protocol: TCP, port: 8080}]', '    - to: [{ipBlock: {cidr: 0.0.0.0/1}}, {ipBlock: {cidr: 128.0.0.0/2}}, {ipBlock: {cidr: 192.0.0.0/2}}]'), 'K8sNetworkPolicy');
    expect([egress.status, egress.message]).toEqual(['fail', expect.stringMatching(/egress rule open to every destination on every port/)]);
  });

  test('named namespaces and ranges that leave addresses out still pass', () => {
    expect(statuses(policy('    - from: [{ipBlock: {cidr: 0.0.0.0/1}}, {ipBlock: {cidr: 128.0.0.0/2}}]\n      ports: [{protocol: TCP, port: 8080}]'), 'K8sNetworkPolicy')).toEqual(['pass']);
    expect(statuses(policy('    - from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [ingress-nginx]}]}}]\n      ports: [{protocol: TCP, port: 8080}]'), 'K8sNetworkPolicy')).toEqual(['pass']);
  });
});

const INGRESS_NGINX_CLASS = ingressClass('nginx', 'k8s.io/ingress-nginx');
const SNIPPETS_ALLOWED = `
apiVersion: v1
kind: ConfigMap
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
data: {allow-snippet-annotations: "true", annotations-risk-level: Critical}
`;

describe('5. K8sIngressHsts: a commented-out HSTS line in a snippet', () => {
  const snippet = (text: string) => ingress({ cls: '  ingressClassName: nginx', annotations: { 'nginx.ingress.kubernetes.io/configuration-snippet': text } });

  test('the audit case: # before more_set_headers: no HSTS is sent: fail (was a pass)', () => {
    const text = 'more_set_headers "X-Frame-Options: DENY";\n# TODO re-enable once every subdomain serves HTTPS:\n# more_set_headers "Strict-Transport-Security: max-age=31536000; includeSubDomains";\n';
    const f = one(set(snippet(text), SNIPPETS_ALLOWED, INGRESS_NGINX_CLASS), 'K8sIngressHsts');
    expect([f.status, f.message]).toEqual(['fail', expect.stringMatching(/no per-Ingress HSTS/)]);
  });

  test('the header outside a header directive, or after # on the same line, does not count; a directive after a comment still does', () => {
    expect(statuses(set(snippet('set $x "Strict-Transport-Security: max-age=31536000; includeSubDomains";'), SNIPPETS_ALLOWED, INGRESS_NGINX_CLASS), 'K8sIngressHsts')).toEqual(['fail']);
    expect(statuses(set(snippet('more_set_headers "X-A: b"; # more_set_headers "Strict-Transport-Security: max-age=31536000; includeSubDomains";'), SNIPPETS_ALLOWED, INGRESS_NGINX_CLASS), 'K8sIngressHsts')).toEqual(['fail']);
    expect(statuses(set(snippet('# HSTS:\nadd_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always; # one year'), SNIPPETS_ALLOWED, INGRESS_NGINX_CLASS), 'K8sIngressHsts')).toEqual(['pass']);
    expect(statuses(set(snippet('more_set_headers "X-Note: a # b" "Strict-Transport-Security: max-age=31536000; includeSubDomains";'), SNIPPETS_ALLOWED, INGRESS_NGINX_CLASS), 'K8sIngressHsts')).toEqual(['pass']);
  });
});

describe('6. K8sPodDisruptionBudget: a KEDA ScaledObject without minReplicaCount (default 0)', () => {
  const keda = (min: string) => set(deployment({ container: '          resources: {}' }), `
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata: {name: web}
spec:
  scaleTargetRef: {name: web}
  maxReplicaCount: 10
${min}
  triggers: [{type: cpu, metricType: Utilization, metadata: {value: "70"}}]
`, `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec: {maxUnavailable: 1, selector: {matchLabels: {app: web}}}
`);

  test('maxUnavailable 1 lets the single pod go, as with minReplicaCount 1: fail (was a pass)', () => {
    const f = one(keda(''), 'K8sPodDisruptionBudget');
    expect([f.status, f.message]).toEqual(['fail', expect.stringMatching(/lets every pod of Deployment\/web be evicted at once \(1 of 1, as it may scale down to 0/)]);
    expect(statuses(keda('  minReplicaCount: 1'), 'K8sPodDisruptionBudget')).toEqual(['fail']);
    expect(statuses(keda('  minReplicaCount: 3'), 'K8sPodDisruptionBudget')).toEqual(['pass']);
  });
});

describe('7. K8sIngressTls: a route for every name beside TLS for one host', () => {
  test('a rule without host, or spec.defaultBackend: the controller\'s default certificate: unknown (was a pass)', () => {
    const hostless = one(ingress({ cls: '  ingressClassName: nginx', spec: '    - http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}' }), 'K8sIngressTls');
    expect([hostless.status, hostless.property, hostless.message]).toEqual(['unknown', 'spec.rules.1', expect.stringMatching(/rule 1 has no host and answers any Host header.*default certificate/)]);
    const dflt = one(ingress({ cls: '  ingressClassName: nginx\n  defaultBackend: {service: {name: web, port: {number: 80}}}' }), 'K8sIngressTls');
    expect([dflt.status, dflt.property]).toEqual(['unknown', 'spec.defaultBackend']);
    // on an ALB too (the listener's default certificate)
    expect(statuses(ingress({ annotations: { ...https, [`${ALB}ssl-policy`]: STRONG }, spec: '    - http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}' }), 'K8sIngressTls')).toEqual(['unknown']);
  });
});

describe('8. K8sIngressHsts: class nginx may be ingress-nginx or NGINX Inc.', () => {
  const nginxOrg = ingress({ cls: '  ingressClassName: nginx', annotations: { 'nginx.org/hsts': 'true', 'nginx.org/hsts-max-age': '31536000', 'nginx.org/hsts-include-subdomains': 'true' } });
  const controller = (image: string, args: string) => controllerDeployment('ingress-controller', 'ingress', image, args);

  test('nginx.org/hsts with nothing to resolve the class: unknown (was a pass)', () => {
    const f = one(nginxOrg, 'K8sIngressHsts');
    expect(f.status).toBe('unknown');
    expect(f.message).toMatch(/which only NGINX Inc\.'s controller reads; class nginx may be served by ingress-nginx, which sends none of it/);
  });

  test('the ingress-nginx controller in the manifests serves class nginx: it reads no nginx.org/*: fail (was a pass)', () => {
    const f = one(set(nginxOrg, controller('registry.k8s.io/ingress-nginx/controller:v1.11.3', '[/nginx-ingress-controller, --ingress-class=nginx, --controller-class=k8s.io/ingress-nginx]')), 'K8sIngressHsts');
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/served by ingress-nginx \(Deployment\/ingress\/ingress-controller\), which serves class nginx, which reads none of its HSTS annotations/);
  });

  test('NGINX Inc.\'s controller in the manifests (or an IngressClass) resolves it: pass; an ingress-nginx serving another class does not', () => {
    expect(statuses(set(nginxOrg, controller('nginx/nginx-ingress:3.7.0', '[-ingress-class=nginx]')), 'K8sIngressHsts')).toEqual(['pass']);
    expect(statuses(set(nginxOrg, ingressClass('nginx', 'nginx.org/ingress-controller')), 'K8sIngressHsts')).toEqual(['pass']);
    expect(statuses(set(nginxOrg, controller('registry.k8s.io/ingress-nginx/controller:v1.11.3', '[--ingress-class=internal]')), 'K8sIngressHsts')).toEqual(['unknown']);
  });
});

describe('9. K8sSecurityContext: root group through supplementalGroups or fsGroup', () => {
  const HARDENED = '          securityContext: {runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}';
  const pod = (sc: string) => deployment({ podSpec: `      securityContext: ${sc}`, container: HARDENED });

  test('supplementalGroups [0] and fsGroup 0: fail (was a pass)', () => {
    const f = one(pod('{supplementalGroups: [0], fsGroup: 0}'), 'K8sSecurityContext');
    expect([f.status, f.property]).toEqual(['fail', 'spec.template.spec.securityContext.fsGroup']);
    expect(f.message).toMatch(/fsGroup 0 .* is below 10001; supplementalGroups gives every process group 0, below 10001/);
    expect(statuses(pod('{supplementalGroups: [10001, 5]}'), 'K8sSecurityContext')).toEqual(['fail']);
    expect(statuses(pod('{supplementalGroups: [10002], fsGroup: 10001}'), 'K8sSecurityContext')).toEqual(['pass']);
  });
});

describe('10. wrong fails: rounding, limits-only resources, a PDB count as text', () => {
  const rolling = (replicas: string, strategy: string) => deployment({ replicas }).replace('spec:\n', `spec:\n  strategy: ${strategy}\n`);

  test('maxUnavailable 25 % (the default) or 30 % of 3 pods rounds down to 0: pass (was a fail)', () => {
    const dflt = one(deployment(), 'K8sZeroDowntimeUpdate');
    expect([dflt.status, dflt.message]).toEqual(['pass', expect.stringMatching(/maxUnavailable unset \(the default 25%\) \(25% of at most 3 pods rounds down to 0\)/)]);
    expect(statuses(rolling('3', '{rollingUpdate: {maxUnavailable: "30%", maxSurge: 1}}'), 'K8sZeroDowntimeUpdate')).toEqual(['pass']);
  });

  test('at the largest count it is a pod or more: fail; with maxSurge 0% too: fail; against a templated count: unknown', () => {
    expect(one(rolling('3', '{rollingUpdate: {maxUnavailable: "34%"}}'), 'K8sZeroDowntimeUpdate').message).toMatch(/takes up to 1 pod\(s\) out of service/);
    const hpa = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, minReplicas: 3, maxReplicas: 10}
`;
    expect(statuses(set(deployment(), hpa), 'K8sZeroDowntimeUpdate')).toEqual(['fail']);
    expect(statuses(rolling('3', '{rollingUpdate: {maxUnavailable: "25%", maxSurge: "0%"}}'), 'K8sZeroDowntimeUpdate')).toEqual(['fail']);
    expect(statuses(deployment({ replicas: '"{{ .Values.replicas }}"' }), 'K8sZeroDowntimeUpdate')).toEqual(['unknown']);
    const text = one(rolling('3', '{rollingUpdate: {maxUnavailable: "0", maxSurge: 1}}'), 'K8sZeroDowntimeUpdate');
    expect([text.status, text.message]).toEqual(['fail', expect.stringMatching(/API server refuses the Deployment/)]);
  });

  test('limits only: Kubernetes copies them as the requests: pass (was a fail)', () => {
    const f = one(deployment({ container: '          resources: {limits: {cpu: 500m, memory: 512Mi}}' }), 'K8sResources');
    expect([f.status, f.message]).toEqual(['pass', expect.stringMatching(/requests cpu 500m, memory 512Mi; memory limit 512Mi \(requests\.cpu, requests\.memory copied from the limits\)/)]);
    expect(statuses(deployment({ container: '          resources: {limits: {cpu: 500m}}' }), 'K8sResources')).toEqual(['fail']);
  });

  test('a PDB count written as text that is not a percentage: the API server refuses it: fail (was a pass)', () => {
    const pdb = (v: string) => set(deployment(), `
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec: {maxUnavailable: ${v}, selector: {matchLabels: {app: web}}}
`);
    const f = one(pdb('"1"'), 'K8sPodDisruptionBudget');
    expect([f.status, f.message]).toEqual(['fail', expect.stringMatching(/maxUnavailable "1" is text but not a percentage: the API server refuses/)]);
    expect(statuses(pdb('1'), 'K8sPodDisruptionBudget')).toEqual(['pass']);
    expect(statuses(pdb('"34%"'), 'K8sPodDisruptionBudget')).toEqual(['pass']);
    expect(statuses(pdb('"{{ .Values.pdb }}"'), 'K8sPodDisruptionBudget')).toEqual(['unknown']);
  });
});
