import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HTTPS_RATE_RULE_NAME } from './https-web-acl';

/**
 * EDGE-CERTIFICATE-EXPIRY-ALARM: an alarm when the certificate has fewer than `days` days left,
 * notifying `topic` in ALARM and back to OK. `owner` names who watches it in the description.
 * @internal
 */
export function certificateExpiryAlarm(scope: Construct, id: string, certificate: acm.ICertificate, options: {
  readonly owner: string; readonly name: string; readonly days: number; readonly topic: sns.ITopic;
}): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: `${options.owner}: the certificate of ${options.name} expires in fewer than ${options.days} days (EDGE-CERTIFICATE-EXPIRY-ALARM); ACM renews DNS-validated certificates by itself, so check its validation record`,
    metric: certificate.metricDaysToExpiry({ period: Duration.days(1), statistic: cloudwatch.Stats.MINIMUM }),
    threshold: options.days,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
    actionsEnabled: true,
  });
  const action = new cw_actions.SnsAction(options.topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
}

/**
 * The AWS/WAFV2 metrics of a web ACL (one-minute sums): `ALL` requests allowed and blocked, and
 * the blocks of its per-IP rate rule. A CLOUDFRONT web ACL's metrics carry no Region dimension.
 * @internal
 */
export function webAclMetrics(webAclName: string, region?: string): { allowed: cloudwatch.Metric; blocked: cloudwatch.Metric; rateLimited: cloudwatch.Metric } {
  const metric = (metricName: string, rule: string) => new cloudwatch.Metric({
    namespace: 'AWS/WAFV2',
    metricName,
    dimensionsMap: region ? { WebACL: webAclName, Region: region, Rule: rule } : { WebACL: webAclName, Rule: rule },
    statistic: cloudwatch.Stats.SUM,
    period: Duration.minutes(1),
  });
  return {
    allowed: metric('AllowedRequests', 'ALL'),
    blocked: metric('BlockedRequests', 'ALL'),
    // The rate-based rule's metric name (the Rule dimension of its blocks).
    rateLimited: metric('BlockedRequests', `${webAclName}-${HTTPS_RATE_RULE_NAME}`.slice(0, 128)),
  };
}

/**
 * ALARM-SECURITY-EVENTS: an alarm when the web ACL blocked more than 100 requests a minute for
 * 5 minutes, notifying `topic` in ALARM and back to OK.
 * @internal
 */
export function blockedRequestsAlarm(scope: Construct, id: string, blocked: cloudwatch.IMetric, owner: string, topic: sns.ITopic): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: `${owner}: the web ACL blocked more than 100 requests a minute for 5 minutes (an attack or a misbehaving client)`,
    metric: blocked,
    threshold: 100,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    actionsEnabled: true,
  });
  const action = new cw_actions.SnsAction(topic);
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
}
