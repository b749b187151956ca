/**
 * A production workload on Kubernetes in one construct: `cdk8s synth` writes
 * dist/orders.k8s.yaml, and the GoLiveK8sValidation plugin (cdk8s.yaml) fails
 * the synth if a checklist item is violated.
 *
 * In your project, import from 'cdk-golive' instead of '../../lib'.
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ExternalSecret, IngressController, IngressNginxControllerConfig, ProductionWorkload, WorkloadImage, WorkloadPeer } from '../../lib';

export class WorkloadChart extends Chart {
  public readonly api: ProductionWorkload;

  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'orders', ...props });

    // The database password lives in AWS Secrets Manager; External Secrets
    // writes it into the `orders-db` Secret. No value appears in a manifest.
    const db = new ExternalSecret(this, 'orders-db', {
      storeName: 'aws-secrets-manager',
      keys: [{ secretKey: 'password', remoteKey: 'prod/orders/db', remoteProperty: 'password' }],
    });

    this.api = new ProductionWorkload(this, 'orders-api', {
      image: WorkloadImage.fromTag('ghcr.io/acme/orders-api', '1.8.0'),
      partOf: 'orders',
      port: 8080,
      env: { ENVIRONMENT: 'production', LOG_LEVEL: 'info', DATABASE_HOST: 'orders.cluster-abc123.eu-west-1.rds.amazonaws.com' },
      secretEnv: { DATABASE_PASSWORD: db.keyRef('password') },
      // Egress: DNS (always) and the database in the VPC.
      dependencies: [WorkloadPeer.cidr('10.0.0.0/16', [5432])],
      // Ingress: TLS from cert-manager, HSTS, only the controller may call the pods.
      ingress: { host: 'orders.example.com', controller: IngressController.ingressNginx(), clusterIssuer: 'letsencrypt-prod' },
      // Releases: Argo Rollouts canary, aborted and rolled back on errors or latency.
      canary: { prometheusAddress: 'http://prometheus-operated.monitoring:9090' },
    });

    // ingress-nginx sends the Ingress's security headers (HSTS) only where its own ConfigMap allows them, and answers
    // 503 otherwise. Where Helm owns that ConfigMap, set global-allowed-response-headers in its values instead.
    // The IngressClass nginx says the class is ingress-nginx's (NGINX Inc.'s controller names its class nginx too).
    new IngressNginxControllerConfig(this, 'ingress-nginx', { ingressClassName: 'nginx' });
  }
}

if (require.main === module) {
  const app = new App();
  new WorkloadChart(app, 'orders');
  app.synth();
}
