/**
 * The Traefik Deployment the Traefik case files put beside their routes (soundness-traefik*, soundness-k8sedge3): one
 * writer, so the manifests of every Traefik test are written the same way. Not a case file.
 */

/**
 * The flags of the Traefik Helm chart's Deployment the tests start from: entry points web (:8000, plain HTTP) and
 * websecure (:8443, TLS), both Kubernetes providers.
 */
export const CHART_FLAGS = ['--entryPoints.web.address=:8000/tcp', '--entryPoints.websecure.address=:8443/tcp', '--providers.kubernetescrd',
  '--providers.kubernetesingress', '--entryPoints.websecure.http.tls=true'];

/** What the Traefik Deployment carries. */
export interface TraefikDeployment {
  /** Its container's args, in order; none: no `args`. */
  readonly args?: string[];
  /** YAML lines under the container (10-space indented). */
  readonly container?: string;
  /** YAML lines under the pod spec (6-space indented). */
  readonly pod?: string;
  /** Its image (default docker.io/traefik:v3.7.11). */
  readonly image?: string;
  /** Its name in namespace traefik (default traefik). */
  readonly name?: string;
}

/** A Traefik Deployment of namespace traefik, as a YAML document (with its leading `---`). */
export function traefikDeployment(opts: TraefikDeployment = {}): string {
  return `
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${opts.name ?? 'traefik'}, namespace: traefik}
spec:
  selector: {matchLabels: {app: traefik}}
  template:
    metadata: {labels: {app: traefik}}
    spec:
${opts.pod ?? ''}
      containers:
        - name: traefik
          image: ${opts.image ?? 'docker.io/traefik:v3.7.11'}
${opts.args && opts.args.length > 0 ? `          args:\n${opts.args.map((a) => `            - "${a}"`).join('\n')}\n` : ''}${opts.container ?? ''}
`;
}
