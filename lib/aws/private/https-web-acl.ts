/**
 * The WAFv2 web ACL of an HttpsEndpoint: AWS managed rule groups, a per-IP
 * rate-based rule, and logging to an encrypted CloudWatch Logs group.
 * Shared by the load balancer's REGIONAL web ACL and the static-assets
 * distribution's CLOUDFRONT web ACL (created when the stack is in us-east-1).
 *
 * Not exported from the package.
 */
import { ArnFormat, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { REQUIRED_MANAGED_RULE_GROUPS } from '../../checklist/policy/waf';

/** The name of the per-IP rate-based rule. @internal */
export const HTTPS_RATE_RULE_NAME = 'RateLimitPerIp';

/** WAF's rate-based rule window, in seconds: one minute, so the limit is per minute. */
const RATE_WINDOW_SECONDS = 60;
/** The smallest limit WAF accepts for a rate-based rule. */
const MIN_RATE_LIMIT = 10;

/** Options of `createHttpsWebAcl`. @internal */
export interface HttpsWebAclOptions {
  /** REGIONAL (load balancer) or CLOUDFRONT (distribution, us-east-1 only). */
  readonly scope: string;
  /** Requests per minute per client IP before the rate rule blocks. */
  readonly rateLimitPerMinute: number;
  /** Rules of the Common rule set switched to count. */
  readonly commonRuleSetCountOnly: string[];
  /** The key that encrypts the log group. */
  readonly encryptionKey: kms.IKey;
  /** The log group retention. */
  readonly logRetention: logs.RetentionDays;
  /** What the ACL protects, for its description. */
  readonly protects: string;
}

/** What `createHttpsWebAcl` makes. @internal */
export interface HttpsWebAclParts {
  readonly webAcl: wafv2.CfnWebACL;
  /** The web ACL name, also its metric name (the `WebACL` dimension of AWS/WAFV2 metrics). */
  readonly name: string;
  readonly logGroup: logs.LogGroup;
  readonly logging: wafv2.CfnLoggingConfiguration;
}

/**
 * A web ACL that allows by default and, in order: blocks IPs on the AWS IP
 * reputation list, blocks a client IP above `rateLimitPerMinute` requests per
 * minute (429), and runs the Common, Known Bad Inputs and SQL injection managed
 * rule groups; its full logs go to `aws-waf-logs-<unique>`, encrypted, with
 * the `authorization` and `cookie` headers redacted.
 * @internal
 */
export function createHttpsWebAcl(scope: Construct, id: string, options: HttpsWebAclOptions): HttpsWebAclParts {
  const container = new Construct(scope, id);
  if (!Number.isInteger(options.rateLimitPerMinute) || options.rateLimitPerMinute < MIN_RATE_LIMIT) {
    throw new Error(`HttpsEndpoint ${scope.node.path}: rateLimitPerMinute must be an integer of at least ${MIN_RATE_LIMIT} (the smallest WAF limit), got ${options.rateLimitPerMinute}`);
  }
  const name = Names.uniqueResourceName(container, { maxLength: 128, separator: '-' });

  const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
    cloudWatchMetricsEnabled: true,
    sampledRequestsEnabled: true,
    metricName,
  });
  const managed = (priority: number, groupName: string, countOnly: string[] = []): wafv2.CfnWebACL.RuleProperty => ({
    name: `AWS-${groupName}`,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name: groupName,
        ruleActionOverrides: countOnly.length > 0 ? countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) : undefined,
      },
    },
    visibilityConfig: visibility(`${name}-${groupName}`.slice(0, 128)),
  });

  const webAcl = new wafv2.CfnWebACL(container, 'Resource', {
    name,
    description: `cdk-golive HttpsEndpoint: ${options.protects}`.slice(0, 256),
    scope: options.scope,
    defaultAction: { allow: {} },
    visibilityConfig: visibility(name),
    rules: [
      managed(0, 'AWSManagedRulesAmazonIpReputationList'),
      {
        name: HTTPS_RATE_RULE_NAME,
        priority: 1,
        action: { block: { customResponse: { responseCode: 429 } } },
        statement: {
          rateBasedStatement: {
            aggregateKeyType: 'IP',
            limit: options.rateLimitPerMinute,
            evaluationWindowSec: RATE_WINDOW_SECONDS,
          },
        },
        visibilityConfig: visibility(`${name}-${HTTPS_RATE_RULE_NAME}`.slice(0, 128)),
      },
      managed(2, REQUIRED_MANAGED_RULE_GROUPS[0], options.commonRuleSetCountOnly),
      managed(3, REQUIRED_MANAGED_RULE_GROUPS[1]),
      managed(4, REQUIRED_MANAGED_RULE_GROUPS[2]),
    ],
  });

  // WAF only delivers to log groups whose name starts with aws-waf-logs-.
  const logGroup = new logs.LogGroup(container, 'Logs', {
    logGroupName: `aws-waf-logs-${name}`.slice(0, 512),
    retention: options.logRetention,
    encryptionKey: options.encryptionKey,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const logging = new wafv2.CfnLoggingConfiguration(container, 'Logging', {
    resourceArn: webAcl.attrArn,
    // WAF wants the log group ARN without the `:*` suffix of its Arn attribute.
    logDestinationConfigs: [Stack.of(container).formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: logGroup.logGroupName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })],
    redactedFields: [
      { singleHeader: { Name: 'authorization' } },
      { singleHeader: { Name: 'cookie' } },
    ],
  });
  logging.node.addDependency(logGroup);
  return { webAcl, name, logGroup, logging };
}
