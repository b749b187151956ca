import { AwsRule } from '../../rule';
import { AcmCertificateExpiryAlarm } from './acm-certificate-expiry-alarm';
import { ApiGatewayAccessLogs } from './apigateway-access-logs';
import { ApiGatewayAuthorization } from './apigateway-authorization';
import { AppSyncAccessLogs } from './appsync-access-logs';
import { AppSyncAuthorization } from './appsync-authorization';
import { ApiGatewayDomainTls } from './apigateway-domain-tls';
import { ApiGatewayThrottling } from './apigateway-throttling';
import { AlbAccessLogs } from './alb-access-logs';
import { AlbDesyncMitigation } from './alb-desync-mitigation';
import { AlbDropInvalidHeaders } from './alb-drop-invalid-headers';
import { ClbAccessLogs } from './clb-access-logs';
import { ClbConnectionDraining } from './clb-connection-draining';
import { ClbHttpsListener } from './clb-https-listener';
import { ClbNoPlainHttp } from './clb-no-plain-http';
import { CloudFrontAccessLogs } from './cloudfront-access-logs';
import { CloudFrontHttpsCaching } from './cloudfront-https-caching';
import { CloudFrontViewerHttps } from './cloudfront-viewer-https';
import { EdgeCertificateManaged } from './edge-certificate-managed';
import { EdgeCorsRestricted } from './edge-cors-restricted';
import { EdgeDnsAlias } from './edge-dns-alias';
import { ElbDeletionProtection } from './elb-deletion-protection';
import { ElbHttpRedirect } from './elb-http-redirect';
import { ElbHttpsListener } from './elb-https-listener';
import { HeadersContentTypeOptions } from './headers-content-type-options';
import { HeadersCsp } from './headers-csp';
import { HeadersFrameOptions } from './headers-frame-options';
import { HeadersHsts } from './headers-hsts';
import { HeadersResponsePolicy } from './headers-response-policy';
import { HeadersXssProtection } from './headers-xss-protection';
import { NlbAccessLogs } from './nlb-access-logs';
import { ServiceBehindProxy } from './service-behind-proxy';
import { TargetGroupHealthCheck } from './target-group-health-check';
import { WafRateLimit } from './waf-rate-limit';
import { WafWebAcl } from './waf-web-acl';

/** Rules of the edge area: TLS, WAF, security headers, DNS, CDN, health checks; load balancers (ALB, NLB, Classic) and API Gateway. @internal */
export const EDGE_RULES: AwsRule[] = [
  ElbHttpsListener,
  ElbHttpRedirect,
  EdgeCertificateManaged,
  AcmCertificateExpiryAlarm,
  AlbDropInvalidHeaders,
  AlbDesyncMitigation,
  ElbDeletionProtection,
  AlbAccessLogs,
  CloudFrontAccessLogs,
  ServiceBehindProxy,
  CloudFrontHttpsCaching,
  CloudFrontViewerHttps,
  EdgeDnsAlias,
  EdgeCorsRestricted,
  WafWebAcl,
  WafRateLimit,
  HeadersHsts,
  HeadersContentTypeOptions,
  HeadersFrameOptions,
  HeadersCsp,
  HeadersResponsePolicy,
  HeadersXssProtection,
  TargetGroupHealthCheck,
  ClbHttpsListener,
  ClbNoPlainHttp,
  ClbAccessLogs,
  ClbConnectionDraining,
  NlbAccessLogs,
  ApiGatewayDomainTls,
  ApiGatewayAccessLogs,
  ApiGatewayThrottling,
  ApiGatewayAuthorization,
  AppSyncAuthorization,
  AppSyncAccessLogs,
];
