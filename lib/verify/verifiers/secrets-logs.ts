/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../checks/model';
import { ago, eachResource, fail, literal, LiveResource, LiveVerifier, ofType, pass, props, toDate, unknown, VerifyContext, windowStart } from '../context';
import { invocations } from './traffic';

const DAY = 86_400_000;

/** LIVE-SECRET-ROTATION. @internal */
export const LiveSecretRotation: LiveVerifier = {
  id: 'LiveSecretRotation',
  items: ['LIVE-SECRET-ROTATION'],
  severity: Severity.HIGH,
  description: 'Every secret of the stack has rotation enabled, was rotated within secretRotationDays, and has no rotation left pending.',
  fix: 'Turn rotation on, read the rotation function\'s logs for the failed step, and rotate the secret (aws secretsmanager rotate-secret).',
  async verify(ctx) {
    const days = ctx.thresholds.secretRotationDays;
    return eachResource(ofType(ctx, 'AWS::SecretsManager::Secret'), async (r) => {
      let s: any;
      try {
        s = await ctx.clients.send('secretsmanager', 'DescribeSecret', { SecretId: r.physicalId });
      } catch (e) {
        if ((e as Error).name === 'ResourceNotFoundException') return fail(r, 'the secret does not exist');
        throw e;
      }
      const last = toDate(s.LastRotatedDate);
      const value = `RotationEnabled ${!!s.RotationEnabled}, last rotated ${last ? ago(ctx, last) : 'never'}`;
      if (!s.RotationEnabled) return fail(r, 'rotation is not enabled on the secret', value, 'RotationEnabled');
      const stages: Record<string, string[]> = s.VersionIdsToStages ?? {};
      const pending = Object.entries(stages).find(([, st]) => st.includes('AWSPENDING') && !st.includes('AWSCURRENT'));
      if (pending) return fail(r, `a rotation did not complete: version ${pending[0]} is still AWSPENDING (a failed rotation leaves it; so does one running right now)`, value, 'VersionIdsToStages');
      if (!last) {
        const created = toDate(s.CreatedDate);
        if (created && ctx.now.getTime() - created.getTime() > days * DAY) return fail(r, `the secret was created ${ago(ctx, created)} and never rotated`, value, 'LastRotatedDate');
        return unknown(r, 'the secret has not been rotated yet, so no rotation can be shown to succeed', value, 'LastRotatedDate');
      }
      const age = (ctx.now.getTime() - last.getTime()) / DAY;
      return age <= days
        ? pass(r, `rotated ${ago(ctx, last)}, within ${days} days`, value, 'LastRotatedDate')
        : fail(r, `last rotated ${ago(ctx, last)}, more than ${days} days ago`, value, 'LastRotatedDate');
    });
  },
};

/**
 * The application log groups: the groups the stack's Lambda functions (when
 * invoked in the window) and ECS containers write to.
 */
async function appLogGroups(ctx: VerifyContext): Promise<Array<{ resource: LiveResource; group?: string; why: string }>> {
  const out: Array<{ resource: LiveResource; group?: string; why: string }> = [];
  const groupResource = (stackOf: LiveResource, name: string) =>
    ctx.resources.find((g) => g.stack === stackOf.stack && g.type === 'AWS::Logs::LogGroup' && g.physicalId === name) ?? stackOf;
  for (const fn of ofType(ctx, 'AWS::Lambda::Function')) {
    if (!(await invocations(ctx, fn))) continue; // an idle function writes nothing
    const configured = props(fn).LoggingConfig?.LogGroup;
    const group = configured === undefined ? `/aws/lambda/${fn.physicalId}` : literal(ctx, fn.stack, configured);
    out.push({ resource: group ? groupResource(fn, group) : fn, group, why: `function ${fn.logicalId}` });
  }
  for (const td of ofType(ctx, 'AWS::ECS::TaskDefinition')) {
    for (const c of props(td).ContainerDefinitions ?? []) {
      const lc = c?.LogConfiguration;
      if (lc?.LogDriver !== 'awslogs') continue;
      const group = literal(ctx, td.stack, lc.Options?.['awslogs-group']);
      out.push({ resource: group ? groupResource(td, group) : td, group, why: `container ${c.Name ?? '?'} of ${td.logicalId}` });
    }
  }
  const seen = new Set<string>();
  return out.filter((g) => {
    const key = g.group ?? `${g.resource.stack.name}/${g.why}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** LIVE-LOGS-FLOWING. @internal */
export const LiveLogsFlowing: LiveVerifier = {
  id: 'LiveLogsFlowing',
  items: ['LIVE-LOGS-FLOWING'],
  severity: Severity.MEDIUM,
  description: 'Every application log group received events in the window.',
  fix: 'Check the log configuration of the function or container, its role\'s logs:PutLogEvents permission, and that the service is running.',
  async verify(ctx) {
    const groups = await appLogGroups(ctx);
    const start = windowStart(ctx);
    const verdicts = await Promise.all(groups.map(async (g) => {
      const property = `logs ${g.group ?? '?'}`;
      if (!g.group) return unknown(g.resource, `the log group of ${g.why} is not a literal or a log group of the stack`, undefined, property);
      try {
        const { pages, truncated } = await ctx.clients.pages('logs', 'FilterLogEvents', { logGroupName: g.group, startTime: start.getTime(), endTime: ctx.now.getTime() + 60_000, limit: 1 }, 'nextToken', 'nextToken', 10);
        const ev = pages.flatMap((p) => p.events ?? [])[0];
        if (ev) return pass(g.resource, `${g.group} (${g.why}) received events in the window`, `an event at ${ago(ctx, new Date(ev.timestamp))}`, property);
        return truncated
          ? unknown(g.resource, `${g.group} (${g.why}): the search found no event in 10 pages and did not finish`, undefined, property)
          : fail(g.resource, `${g.group} (${g.why}) received no event since ${start.toISOString()}`, '0 events', property);
      } catch (e) {
        if ((e as Error).name === 'ResourceNotFoundException') return fail(g.resource, `${g.group} (${g.why}) does not exist`, undefined, property);
        throw e;
      }
    }));
    return verdicts;
  },
};
