/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../checks/model';
import { ago, arn, eachResource, fail, LiveResource, LiveVerdict, LiveVerifier, ofType, pass, props, toDate, unknown, VerifyContext, windowStart } from '../context';
import { inCluster, rdsInstance } from '../describe';

const HOUR = 3_600_000;
const FAILED = new Set(['FAILED', 'ABORTED', 'EXPIRED']);

/** The data stores of the stack AWS Backup protects, with their ARNs (Aurora members are backed up with their cluster). */
async function dataStores(ctx: VerifyContext): Promise<Array<{ resource: LiveResource; arn: string }>> {
  const out: Array<{ resource: LiveResource; arn: string }> = [];
  for (const r of ctx.resources) {
    if (r.type === 'AWS::RDS::DBCluster') out.push({ resource: r, arn: arn(ctx, 'rds', `cluster:${r.physicalId}`) });
    else if (r.type === 'AWS::RDS::DBInstance') {
      if (props(r).DBClusterIdentifier !== undefined || inCluster(await rdsInstance(ctx, r.physicalId))) continue;
      out.push({ resource: r, arn: arn(ctx, 'rds', `db:${r.physicalId}`) });
    } else if (r.type === 'AWS::DynamoDB::Table' || r.type === 'AWS::DynamoDB::GlobalTable') out.push({ resource: r, arn: arn(ctx, 'dynamodb', `table/${r.physicalId}`) });
    else if (r.type === 'AWS::EFS::FileSystem') out.push({ resource: r, arn: arn(ctx, 'elasticfilesystem', `file-system/${r.physicalId}`) });
  }
  return out;
}

/** Jobs of a resource created since `since`, newest first. */
async function jobs(ctx: VerifyContext, command: string, listKey: string, input: any): Promise<any[]> {
  const { pages } = await ctx.clients.pages('backup', command, input, 'NextToken', 'NextToken', 20);
  return pages.flatMap((p) => p[listKey] ?? []).sort((a, b) => (toDate(b.CreationDate)?.getTime() ?? 0) - (toDate(a.CreationDate)?.getTime() ?? 0));
}

/**
 * The latest completed job within `maxAgeHours`, and no failed job in the
 * window: the verdict shared by backup and copy jobs.
 */
function judgeJobs(ctx: VerifyContext, r: LiveResource, list: any[], what: string, maxAgeHours: number, property: string): LiveVerdict {
  const start = windowStart(ctx);
  const failed = list.find((j) => FAILED.has(j.State) && (toDate(j.CreationDate) ?? ctx.now) >= start);
  const done = list
    .filter((j) => j.State === 'COMPLETED' && toDate(j.CompletionDate))
    .sort((a, b) => toDate(b.CompletionDate)!.getTime() - toDate(a.CompletionDate)!.getTime())[0];
  const last = done ? toDate(done.CompletionDate)! : undefined;
  const value = last ? `latest completed ${ago(ctx, last)}` : `no completed ${what} job`;
  if (failed) return fail(r, `a ${what} job ${failed.State} in the window (${ago(ctx, toDate(failed.CreationDate) ?? ctx.now)}): ${String(failed.StatusMessage ?? '').slice(0, 160)}`, value, property);
  if (!last) return fail(r, `no completed ${what} job in the last ${maxAgeHours} h`, value, property);
  const ageHours = (ctx.now.getTime() - last.getTime()) / HOUR;
  return ageHours <= maxAgeHours
    ? pass(r, `latest ${what} job completed ${ago(ctx, last)}, within ${maxAgeHours} h`, value, property)
    : fail(r, `latest completed ${what} job is ${Math.round(ageHours)} h old, more than ${maxAgeHours} h`, value, property);
}

/** LIVE-BACKUP-JOBS. @internal */
export const LiveBackupJobs: LiveVerifier = {
  id: 'LiveBackupJobs',
  items: ['LIVE-BACKUP-JOBS'],
  severity: Severity.CRITICAL,
  description: 'The latest AWS Backup job of every data store completed within backupMaxAgeHours, and none failed in the window.',
  fix: 'Read the failed job\'s status message (aws backup describe-backup-job), fix the role, vault or resource, and start an on-demand backup.',
  async verify(ctx) {
    const maxAge = ctx.thresholds.backupMaxAgeHours;
    const since = new Date(ctx.now.getTime() - Math.max((maxAge + 48) * HOUR, ctx.windowSeconds * 1000));
    return eachResource((await dataStores(ctx)).map((d) => d.resource), async (r) => {
      const store = (await dataStores(ctx)).find((d) => d.resource === r)!;
      const list = await jobs(ctx, 'ListBackupJobs', 'BackupJobs', { ByResourceArn: store.arn, ByCreatedAfter: since });
      return judgeJobs(ctx, r, list, 'backup', maxAge, `backup jobs of ${store.arn}`);
    });
  },
};

/** Destination vaults of the copy actions of the stack's backup plans (`*` when a destination is not a literal). */
function copyDestinations(ctx: VerifyContext): Map<LiveResource['stack'], Set<string>> {
  const out = new Map<LiveResource['stack'], Set<string>>();
  for (const plan of ofType(ctx, 'AWS::Backup::BackupPlan')) {
    for (const rule of props(plan).BackupPlan?.BackupPlanRule ?? []) {
      for (const c of rule?.CopyActions ?? []) {
        if (!out.has(plan.stack)) out.set(plan.stack, new Set());
        out.get(plan.stack)!.add(typeof c?.DestinationBackupVaultArn === 'string' ? c.DestinationBackupVaultArn : '*');
      }
    }
  }
  return out;
}

/** LIVE-BACKUP-COPIES. @internal */
export const LiveBackupCopies: LiveVerifier = {
  id: 'LiveBackupCopies',
  items: ['LIVE-BACKUP-COPIES'],
  severity: Severity.HIGH,
  description: 'Where the stack\'s backup plan copies recovery points, the latest copy job of every data store completed within backupMaxAgeHours and none failed in the window.',
  fix: 'Read the failed copy job (aws backup describe-copy-job): the destination vault\'s access policy and key policy must admit the copy.',
  async verify(ctx) {
    const destinations = copyDestinations(ctx);
    const maxAge = ctx.thresholds.backupMaxAgeHours;
    const since = new Date(ctx.now.getTime() - Math.max((maxAge + 48) * HOUR, ctx.windowSeconds * 1000));
    const stores = (await dataStores(ctx)).filter((d) => destinations.has(d.resource.stack));
    return eachResource(stores.map((d) => d.resource), async (r) => {
      const store = stores.find((d) => d.resource === r)!;
      const dest = destinations.get(r.stack)!;
      const list = (await jobs(ctx, 'ListCopyJobs', 'CopyJobs', { ByResourceArn: store.arn, ByCreatedAfter: since }))
        .filter((j) => dest.has('*') || dest.has(j.DestinationBackupVaultArn));
      return judgeJobs(ctx, r, list, 'copy', maxAge, `copy jobs of ${store.arn} to ${[...dest].join(', ')}`);
    });
  },
};

/**
 * The longest gap between two runs of a restore-testing schedule, in hours, or
 * undefined for a schedule we cannot bound (then the verdict is unknown).
 * `rate(n unit)`; `cron(min hour dom month dow year)` with one day of the week
 * (weekly), one day of the month (monthly) or neither (daily, or hourly).
 * @internal
 */
export function schedulePeriodHours(expr: string): number | undefined {
  const rate = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/i.exec(expr.trim());
  if (rate) {
    const n = Number(rate[1]);
    const unit = rate[2].toLowerCase();
    return unit.startsWith('minute') ? n / 60 : unit.startsWith('hour') ? n : n * 24;
  }
  const cron = /^cron\(\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(\S+))?\s*\)$/i.exec(expr.trim());
  if (!cron) return undefined;
  const [, minute, hour, dom, month, dow] = cron;
  const any = (f: string) => f === '*' || f === '?';
  const single = (f: string) => /^[0-9A-Za-z]+(#\d)?$/.test(f) || /^L$/i.test(f);
  if (!any(month)) return undefined;
  if (!/^\d+$/.test(minute)) return undefined;
  if (any(dom) && any(dow)) {
    if (any(hour)) return 1;
    return /^\d+$/.test(hour) ? 24 : undefined;
  }
  if (!/^\d+$/.test(hour)) return undefined;
  if (any(dom) && single(dow)) return /#/.test(dow) ? 24 * 35 : 24 * 7;
  if (any(dow) && single(dom)) return 24 * 31;
  return undefined;
}

/** LIVE-RESTORE-TESTS. @internal */
export const LiveRestoreTests: LiveVerifier = {
  id: 'LiveRestoreTests',
  items: ['LIVE-RESTORE-TESTS'],
  severity: Severity.HIGH,
  description: 'Every restore testing plan of the stack completed a restore within one schedule period plus its start window, with no failed restore or validation since.',
  fix: 'Read the failed restore job (aws backup describe-restore-job) and its validation status; fix the selection, role or validation hook.',
  async verify(ctx) {
    return eachResource(ofType(ctx, 'AWS::Backup::RestoreTestingPlan'), async (r) => {
      const name = r.physicalId.startsWith('arn:') ? r.physicalId.split(':').pop()! : r.physicalId;
      const plan = (await ctx.clients.send('backup', 'GetRestoreTestingPlan', { RestoreTestingPlanName: name })).RestoreTestingPlan;
      if (!plan) return fail(r, `restore testing plan ${name} does not exist`);
      const period = schedulePeriodHours(String(plan.ScheduleExpression ?? ''));
      const property = `restore jobs of ${name} (${plan.ScheduleExpression})`;
      if (period === undefined) return unknown(r, `the schedule ${plan.ScheduleExpression} is not one cdk-golive can bound (rate, or cron daily/weekly/monthly)`, undefined, property);
      const due = period + Number(plan.StartWindowHours ?? 24) + 24; // one period, the start window, a day to finish
      const since = new Date(ctx.now.getTime() - Math.max(due * HOUR, ctx.windowSeconds * 1000));
      const list = await jobs(ctx, 'ListRestoreJobs', 'RestoreJobs', { ByRestoreTestingPlanArn: plan.RestoreTestingPlanArn, ByCreatedAfter: since });
      const done = list.find((j) => j.Status === 'COMPLETED');
      const bad = list.find((j) => (FAILED.has(j.Status) || ['FAILED', 'TIMED_OUT'].includes(j.ValidationStatus)) && (!done || toDate(j.CreationDate)! >= toDate(done.CreationDate)!));
      if (bad) return fail(r, `a restore test ${bad.Status === 'COMPLETED' ? `validation ${bad.ValidationStatus}` : bad.Status} ${ago(ctx, toDate(bad.CreationDate) ?? ctx.now)}: ${String(bad.StatusMessage ?? bad.ValidationStatusMessage ?? '').slice(0, 160)}`, undefined, property);
      if (!done) return fail(r, `no completed restore test in the last ${Math.round(due)} h (schedule ${plan.ScheduleExpression}, start window ${plan.StartWindowHours ?? 24} h)`, '0 completed', property);
      return pass(r, `restore test completed ${ago(ctx, toDate(done.CompletionDate ?? done.CreationDate)!)}`, `latest ${ago(ctx, toDate(done.CreationDate)!)}`, property);
    });
  },
};
