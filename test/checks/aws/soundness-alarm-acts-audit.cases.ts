/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Whether an alarm acts is decided in one place (`alarmActs`): AcmCertificateExpiryAlarm and SecretsRotationAlert
 * judge an alarm whose `ActionsEnabled` is a parameter, false under a condition, or that an alarm mute rule mutes,
 * as AlarmHasAction does; an alarm whose only action stops a machine tells no one, and warns of nothing.
 */
import { PatchOp, R, set } from './fixtures';
import { checkPatched } from './judged';

/** The statuses of `rule` on `resource`. */
function statusOf(base: string, patch: PatchOp[], rule: string, resource: string): string[] {
  return checkPatched(base, patch).findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => f.status);
}
function messageOf(base: string, patch: PatchOp[], rule: string, resource: string): string {
  return checkPatched(base, patch).findings.filter((f) => f.ruleId === rule && f.resource === resource).map((f) => f.message).join(' | ');
}

/** The secrets base with the rotation failure alerted by an alarm on the rotation function's errors alone. */
const rotationAlarm: PatchOp[] = [
  { op: 'delete', path: R('RotationFailed0AF7EA14') },
  set(R('RotationErrors'), {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      Namespace: 'AWS/Lambda', MetricName: 'Errors', Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'RotationFnF5FD23F8' } }],
      Statistic: 'Sum', Period: 300, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: 'Pager' }],
    },
  }),
  // A topic CloudWatch may publish to (no topic policy, no key: AlarmHasAction passes on the base).
  set(R('Pager'), { Type: 'AWS::SNS::Topic', Properties: {} }),
];

/** Each rule's alarm: the base, the alarm, the rule and the resource it is judged on. */
const CASES = [
  { base: 'edge-alb', alarm: 'CertificateExpiryAlarm', rule: 'AcmCertificateExpiryAlarm', resource: 'Certificate', setup: [] as PatchOp[] },
  { base: 'secrets', alarm: 'RotationErrors', rule: 'SecretsRotationAlert', resource: 'ApiKeyRotationA0BAF5C7', setup: rotationAlarm },
];

const VARIANTS: Record<string, (alarm: string) => PatchOp[]> = {
  'ActionsEnabled from an open parameter': (alarm) => [
    set(['Parameters', 'Paging'], { Type: 'String' }),
    set(R(alarm, 'Properties', 'ActionsEnabled'), { Ref: 'Paging' }),
  ],
  'ActionsEnabled false under a condition': (alarm) => [
    set(['Parameters', 'Env'], { Type: 'String' }),
    set(['Conditions', 'Quiet'], { 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] }),
    set(R(alarm, 'Properties', 'ActionsEnabled'), { 'Fn::If': ['Quiet', false, true] }),
  ],
  'ActionsEnabled false': (alarm) => [set(R(alarm, 'Properties', 'ActionsEnabled'), 'FALSE')],
  'muted at all times by an alarm mute rule': (alarm) => [
    set(R('Mute'), { Type: 'AWS::CloudWatch::AlarmMuteRule', Properties: { Rule: { Schedule: { Expression: 'cron(0 0 * * ? *)', Duration: 'P1D' } }, MuteTargets: { AlarmNames: [{ Ref: alarm }] } } }),
  ],
  'muted in windows by an alarm mute rule': (alarm) => [
    set(R('Mute'), { Type: 'AWS::CloudWatch::AlarmMuteRule', Properties: { Rule: { Schedule: { Expression: 'cron(0 2 ? * SUN *)', Duration: 'PT2H' } }, MuteTargets: { AlarmNames: [{ Ref: alarm }] } } }),
  ],
};

describe('AcmCertificateExpiryAlarm and SecretsRotationAlert read whether an alarm acts as AlarmHasAction does', () => {
  test('the bases pass', () => {
    for (const c of CASES) {
      expect(statusOf(c.base, c.setup, c.rule, c.resource)).toEqual(['pass']);
      expect(statusOf(c.base, c.setup, 'AlarmHasAction', c.alarm)).toEqual(['pass']);
    }
  });

  for (const [name, variant] of Object.entries(VARIANTS)) {
    test(`${name}: the same status as AlarmHasAction's`, () => {
      for (const c of CASES) {
        const patch = [...c.setup, ...variant(c.alarm)];
        const expected = statusOf(c.base, patch, 'AlarmHasAction', c.alarm);
        expect(expected).toHaveLength(1);
        expect(expected[0]).not.toBe('pass');
        expect([c.rule, statusOf(c.base, patch, c.rule, c.resource)]).toEqual([c.rule, expected]);
      }
    });
  }

  test('muted at all times: the message names the mute rule', () => {
    for (const c of CASES.slice(0, 1)) {
      expect(messageOf(c.base, [...c.setup, ...VARIANTS['muted at all times by an alarm mute rule'](c.alarm)], c.rule, c.resource)).toMatch(/alarm mute rule Mute mutes its actions at all times/);
    }
  });

  test('an alarm whose only action stops an instance tells no one: it does not count (was pass)', () => {
    for (const c of CASES) {
      const patch = [...c.setup, set(R(c.alarm, 'Properties', 'AlarmActions'), ['arn:aws:automate:eu-west-1:ec2:stop'])];
      expect([c.rule, statusOf(c.base, patch, c.rule, c.resource)]).toEqual([c.rule, ['fail']]);
    }
    expect(messageOf('edge-alb', [set(R('CertificateExpiryAlarm', 'Properties', 'AlarmActions'), ['arn:aws:automate:eu-west-1:ec2:stop'])], 'AcmCertificateExpiryAlarm', 'Certificate')).toMatch(/CertificateExpiryAlarm: its only action is an EC2 action: it changes capacity and tells no one/);
  });
});

describe('alarm mute rule schedules: muted at all times only when the template decides it', () => {
  const mute = (expression: any, duration: any, params: Record<string, any> = {}): PatchOp[] => [
    ...Object.entries(params).map(([k, v]) => set(['Parameters', k], v)),
    set(R('Mute'), { Type: 'AWS::CloudWatch::AlarmMuteRule', Properties: { Rule: { Schedule: { Expression: expression, Duration: duration } }, MuteTargets: { AlarmNames: [{ Ref: 'CertificateExpiryAlarm' }] } } }),
  ];
  const judge = (patch: PatchOp[]) => ({
    has: statusOf('edge-alb', patch, 'AlarmHasAction', 'CertificateExpiryAlarm'),
    expiry: statusOf('edge-alb', patch, 'AcmCertificateExpiryAlarm', 'Certificate'),
  });

  test('every minute for a minute (or longer) mutes at all times: fail', () => {
    for (const [e, d] of [['cron(* * * * *)', 'PT1M'], ['cron(*/5 * * * ? *)', 'PT5M'], ['cron(0 * * * *)', 'PT2H']]) {
      expect([e, judge(mute(e, d))]).toEqual([e, { has: ['fail'], expiry: ['fail'] }]);
    }
  });

  test('windows with gaps, rate(...) (no form CloudWatch documents for mute rules), an expression or duration from a parameter: unknown', () => {
    const cases: PatchOp[][] = [
      mute('cron(*/5 * * * *)', 'PT4M'),
      mute('rate(1 minute)', 'PT1M'),
      mute({ Ref: 'Expr' }, 'PT1M', { Expr: { Type: 'String', Default: 'cron(* * * * *)' } }),
      mute({ 'Fn::Sub': 'cron(${Minute} * * * *)' }, 'PT1H', { Minute: { Type: 'String', Default: '*' } }),
      mute('cron(* * * * *)', { Ref: 'Dur' }, { Dur: { Type: 'String', Default: 'PT1M' } }),
      mute({ Ref: 'Expr' }, 'PT1H', { Expr: { Type: 'String', AllowedValues: ['cron(0 * * * *)', 'cron(0 2 ? * SUN *)'] } }),
    ];
    for (const patch of cases) expect(judge(patch)).toEqual({ has: ['unknown'], expiry: ['unknown'] });
  });
});
