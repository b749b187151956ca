/* eslint-disable @typescript-eslint/no-explicit-any */
/* eslint-disable @typescript-eslint/no-require-imports */

/**
 * The AWS SDK v3 clients `verify` uses, loaded lazily: `require('cdk-golive')`
 * never loads the SDK, and a user who only uses constructs and checks never
 * needs it. The clients are optional dependencies of cdk-golive, pinned exactly.
 * @internal
 */
export const SERVICES: Record<string, { readonly pkg: string; readonly client: string; readonly iam: string }> = {
  cloudformation: { pkg: '@aws-sdk/client-cloudformation', client: 'CloudFormationClient', iam: 'cloudformation' },
  cloudwatch: { pkg: '@aws-sdk/client-cloudwatch', client: 'CloudWatchClient', iam: 'cloudwatch' },
  logs: { pkg: '@aws-sdk/client-cloudwatch-logs', client: 'CloudWatchLogsClient', iam: 'logs' },
  backup: { pkg: '@aws-sdk/client-backup', client: 'BackupClient', iam: 'backup' },
  acm: { pkg: '@aws-sdk/client-acm', client: 'ACMClient', iam: 'acm' },
  elbv2: { pkg: '@aws-sdk/client-elastic-load-balancing-v2', client: 'ElasticLoadBalancingV2Client', iam: 'elasticloadbalancing' },
  ecs: { pkg: '@aws-sdk/client-ecs', client: 'ECSClient', iam: 'ecs' },
  rds: { pkg: '@aws-sdk/client-rds', client: 'RDSClient', iam: 'rds' },
  elasticache: { pkg: '@aws-sdk/client-elasticache', client: 'ElastiCacheClient', iam: 'elasticache' },
  secretsmanager: { pkg: '@aws-sdk/client-secrets-manager', client: 'SecretsManagerClient', iam: 'secretsmanager' },
  route53: { pkg: '@aws-sdk/client-route-53', client: 'Route53Client', iam: 'route53' },
  codedeploy: { pkg: '@aws-sdk/client-codedeploy', client: 'CodeDeployClient', iam: 'codedeploy' },
  fis: { pkg: '@aws-sdk/client-fis', client: 'FisClient', iam: 'fis' },
  wafv2: { pkg: '@aws-sdk/client-wafv2', client: 'WAFV2Client', iam: 'wafv2' },
  cloudfront: { pkg: '@aws-sdk/client-cloudfront', client: 'CloudFrontClient', iam: 'cloudfront' },
  sns: { pkg: '@aws-sdk/client-sns', client: 'SNSClient', iam: 'sns' },
};

/** A run of `verify` that cannot start (bad option, missing stack, no credentials): exit 2. @internal */
export class VerifyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifyInputError';
  }
}

/** Errors that stop the whole run instead of making one verdict unknown. @internal */
export function isFatal(e: unknown): boolean {
  const err = e as { name?: string; message?: string };
  if (e instanceof VerifyInputError) return true;
  if (err?.name === 'CredentialsProviderError') return true;
  if (/Region is missing|Could not load credentials|ExpiredToken|InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch/i.test(`${err?.name} ${err?.message}`)) return true;
  return false;
}

/** One line describing an SDK error: `AccessDeniedException: ...`. @internal */
export function errorLine(e: unknown): string {
  const err = e as { name?: string; message?: string; code?: string };
  const msg = String(err?.message ?? e).split('\n')[0];
  const name = err?.name && err.name !== 'Error' ? err.name : err?.code;
  return name ? `${name}: ${msg}` : msg;
}

function load(service: string): any {
  const spec = SERVICES[service];
  try {
    return require(spec.pkg);
  } catch (e) {
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND') {
      let version = '';
      try {
        version = '@' + (require('../../package.json').optionalDependencies?.[spec.pkg] ?? '');
      } catch {
        version = '';
      }
      throw new VerifyInputError(`verify needs ${spec.pkg}, an optional dependency of cdk-golive that is not installed: npm install ${spec.pkg}${version === '@' ? '' : version}`);
    }
    throw e;
  }
}

/** Attempts of one call (the SDK retries throttling, server errors and timeouts). */
const MAX_ATTEMPTS = 5;

/**
 * The clients of one run: one per service, created on first use with the
 * standard SDK v3 credential and region chain (and `AWS_ENDPOINT_URL`).
 * @internal
 */
export class LiveClients {
  private readonly clients = new Map<string, any>();
  private readonly region?: string;
  private readonly timeoutMs: number;

  /** @param timeoutMs how long a call may wait to connect, and for each answer (the SDK's own default is to wait for ever) */
  constructor(region?: string, timeoutMs = 30_000) {
    this.region = region;
    this.timeoutMs = timeoutMs;
  }

  /** Send `<command>Command` of `service` with `input`. */
  public async send(service: string, command: string, input: any): Promise<any> {
    const mod = load(service);
    let client = this.clients.get(service);
    if (!client) {
      const config: any = { maxAttempts: MAX_ATTEMPTS, requestHandler: { connectionTimeout: this.timeoutMs, requestTimeout: this.timeoutMs, throwOnRequestTimeout: true } };
      if (this.region) config.region = this.region;
      client = new mod[SERVICES[service].client](config);
      this.clients.set(service, client);
    }
    const Command = mod[`${command}Command`];
    if (!Command) throw new Error(`${SERVICES[service].pkg} has no ${command}Command`);
    try {
      return await client.send(new Command(input));
    } catch (e) {
      // Still no answer after the SDK's retries: the endpoint or the network is down, and every other call would
      // wait as long. The run stops with one line (a verdict of unknown per verifier would take as many waits).
      if ((e as { name?: string }).name === 'TimeoutError') {
        throw new VerifyInputError(`${service} ${command}: no answer within ${Math.round(this.timeoutMs / 1000)} s, after ${MAX_ATTEMPTS} attempts (the network, a proxy, or AWS_ENDPOINT_URL)`);
      }
      throw e;
    }
  }

  /**
   * Every page of a paginated call, at most `maxPages` (then `truncated`).
   * `tokenIn`/`tokenOut` name the request and response token fields.
   */
  public async pages(service: string, command: string, input: any, tokenIn: string, tokenOut: string, maxPages = 50): Promise<{ pages: any[]; truncated: boolean }> {
    const pages: any[] = [];
    let token: string | undefined;
    for (let i = 0; i < maxPages; i++) {
      const page = await this.send(service, command, token ? { ...input, [tokenIn]: token } : input);
      pages.push(page);
      token = page?.[tokenOut];
      if (!token) return { pages, truncated: false };
    }
    return { pages, truncated: true };
  }

  /** Release the clients' sockets. */
  public destroy(): void {
    for (const c of this.clients.values()) c.destroy?.();
    this.clients.clear();
  }
}
