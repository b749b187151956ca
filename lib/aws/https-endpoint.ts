import { Annotations, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53_targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { ThresholdOverrides, Thresholds } from '../checklist/thresholds';
import { allowServicesToUseKey, createAlarmTopic, createKey, retentionAtLeast, retentionMeets } from './private/data-tier-defaults';
import { claim, refuseKeyWithoutRotation, refuseUnencryptedTopic, refuseWeakening, thresholdsFor } from './private/guard';
import { weakCsp } from '../checklist/policy/csp';
import { isElbTls12Policy } from '../checklist/policy/tls';
import { managedGroupWeakness } from '../checklist/policy/waf';
import { certificateExpiryAlarm } from './private/edge-alarms';
import { encryptedBucketProps } from './private/naming';
import { acknowledgeSameChecks } from './private/nag-packs';
import { createHttpsWebAcl } from './private/https-web-acl';

/**
 * CORS of an `HttpsEndpoint` (EDGE-CORS): the load balancer adds the
 * `Access-Control-*` response headers, and the static-assets distribution's
 * response headers policy answers CORS for the assets.
 */
export interface HttpsEndpointCorsOptions {
  /**
   * The origins allowed to call the service, such as `https://app.example.com`.
   * `*` and `null` are refused (EDGE-CORS). An Application Load Balancer adds one
   * static `Access-Control-Allow-Origin` value, so the list holds exactly one
   * origin; to serve several, leave `cors` unset and let the application echo the
   * request's `Origin` when it is one of them.
   */
  readonly allowedOrigins: string[];

  /**
   * The methods allowed in cross-origin requests.
   * @default ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
   */
  readonly allowedMethods?: string[];

  /**
   * The request headers allowed in cross-origin requests.
   * @default ['Content-Type', 'Authorization']
   */
  readonly allowedHeaders?: string[];

  /**
   * Whether cross-origin requests may carry credentials (cookies, HTTP authentication).
   * @default false
   */
  readonly allowCredentials?: boolean;

  /**
   * How long browsers may cache a preflight response.
   * @default Duration.minutes(10)
   */
  readonly maxAge?: Duration;
}

/**
 * A CloudFront distribution for the static assets of an `HttpsEndpoint` (EDGE-CDN),
 * served from its own domain (`static.<domainName>` by default).
 *
 * CloudFront only takes certificates and web ACLs from us-east-1. When the stack
 * is in us-east-1 the construct creates both; elsewhere, pass `certificate` and
 * `webAclArn` made in a us-east-1 stack. Without `webAclArn` the construct refuses
 * the distribution unless you acknowledge WAF-WEB-ACL; without a certificate the
 * distribution answers on its `*.cloudfront.net` name only, with no DNS record
 * (GoLiveChecks then reports EDGE-DNS, and cdk-nag AwsSolutions-CFR4 the default
 * certificate's TLSv1 floor).
 */
export interface HttpsEndpointStaticAssetsOptions {
  /**
   * The bucket the assets are in. The distribution reads it through origin access
   * control; the construct adds the bucket policy statement to a bucket of this app
   * (an imported bucket needs it added by hand, and a key of its own that lets
   * CloudFront decrypt).
   * @default - a new private, versioned, TLS-only bucket encrypted with `encryptionKey`,
   * retained on stack deletion, whose noncurrent versions move to Standard-IA after
   * 30 days and expire after 90
   */
  readonly bucket?: s3.IBucket;

  /**
   * The assets' domain name, in the hosted zone; an alias record points it at the distribution.
   * @default - `static.<domainName>` when there is a hosted zone and a us-east-1 certificate,
   * else none (the `*.cloudfront.net` name)
   */
  readonly domainName?: string;

  /**
   * A certificate for the assets' domain, in us-east-1.
   * @default - a new DNS-validated certificate when the stack is in us-east-1 and has a
   * hosted zone (with its own expiry alarm); elsewhere none: the `*.cloudfront.net` name
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The ARN of a web ACL with scope CLOUDFRONT (created in us-east-1) to protect the distribution.
   * @default - a new web ACL like the load balancer's when the stack is in us-east-1; elsewhere
   * none, refused unless acknowledged (WAF-WEB-ACL)
   */
  readonly webAclArn?: string;

  /**
   * The price class: the edge locations that serve the assets.
   * @default cloudfront.PriceClass.PRICE_CLASS_100 - North America and Europe
   */
  readonly priceClass?: cloudfront.PriceClass;

  /**
   * The cache policy.
   * @default cloudfront.CachePolicy.CACHING_OPTIMIZED - cached by path, one day by default, compressed variants
   */
  readonly cachePolicy?: cloudfront.ICachePolicy;

  /**
   * Countries the assets are served to (or withheld from).
   * @default - every country
   */
  readonly geoRestriction?: cloudfront.GeoRestriction;
}

/**
 * Properties of `HttpsEndpoint.addTargets()`: those of
 * `ApplicationListener.addTargets()`, with production defaults that replace the
 * load balancer's: `healthCheck` is enabled on `/health` (fields you set are kept),
 * `deregistrationDelay` is 30 seconds (not 300; Lambda target groups have none),
 * and `protocol` is HTTP when a `port` is given (TLS ends at the listener).
 */
export interface HttpsEndpointTargetsProps extends elbv2.AddApplicationTargetsProps {}

/**
 * Properties of an `HttpsEndpoint`.
 */
export interface HttpsEndpointProps {
  /** The VPC of the load balancer. */
  readonly vpc: ec2.IVpc;

  /**
   * The subnets of the load balancer. Fewer than `minAvailabilityZones` zones is refused (HA-MULTI-AZ).
   * @default - the public subnets when internet-facing, else the private ones
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Whether the load balancer faces the internet. An internal load balancer's
   * listeners are opened to nobody (admit clients with `endpoint.connections.allowFrom()`);
   * it keeps its web ACL, and `waf: false` is not refused for it.
   * @default true
   */
  readonly internetFacing?: boolean;

  /** The service's domain name, such as `api.example.com`. */
  readonly domainName: string;

  /**
   * The public hosted zone of `domainName`: the certificate is validated through it,
   * and an alias record points `domainName` at the load balancer (EDGE-DNS).
   * Required unless `certificate` is given.
   * @default - none: bring `certificate`, and point the domain at `loadBalancer` yourself
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * An existing certificate for `domainName`, in the stack's region.
   * @default - a new ACM certificate for `domainName` (and `subjectAlternativeNames`),
   * validated by DNS in `hostedZone`, so ACM renews it (EDGE-CERTIFICATE-MANAGED)
   */
  readonly certificate?: acm.ICertificate;

  /**
   * More names for a new certificate.
   * @default - none
   */
  readonly subjectAlternativeNames?: string[];

  /**
   * The TLS security policy of the HTTPS listener. A policy that accepts TLS 1.0
   * or 1.1 is refused (EDGE-HTTPS-LISTENER).
   * @default elbv2.SslPolicy.RECOMMENDED_TLS - TLS 1.3 and 1.2 (ELBSecurityPolicy-TLS13-1-2-2021-06)
   */
  readonly sslPolicy?: elbv2.SslPolicy;

  /**
   * The security group of the load balancer.
   * @default - a new one: ports 443 and 80 open to the world when internet-facing
   * (NET-RESTRICTED-INGRESS admits exactly that), nothing otherwise; no egress
   * but to the targets added
   */
  readonly securityGroup?: ec2.ISecurityGroup;

  /**
   * The idle timeout of client connections.
   * @default Duration.seconds(60)
   */
  readonly idleTimeout?: Duration;

  /**
   * Deletion protection on the load balancer. `false` is refused (EDGE-LB-DELETION-PROTECTION).
   * @default true
   */
  readonly deletionProtection?: boolean;

  /**
   * Access logs. `false` is refused (EDGE-ACCESS-LOGS).
   * @default true
   */
  readonly accessLogs?: boolean;

  /**
   * The bucket for the access logs, in the stack's region. Load balancers only write
   * to SSE-S3 buckets: a bucket with a KMS key is an error. The construct adds the
   * delivery statements to a bucket of this app (an imported one needs them by hand).
   * With `staticAssets` the distribution's standard logs go there too, which CloudFront
   * writes through the bucket ACL: the bucket needs objectOwnership BUCKET_OWNER_PREFERRED
   * or OBJECT_WRITER (a bucket of this app without it is an error at synth).
   * @default - a new bucket: SSE-S3, TLS 1.2+ only, all public access blocked, versioned,
   * moved to Intelligent-Tiering at once and expired after `accessLogRetentionDays`, retained on stack deletion
   */
  readonly accessLogBucket?: s3.IBucket;

  /**
   * The key prefix of the load balancer's access logs.
   * @default 'alb'
   */
  readonly accessLogPrefix?: string;

  /**
   * How many days a new access log bucket keeps logs. Fewer than `logRetentionDays`
   * is refused (EDGE-ACCESS-LOGS).
   * @default - the `logRetentionDays` threshold (30)
   */
  readonly accessLogRetentionDays?: number;

  /**
   * A WAFv2 web ACL in front of the load balancer. `false` on an internet-facing
   * endpoint is refused (WAF-WEB-ACL).
   * @default true
   */
  readonly waf?: boolean;

  /**
   * The ARN of an existing REGIONAL web ACL to associate (a shared or Firewall
   * Manager one) instead of creating one. Its rules and logging are yours.
   * @default - a new web ACL: AWS IP reputation list, a per-IP rate limit, and the
   * Common, Known Bad Inputs and SQL injection managed rule groups
   */
  readonly webAclArn?: string;

  /**
   * Requests per minute a client IP may send before the web ACL blocks it (429).
   * Above `rateLimitPerMinute` is refused (WAF-RATE-LIMIT); at least 10.
   * @default - the `rateLimitPerMinute` threshold (100)
   */
  readonly rateLimitPerMinute?: number;

  /**
   * Rules of AWSManagedRulesCommonRuleSet to count instead of block, such as
   * `SizeRestrictions_BODY` for a service that accepts request bodies over 8 KB. A rule that
   * only counts does not protect: any is refused (WAF-WEB-ACL) unless acknowledged.
   * @default - none: every rule blocks
   */
  readonly commonRuleSetCountOnly?: string[];

  /**
   * Retention of the web ACL's log group. Shorter than `logRetentionDays` is refused (LOG-RETENTION).
   * @default - the shortest retention of at least the `logRetentionDays` threshold (30 days)
   */
  readonly wafLogRetention?: logs.RetentionDays;

  /**
   * HSTS max-age. Shorter than `hstsMaxAgeSeconds` is refused (HEADERS-HSTS).
   * @default - the `hstsMaxAgeSeconds` threshold (one year)
   */
  readonly hstsMaxAge?: Duration;

  /**
   * Whether HSTS covers subdomains. `false` is refused (HEADERS-HSTS).
   * @default true
   */
  readonly hstsIncludeSubdomains?: boolean;

  /**
   * Whether HSTS asks for preloading (submit the domain to hstspreload.org as well).
   * @default false
   */
  readonly hstsPreload?: boolean;

  /**
   * X-Frame-Options (HEADERS-FRAME-OPTIONS).
   * @default cloudfront.HeadersFrameOption.DENY
   */
  readonly frameOptions?: cloudfront.HeadersFrameOption;

  /**
   * The Content-Security-Policy header (HEADERS-CSP). Must not be empty. A policy that lets any
   * script run, judged as a CSP 3 browser enforces it, is refused unless acknowledged: script
   * elements follow `script-src-elem`, else `script-src`, else `default-src`, and that list must
   * exist and allow no source matching every origin (`*`, `https://*`, `*.com`, a wildcard over a
   * shared-hosting domain such as `*.cloudfront.net`, a scheme such as `https:` or `data:`) and no
   * `'unsafe-inline'` without a nonce, a hash or `'strict-dynamic'`; inline event handlers follow
   * `script-src-attr`, else `script-src`, else `default-src`, and must not allow `'unsafe-inline'`.
   * `'strict-dynamic'` makes a CSP 3 browser ignore host and scheme sources, so
   * `script-src 'nonce-…' 'strict-dynamic' https: 'unsafe-inline'` is accepted.
   * @default "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests"
   */
  readonly contentSecurityPolicy?: string;

  /**
   * CORS (EDGE-CORS).
   * @default - no CORS headers: browsers allow same-origin requests only
   */
  readonly cors?: HttpsEndpointCorsOptions;

  /**
   * The default action of the HTTPS listener.
   * @default - the first `addTargets()` without conditions becomes the default action
   */
  readonly defaultAction?: elbv2.ListenerAction;

  /**
   * A CloudFront distribution for static assets (EDGE-CDN).
   * @default - none
   */
  readonly staticAssets?: HttpsEndpointStaticAssetsOptions;

  /**
   * The customer-managed key that encrypts the web ACL logs, the alarm topic it
   * creates and a new static-assets bucket. A key you bring must let CloudWatch Logs,
   * CloudWatch and CloudFront use it (the construct adds those statements to a key of this app).
   * @default - a new key with yearly rotation (KMS-KEY-ROTATION), retained on stack deletion
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * The topic the certificate expiry alarm notifies.
   * @default - a new topic encrypted with `encryptionKey` that refuses non-TLS requests (ALARM-TOPIC-ENCRYPTED)
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * Thresholds for this endpoint, tightening the catalog's (and the app context's).
   * @default - the catalog thresholds, as tightened by the app context `cdk-golive:thresholds`
   */
  readonly thresholds?: ThresholdOverrides;
}

/** The default Content-Security-Policy: same-origin everything, no plugins, no framing. */
const DEFAULT_CSP = "default-src 'self'; base-uri 'self'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; upgrade-insecure-requests";
const DEFAULT_CORS_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const DEFAULT_CORS_HEADERS = ['Content-Type', 'Authorization'];
/** ALB listener attributes that add response headers (HTTP header modification). */
const HEADER_ATTRIBUTES = {
  hsts: 'routing.http.response.strict_transport_security.header_value',
  contentTypeOptions: 'routing.http.response.x_content_type_options.header_value',
  frameOptions: 'routing.http.response.x_frame_options.header_value',
  csp: 'routing.http.response.content_security_policy.header_value',
  server: 'routing.http.response.server.enabled',
  allowOrigin: 'routing.http.response.access_control_allow_origin.header_value',
  allowMethods: 'routing.http.response.access_control_allow_methods.header_value',
  allowHeaders: 'routing.http.response.access_control_allow_headers.header_value',
  allowCredentials: 'routing.http.response.access_control_allow_credentials.header_value',
  maxAge: 'routing.http.response.access_control_max_age.header_value',
};
/** S3 moves objects to Standard-IA no earlier than 30 days after creation. */
const S3_IA_MIN_DAYS = 30;
/** Noncurrent versions of static assets: kept for rollback, then expired. */
const ASSET_NONCURRENT_DAYS = 90;
const CLOUDFRONT_REGION = 'us-east-1';
/** How long a target drains: long enough for a slow request, short enough for quick deployments. */
const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 30;

/**
 * The public HTTPS front door of a service, production-ready by default:
 *
 * - An Application Load Balancer (EDGE-REVERSE-PROXY) over `minAvailabilityZones`+ zones (HA-MULTI-AZ)
 *   that drops invalid header fields (EDGE-DROP-INVALID-HEADERS), uses the strictest desync mitigation
 *   (EDGE-DESYNC-MITIGATION), has deletion protection (EDGE-LB-DELETION-PROTECTION), and writes access logs
 *   to an SSE-S3, TLS-only, versioned bucket with a lifecycle (EDGE-ACCESS-LOGS).
 * - An HTTPS listener on 443 with a TLS 1.3/1.2 policy and an ACM certificate validated by DNS
 *   (EDGE-HTTPS-LISTENER, EDGE-CERTIFICATE-MANAGED), and an HTTP listener on 80 that only redirects
 *   to HTTPS with a 301 (EDGE-HTTPS-REDIRECT).
 * - Security headers added by the HTTPS listener: HSTS for `hstsMaxAgeSeconds` with subdomains
 *   (HEADERS-HSTS), `X-Content-Type-Options: nosniff` (HEADERS-CONTENT-TYPE-OPTIONS),
 *   `X-Frame-Options: DENY` (HEADERS-FRAME-OPTIONS), a Content-Security-Policy (HEADERS-CSP), CORS
 *   for one named origin when asked (EDGE-CORS), and no `Server` header.
 * - A WAFv2 web ACL (WAF-WEB-ACL): the AWS IP reputation list, a per-IP rate-based rule blocking above
 *   `rateLimitPerMinute` requests per minute (WAF-RATE-LIMIT), and the Common, Known Bad Inputs and
 *   SQL injection managed rule groups, logged to an encrypted `aws-waf-logs-` group kept
 *   `logRetentionDays` (AUDIT-SECURITY-EVENTS, LOG-RETENTION, LOG-ENCRYPTED).
 * - An alarm when the certificate expires in fewer than `certificateExpiryDays` days, notifying an
 *   encrypted, TLS-only topic (EDGE-CERTIFICATE-EXPIRY-ALARM, ALARM-ACTIONS, ALARM-TOPIC-ENCRYPTED).
 * - A Route 53 alias record for `domainName` (EDGE-DNS).
 * - `addTargets()`: target groups health-checked on `/health` (HEALTH-ENDPOINT) that drain for
 *   30 seconds (DEPLOY-GRACEFUL-SHUTDOWN).
 * - Optionally, a CloudFront distribution for static assets (EDGE-CDN): HTTPS only, TLSv1.2_2021,
 *   compressed, cached by policy, a response headers policy with the same security headers plus
 *   Referrer-Policy and X-XSS-Protection, its own CLOUDFRONT web ACL and standard logs. HEADERS-RESPONSE-POLICY
 *   and HEADERS-XSS-PROTECTION are not claimed: the load balancer cannot send those two headers on the
 *   service's own responses; the application must.
 *
 * Alarms on the service's error rate, latency and unhealthy hosts belong to `ServiceAlarms`
 * (`monitorLoadBalancer(endpoint.loadBalancer)`, `monitorTargetGroup(group)`); the web ACL's
 * blocked requests are `metricWafBlockedRequests()`. An external probe of `/health` (a canary or a
 * Route 53 health check, HEALTH-EXTERNAL-PROBE) is not provisioned here: Route 53 publishes health
 * check metrics in us-east-1 only, so its alarm lives with the alarms.
 *
 * @example
 * const zone = route53.PublicHostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
 * const endpoint = new HttpsEndpoint(this, 'Api', {
 *   vpc,
 *   domainName: 'api.example.com',
 *   hostedZone: zone,
 *   cors: { allowedOrigins: ['https://app.example.com'] },
 * });
 * endpoint.addTargets('Service', { port: 8080, targets: [fargateService] });
 */
export class HttpsEndpoint extends Construct implements ec2.IConnectable {
  /** The Application Load Balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The HTTPS listener (443). */
  public readonly httpsListener: elbv2.ApplicationListener;
  /** The HTTP listener (80), which only redirects to HTTPS. */
  public readonly httpListener: elbv2.ApplicationListener;
  /** The certificate of the HTTPS listener. */
  public readonly certificate: acm.ICertificate;
  /** The web ACL the construct created for the load balancer, if any (not with `webAclArn` or `waf: false`). */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** The web ACL's name: the `WebACL` dimension of its AWS/WAFV2 metrics. */
  public readonly webAclName?: string;
  /** The log group of the web ACL, if the construct created it. */
  public readonly webAclLogGroup?: logs.ILogGroup;
  /** The access log bucket, if access logs are on. */
  public readonly accessLogBucket?: s3.IBucket;
  /** The static-assets distribution, with `staticAssets`. */
  public readonly distribution?: cloudfront.Distribution;
  /** The static-assets bucket, with `staticAssets`. */
  public readonly staticAssetsBucket?: s3.IBucket;
  /** The static assets' domain name, when the distribution has one. */
  public readonly staticAssetsDomainName?: string;
  /**
   * The name of the CloudFront web ACL the construct created for the static assets (in us-east-1, without
   * `staticAssets.webAclArn`): the `WebACL` dimension of its AWS/WAFV2 metrics (no `Region` dimension).
   */
  public readonly staticAssetsWebAclName?: string;
  /** The network connections of the load balancer. */
  public readonly connections: ec2.Connections;
  /** The alarms: certificate expiry, per certificate the construct watches. */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The topic the alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** The key that encrypts the web ACL logs, the alarm topic and the assets bucket. */
  public readonly encryptionKey: kms.IKey;
  /** The service's domain name. */
  public readonly domainName: string;
  /** `https://<domainName>`. */
  public readonly url: string;
  /** The alias record, with a hosted zone. */
  public readonly aliasRecord?: route53.ARecord;

  private readonly claimed: string[] = [];
  /** Items a weakening of one part (the distribution) leaves unclaimed for the whole endpoint. */
  private readonly unclaimed = new Set<string>();
  private corsOpen = false;

  constructor(scope: Construct, id: string, props: HttpsEndpointProps) {
    super(scope, id);
    const t = thresholdsFor(this, props.thresholds);
    const internetFacing = props.internetFacing ?? true;
    this.domainName = props.domainName;
    this.url = `https://${props.domainName}`;
    const claimed = this.claimed;
    claimed.push('EDGE-REVERSE-PROXY', 'EDGE-HTTPS-REDIRECT', 'EDGE-DROP-INVALID-HEADERS', 'EDGE-DESYNC-MITIGATION',
      'HEADERS-CONTENT-TYPE-OPTIONS', 'HEADERS-FRAME-OPTIONS');

    if (!props.certificate && !props.hostedZone) {
      throw new Error(`HttpsEndpoint ${this.node.path}: give hostedZone (to validate a new certificate and point ${props.domainName} at the load balancer) or certificate`);
    }
    if (props.hostedZone && !Token.isUnresolved(props.hostedZone.zoneName) && !Token.isUnresolved(props.domainName)
      && !inZone(props.domainName, props.hostedZone.zoneName)) {
      throw new Error(`HttpsEndpoint ${this.node.path}: domainName ${props.domainName} is not in hostedZone ${props.hostedZone.zoneName}`);
    }

    // --- key and alarm topic
    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
      refuseKeyWithoutRotation(this, props.encryptionKey, 'encryptionKey');
      allowServicesToUseKey(props.encryptionKey);
    } else {
      this.encryptionKey = createKey(this, 'Key', `${this.node.path}: web ACL logs, alarm topic and static assets`);
      claimed.push('KMS-KEY-ROTATION');
    }
    if (props.alarmTopic) {
      this.alarmTopic = props.alarmTopic;
      refuseUnencryptedTopic(this, props.alarmTopic, 'alarmTopic');
    } else {
      this.alarmTopic = createAlarmTopic(this, 'AlarmTopic', this.encryptionKey, `${this.node.path} alarms`);
      claimed.push('ALARM-TOPIC-ENCRYPTED');
    }

    // --- certificate (EDGE-CERTIFICATE-MANAGED)
    if (props.certificate) {
      this.certificate = props.certificate;
    } else {
      this.certificate = new acm.Certificate(this, 'Certificate', {
        domainName: props.domainName,
        subjectAlternativeNames: props.subjectAlternativeNames,
        validation: acm.CertificateValidation.fromDns(props.hostedZone),
        transparencyLoggingEnabled: true,
      });
      claimed.push('EDGE-CERTIFICATE-MANAGED');
    }

    // --- the load balancer
    const subnetSelection = props.vpcSubnets ?? { subnetType: internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS };
    const zones = new Set(props.vpc.selectSubnets(subnetSelection).availabilityZones);
    if (!t.meets('minAvailabilityZones', zones.size) && ![...zones].some((z) => Token.isUnresolved(z))) {
      refuseWeakening(this, 'HA-MULTI-AZ', 'vpcSubnets', `the load balancer's subnets span ${zones.size} availability zone(s), fewer than the ${t.minAvailabilityZones} the catalog requires`);
    } else {
      claimed.push('HA-MULTI-AZ');
    }
    const deletionProtection = props.deletionProtection ?? true;
    if (!deletionProtection) {
      refuseWeakening(this, 'EDGE-LB-DELETION-PROTECTION', 'deletionProtection', 'false lets a stack update or a person delete the load balancer and its DNS name');
    } else {
      claimed.push('EDGE-LB-DELETION-PROTECTION');
    }
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.vpc,
      vpcSubnets: subnetSelection,
      internetFacing,
      securityGroup: props.securityGroup,
      deletionProtection,
      dropInvalidHeaderFields: true,
      desyncMitigationMode: elbv2.DesyncMitigationMode.STRICTEST,
      http2Enabled: true,
      idleTimeout: props.idleTimeout ?? Duration.seconds(60),
      wafFailOpen: false,
    });
    // Explicit: when WAF cannot be reached, requests are refused rather than let through unfiltered.
    this.loadBalancer.setAttribute('waf.fail_open.enabled', 'false');
    this.connections = this.loadBalancer.connections;
    if (internetFacing && !props.securityGroup) {
      Validations.of(this.loadBalancer.node.findChild('SecurityGroup')).acknowledge({
        id: 'AwsSolutions-EC23',
        reason: 'The internet-facing load balancer admits the world on 443 (HTTPS) and 80 (which only redirects to HTTPS), and nothing else; the web ACL filters what reaches the targets',
      });
    }

    // --- access logs (EDGE-ACCESS-LOGS)
    const accessLogs = props.accessLogs ?? true;
    if (!accessLogs) {
      refuseWeakening(this, 'EDGE-ACCESS-LOGS', 'accessLogs', 'false keeps no record of who requested what');
      if (props.accessLogBucket) throw new Error(`HttpsEndpoint ${this.node.path}: accessLogBucket is given but accessLogs is false`);
    } else {
      if (props.accessLogBucket?.encryptionKey) {
        throw new Error(`HttpsEndpoint ${this.node.path}: accessLogBucket is encrypted with a KMS key; load balancers only write access logs to SSE-S3 buckets`);
      }
      if (Token.isUnresolved(Stack.of(this).region)) {
        throw new Error(`HttpsEndpoint ${this.node.path}: the stack has no region: the load balancer's access logs (EDGE-ACCESS-LOGS) are delivered by the region's `
          + 'log delivery account, which the bucket policy names; give the stack one (new Stack(app, id, { env: { region: \'eu-west-1\' } }))');
      }
      this.accessLogBucket = props.accessLogBucket ?? this.createAccessLogBucket(props, t);
      if (props.staticAssets && props.accessLogBucket) this.requireAclsEnabled(props.accessLogBucket);
      this.loadBalancer.logAccessLogs(this.accessLogBucket, props.accessLogPrefix ?? 'alb');
      if (t.meets('logRetentionDays', props.accessLogRetentionDays ?? t.logRetentionDays)) claimed.push('EDGE-ACCESS-LOGS');
    }

    // --- listeners (EDGE-HTTPS-LISTENER, EDGE-HTTPS-REDIRECT)
    const sslPolicy = props.sslPolicy ?? elbv2.SslPolicy.RECOMMENDED_TLS;
    if (!isElbTls12Policy(sslPolicy)) {
      refuseWeakening(this, 'EDGE-HTTPS-LISTENER', 'sslPolicy', `${sslPolicy} accepts TLS versions older than 1.2`);
    } else {
      claimed.push('EDGE-HTTPS-LISTENER');
    }
    this.httpsListener = this.loadBalancer.addListener('Https', {
      protocol: elbv2.ApplicationProtocol.HTTPS,
      port: 443,
      sslPolicy,
      certificates: [elbv2.ListenerCertificate.fromCertificateManager(this.certificate)],
      open: internetFacing,
      defaultAction: props.defaultAction,
    });
    this.httpListener = this.loadBalancer.addListener('Http', {
      protocol: elbv2.ApplicationProtocol.HTTP,
      port: 80,
      open: internetFacing,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
    Validations.of(this.httpListener).acknowledge({
      id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
      reason: 'This listener only answers with a 301 redirect to HTTPS and serves no content; the HTTPS listener carries the ACM certificate',
    });

    // --- security headers and CORS, added by the HTTPS listener
    const headers = this.securityHeaders(props, t);
    this.httpsListener.setAttribute(HEADER_ATTRIBUTES.hsts, headers.hsts);
    this.httpsListener.setAttribute(HEADER_ATTRIBUTES.contentTypeOptions, 'nosniff');
    this.httpsListener.setAttribute(HEADER_ATTRIBUTES.frameOptions, headers.frameOptions);
    this.httpsListener.setAttribute(HEADER_ATTRIBUTES.csp, headers.csp);
    this.httpsListener.setAttribute(HEADER_ATTRIBUTES.server, 'false');
    if (props.cors) this.applyCors(props.cors);
    // Without `cors` the endpoint sends no CORS header: nothing for EDGE-CORS to judge, so nothing claimed.
    if (props.cors && !this.corsOpen) claimed.push('EDGE-CORS');

    // --- WAF (WAF-WEB-ACL, WAF-RATE-LIMIT, AUDIT-SECURITY-EVENTS)
    const rateLimitPerMinute = props.rateLimitPerMinute ?? t.rateLimitPerMinute;
    if (!t.meets('rateLimitPerMinute', rateLimitPerMinute)) {
      refuseWeakening(this, 'WAF-RATE-LIMIT', 'rateLimitPerMinute', `${rateLimitPerMinute} requests per minute is looser than the ${t.rateLimitPerMinute} the catalog allows`);
    }
    const wafLogRetention = props.wafLogRetention ?? retentionAtLeast(t.logRetentionDays);
    if (!retentionMeets(t, wafLogRetention)) {
      refuseWeakening(this, 'LOG-RETENTION', 'wafLogRetention', `${wafLogRetention} days is shorter than the ${t.logRetentionDays} days the catalog requires`);
    }
    const waf = props.waf ?? true;
    const countOnly = managedGroupWeakness({
      overrideToCount: false,
      ruleActionOverrides: (props.commonRuleSetCountOnly ?? []).map((name) => ({ name, actions: ['Count'] })),
      excludedRules: [],
    });
    if (countOnly) {
      refuseWeakening(this, 'WAF-WEB-ACL', 'commonRuleSetCountOnly', `AWSManagedRulesCommonRuleSet with ${countOnly}: those attacks pass the firewall`);
    }
    if (!waf) {
      if (props.webAclArn) throw new Error(`HttpsEndpoint ${this.node.path}: webAclArn is given but waf is false`);
      if (internetFacing) refuseWeakening(this, 'WAF-WEB-ACL', 'waf', 'false leaves an internet-facing load balancer without a web application firewall');
    } else {
      let webAclArn = props.webAclArn;
      if (!webAclArn) {
        const acl = createHttpsWebAcl(this, 'WebAcl', {
          scope: 'REGIONAL',
          rateLimitPerMinute,
          commonRuleSetCountOnly: props.commonRuleSetCountOnly ?? [],
          encryptionKey: this.encryptionKey,
          logRetention: wafLogRetention,
          protects: `load balancer of ${props.domainName}`,
        });
        this.webAcl = acl.webAcl;
        this.webAclName = acl.name;
        this.webAclLogGroup = acl.logGroup;
        webAclArn = acl.webAcl.attrArn;
        claimed.push('AUDIT-SECURITY-EVENTS', 'LOG-ENCRYPTED');
        if (!countOnly) claimed.push('WAF-WEB-ACL');
        if (t.meets('rateLimitPerMinute', rateLimitPerMinute)) claimed.push('WAF-RATE-LIMIT');
        if (retentionMeets(t, wafLogRetention)) claimed.push('LOG-RETENTION');
      }
      new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
        resourceArn: this.loadBalancer.loadBalancerArn,
        webAclArn,
      });
    }

    // --- DNS (EDGE-DNS)
    if (props.hostedZone) {
      this.aliasRecord = new route53.ARecord(this, 'AliasRecord', {
        zone: props.hostedZone,
        recordName: props.domainName,
        target: route53.RecordTarget.fromAlias(new route53_targets.LoadBalancerTarget(this.loadBalancer)),
        comment: `${this.node.path}: the service's domain, at its load balancer`,
      });
    }

    // --- certificate expiry (EDGE-CERTIFICATE-EXPIRY-ALARM)
    this.addExpiryAlarm('CertificateExpiryAlarm', this.certificate, props.domainName, t.certificateExpiryDays);
    claimed.push('EDGE-CERTIFICATE-EXPIRY-ALARM', 'ALARM-ACTIONS');

    // --- static assets (EDGE-CDN)
    if (props.staticAssets) {
      const cdn = this.createStaticAssets(props, props.staticAssets, headers, {
        rateLimitPerMinute, wafLogRetention, certificateExpiryDays: t.certificateExpiryDays, logRetentionDays: t.logRetentionDays,
      });
      this.distribution = cdn.distribution;
      this.staticAssetsBucket = cdn.bucket;
      this.staticAssetsDomainName = cdn.domainName;
      this.staticAssetsWebAclName = cdn.webAclName;
    }
    // EDGE-DNS: every front door (the load balancer, the distribution) has its record.
    if (props.hostedZone && (!props.staticAssets || this.staticAssetsDomainName)) claimed.push('EDGE-DNS');

    claim(this, ...claimed.filter((i) => !this.unclaimed.has(i)));
    acknowledgeSameChecks(this);
  }

  /**
   * Forward requests to targets through a new target group, health-checked on
   * `/health` (HEALTH-ENDPOINT) and draining for 30 seconds before a target is
   * removed (DEPLOY-GRACEFUL-SHUTDOWN; Lambda targets do not drain). Without
   * `conditions`, the target group becomes the HTTPS listener's default action.
   *
   * A disabled health check or one on `/` is refused (HEALTH-ENDPOINT); a
   * deregistration delay of 0 is refused (DEPLOY-GRACEFUL-SHUTDOWN).
   *
   * @returns the target group
   */
  public addTargets(id: string, props: HttpsEndpointTargetsProps = {}): elbv2.ApplicationTargetGroup {
    const healthCheck: elbv2.HealthCheck = { enabled: true, path: '/health', ...props.healthCheck };
    const { deregistrationDelay: delayProp, ...rest } = props;
    // Inside the VPC the load balancer speaks HTTP to a port unless told otherwise (TLS ends at the listener).
    const protocol = rest.protocol ?? (rest.port !== undefined ? elbv2.ApplicationProtocol.HTTP : undefined);
    const group = this.httpsListener.addTargets(id, { ...rest, protocol, healthCheck });
    const items: string[] = [];
    const path = healthCheck.path;
    if (healthCheck.enabled === false) {
      refuseWeakening(group, 'HEALTH-ENDPOINT', 'healthCheck.enabled', 'false: the load balancer keeps sending requests to targets that cannot serve them');
    } else if (path === undefined || path.trim() === '' || path.trim() === '/') {
      refuseWeakening(group, 'HEALTH-ENDPOINT', 'healthCheck.path', `${path ?? '(none)'} probes the home page, not a dedicated health endpoint`);
    } else {
      items.push('HEALTH-ENDPOINT');
    }
    const targetType = Stack.of(this).resolve((group.node.defaultChild as elbv2.CfnTargetGroup).targetType);
    if (targetType !== elbv2.TargetType.LAMBDA) {
      const delay = delayProp ?? Duration.seconds(DEFAULT_DEREGISTRATION_DELAY_SECONDS);
      group.setAttribute('deregistration_delay.timeout_seconds', String(delay.toSeconds()));
      if (delay.toSeconds() <= 0) {
        refuseWeakening(group, 'DEPLOY-GRACEFUL-SHUTDOWN', 'deregistrationDelay', '0 removes targets with requests in flight');
      } else {
        items.push('DEPLOY-GRACEFUL-SHUTDOWN');
      }
      group.node.addValidation({
        validate: () => Stack.of(group).resolve((group.node.defaultChild as elbv2.CfnTargetGroup).targetType) === elbv2.TargetType.LAMBDA
          ? [`HttpsEndpoint.addTargets('${id}'): Lambda targets were added after the call; pass them in \`targets\`, so the target group is made for Lambda (no deregistration delay)`]
          : [],
      });
    } else if (delayProp) {
      throw new Error(`HttpsEndpoint ${this.node.path}: addTargets('${id}'): Lambda target groups have no deregistration delay`);
    }
    if (items.length > 0) claim(this, ...items);
    return group;
  }

  /** The number of requests the load balancer received (`RequestCount`, sum). */
  public metricRequestCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.requestCount(props);
  }

  /** The number of 5xx responses from the targets (`HTTPCode_Target_5XX_Count`, sum). */
  public metricTarget5xxCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, props);
  }

  /** The number of 5xx responses the load balancer generated itself (`HTTPCode_ELB_5XX_Count`, sum). */
  public metricElb5xxCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, props);
  }

  /** The time targets take to respond (`TargetResponseTime`, in seconds; average unless `statistic` says otherwise, such as 'p95'). */
  public metricTargetResponseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.loadBalancer.metrics.targetResponseTime(props);
  }

  /** Days until the listener's certificate expires (`AWS/CertificateManager DaysToExpiry`, minimum, daily). */
  public metricDaysToExpiry(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.certificate.metricDaysToExpiry({ period: Duration.days(1), statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /**
   * Requests the web ACL blocked (`AWS/WAFV2 BlockedRequests`, sum), every rule
   * or one (`rule`, such as 'RateLimitPerIp'). Only for a web ACL the construct created.
   */
  public metricWafBlockedRequests(rule: string = 'ALL', props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (!this.webAclName) throw new Error(`HttpsEndpoint ${this.node.path}: no web ACL of this construct to take metrics from`);
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensionsMap: { WebACL: this.webAclName, Region: Stack.of(this).region, Rule: rule },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(1),
      ...props,
    });
  }

  private securityHeaders(props: HttpsEndpointProps, t: Thresholds): SecurityHeaderValues {
    const hstsMaxAgeSeconds = t.hstsMaxAgeSeconds;
    const maxAge = props.hstsMaxAge ?? Duration.seconds(hstsMaxAgeSeconds);
    const includeSubdomains = props.hstsIncludeSubdomains ?? true;
    const preload = props.hstsPreload ?? false;
    let hstsMet = true;
    if (!t.meets('hstsMaxAgeSeconds', maxAge.toSeconds())) {
      refuseWeakening(this, 'HEADERS-HSTS', 'hstsMaxAge', `${maxAge.toSeconds()} seconds is shorter than the ${hstsMaxAgeSeconds} the catalog requires`);
      hstsMet = false;
    }
    if (!includeSubdomains) {
      refuseWeakening(this, 'HEADERS-HSTS', 'hstsIncludeSubdomains', 'false lets a subdomain be reached over plain HTTP');
      hstsMet = false;
    }
    if (preload && !includeSubdomains) throw new Error(`HttpsEndpoint ${this.node.path}: hstsPreload needs hstsIncludeSubdomains`);
    if (hstsMet) this.claimed.push('HEADERS-HSTS');
    const csp = props.contentSecurityPolicy ?? DEFAULT_CSP;
    if (csp.trim() === '') throw new Error(`HttpsEndpoint ${this.node.path}: contentSecurityPolicy must not be empty`);
    const cspProblem = Token.isUnresolved(csp) ? undefined : weakCsp(csp);
    if (cspProblem) {
      refuseWeakening(this, 'HEADERS-CSP', 'contentSecurityPolicy', `${cspProblem} (cross-site scripting is not contained)`);
    } else {
      this.claimed.push('HEADERS-CSP');
    }
    const frameOptions = props.frameOptions ?? cloudfront.HeadersFrameOption.DENY;
    return {
      maxAge,
      includeSubdomains,
      preload,
      hsts: `max-age=${maxAge.toSeconds()}${includeSubdomains ? '; includeSubDomains' : ''}${preload ? '; preload' : ''}`,
      frameOptions,
      csp,
    };
  }

  private applyCors(cors: HttpsEndpointCorsOptions): void {
    const origins = cors.allowedOrigins.map((o) => o.trim());
    if (origins.length === 0) throw new Error(`HttpsEndpoint ${this.node.path}: cors.allowedOrigins is empty; leave cors unset for no CORS`);
    if (origins.some((o) => o === '*' || o.toLowerCase() === 'null')) {
      refuseWeakening(this, 'EDGE-CORS', 'cors.allowedOrigins', `${origins.join(', ')} lets any web page call the service with its visitors' browsers`);
      this.corsOpen = true;
    }
    if (origins.length > 1) {
      throw new Error(`HttpsEndpoint ${this.node.path}: cors.allowedOrigins lists ${origins.length} origins; a load balancer adds one static Access-Control-Allow-Origin value. ` +
        'List one origin, or leave cors unset and let the application echo the request\'s Origin when it is allowed');
    }
    const bad = origins.find((o) => !Token.isUnresolved(o) && o !== '*' && o.toLowerCase() !== 'null' && !/^https?:\/\/[^/\s]+$/.test(o));
    if (bad) throw new Error(`HttpsEndpoint ${this.node.path}: cors.allowedOrigins: '${bad}' is not an origin (scheme://host[:port], no path)`);
    const l = this.httpsListener;
    l.setAttribute(HEADER_ATTRIBUTES.allowOrigin, origins[0]);
    l.setAttribute(HEADER_ATTRIBUTES.allowMethods, (cors.allowedMethods ?? DEFAULT_CORS_METHODS).join(','));
    l.setAttribute(HEADER_ATTRIBUTES.allowHeaders, (cors.allowedHeaders ?? DEFAULT_CORS_HEADERS).join(','));
    if (cors.allowCredentials) l.setAttribute(HEADER_ATTRIBUTES.allowCredentials, 'true');
    l.setAttribute(HEADER_ATTRIBUTES.maxAge, String((cors.maxAge ?? Duration.minutes(10)).toSeconds()));
  }

  /**
   * The static-assets distribution's standard logs go to the given bucket too: CloudFront writes them through the
   * bucket ACL and cannot deliver to a bucket whose ACLs are disabled (ObjectOwnership BucketOwnerEnforced, S3's
   * default for new buckets). A bucket of this app is checked at synth (after escape hatches); an imported one cannot be.
   */
  private requireAclsEnabled(bucket: s3.IBucket): void {
    this.node.addValidation({
      validate: () => {
        const cfn = bucket.node.defaultChild;
        if (!(cfn instanceof s3.CfnBucket)) return [];
        const controls = Stack.of(cfn).resolve(cfn.ownershipControls) as { rules?: { objectOwnership?: string }[] } | undefined;
        const owners = (controls?.rules ?? []).map((r) => r?.objectOwnership);
        return owners.length > 0 && owners.every((o) => o === s3.ObjectOwnership.BUCKET_OWNER_PREFERRED || o === s3.ObjectOwnership.OBJECT_WRITER) ? [] : [
          `HttpsEndpoint ${this.node.path}: accessLogBucket also receives the static-assets distribution's standard logs, which CloudFront writes through the bucket ACL: `
          + 'give the bucket objectOwnership BUCKET_OWNER_PREFERRED or OBJECT_WRITER (without it S3 disables ACLs and CloudFront cannot deliver the logs)'];
      },
    });
  }

  private createAccessLogBucket(props: HttpsEndpointProps, t: Thresholds): s3.Bucket {
    const logRetentionDays = t.logRetentionDays;
    const days = props.accessLogRetentionDays ?? logRetentionDays;
    if (!Number.isInteger(days) || days < 1) {
      throw new Error(`HttpsEndpoint ${this.node.path}: accessLogRetentionDays must be a positive integer, got ${days}`);
    }
    if (!t.meets('logRetentionDays', days)) {
      refuseWeakening(this, 'EDGE-ACCESS-LOGS', 'accessLogRetentionDays', `${days} days is shorter than the ${logRetentionDays} days the catalog requires`);
    }
    const bucket = new s3.Bucket(this, 'AccessLogs', {
      // Load balancers write access logs to SSE-S3 buckets only.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // CloudFront standard logging writes with ACLs: keep them enabled only when a distribution logs here.
      objectOwnership: props.staticAssets ? s3.ObjectOwnership.BUCKET_OWNER_PREFERRED : s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{
        id: 'ExpireAccessLogs',
        enabled: true,
        expiration: Duration.days(days),
        // Logs are rarely read: Intelligent-Tiering moves them to cheaper tiers after 30 days without reads.
        transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(0) }],
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      }],
    });
    Validations.of(bucket).acknowledge(
      { id: 'AwsSolutions-S1', reason: 'This bucket receives the access logs; logging its own reads into itself would loop, and CloudTrail data events are the record of reads of a log bucket' },
      { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: 'This bucket receives the access logs; logging its own reads into itself would loop, and CloudTrail data events are the record of reads of a log bucket' },
      { id: 'NIST.800.53.R5-S3DefaultEncryptionKMS', reason: 'Load balancers (and CloudFront standard logging) only deliver logs to buckets encrypted with SSE-S3' },
      { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'Access logs are kept for their retention in one region; replicating them is a per-organisation choice (a central log archive account), not the endpoint\'s' },
    );
    return bucket;
  }

  private addExpiryAlarm(id: string, certificate: acm.ICertificate, name: string, days: number): void {
    this.alarms.push(certificateExpiryAlarm(this, id, certificate, { owner: this.node.path, name, days, topic: this.alarmTopic }));
  }

  private createStaticAssets(
    props: HttpsEndpointProps,
    options: HttpsEndpointStaticAssetsOptions,
    headers: SecurityHeaderValues,
    t: { rateLimitPerMinute: number; wafLogRetention: logs.RetentionDays; certificateExpiryDays: number; logRetentionDays: number },
  ): { distribution: cloudfront.Distribution; bucket: s3.IBucket; domainName?: string; webAclName?: string } {
    const region = Stack.of(this).region;
    const inUsEast1 = !Token.isUnresolved(region) && region === CLOUDFRONT_REGION;
    const claimed = this.claimed;

    // --- bucket: KMS-encrypted with the endpoint's key, read by CloudFront through origin access control
    let bucket = options.bucket;
    if (!bucket) {
      const created = new s3.Bucket(this, 'StaticAssets', {
        ...encryptedBucketProps(this.encryptionKey),
        lifecycleRules: [{
          id: 'AgeOutOldVersions',
          enabled: true,
          noncurrentVersionTransitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(S3_IA_MIN_DAYS) }],
          noncurrentVersionExpiration: Duration.days(ASSET_NONCURRENT_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        }],
      });
      const why = 'Every read goes through the distribution (origin access control), whose standard logs record it; the assets are public content';
      Validations.of(created).acknowledge(
        { id: 'AwsSolutions-S1', reason: why },
        { id: 'NIST.800.53.R5-S3BucketLoggingEnabled', reason: why },
        { id: 'NIST.800.53.R5-S3BucketReplicationEnabled', reason: 'Static assets are build output, republished from the pipeline; replication would copy what the pipeline can rebuild' },
      );
      bucket = created;
    }

    // --- certificate and domain
    let certificate = options.certificate;
    if (!certificate && props.hostedZone && inUsEast1) {
      certificate = new acm.Certificate(this, 'StaticAssetsCertificate', {
        domainName: options.domainName ?? `static.${props.domainName}`,
        validation: acm.CertificateValidation.fromDns(props.hostedZone),
        transparencyLoggingEnabled: true,
      });
      this.addExpiryAlarm('StaticAssetsCertificateExpiryAlarm', certificate, options.domainName ?? `static.${props.domainName}`, t.certificateExpiryDays);
    }
    if (options.certificate && !Token.isUnresolved(options.certificate.certificateArn)) {
      // An ARN given as text (Certificate.fromCertificateArn) may be imported into ACM or validated by e-mail, which
      // ACM does not renew by itself: EdgeCertificateManaged cannot tell, so the endpoint does not claim it.
      this.unclaimed.add('EDGE-CERTIFICATE-MANAGED');
    }
    if (options.certificate && !Token.isUnresolved(options.certificate.certificateArn)
      && options.certificate.certificateArn.split(':')[3] !== CLOUDFRONT_REGION) {
      throw new Error(`HttpsEndpoint ${this.node.path}: staticAssets.certificate must be in ${CLOUDFRONT_REGION} (CloudFront only uses certificates from there), got ${options.certificate.certificateArn}`);
    }
    if (options.domainName && !certificate) {
      throw new Error(`HttpsEndpoint ${this.node.path}: staticAssets.domainName needs staticAssets.certificate (a ${CLOUDFRONT_REGION} certificate) outside ${CLOUDFRONT_REGION}, or a hostedZone`);
    }
    // Without a certificate the distribution answers on its *.cloudfront.net name only (no record: EDGE-DNS not claimed).
    const domainName = certificate ? (options.domainName ?? `static.${props.domainName}`) : undefined;

    // --- web ACL (CLOUDFRONT scope, us-east-1 only)
    let webAclId = options.webAclArn;
    let webAclName: string | undefined;
    if (!webAclId && inUsEast1) {
      const acl = createHttpsWebAcl(this, 'StaticAssetsWebAcl', {
        scope: 'CLOUDFRONT',
        rateLimitPerMinute: t.rateLimitPerMinute,
        commonRuleSetCountOnly: props.commonRuleSetCountOnly ?? [],
        encryptionKey: this.encryptionKey,
        logRetention: t.wafLogRetention,
        protects: `static assets of ${props.domainName}`,
      });
      webAclId = acl.webAcl.attrArn;
      webAclName = acl.name;
    }
    if (!webAclId) {
      this.unclaimed.add('WAF-WEB-ACL').add('WAF-RATE-LIMIT');
      refuseWeakening(this, 'WAF-WEB-ACL', 'staticAssets.webAclArn',
        `the stack is in ${region}: a CloudFront web ACL must be created in us-east-1; pass its ARN, or acknowledge that the assets have no firewall`);
    }

    // --- response headers (HEADERS-RESPONSE-POLICY, HEADERS-XSS-PROTECTION)
    const cors = props.cors;
    const responseHeadersPolicy = new cloudfront.ResponseHeadersPolicy(this, 'StaticAssetsHeaders', {
      comment: `${this.node.path}: security headers of the static assets`.slice(0, 128),
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: headers.maxAge, includeSubdomains: headers.includeSubdomains, preload: headers.preload, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: headers.frameOptions, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: headers.csp, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        // Current guidance: switch the legacy XSS auditor off and rely on the CSP.
        xssProtection: { protection: false, override: true },
      },
      corsBehavior: cors ? {
        accessControlAllowOrigins: cors.allowedOrigins,
        accessControlAllowMethods: ['GET', 'HEAD', 'OPTIONS'],
        accessControlAllowHeaders: cors.allowedHeaders ?? DEFAULT_CORS_HEADERS,
        accessControlAllowCredentials: cors.allowCredentials ?? false,
        accessControlMaxAge: cors.maxAge ?? Duration.minutes(10),
        originOverride: true,
      } : undefined,
    });

    // --- the distribution (EDGE-CDN)
    const distribution = new cloudfront.Distribution(this, 'StaticAssetsDistribution', {
      comment: `${this.node.path}: static assets`.slice(0, 128),
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD_OPTIONS,
        compress: true,
        cachePolicy: options.cachePolicy ?? cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy,
      },
      domainNames: domainName ? [domainName] : undefined,
      certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      sslSupportMethod: cloudfront.SSLMethod.SNI,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      priceClass: options.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      geoRestriction: options.geoRestriction,
      webAclId,
      enableLogging: this.accessLogBucket !== undefined,
      logBucket: this.accessLogBucket,
      logFilePrefix: this.accessLogBucket ? 'cloudfront/' : undefined,
    });
    // HEADERS-RESPONSE-POLICY and HEADERS-XSS-PROTECTION are not claimed: the service's own responses come through
    // the load balancer, which cannot send Referrer-Policy or X-XSS-Protection (only the application can), and the
    // checks leave the items unknown beside it.
    claimed.push('EDGE-CDN');
    if (!options.bucket && !props.encryptionKey) {
      // The origin added a statement for CloudFront to the key, and a warning that it names no distribution.
      // Acknowledged after the distribution exists: aws-cdk-lib before 2.270 only removes warnings already added.
      Annotations.of(this).acknowledgeWarning('@aws-cdk/aws-cloudfront-origins:wildcardKeyPolicyForOac',
        'The key is this endpoint\'s own; its CloudFront statement admits this account\'s distributions only, and naming the one distribution would make the key, bucket and distribution depend on each other');
    }
    if (!options.geoRestriction) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR1',
        reason: 'The assets are served to every country the service is; restricting countries is a business decision, made with staticAssets.geoRestriction',
      });
    }

    if (domainName && props.hostedZone) {
      const target = route53.RecordTarget.fromAlias(new route53_targets.CloudFrontTarget(distribution));
      new route53.ARecord(this, 'StaticAssetsAliasRecord', { zone: props.hostedZone, recordName: domainName, target });
      new route53.AaaaRecord(this, 'StaticAssetsAliasRecordIpv6', { zone: props.hostedZone, recordName: domainName, target });
    }
    return { distribution, bucket, domainName, webAclName };
  }
}

/** The security header values of an endpoint, shared by the listener and the distribution. */
interface SecurityHeaderValues {
  readonly maxAge: Duration;
  readonly includeSubdomains: boolean;
  readonly preload: boolean;
  /** The Strict-Transport-Security header value. */
  readonly hsts: string;
  readonly frameOptions: cloudfront.HeadersFrameOption;
  readonly csp: string;
}

/** Whether `name` is `zone` or inside it (trailing dots ignored). */
function inZone(name: string, zone: string): boolean {
  const n = name.replace(/\.$/, '').toLowerCase();
  const z = zone.replace(/\.$/, '').toLowerCase();
  return n === z || n.endsWith(`.${z}`);
}
