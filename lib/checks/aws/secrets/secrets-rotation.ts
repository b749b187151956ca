import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { rotationIntervalDays } from './rotation-interval';

/**
 * The rotation schedules of a secret: those naming it, or naming a
 * SecretTargetAttachment of it (what the CDK emits for database secrets).
 * @internal
 */
export function rotationSchedules(secret: CfnResource, index: TemplateIndex): CfnResource[] {
  const owners = [secret, ...index.referrers(secret, 'AWS::SecretsManager::SecretTargetAttachment')];
  const out: CfnResource[] = [];
  for (const owner of owners) {
    for (const s of index.referrers(owner, 'AWS::SecretsManager::RotationSchedule')) {
      const id = index.prop(s, 'SecretId');
      if (id.k === 'ref' && id.target === owner && !out.includes(s)) out.push(s);
    }
  }
  return out;
}

function judgeSchedule(s: CfnResource, index: TemplateIndex, max: number, meets: (n: number) => boolean): Verdict {
  const after = index.prop(s, 'RotationRules.AutomaticallyAfterDays');
  const expr = index.prop(s, 'RotationRules.ScheduleExpression');
  for (const v of [after, expr]) {
    if (v.k === 'unknown') return unknown('Properties.RotationRules', v, `rotation interval decided at deploy time (${v.why})`);
  }
  if (expr.k !== 'absent') {
    const text = V.str(expr);
    const r = text === undefined ? { error: 'not a string' } : rotationIntervalDays(text);
    const p = 'Properties.RotationRules.ScheduleExpression';
    if (r.error || r.days === undefined) return unknown(p, expr, `cannot read the rotation schedule: ${r.error}`);
    return meets(r.days)
      ? pass(p, expr, `rotated ${r.note} (at most ${+r.days.toFixed(2)} days apart), within secretRotationDays ${max}`)
      : fail(p, expr, `rotated ${r.note}: up to ${r.days} days between rotations, more than secretRotationDays ${max}`);
  }
  if (after.k !== 'absent') {
    const n = V.num(after);
    const p = 'Properties.RotationRules.AutomaticallyAfterDays';
    if (n === undefined) return fail(p, after, `AutomaticallyAfterDays is ${V.show(after)}`);
    return meets(n)
      ? pass(p, String(n), `rotated every ${n} days, within secretRotationDays ${max}`)
      : fail(p, String(n), `rotated every ${n} days, more than secretRotationDays ${max}`);
  }
  return fail('Properties.RotationRules', undefined, 'rotation schedule without an interval (AutomaticallyAfterDays or ScheduleExpression)');
}

/** SECRETS-ROTATION: every secret rotates within secretRotationDays. */
export const SecretsRotation: AwsRule = {
  id: 'SecretsRotation',
  items: ['SECRETS-ROTATION'],
  types: ['AWS::SecretsManager::Secret'],
  severity: Severity.HIGH,
  description: 'Each secret has a RotationSchedule rotating it at least every secretRotationDays (AutomaticallyAfterDays, rate() or cron()).',
  fix: 'Add a rotation schedule (secret.addRotationSchedule(..., { automaticallyAfter: Duration.days(30) }) or hostedRotation) within the secretRotationDays threshold.',
  fsbp: ['SecretsManager.1', 'SecretsManager.4'],
  check(res, { index, thresholds }) {
    const schedules = rotationSchedules(res, index);
    const max = thresholds.get('secretRotationDays');
    if (schedules.length === 0) return fail(undefined, undefined, 'no rotation schedule: the secret never changes, so a leaked value stays valid');
    const verdicts = schedules.map((s) => {
      const v = judgeSchedule(s, index, max, (n) => thresholds.meets('secretRotationDays', n));
      return { ...v, message: `${s.logicalId}: ${v.message}` };
    });
    // One good schedule is enough; otherwise report what is wrong (or unknown).
    const ok = verdicts.find((v) => v.status === 'pass');
    if (ok) return ok;
    return verdicts.find((v) => v.status === 'fail') ?? verdicts[0];
  },
};
