import { Severity } from '../../model';
import { AwsRule, fail, pass, RuleContext, unknown, Verdict } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { DB_TYPES, DOCDB_CLUSTER, DOCDB_INSTANCE, describeOrigin, isCluster, judged, originOf, serviceOf } from '../../cfn/databases';
import { parameterOf, rotationPeriod, rotationSchedules } from '../../cfn/secret-values';

const SECRET = 'AWS::SecretsManager::Secret';
const ATTACHMENT = 'AWS::SecretsManager::SecretTargetAttachment';
/** RDS rotates a master user secret it manages (ManageMasterUserPassword) every 7 days. */
const RDS_MANAGED_ROTATION_DAYS = 7;

/**
 * DB-CREDENTIALS-MANAGED: the master password lives in Secrets Manager and rotates.
 *
 * - `ManageMasterUserPassword` true: RDS keeps the password in a secret it
 *   rotates every 7 days → pass (if 7 days meets `secretRotationDays`).
 * - Otherwise `MasterUserPassword` must be a `{{resolve:secretsmanager:...}}`
 *   dynamic reference (CDK: Fn::Join around a Ref to the secret). A literal
 *   password, an SSM SecureString reference, a template parameter (NoEcho or
 *   not: a value typed in at deploy is no Secrets Manager secret, and nothing
 *   rotates it) or any other value fails; an import is unknown.
 * - The secret (directly, or through its `SecretTargetAttachment`) needs an
 *   `AWS::SecretsManager::RotationSchedule` rotating at least every
 *   `secretRotationDays` (`RotationRules.AutomaticallyAfterDays`, or a
 *   `ScheduleExpression` rate()/cron()). A secret outside this template is unknown.
 *   A literal secret ARN names the template's secret only when its name, less
 *   the one `-XXXXXX` suffix Secrets Manager adds, equals the secret's `Name`
 *   and its region and account are the stack's (known); otherwise unknown.
 * Cluster members are judged on their cluster. A database restored from a
 * snapshot or created as a replica without its own password keeps its
 * source's credentials: judged on the source when it is a database of this
 * run, otherwise unknown, naming the source. So is a secondary cluster of a
 * global database.
 * A DocumentDB cluster is read alike (`ManageMasterUserPassword`: DocumentDB
 * keeps the master password in a secret it rotates, as RDS does every 7 days;
 * else `MasterUserPassword`). Neptune has no master user or password (NOT_ABOUT
 * in kinds.ts: it authenticates with IAM or not at all, DB-IAM-AUTH).
 */
export const RdsCredentialsManaged: AwsRule = {
  id: 'RdsCredentialsManaged',
  items: ['DB-CREDENTIALS-MANAGED'],
  types: [...DB_TYPES, DOCDB_CLUSTER, DOCDB_INSTANCE],
  severity: Severity.HIGH,
  description: 'The master password (RDS, DocumentDB) is a Secrets Manager secret (or service-managed) that rotates within secretRotationDays.',
  fix: 'Use credentials from a generated secret and rotate it (Credentials.fromGeneratedSecret + addRotationSingleUser), or set ManageMasterUserPassword: true.',
  check(res, ctx) {
    const { index } = ctx;
    if (!judged(res, index)) return undefined;
    const origin = originOf(res, index);
    if (origin?.replica && origin.source) return undefined; // a replica of a database of this run: judged there
    const managed = index.prop(res, 'ManageMasterUserPassword');
    if (managed.k === 'unknown') return unknown('Properties.ManageMasterUserPassword', managed, `ManageMasterUserPassword decided at deploy time (${managed.why})`);
    if (V.isTrue(managed)) {
      return ctx.thresholds.meets('secretRotationDays', RDS_MANAGED_ROTATION_DAYS)
        ? pass('Properties.ManageMasterUserPassword', managed, `${serviceOf(res)} manages the master password in Secrets Manager and rotates it every ${RDS_MANAGED_ROTATION_DAYS} days`)
        : fail('Properties.ManageMasterUserPassword', managed, `${serviceOf(res)} rotates its managed master secret every ${RDS_MANAGED_ROTATION_DAYS} days; secretRotationDays is ${ctx.thresholds.get('secretRotationDays')}`);
    }
    const p = 'Properties.MasterUserPassword';
    const pw = index.prop(res, 'MasterUserPassword');
    switch (pw.k) {
      case 'absent': {
        if (origin?.source) return undefined; // restored from a database of this run: its credentials are judged there
        if (origin) return unknown(`Properties.${origin.property}`, origin.value, `the master credentials are inherited: ${describeOrigin(origin)}; check that source's master secret`);
        const global = index.prop(res, 'GlobalClusterIdentifier');
        if (isCluster(res) && global.k !== 'absent') return unknown('Properties.GlobalClusterIdentifier', global, `a cluster of global database ${V.show(global)} without its own password: it shares the primary cluster's credentials; check them there`);
        return fail(p, pw, `no MasterUserPassword and ManageMasterUserPassword is not true: the master password is not in Secrets Manager`);
      }
      case 'lit':
        return fail(p, '(literal, not shown)', 'the master password is written in the template: anyone who can read the template knows it, and nothing rotates it');
      case 'unknown': {
        const param = parameterOf(pw, index);
        if (param) return fail(p, `Ref ${param}`, `the master password is passed as parameter ${param}: it is no Secrets Manager secret, and nothing rotates it`);
        return unknown(p, pw, `master password decided at deploy time (${pw.why}); use a Secrets Manager dynamic reference`);
      }
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
  // `{{resolve:secretsmanager:${Id}` with the reference placed by Fn::Sub / Fn::Join (`refMark`), as
  // /\{\{resolve:secretsmanager:\$\{\u0005([^}.]+)\}/ finds it, in one pass
  const PREFIX = '{{resolve:secretsmanager:${\u0005';
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
  const name = id.startsWith('arn:') ? secretNameOfArn(id, index) : id;
  if (name === undefined) return undefined;
  return index.ofType(SECRET).find((s) => V.str(index.prop(s, 'Name')) === name);
}

/**
 * The name of the secret a literal Secrets Manager ARN names, when it can be
 * a secret of this stack: Secrets Manager ends a secret's ARN with its name, a
 * hyphen and six random characters, so the name is the text before one such
 * suffix (`prod/db-legacy-AbCdEf` names `prod/db-legacy`, never `prod/db`); an
 * ARN without that suffix (a partial ARN) names the secret by its name. Its
 * region and account must be the stack's: undefined when they are another, or
 * when the stack's are not known (the secret may be in another region or account).
 */
function secretNameOfArn(arn: string, index: TemplateIndex): string | undefined {
  const parts = arn.split(':');
  const [region, account] = [parts[3], parts[4]];
  for (const [field, pseudo] of [[region, 'AWS::Region'], [account, 'AWS::AccountId']]) {
    const here = index.value({ Ref: pseudo });
    if (here.k !== 'lit' || V.show(here) !== field) return undefined;
  }
  const name = parts.slice(6).join(':');
  const suffix = /-[A-Za-z0-9]{6}$/.exec(name);
  return suffix ? name.slice(0, suffix.index) : name;
}

function rotation(db: CfnResource, secret: CfnResource, { index, thresholds }: RuleContext): Verdict {
  const schedules = rotationSchedules(secret, index);
  const max = thresholds.get('secretRotationDays');
  const where = `master secret ${secret.logicalId}`;
  if (schedules.length === 0) {
    return fail(undefined, secret.logicalId, `${where} has no RotationSchedule: the ${isCluster(db) ? 'cluster' : 'instance'} password never changes`);
  }
  let best: { days: number; s: CfnResource; shown: string } | undefined;
  for (const s of schedules) {
    const r = rotationPeriod(s, index);
    if (r.k === 'unknown') return unknown(r.property, r.value, `rotation of ${where}: ${r.why}`, s);
    if (r.k !== 'days') continue;
    if (!best || r.days < best.days) best = { days: r.days, s, shown: r.shown };
  }
  if (!best) return fail('Properties.RotationRules', '(not set)', `${where}: rotation schedule without RotationRules`, schedules[0]);
  return thresholds.meets('secretRotationDays', best.days)
    ? pass('Properties.MasterUserPassword', `${secret.logicalId}, ${best.shown}`, `${where} in Secrets Manager, rotated ${best.shown} (secretRotationDays ${max})`)
    : fail('Properties.RotationRules', best.shown, `${where} rotates ${best.shown}, longer than secretRotationDays ${max}`, best.s);
}
