/**
 * K8sIngressHsts on Ingresses the AWS Load Balancer Controller serves: the ALB adds Strict-Transport-Security to
 * every response of a listener whose attribute routing.http.response.strict_transport_security.header_value is set
 * (ALB header modification), which the controller sets from alb.ingress.kubernetes.io/listener-attributes.HTTPS-<port>
 * (controller v2.10.1+) or the IngressClassParams spec.listeners. The rule used to fail every ALB Ingress: it read
 * only the nginx and Traefik forms.
 */
import { controllerDeployment, deployment, ingressManifest, networkPolicy, run } from './judged';

const RULE = 'K8sIngressHsts';
const ATTR = 'routing.http.response.strict_transport_security.header_value';
const LA = (port = 443) => `alb.ingress.kubernetes.io/listener-attributes.HTTPS-${port}`;
const HTTPS = { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]' };
const GOOD = `${ATTR}=max-age=31536000; includeSubDomains; preload`;

const alb = (annotations: Record<string, string>, name = 'web') =>
  ingressManifest({ annotations, spec: '  ingressClassName: alb' }).replace('name: web\n', `name: ${name}\n`);

/** An aws-load-balancer-controller Deployment of this image tag (serving the class `alb`). */
const controller = (tag: string) => `
---
${controllerDeployment('aws-load-balancer-controller', 'kube-system', `public.ecr.aws/eks/aws-load-balancer-controller${tag}`, '[--cluster-name=prod]')}`;
/** The manifests judged with a controller of v2.11.0 beside them (a pass needs it: an older one ignores the annotation). */
const judged = (yaml: string, withController = true) => run(yaml + (withController ? controller(':v2.11.0') : ''), RULE).map((f) => ({ status: f.status, message: f.message }));

describe('K8sIngressHsts: ALB listener attribute', () => {
  test('an ALB Ingress whose HTTPS listener sets the HSTS attribute (max-age a year, includeSubDomains) passes', () => {
    const f = judged(alb({ ...HTTPS, [LA()]: `routing.http.response.server.enabled=false, ${GOOD}` }));
    expect(f).toEqual([{ status: 'pass', message: expect.stringMatching(/listener-attributes\.HTTPS-443 routing\.http\.response\.strict_transport_security\.header_value: Strict-Transport-Security max-age=31536000/) }]);
  });

  test('without listen-ports, a certificate-arn makes the listener HTTPS:443 (the controller default): passes', () => {
    const f = judged(alb({ 'alb.ingress.kubernetes.io/certificate-arn': 'arn:aws:acm:eu-west-1:111122223333:certificate/abc', [LA()]: GOOD }));
    expect(f.map((x) => x.status)).toEqual(['pass']);
  });

  test('an IngressClass whose controller is ingress.k8s.aws/alb resolves the class: passes', () => {
    const cls = '\n---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: public}\nspec: {controller: ingress.k8s.aws/alb}\n';
    const yaml = ingressManifest({ annotations: { ...HTTPS, [LA()]: GOOD }, spec: '  ingressClassName: public' }) + cls;
    expect(judged(yaml).map((x) => x.status)).toEqual(['pass']);
  });

  test('a short max-age fails, naming it', () => {
    const f = judged(alb({ ...HTTPS, [LA()]: `${ATTR}=max-age=300; includeSubDomains` }));
    expect(f).toEqual([{ status: 'fail', message: expect.stringMatching(/max-age 300 is below 31536000/) }]);
  });

  test('no includeSubDomains fails', () => {
    const f = judged(alb({ ...HTTPS, [LA()]: `${ATTR}=max-age=31536000` }));
    expect(f).toEqual([{ status: 'fail', message: expect.stringMatching(/lacks includeSubDomains/) }]);
  });

  test('no attribute fails, naming the annotation to add', () => {
    const f = judged(alb(HTTPS));
    expect(f).toEqual([{ status: 'fail', message: expect.stringMatching(/HTTPS:443 sends no Strict-Transport-Security: no alb\.ingress\.kubernetes\.io\/listener-attributes\.HTTPS-443 .*add alb\.ingress\.kubernetes\.io\/listener-attributes\.HTTPS-443: routing\.http\.response\.strict_transport_security\.header_value=max-age=31536000/) }]);
  });

  test('a templated value is unknown, naming the annotation', () => {
    const f = judged(alb({ ...HTTPS, [LA()]: `${ATTR}={{ .Values.hsts }}` }));
    expect(f).toEqual([{ status: 'unknown', message: expect.stringMatching(/alb\.ingress\.kubernetes\.io\/listener-attributes\.HTTPS-443 is templated/) }]);
  });

  test('the attribute on another listener than the HTTPS one fails', () => {
    const onHttp = judged(alb({ ...HTTPS, 'alb.ingress.kubernetes.io/listener-attributes.HTTP-80': GOOD }));
    expect(onHttp).toEqual([{ status: 'fail', message: expect.stringMatching(/HTTPS:443 sends no Strict-Transport-Security.*the Ingress sets alb\.ingress\.kubernetes\.io\/listener-attributes\.HTTP-80, other listeners/) }]);
    const otherPort = judged(alb({ ...HTTPS, [LA(8443)]: GOOD }));
    expect(otherPort).toEqual([{ status: 'fail', message: expect.stringMatching(/HTTPS:443 sends no Strict-Transport-Security.*listener-attributes\.HTTPS-8443/) }]);
  });

  test('every HTTPS listener must send it: one of two without the attribute fails', () => {
    const two = { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS": 443}, {"HTTPS": 8443}]' };
    expect(judged(alb({ ...two, [LA()]: GOOD })).map((x) => [x.status, /HTTPS:8443/.test(x.message)])).toEqual([['fail', true]]);
    expect(judged(alb({ ...two, [LA()]: GOOD, [LA(8443)]: GOOD })).map((x) => x.status)).toEqual(['pass', 'pass']);
  });

  test('an ALB with no HTTPS listener fails: a browser ignores HSTS over HTTP', () => {
    const f = judged(alb({ 'alb.ingress.kubernetes.io/listener-attributes.HTTP-80': GOOD }));
    expect(f).toEqual([{ status: 'fail', message: expect.stringMatching(/no HTTPS listener \(HTTP:80: no listen-ports and no certificate-arn\)/) }]);
  });

  test('a value the controller cannot parse as key=value pairs fails', () => {
    const f = judged(alb({ ...HTTPS, [LA()]: `${GOOD},preload` }));
    expect(f).toEqual([{ status: 'fail', message: expect.stringMatching(/cannot parse/) }]);
  });

  test('IngressClassParams spec.listeners overrides the annotation for the same key', () => {
    const cls = (value: string) => `
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: alb}
spec:
  controller: ingress.k8s.aws/alb
  parameters: {apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: alb-params}
---
apiVersion: elbv2.k8s.aws/v1beta1
kind: IngressClassParams
metadata: {name: alb-params}
spec:
  listeners:
    - protocol: HTTPS
      port: 443
      listenerAttributes:
        - {key: ${ATTR}, value: "${value}"}
`;
    expect(judged(alb({ ...HTTPS, [LA()]: GOOD }) + cls('max-age=60'))).toEqual([{ status: 'fail', message: expect.stringMatching(/IngressClassParams alb-params .*max-age 60 is below/) }]);
    expect(judged(alb(HTTPS) + cls('max-age=31536000; includeSubDomains')).map((x) => x.status)).toEqual(['pass']);
    const missing = '\n---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: alb}\nspec:\n  controller: ingress.k8s.aws/alb\n  parameters: {apiGroup: elbv2.k8s.aws, kind: IngressClassParams, name: elsewhere}\n';
    expect(judged(alb({ ...HTTPS, [LA()]: GOOD }) + missing)).toEqual([{ status: 'unknown', message: expect.stringMatching(/IngressClassParams elsewhere, which is not in the manifests/) }]);
  });

  describe('IngressGroup (group.name): the controller merges the listener attributes of the members listening on the port', () => {
    const group = { ...HTTPS, 'alb.ingress.kubernetes.io/group.name': 'shop' };
    test('another member of the group in the manifests sets it: the Ingress passes on it', () => {
      const yaml = alb(group) + '\n---\n' + alb({ ...group, [LA()]: GOOD }, 'api');
      const f = judged(yaml);
      expect(f.map((x) => x.status)).toEqual(['pass', 'pass']);
      expect(f[0].message).toMatch(/of Ingress shop\/api \(IngressGroup shop\)/);
    });
    test('a member that does not listen on that port does not share the listener: the Ingress is unknown (the group decides)', () => {
      const yaml = alb(group) + '\n---\n' + alb({ 'alb.ingress.kubernetes.io/group.name': 'shop', 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS": 8443}]', [LA()]: GOOD }, 'api');
      expect(judged(yaml)[0]).toEqual({ status: 'unknown', message: expect.stringMatching(/no Ingress of IngressGroup shop in the manifests sets .* on the ALB listener HTTPS:443/) });
    });
    test('no member in the manifests sets it: unknown, naming the group', () => {
      expect(judged(alb(group))).toEqual([{ status: 'unknown', message: expect.stringMatching(/IngressGroup shop.*another member of the group, outside the manifests, may/) }]);
    });
    test('two members set different values: the controller refuses the group (fail)', () => {
      const yaml = alb({ ...group, [LA()]: GOOD }) + '\n---\n' + alb({ ...group, [LA()]: `${ATTR}=max-age=63072000; includeSubDomains` }, 'api');
      expect(judged(yaml).map((x) => x.status)).toEqual(['fail', 'fail']);
      expect(judged(yaml)[0].message).toMatch(/conflicting listener attributes/);
    });
    test('a member with a short max-age makes the shared listener fail', () => {
      const yaml = alb(group) + '\n---\n' + alb({ ...group, [LA()]: `${ATTR}=max-age=300; includeSubDomains` }, 'api');
      expect(judged(yaml)[0]).toEqual({ status: 'fail', message: expect.stringMatching(/of Ingress shop\/api .*max-age 300 is below/) });
    });
  });

  test('a controller in the manifests older than v2.10.1 does not set HTTPS listener attributes: fail', () => {
    const ing = alb({ ...HTTPS, [LA()]: GOOD });
    expect(judged(ing + controller(':v2.9.2'), false)).toEqual([{ status: 'fail', message: expect.stringMatching(/predates v2\.10\.1/) }]);
    expect(judged(ing + controller(':v2.10.1'), false).map((x) => x.status)).toEqual(['pass']);
  });

  test('no controller in the manifests, or one whose tag names no version: what would pass is unknown (the version decides)', () => {
    const ing = alb({ ...HTTPS, [LA()]: GOOD });
    expect(judged(ing, false)).toEqual([{ status: 'unknown', message: expect.stringMatching(/Strict-Transport-Security max-age=31536000.*the controller decides: no aws-load-balancer-controller is in the manifests, and releases before v2\.10\.1 set no attributes on HTTPS listeners/) }]);
    expect(judged(ing + controller('@sha256:' + 'a'.repeat(64)), false)).toEqual([{ status: 'unknown', message: expect.stringMatching(/the version of public\.ecr\.aws\/eks\/aws-load-balancer-controller@sha256:a+ cannot be read from its image tag/) }]);
    expect(judged(ing + controller(':latest'), false).map((x) => x.status)).toEqual(['unknown']);
    // a fail needs no version: without the attribute the ALB sends no header whatever the controller
    expect(judged(alb(HTTPS), false).map((x) => x.status)).toEqual(['fail']);
  });

  test('class not resolved, ALB annotations only: a passing attribute is unknown (the controller decides)', () => {
    const yaml = ingressManifest({ annotations: { ...HTTPS, [LA()]: GOOD }, spec: '  ingressClassName: internet-facing' });
    expect(judged(yaml, false)).toEqual([{ status: 'unknown', message: expect.stringMatching(/if the AWS Load Balancer Controller serves it/) }]);
  });
});

/**
 * K8sNetworkPolicy on ipBlock peers whose `except` list covers the whole `cidr`: such a peer admits no address (the
 * rule counted `0.0.0.0/0` as the whole internet whatever its except list), and an except that is not a strict subset
 * of its cidr (`10.0.0.0/16` except `10.0.0.0/16`) makes the API server refuse the NetworkPolicy (ValidateIPBlock), so
 * it protects nothing (the rule counted it).
 */
describe('K8sNetworkPolicy: ipBlock except lists', () => {
  const dns = '    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]\n      ports: [{protocol: UDP, port: 53}]';
  const from = (peers: string) => `    - from: ${peers}\n      ports: [{port: 8080}]`;
  const np = (yaml: string) => run(deployment() + '\n---\n' + yaml, 'K8sNetworkPolicy').map((f) => ({ status: f.status, message: f.message }));

  test('0.0.0.0/0 with except lists covering it admits nothing: not ingress from the whole internet (pass)', () => {
    expect(np(networkPolicy(from('[{ipBlock: {cidr: 0.0.0.0/0, except: [0.0.0.0/1, 128.0.0.0/1]}}]'), dns)).map((f) => f.status)).toEqual(['pass']);
  });

  test('an ipBlock admitting nothing does not complete the cover of another (pass); with the rest of the space it still fails', () => {
    const half = '{ipBlock: {cidr: 0.0.0.0/1, except: [0.0.0.0/2, 64.0.0.0/2]}}, {ipBlock: {cidr: 128.0.0.0/1}}';
    expect(np(networkPolicy(from(`[${half}]`), dns)).map((f) => f.status)).toEqual(['pass']);
    expect(np(networkPolicy(from('[{ipBlock: {cidr: 0.0.0.0/1}}, {ipBlock: {cidr: 128.0.0.0/1}}]'), dns))).toEqual([{ status: 'fail', message: expect.stringMatching(/together cover every address/) }]);
  });

  test('an egress rule to an ipBlock admitting nothing is not open to every destination (pass)', () => {
    const egress = `${dns}\n    - to: [{ipBlock: {cidr: 0.0.0.0/0, except: [0.0.0.0/1, 128.0.0.0/1]}}]`;
    expect(np(networkPolicy(from('[{podSelector: {matchLabels: {app: api}}}]'), egress)).map((f) => f.status)).toEqual(['pass']);
  });

  test('0.0.0.0/0 with a private range excepted stays open to the internet (fail, as before)', () => {
    expect(np(networkPolicy(from('[{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]'), dns))).toEqual([{ status: 'fail', message: expect.stringMatching(/ingress from the whole internet/) }]);
  });

  test('an except equal to its cidr makes the API server refuse the NetworkPolicy: the pods have none (fail)', () => {
    expect(np(networkPolicy(from('[{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.0.0/16]}}]'), dns)))
      .toEqual([{ status: 'fail', message: expect.stringMatching(/no NetworkPolicy selects the pods.*except 10\.0\.0\.0\/16 is not a strict subset of cidr 10\.0\.0\.0\/16, so the API server refuses/) }]);
  });

  test('a refused NetworkPolicy beside a valid one: the valid one decides (pass)', () => {
    const refused = networkPolicy(from('[{ipBlock: {cidr: 10.0.0.0/16, except: [192.168.0.0/24]}}]'), dns, '{matchLabels: {app: web}}', 'bad');
    expect(np(networkPolicy(from('[{podSelector: {matchLabels: {app: api}}}]'), dns) + '\n---\n' + refused).map((f) => f.status)).toEqual(['pass']);
  });
});
