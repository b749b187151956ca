/**
 * The ingress controllers `ProductionWorkload` knows how to configure for TLS
 * and HSTS.
 */
export enum IngressControllerKind {
  /**
   * kubernetes/ingress-nginx. HSTS and the other security headers are set per
   * Ingress with the `nginx.ingress.kubernetes.io/custom-headers` annotation and
   * a ConfigMap of headers (the controller must allow them in its
   * `global-allowed-response-headers` setting).
   */
  INGRESS_NGINX = 'ingress-nginx',
  /**
   * Traefik (v2.10+/v3). HSTS and the other security headers come from a
   * `traefik.io/v1alpha1` `Middleware` referenced by the
   * `traefik.ingress.kubernetes.io/router.middlewares` annotation.
   */
  TRAEFIK = 'traefik',
}

/**
 * Where an ingress controller runs and which class it serves.
 */
export interface IngressControllerOptions {
  /**
   * The namespace the controller pods run in. The workload's NetworkPolicy
   * admits traffic on the app port from this namespace only (matched on the
   * `kubernetes.io/metadata.name` label every namespace carries).
   * @default - `ingress-nginx` for ingress-nginx, `traefik` for Traefik
   */
  readonly namespaceName?: string;
  /**
   * The IngressClass the controller serves (`spec.ingressClassName`).
   * @default - `nginx` for ingress-nginx, `traefik` for Traefik
   */
  readonly className?: string;
  /**
   * Labels of the controller pods; the NetworkPolicy admits only pods with these
   * labels in the controller namespace. An empty map admits every pod of that namespace.
   * @default - `app.kubernetes.io/name: ingress-nginx` or `app.kubernetes.io/name: traefik`
   */
  readonly podLabels?: { [key: string]: string };
}

/**
 * The ingress controller that fronts a workload: where it runs (for the
 * NetworkPolicy) and how it is told to send HSTS (annotations and the objects
 * they reference).
 *
 * ```ts
 * IngressController.ingressNginx();                              // ingress-nginx in 'ingress-nginx'
 * IngressController.traefik({ namespaceName: 'kube-system' });       // Traefik as installed by k3s
 * ```
 */
export class IngressController {
  /** kubernetes/ingress-nginx. */
  public static ingressNginx(options: IngressControllerOptions = {}): IngressController {
    return new IngressController(IngressControllerKind.INGRESS_NGINX, options.namespaceName ?? 'ingress-nginx', options.className ?? 'nginx',
      options.podLabels ?? { 'app.kubernetes.io/name': 'ingress-nginx' });
  }

  /** Traefik. */
  public static traefik(options: IngressControllerOptions = {}): IngressController {
    return new IngressController(IngressControllerKind.TRAEFIK, options.namespaceName ?? 'traefik', options.className ?? 'traefik',
      options.podLabels ?? { 'app.kubernetes.io/name': 'traefik' });
  }

  /** Which controller. */
  public readonly kind: IngressControllerKind;
  /** The namespace the controller runs in. */
  public readonly namespaceName: string;
  /** The IngressClass it serves. */
  public readonly className: string;
  /** Labels of its pods. */
  public readonly podLabels: { [key: string]: string };

  private constructor(kind: IngressControllerKind, namespaceName: string, className: string, podLabels: { [key: string]: string }) {
    this.kind = kind;
    this.namespaceName = namespaceName;
    this.className = className;
    this.podLabels = { ...podLabels };
  }
}
