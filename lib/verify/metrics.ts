/* eslint-disable @typescript-eslint/no-explicit-any */
import { VerifyContext, windowStart } from './context';

/** One CloudWatch metric statistic over the window. @internal */
export interface MetricQuery {
  readonly namespace: string;
  readonly metric: string;
  readonly dims: Record<string, string>;
  /** `Sum`, `Maximum`, `Minimum`, `Average`, `p95`, `p99`. */
  readonly stat: string;
  /**
   * `window`: one period as long as the window (sums and percentiles of the
   * whole window); `5m`: five-minute periods (utilisation, the way alarms see it).
   */
  readonly period: 'window' | '5m';
}

/** The datapoints of each query, in order. @internal */
export type MetricValues = number[][];

/**
 * One GetMetricData call (paginated) for the queries, over the window ending
 * at `ctx.now`. No metric math and no server-side aggregation beyond the
 * statistic: ratios are computed in code.
 * @internal
 */
export async function metricValues(ctx: VerifyContext, queries: MetricQuery[]): Promise<MetricValues> {
  const windowPeriod = Math.max(60, Math.floor(ctx.windowSeconds / 60) * 60);
  const out: MetricValues = queries.map(() => []);
  for (let start = 0; start < queries.length; start += 500) {
    const batch = queries.slice(start, start + 500);
    const input = {
      StartTime: windowStart(ctx),
      EndTime: ctx.now,
      ScanBy: 'TimestampDescending',
      MetricDataQueries: batch.map((q, i) => ({
        Id: `q${start + i}`,
        ReturnData: true,
        MetricStat: {
          Metric: { Namespace: q.namespace, MetricName: q.metric, Dimensions: Object.entries(q.dims).map(([Name, Value]) => ({ Name, Value })) },
          Period: q.period === 'window' ? windowPeriod : Math.min(300, windowPeriod),
          Stat: q.stat,
        },
      })),
    };
    const { pages } = await ctx.clients.pages('cloudwatch', 'GetMetricData', input, 'NextToken', 'NextToken', 20);
    for (const page of pages) {
      for (const r of page.MetricDataResults ?? []) {
        const idx = Number(String(r.Id).slice(1));
        if (Number.isInteger(idx) && out[idx]) out[idx].push(...(r.Values ?? []).filter((v: any) => typeof v === 'number' && Number.isFinite(v)));
      }
    }
  }
  return out;
}

/** Sum of the datapoints, or undefined without data. @internal */
export function sum(values: number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
}

/**
 * Largest datapoint, or undefined without data. For a percentile over several
 * periods this is an upper bound of the window's percentile (if every period's
 * p95 is <= X, at least 95 % of the window's samples are), so a pass stays true.
 * @internal
 */
export function max(values: number[]): number | undefined {
  return values.length === 0 ? undefined : Math.max(...values);
}

/** Smallest datapoint, or undefined without data. @internal */
export function min(values: number[]): number | undefined {
  return values.length === 0 ? undefined : Math.min(...values);
}
