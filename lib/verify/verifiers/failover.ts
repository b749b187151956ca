/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../checks/model';
import { ago, arn, eachResource, fail, LiveResource, LiveVerdict, LiveVerifier, pass, toDate, unknown, VerifyContext } from '../context';
import { inCluster, rdsInstance } from '../describe';

const DAY = 86_400_000;
/** RDS and ElastiCache keep their events this many days. */
const EVENT_DAYS = 14;
/** At most this many recent completed experiments are resolved to their targets. */
const MAX_EXPERIMENTS = 50;

/** ARN → latest completion of a completed FIS experiment that targeted it, within `days`. */
function fisTargets(ctx: VerifyContext, days: number): Promise<Map<string, { at: Date; id: string }>> {
  return ctx.memo('fis', async () => {
    const since = ctx.now.getTime() - days * DAY;
    const { pages } = await ctx.clients.pages('fis', 'ListExperiments', { maxResults: 100 }, 'nextToken', 'nextToken', 20);
    const done = pages.flatMap((p) => p.experiments ?? [])
      .filter((e: any) => e.state?.status === 'completed' && (toDate(e.endTime) ?? toDate(e.creationTime) ?? new Date(0)).getTime() >= since)
      .sort((a: any, b: any) => (toDate(b.creationTime)?.getTime() ?? 0) - (toDate(a.creationTime)?.getTime() ?? 0))
      .slice(0, MAX_EXPERIMENTS);
    const out = new Map<string, { at: Date; id: string }>();
    for (const e of done) {
      const at = toDate(e.endTime) ?? toDate(e.creationTime)!;
      const { pages: targets } = await ctx.clients.pages('fis', 'ListExperimentResolvedTargets', { experimentId: e.id, maxResults: 100 }, 'nextToken', 'nextToken', 10);
      for (const t of targets.flatMap((p) => p.resolvedTargets ?? [])) {
        const prev = out.get(t.resourceArn);
        if (t.resourceArn && (!prev || prev.at < at)) out.set(t.resourceArn, { at, id: e.id });
      }
    }
    return out;
  });
}

/** The resources a failover drill must have exercised: DB clusters, Multi-AZ instances, cache replication groups. */
async function failoverResources(ctx: VerifyContext): Promise<Array<{ resource: LiveResource; arn: string; events: (since: Date) => Promise<any | undefined> }>> {
  const out: Array<{ resource: LiveResource; arn: string; events: (since: Date) => Promise<any | undefined> }> = [];
  const rdsEvent = (type: string, id: string) => async (since: Date) => {
    const { pages } = await ctx.clients.pages('rds', 'DescribeEvents', { SourceType: type, SourceIdentifier: id, StartTime: since, EndTime: ctx.now, EventCategories: ['failover'] }, 'Marker', 'Marker', 10);
    return pages.flatMap((p) => p.Events ?? []).find((e: any) => /fail ?over/i.test(String(e.Message)) || (e.EventCategories ?? []).includes('failover'));
  };
  for (const r of ctx.resources) {
    if (r.type === 'AWS::RDS::DBCluster') {
      out.push({ resource: r, arn: arn(ctx, 'rds', `cluster:${r.physicalId}`), events: rdsEvent('db-cluster', r.physicalId) });
    } else if (r.type === 'AWS::RDS::DBInstance') {
      const db = await rdsInstance(ctx, r.physicalId);
      if (!db || inCluster(db) || !db.MultiAZ) continue;
      out.push({ resource: r, arn: arn(ctx, 'rds', `db:${r.physicalId}`), events: rdsEvent('db-instance', r.physicalId) });
    } else if (r.type === 'AWS::ElastiCache::ReplicationGroup') {
      out.push({
        resource: r,
        arn: arn(ctx, 'elasticache', `replicationgroup:${r.physicalId}`),
        events: async (since: Date) => {
          const { pages } = await ctx.clients.pages('elasticache', 'DescribeEvents', { SourceType: 'replication-group', SourceIdentifier: r.physicalId, StartTime: since, EndTime: ctx.now }, 'Marker', 'Marker', 10);
          return pages.flatMap((p) => p.Events ?? []).find((e: any) => /fail ?over/i.test(String(e.Message)));
        },
      });
    }
  }
  return out;
}

/** LIVE-FAILOVER-DRILL. @internal */
export const LiveFailoverDrill: LiveVerifier = {
  id: 'LiveFailoverDrill',
  items: ['LIVE-FAILOVER-DRILL'],
  severity: Severity.HIGH,
  description: 'Each database cluster, Multi-AZ instance and cache replication group was failed over within failoverDrillDays: a completed AWS FIS experiment that targeted it, or a failover event.',
  fix: 'Run a failover drill: an AWS FIS experiment (aws:rds:failover-db-cluster, aws:elasticache:replicationgroup-interrupt-az-power) or a manual failover in a quiet hour.',
  async verify(ctx) {
    const days = ctx.thresholds.failoverDrillDays;
    const targets = await failoverResources(ctx);
    if (targets.length === 0) return [];
    const fis = await fisTargets(ctx, days);
    const eventDays = Math.min(days, EVENT_DAYS);
    return eachResource(targets.map((t) => t.resource), async (r): Promise<LiveVerdict> => {
      const t = targets.find((x) => x.resource === r)!;
      const exp = fis.get(t.arn);
      if (exp) return pass(r, `FIS experiment ${exp.id} targeting it completed ${ago(ctx, exp.at)}`, `drill ${ago(ctx, exp.at)}`, 'FIS experiments');
      const ev = await t.events(new Date(ctx.now.getTime() - eventDays * DAY));
      if (ev) {
        const at = toDate(ev.Date) ?? ctx.now;
        return pass(r, `failover event ${ago(ctx, at)}: ${String(ev.Message).slice(0, 120)}`, `failover ${ago(ctx, at)}`, 'failover events');
      }
      if (days <= EVENT_DAYS) return fail(r, `no FIS experiment and no failover event in the last ${days} days`, 'none', 'FIS experiments, failover events');
      return unknown(r, `no completed FIS experiment targeted it in ${days} days and no failover event in the ${EVENT_DAYS} days the service keeps events; a failover before that cannot be seen (run drills with FIS to keep their record)`, 'none seen', 'FIS experiments, failover events');
    });
  },
};
