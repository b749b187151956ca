/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * A metric filter publishes its metric with the dimensions its MetricTransformations declare (none when it
 * declares none), and CloudWatch keeps each set of dimensions apart: an alarm reading the metric with other
 * dimensions gets no data. LOG-ERROR-TRACKING passed on such an alarm, and so did ALARM-SECURITY-EVENTS for a
 * user pool's log metrics. An alarm picking one value of a declared dimension watches that value only: unknown.
 */
import { judged } from './judged';

function template(filterDims: Array<{ Key: string; Value: string }> | undefined, alarmDims: Array<{ Name: string; Value: string }>): Record<string, any> {
  return {
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
    Fn: {
      Type: 'AWS::Lambda::Function',
      Properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', Role: 'arn:aws:iam::111111111111:role/r', Code: { ZipFile: 'x' }, LoggingConfig: { LogGroup: { Ref: 'Logs' } } },
    },
    Url: { Type: 'AWS::Lambda::Url', Properties: { TargetFunctionArn: { 'Fn::GetAtt': ['Fn', 'Arn'] }, AuthType: 'AWS_IAM' } },
    Errors: {
      Type: 'AWS::Logs::MetricFilter',
      Properties: {
        LogGroupName: { Ref: 'Logs' }, FilterPattern: '{ $.level = "ERROR" }',
        MetricTransformations: [{ MetricNamespace: 'Shop', MetricName: 'Errors', MetricValue: '1', ...(filterDims ? { Dimensions: filterDims } : {}) }],
      },
    },
    Topic: { Type: 'AWS::SNS::Topic', Properties: {} },
    ErrorsAlarm: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Namespace: 'Shop', MetricName: 'Errors', Dimensions: alarmDims, Statistic: 'Sum', Period: 60, EvaluationPeriods: 1,
        Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [{ Ref: 'Topic' }],
      },
    },
  };
}

const tracking = (t: Record<string, any>) => judged('ErrorLogMetricFilter', t).filter(([r]) => r === 'Fn');

describe('ErrorLogMetricFilter: the alarm reads the dimensions the filter publishes', () => {
  test('no dimensions on either side: pass', () => {
    expect(tracking(template(undefined, [])).map(([, s]) => s)).toEqual(['pass']);
  });

  test('the alarm adds a dimension the filter does not publish: fail, naming it', () => {
    const [[, status, message]] = tracking(template(undefined, [{ Name: 'Service', Value: 'web' }]));
    expect(status).toBe('fail');
    expect(message).toMatch(/alarm ErrorsAlarm reads Shop\/Errors with dimensions Service.*publishes it with none.*no data/);
  });

  test('the filter publishes per a dimension and the alarm reads none: fail', () => {
    expect(tracking(template([{ Key: 'Service', Value: '$.service' }], []))[0][1]).toBe('fail');
  });

  test('the alarm asks for a Unit the filter does not publish in: fail (no data); the same Unit: pass', () => {
    const t = template(undefined, []);
    t.ErrorsAlarm.Properties.Unit = 'Count';
    const [[, status, message]] = tracking(t);
    expect(status).toBe('fail');
    expect(message).toMatch(/alarm ErrorsAlarm asks for Shop Errors in Count, but the filter publishes it in None/);
    t.Errors.Properties.MetricTransformations[0].Unit = 'Count';
    expect(tracking(t)[0][1]).toBe('pass');
    t.Errors.Properties.MetricTransformations[0].Unit = 'Seconds';
    expect(tracking(t)[0][1]).toBe('fail');
  });

  test('the alarm picks one value of the filter\'s dimension: unknown (that value only)', () => {
    const [[, status, message]] = tracking(template([{ Key: 'Service', Value: '$.service' }], [{ Name: 'Service', Value: 'web' }]));
    expect(status).toBe('unknown');
    expect(message).toMatch(/alarm ErrorsAlarm watches Service = web only/);
  });
});

describe('AlarmSecurityEvents: a user pool\'s log metrics, read with the dimensions the filter publishes', () => {
  function pool(alarmDims: Array<{ Name: string; Value: string }>): Record<string, any> {
    const t = template(undefined, alarmDims);
    delete t.Fn;
    delete t.Url;
    t.Errors.Properties.FilterPattern = '{ $.eventType = "SignIn_Failure" }';
    t.Users = { Type: 'AWS::Cognito::UserPool', Properties: {} };
    t.Delivery = {
      Type: 'AWS::Cognito::LogDeliveryConfiguration',
      Properties: { UserPoolId: { Ref: 'Users' }, LogConfigurations: [{ LogLevel: 'INFO', EventSource: 'userAuthEvents', CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': ['Logs', 'Arn'] } } }] },
    };
    return t;
  }
  const users = (t: Record<string, any>) => judged('AlarmSecurityEvents', t).filter(([r]) => r === 'Users');

  test('no dimensions on either side: pass; the alarm adds one: fail, naming it', () => {
    expect(users(pool([]))[0][1]).toBe('pass');
    const [[, status, message]] = users(pool([{ Name: 'Pool', Value: 'shop' }]));
    expect(status).toBe('fail');
    expect(message).toMatch(/gets no data: ErrorsAlarm: reads Shop\/Errors with dimensions Pool/);
  });
});

describe('DashboardSecurity: a user pool\'s log metrics are shown only under the dimensions the filter publishes', () => {
  function pool(filterDims: Array<{ Key: string; Value: string }> | undefined, rowDims: string[]): Record<string, any> {
    const t = template(filterDims, []);
    delete t.Fn;
    delete t.Url;
    delete t.ErrorsAlarm;
    t.Errors.Properties.FilterPattern = '{ $.eventType = "SignIn_Failure" }';
    t.Users = { Type: 'AWS::Cognito::UserPool', Properties: {} };
    t.Delivery = {
      Type: 'AWS::Cognito::LogDeliveryConfiguration',
      Properties: { UserPoolId: { Ref: 'Users' }, LogConfigurations: [{ LogLevel: 'INFO', EventSource: 'userAuthEvents', CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': ['Logs', 'Arn'] } } }] },
    };
    const metric = ['Shop', 'Errors', ...rowDims];
    t.Board = {
      Type: 'AWS::CloudWatch::Dashboard',
      Properties: { DashboardBody: { 'Fn::Sub': JSON.stringify({ widgets: [{ type: 'metric', properties: { title: 'Sign-in failures', region: '${AWS::Region}', stat: 'Sum', metrics: [metric] } }] }) } },
    };
    return t;
  }
  const users = (t: Record<string, any>) => judged('DashboardSecurity', t).filter(([r]) => r === 'Users').map(([, s, m]) => [s, m]);

  test('no dimensions on either side: pass', () => {
    expect(users(pool(undefined, []))).toEqual([['pass', expect.stringMatching(/dashboard Board shows the pool's authentication metrics/)]]);
  });

  test('a row with a dimension the filter does not publish, or without the one it does, shows no data: fail (was pass)', () => {
    expect(users(pool(undefined, ['Pool', 'shop']))).toEqual([['fail', expect.stringMatching(/no dashboard shows the user pool's authentication metrics; log-metric rows that show no data: Board Shop\/Errors with Pool \(the filter publishes it with none\)/)]]);
    expect(users(pool([{ Key: 'Pool', Value: '$.pool' }], []))).toEqual([['fail', expect.stringMatching(/Board Shop\/Errors with none \(the filter publishes it with Pool\)/)]]);
  });

  test('a row picking one value of the dimension the filter publishes: unknown (that value only, if the logs carry it)', () => {
    expect(users(pool([{ Key: 'Pool', Value: '$.pool' }], ['Pool', 'shop']))).toEqual([['unknown', expect.stringMatching(/Board shows Shop\/Errors for Pool = shop only, of a metric the filter publishes per Pool/)]]);
  });
});
