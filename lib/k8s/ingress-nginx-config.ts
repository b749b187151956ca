import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { refuse } from './private/guard';

/**
 * Props of {@link IngressNginxControllerConfig}.
 */
export interface IngressNginxControllerConfigProps {
  /**
   * The namespace the controller runs in.
   * @default 'ingress-nginx'
   */
  readonly namespaceName?: string;
  /**
   * The name of the controller ConfigMap (the one its `--configmap` flag names).
   * @default 'ingress-nginx-controller' (the Helm chart's name for the release `ingress-nginx`)
   */
  readonly name?: string;
  /**
   * Response headers the Ingresses' `custom-headers` ConfigMaps may set, beyond the security headers
   * `ProductionWorkload` sends (`IngressNginxControllerConfig.SECURITY_HEADERS`, always allowed).
   * @default - the security headers only
   */
  readonly allowedResponseHeaders?: string[];
  /**
   * Other settings of the controller ConfigMap, written as given (`use-forwarded-headers`, `hsts`...).
   * `global-allowed-response-headers` is not one of them: use `allowedResponseHeaders`.
   * An `ssl-protocols` enabling SSLv2, SSLv3, TLSv1 or TLSv1.1 is refused (EDGE-HTTPS-LISTENER).
   * @default - none
   */
  readonly data?: { [key: string]: string };
  /**
   * Also render the IngressClass of this name with controller `k8s.io/ingress-nginx`, as the Helm chart
   * does (`controller.ingressClassResource`). Class `nginx` may be ingress-nginx's or NGINX Inc.'s
   * controller (both charts name their class `nginx`), which read different annotations: the checks
   * judge HEADERS-HSTS on the `custom-headers` annotation only when the manifests say the class is
   * ingress-nginx's (this IngressClass, or the controller's Deployment); otherwise it is unknown.
   * Render it where the chart does not (`ingressClassResource.enabled: false`), or where applying the
   * same object beside the chart's is acceptable.
   * @default - no IngressClass rendered
   */
  readonly ingressClassName?: string;
}

/**
 * The ingress-nginx controller's ConfigMap, allowing the response headers that
 * `ProductionWorkload` sets per Ingress (HEADERS-HSTS and the other security
 * headers, through the `custom-headers` annotation).
 *
 * ingress-nginx refuses a `custom-headers` ConfigMap naming any header that its
 * controller ConfigMap's `global-allowed-response-headers` does not list (empty
 * by default), and answers 503 on that Ingress's paths. The controller reads one
 * ConfigMap: render this one where it is the controller's (`--configmap`), or set
 * the same key in the Helm values (`controller.config`) instead. The checks read
 * it from the manifests; without it, HEADERS-HSTS is unknown for ingress-nginx.
 * They also need to know class `nginx` is ingress-nginx's (NGINX Inc.'s chart
 * names its class `nginx` too): `ingressClassName` renders that IngressClass.
 *
 * ```ts
 * new IngressNginxControllerConfig(chart, 'ingress-nginx');
 * ```
 */
export class IngressNginxControllerConfig extends Construct {
  /** The response headers `ProductionWorkload` sets per Ingress with ingress-nginx. */
  public static readonly SECURITY_HEADERS: string[] = ['Strict-Transport-Security', 'X-Content-Type-Options', 'X-Frame-Options', 'Referrer-Policy'];

  /** The ConfigMap. */
  public readonly configMap: k8s.KubeConfigMap;
  /** The IngressClass, when `ingressClassName` is given. */
  public readonly ingressClass?: k8s.KubeIngressClass;
  /** The header names it allows, in order. */
  public readonly allowedResponseHeaders: string[];

  constructor(scope: Construct, id: string, props: IngressNginxControllerConfigProps = {}) {
    super(scope, id);
    const data = props.data ?? {};
    if (Object.prototype.hasOwnProperty.call(data, 'global-allowed-response-headers')) {
      throw new Error(`IngressNginxControllerConfig ${this.node.path}: data['global-allowed-response-headers'] is set from allowedResponseHeaders; give the extra headers there`);
    }
    // ssl-protocols sets the TLS versions the controller accepts on every server (default TLSv1.2 TLSv1.3).
    const legacy = String(data['ssl-protocols'] ?? '').split(/\s+/).filter((p) => ['SSLv2', 'SSLv3', 'TLSv1', 'TLSv1.1'].includes(p));
    if (legacy.length > 0) {
      refuse(this, 'EDGE-HTTPS-LISTENER', "data['ssl-protocols']", `'${data['ssl-protocols']}' enables ${legacy.join(', ')}: every Ingress the controller serves accepts TLS older than 1.2`);
    }
    for (const h of props.allowedResponseHeaders ?? []) {
      if (!/^[A-Za-z0-9-]+$/.test(h)) throw new Error(`IngressNginxControllerConfig ${this.node.path}: allowedResponseHeaders: '${h}' is not a header name`);
    }
    this.allowedResponseHeaders = [...new Set([...IngressNginxControllerConfig.SECURITY_HEADERS, ...(props.allowedResponseHeaders ?? [])])];
    this.configMap = new k8s.KubeConfigMap(this, 'ConfigMap', {
      metadata: { name: props.name ?? 'ingress-nginx-controller', namespace: props.namespaceName ?? 'ingress-nginx' },
      data: { ...data, 'global-allowed-response-headers': this.allowedResponseHeaders.join(',') },
    });
    if (props.ingressClassName !== undefined) {
      if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(props.ingressClassName)) {
        throw new Error(`IngressNginxControllerConfig ${this.node.path}: ingressClassName '${props.ingressClassName}' is not an object name`);
      }
      this.ingressClass = new k8s.KubeIngressClass(this, 'IngressClass', {
        metadata: { name: props.ingressClassName },
        spec: { controller: 'k8s.io/ingress-nginx' },
      });
    }
  }
}
