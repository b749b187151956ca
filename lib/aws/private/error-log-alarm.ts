import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { claim } from './guard';
import { applyParentLogicalIds } from './logical-ids';

/** Properties of an `ErrorLogAlarm`. @internal */
export interface ErrorLogAlarmProps {
  /** The JSON log group whose ERROR and FATAL entries are counted (`$.level`). */
  readonly logGroup: logs.ILogGroup;
  /** The metric the filter publishes (its namespace and name are used; one count per entry). */
  readonly metric: cloudwatch.Metric;
  /** The metric filter's name. */
  readonly filterName: string;
  /** What logs, in the alarm description ("<name>: the application logged ERROR entries ..."). */
  readonly name: string;
  /** Consecutive one-minute periods with an ERROR entry before the alarm fires (`alarmDetectionMinutes`). */
  readonly detectionMinutes: number;
  /** The topic the alarm notifies (in ALARM and back to OK). */
  readonly alarmTopic: sns.ITopic;
}

/**
 * LOG-ERROR-TRACKING: a metric filter that counts the ERROR (and FATAL) entries of a JSON log
 * group, and an alarm when there were some in each of `detectionMinutes` consecutive minutes.
 * @internal
 */
export class ErrorLogAlarm extends Construct {
  /** The metric filter. */
  public readonly filter: logs.MetricFilter;
  /** The alarm. */
  public readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ErrorLogAlarmProps) {
    super(scope, id);
    const metric = props.metric;
    this.filter = new logs.MetricFilter(this, 'ErrorLogFilter', {
      logGroup: props.logGroup,
      filterName: props.filterName,
      filterPattern: logs.FilterPattern.any(
        logs.FilterPattern.stringValue('$.level', '=', 'ERROR'),
        logs.FilterPattern.stringValue('$.level', '=', 'error'),
        logs.FilterPattern.stringValue('$.level', '=', 'FATAL'),
      ),
      metricNamespace: metric.namespace,
      metricName: metric.metricName,
      metricValue: '1',
      defaultValue: 0,
    });
    this.alarm = new cloudwatch.Alarm(this, 'ErrorLogAlarm', {
      alarmDescription: `${props.name}: the application logged ERROR entries in ${props.detectionMinutes} consecutive minutes`,
      metric,
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: props.detectionMinutes,
      datapointsToAlarm: props.detectionMinutes,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      actionsEnabled: true,
    });
    const action = new cw_actions.SnsAction(props.alarmTopic);
    this.alarm.addAlarmAction(action);
    this.alarm.addOkAction(action);
    applyParentLogicalIds(this);
    claim(this, 'LOG-ERROR-TRACKING');
  }
}
