import { Severity } from '../../model';
import { AwsRule, fail, pass, RuleContext, unknown, Verdict } from '../../rule';
import { CfnResource, V } from '../../template-index';
import { scheduleIntervalDays } from '../backup/schedule';
import { DB_CLUSTER, DB_TYPES, isReadReplica, judged } from './rds';

const SECRET = 'AWS::SecretsManager::Secret';
const ATTACHMENT = 'AWS::SecretsManager::SecretTargetAttachment';
const ROTATION = 'AWS::SecretsManager::RotationSchedule';
/** RDS rotates a master user secret it manages (ManageMasterUserPassword) every 7 days. */
const RDS_MANAGED_ROTATION_DAYS = 7;
/** Properties under which a database takes its credentials from a snapshot, a source or a global cluster. */
const RESTORED_FROM = ['SnapshotIdentifier', 'DBSnapshotIdentifier', 'SourceDBClusterIdentifier', 'ReplicationSourceIdentifier', 'GlobalClusterIdentifier', 'SourceDBInstanceAutomatedBackupsArn'];

/**
 * DB-CREDENTIALS-MANAGED: the master password lives in Secrets Manager and rotates.
 *
 * - `ManageMasterUserPassword` true: RDS keeps the password in a secret it
 *   rotates every 7 days → pass (if 7 days meets `secretRotationDays`).
 * - Otherwise `MasterUserPassword` must be a `{{resolve:secretsmanager:...}}`
 *   dynamic reference (CDK: Fn::Join around a Ref to the secret). A literal
 *   password, an SSM SecureString reference or any other value fails; a
 *   parameter is unknown (decided at deploy time).
 * - The secret (directly, or through its `SecretTargetAttachment`) needs an
 *   `AWS::SecretsManager::RotationSchedule` rotating at least every
 *   `secretRotationDays` (`RotationRules.AutomaticallyAfterDays`, or a
 *   `ScheduleExpression` rate()/cron()). A secret outside this template is unknown.
 * Cluster members and read replicas are judged on their cluster / source.
 */
export const RdsCredentialsManaged: AwsRule = {
  id: 'RdsCredentialsManaged',
  items: ['DB-CREDENTIALS-MANAGED'],
  types: DB_TYPES,
  severity: Severity.HIGH,
  description: 'The master password is a Secrets Manager secret (or RDS-managed) that rotates within secretRotationDays.',
  fix: 'Use credentials from a generated secret and rotate it (Credentials.fromGeneratedSecret + addRotationSingleUser), or set ManageMasterUserPassword: true.',
  check(res, ctx) {
    const { index } = ctx;
    if (!judged(res, index) || isReadReplica(res, index)) return undefined;
    const managed = index.prop(res, 'ManageMasterUserPassword');
    if (V.isTrue(managed)) {
      return ctx.thresholds.meets('secretRotationDays', RDS_MANAGED_ROTATION_DAYS)
        ? pass('Properties.ManageMasterUserPassword', managed, `RDS manages the master password in Secrets Manager and rotates it every ${RDS_MANAGED_ROTATION_DAYS} days`)
        : fail('Properties.ManageMasterUserPassword', managed, `RDS rotates its managed master secret every ${RDS_MANAGED_ROTATION_DAYS} days; secretRotationDays is ${ctx.thresholds.get('secretRotationDays')}`);
    }
    if (managed.k === 'unknown') return unknown('Properties.ManageMasterUserPassword', managed, `ManageMasterUserPassword decided at deploy time (${managed.why})`);
    const p = 'Properties.MasterUserPassword';
    const pw = index.prop(res, 'MasterUserPassword');
    switch (pw.k) {
      case 'absent': {
        const from = RESTORED_FROM.find((k) => index.prop(res, k).k !== 'absent');
        if (from) return unknown(`Properties.${from}`, index.prop(res, from), `credentials come from ${from}: check that source's master secret`);
        return fail(p, pw, `no MasterUserPassword and ManageMasterUserPassword is not true: the master password is not in Secrets Manager`);
      }
      case 'lit':
        return fail(p, '(literal, not shown)', 'the master password is written in the template: anyone who can read the template knows it, and nothing rotates it');
      case 'unknown':
        return unknown(p, pw, `master password decided at deploy time (${pw.why}); use a Secrets Manager dynamic reference`);
      case 'ref':
      case 'expr':
        return fail(p, pw, 'the master password is not a Secrets Manager dynamic reference ({{resolve:secretsmanager:...}})');
      case 'secret':
        break;
    }
    if (pw.k !== 'secret') return undefined;
    if (!pw.text.includes('{{resolve:secretsmanager:')) {
      return fail(p, pw, 'the master password is an SSM SecureString parameter: Secrets Manager cannot rotate it');
    }
    const secret = secretOf(pw.text, ctx);
    if (!secret) return unknown(p, pw, 'the master secret is defined outside this template: its rotation cannot be checked');
    return rotation(res, secret, ctx);
  },
};

/** The secret a `{{resolve:secretsmanager:<id>...}}` reference names, when it is in this template. */
function secretOf(text: string, { index }: RuleContext): CfnResource | undefined {
  // `{{resolve:secretsmanager:${Id}` (as /\{\{resolve:secretsmanager:\$\{([^}.]+)\}/ finds it, in one pass)
  const PREFIX = '{{resolve:secretsmanager:${';
  let byRef: string | undefined;
  let close = -1;
  for (let at = text.indexOf(PREFIX); at !== -1; at = text.indexOf(PREFIX, at + 1)) {
    const start = at + PREFIX.length;
    if (close < start) close = text.indexOf('}', start); // the first `}` after this start (kept while it lies ahead)
    if (close === -1) break;
    const id = text.slice(start, close);
    if (id !== '' && !id.includes('.')) {
      byRef = id;
      break;
    }
  }
  if (byRef !== undefined) {
    const r = index.get(byRef);
    if (r?.type === SECRET) return r;
    if (r?.type === ATTACHMENT) {
      const s = index.prop(r, 'SecretId');
      return s.k === 'ref' && s.target.type === SECRET ? s.target : undefined;
    }
    return undefined;
  }
  const literal = /\{\{resolve:secretsmanager:(arn:[^:]+:secretsmanager:[^:]*:[^:]*:secret:[^:}]+|[^:}]+)/.exec(text);
  if (!literal) return undefined;
  const id = literal[1];
  const name = id.startsWith('arn:') ? id.replace(/^.*:secret:/, '') : id;
  return index.ofType(SECRET).find((s) => {
    const n = V.str(index.prop(s, 'Name'));
    return n !== undefined && (n === name || (id.startsWith('arn:') && name.startsWith(n + '-')));
  });
}

function rotation(db: CfnResource, secret: CfnResource, { index, thresholds }: RuleContext): Verdict {
  const holders = [secret, ...index.referrers(secret, ATTACHMENT)];
  const schedules = [...new Set(holders.flatMap((h) => index.referrers(h, ROTATION)))]
    .filter((s) => { const id = index.prop(s, 'SecretId'); return id.k === 'ref' && holders.includes(id.target); });
  const max = thresholds.get('secretRotationDays');
  const where = `master secret ${secret.logicalId}`;
  if (schedules.length === 0) {
    return fail(undefined, secret.logicalId, `${where} has no RotationSchedule: the ${db.type === DB_CLUSTER ? 'cluster' : 'instance'} password never changes`);
  }
  let best: { days: number; s: CfnResource; shown: string } | undefined;
  for (const s of schedules) {
    const after = index.prop(s, 'RotationRules.AutomaticallyAfterDays');
    const expr = index.prop(s, 'RotationRules.ScheduleExpression');
    if (after.k === 'unknown' || expr.k === 'unknown') {
      return unknown('Properties.RotationRules', after.k === 'unknown' ? after : expr, `rotation period of ${where} decided at deploy time`, s);
    }
    const days = V.num(after) ?? (V.str(expr) !== undefined ? scheduleIntervalDays(V.str(expr)!) : undefined);
    if (days === undefined) {
      if (expr.k === 'lit') return unknown('Properties.RotationRules.ScheduleExpression', expr, `rotation schedule of ${where} not understood`, s);
      continue;
    }
    if (!best || days < best.days) best = { days, s, shown: after.k === 'lit' ? `AutomaticallyAfterDays ${after.v}` : V.show(expr) };
  }
  if (!best) return fail('Properties.RotationRules', '(not set)', `${where}: rotation schedule without RotationRules`, schedules[0]);
  return thresholds.meets('secretRotationDays', best.days)
    ? pass('Properties.MasterUserPassword', `${secret.logicalId}, ${best.shown}`, `${where} in Secrets Manager, rotated ${best.shown} (secretRotationDays ${max})`)
    : fail('Properties.RotationRules', best.shown, `${where} rotates ${best.shown}, longer than secretRotationDays ${max}`, best.s);
}
