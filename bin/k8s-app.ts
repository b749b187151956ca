#!/usr/bin/env node
/**
 * The reference Kubernetes app: a web shop's HTTP service and its queue worker,
 * each a ProductionWorkload released by an Argo Rollouts canary; their secrets
 * come from AWS Secrets Manager through External Secrets; the PostgreSQL
 * database and the Redis cache are managed services in the VPC (declared as
 * NetworkPolicy egress dependencies, not run in the cluster); the ingress-nginx
 * controller's ConfigMap allows the security headers the shop's Ingress sets.
 *
 *   npx ts-node -P tsconfig.dev.json --prefer-ts-exts --transpile-only bin/k8s-app.ts   # writes dist/*.k8s.yaml
 *   node bin/golive.js check dist                                                         # exit 0
 */
import { App, Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { ExternalSecret, IngressNginxControllerConfig, ProductionWorkload, WorkloadImage, WorkloadPeer } from '../lib/k8s';

/** The VPC range of the managed database and cache. */
const VPC_CIDR = '10.0.0.0/16';
const PROMETHEUS = 'http://prometheus-operated.monitoring:9090';

/** The shop: web service, worker, and the secrets they read. */
export class ShopChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'shop', ...props });

    const store = 'aws-secrets-manager';
    const db = new ExternalSecret(this, 'shop-db', {
      storeName: store,
      keys: [{ secretKey: 'password', remoteKey: 'prod/shop/db', remoteProperty: 'password' }],
    });
    const app = new ExternalSecret(this, 'shop-app', {
      storeName: store,
      keys: [
        { secretKey: 'session-secret', remoteKey: 'prod/shop/app', remoteProperty: 'session_secret' },
        { secretKey: 'redis-auth-token', remoteKey: 'prod/shop/cache', remoteProperty: 'auth_token' },
      ],
    });

    const config = {
      ENVIRONMENT: 'production',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
      DATABASE_HOST: 'shop-db.cluster-abc123.eu-west-1.rds.amazonaws.com',
      DATABASE_SSLMODE: 'require',
      REDIS_URL: 'rediss://master.shop-cache.abc123.euw1.cache.amazonaws.com:6379',
    };
    const secrets = {
      DATABASE_PASSWORD: db.keyRef('password'),
      SESSION_SECRET: app.keyRef('session-secret'),
      REDIS_AUTH_TOKEN: app.keyRef('redis-auth-token'),
    };
    const dependencies = [WorkloadPeer.cidr(VPC_CIDR, [5432, 6379])];
    const canary = { prometheusAddress: PROMETHEUS };

    new ProductionWorkload(this, 'web', {
      image: WorkloadImage.fromTag('ghcr.io/acme/shop-web', '2.3.1'),
      partOf: 'shop',
      env: config,
      secretEnv: secrets,
      dependencies,
      ingress: { host: 'shop.example.com' },
      // Prometheus scrapes the app port for the canary analysis.
      allowFrom: [WorkloadPeer.pods({ namespaceName: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [8080] })],
      canary,
    });

    new ProductionWorkload(this, 'worker', {
      image: WorkloadImage.fromTag('ghcr.io/acme/shop-worker', '2.3.1'),
      partOf: 'shop',
      component: 'worker',
      args: ['worker'],
      env: config,
      secretEnv: secrets,
      dependencies,
      allowFrom: [WorkloadPeer.pods({ namespaceName: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [8080] })],
      // A worker serves no HTTP traffic: its canary is judged on the jobs it runs.
      canary: {
        ...canary,
        successRateQuery: 'sum(rate(shop_jobs_total{namespace="{{args.namespace}}",status="succeeded"}[2m])) / sum(rate(shop_jobs_total{namespace="{{args.namespace}}"}[2m]))',
        latencyP95Query: 'histogram_quantile(0.95, sum by (le) (rate(shop_job_duration_seconds_bucket{namespace="{{args.namespace}}"}[2m])))',
      },
    });
  }
}

/**
 * The ingress-nginx controller's ConfigMap: it allows the security headers the shop's Ingress sets (the
 * controller refuses any other with a 503). Where Helm owns the controller, set the same key in its values.
 */
export class IngressNginxChart extends Chart {
  constructor(scope: Construct, id: string, props: ChartProps = {}) {
    super(scope, id, { namespace: 'ingress-nginx', ...props });
    new IngressNginxControllerConfig(this, 'controller', { data: { 'use-forwarded-headers': 'false' }, ingressClassName: 'nginx' });
  }
}

/** The app, synthesizing into `outdir` (default `dist`). */
export function buildK8sApp(outdir = 'dist'): App {
  const app = new App({ outdir });
  new IngressNginxChart(app, 'ingress-nginx');
  new ShopChart(app, 'shop');
  return app;
}

if (require.main === module) {
  buildK8sApp(process.argv[2]).synth();
}
