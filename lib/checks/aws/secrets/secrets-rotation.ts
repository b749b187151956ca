import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { rotationPeriod, rotationSchedules } from '../../cfn/secret-values';

function judgeSchedule(s: CfnResource, index: TemplateIndex, max: number, meets: (n: number) => boolean): Verdict {
  const r = rotationPeriod(s, index);
  switch (r.k) {
    case 'unknown':
      return unknown(r.property, r.value, r.why);
    case 'invalid':
      return fail(r.property, r.value, `AutomaticallyAfterDays is ${V.show(r.value)}`);
    case 'none':
      return fail('Properties.RotationRules', undefined, 'rotation schedule without an interval (AutomaticallyAfterDays or ScheduleExpression)');
    case 'days':
      return meets(r.days)
        ? pass(r.property, r.value, `rotated ${r.shown}, within secretRotationDays ${max}`)
        : fail(r.property, r.value, `rotated ${r.shown}, more than secretRotationDays ${max}`);
  }
}

/** SECRETS-ROTATION: every secret rotates within secretRotationDays. */
export const SecretsRotation: AwsRule = {
  id: 'SecretsRotation',
  items: ['SECRETS-ROTATION'],
  types: ['AWS::SecretsManager::Secret'],
  severity: Severity.HIGH,
  description: 'Each secret has a RotationSchedule rotating it at least every secretRotationDays (AutomaticallyAfterDays, rate() or cron()).',
  fix: 'Add a rotation schedule (secret.addRotationSchedule(..., { automaticallyAfter: Duration.days(30) }) or hostedRotation) within the secretRotationDays threshold.',
  check(res, { index, thresholds }) {
    const schedules = rotationSchedules(res, index);
    const max = thresholds.get('secretRotationDays');
    if (schedules.length === 0) return fail(undefined, undefined, 'no rotation schedule: the secret never changes, so a leaked value stays valid');
    const verdicts = schedules.map((s) => {
      const v = judgeSchedule(s, index, max, (n) => thresholds.meets('secretRotationDays', n));
      return { ...v, message: `${s.logicalId}: ${v.message}` };
    });
    // A secret has one rotation configuration: with several schedules it keeps whichever CloudFormation applies
    // last, so every schedule must pass.
    const bad = verdicts.find((v) => v.status === 'fail') ?? verdicts.find((v) => v.status !== 'pass');
    if (!bad) return verdicts[0];
    if (verdicts.some((v) => v.status === 'pass')) {
      return unknown(undefined, schedules.map((s) => s.logicalId).join(', '), `${schedules.length} rotation schedules set this secret's one rotation configuration, which keeps whichever CloudFormation applies last: ${bad.message}`);
    }
    return bad;
  },
};
