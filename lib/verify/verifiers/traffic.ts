/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../checks/model';
import { fail, LiveResource, LiveVerdict, LiveVerifier, ofType, pass, props, round, stackAsResource, unknown, VerifyContext } from '../context';
import { max, metricValues, MetricQuery, sum } from '../metrics';

/** An entry point whose requests, errors and latency CloudWatch counts. */
interface Source {
  readonly resource: LiveResource;
  readonly label: string;
  readonly namespace: string;
  readonly dims: Record<string, string>;
  readonly errors: string[];
  readonly requests: string;
  readonly latency: string;
  /** Multiply the latency metric by this to get milliseconds. */
  readonly toMs: number;
  /** A Lambda function that was not invoked in the window is not judged (providers, rotation, hooks). */
  readonly optional: boolean;
}

interface Traffic {
  readonly source: Source;
  readonly requests?: number;
  readonly errors: number;
}

interface TrafficResult {
  readonly traffic: Traffic[];
  /** Entry points that cannot be measured (no name to query by). */
  readonly problems: LiveVerdict[];
}

/** The stack's entry points (load balancers, APIs, functions) and their traffic over the window, read once per run. */
function traffic(ctx: VerifyContext): Promise<TrafficResult> {
  return ctx.memo('traffic', async () => {
    const sources: Source[] = [];
    const problems: LiveVerdict[] = [];
    for (const r of ofType(ctx, 'AWS::ElasticLoadBalancingV2::LoadBalancer')) {
      const m = /:loadbalancer\/(app\/.+)$/.exec(r.physicalId);
      if (!m) continue; // network and gateway load balancers count no HTTP errors
      sources.push({ resource: r, label: 'load balancer', namespace: 'AWS/ApplicationELB', dims: { LoadBalancer: m[1] }, errors: ['HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count'], requests: 'RequestCount', latency: 'TargetResponseTime', toMs: 1000, optional: false });
    }
    for (const r of ofType(ctx, 'AWS::ApiGateway::RestApi')) {
      const name = props(r).Name;
      if (typeof name !== 'string') {
        problems.push(unknown(r, 'the REST API has no literal Name in the deployed template, and API Gateway metrics are keyed by ApiName'));
        continue;
      }
      sources.push({ resource: r, label: 'REST API', namespace: 'AWS/ApiGateway', dims: { ApiName: name }, errors: ['5XXError'], requests: 'Count', latency: 'Latency', toMs: 1, optional: false });
    }
    for (const r of ofType(ctx, 'AWS::ApiGatewayV2::Api')) {
      if (props(r).ProtocolType === 'WEBSOCKET') continue;
      sources.push({ resource: r, label: 'HTTP API', namespace: 'AWS/ApiGateway', dims: { ApiId: r.physicalId }, errors: ['5xx'], requests: 'Count', latency: 'Latency', toMs: 1, optional: false });
    }
    for (const r of ofType(ctx, 'AWS::Lambda::Function')) {
      sources.push({ resource: r, label: 'function', namespace: 'AWS/Lambda', dims: { FunctionName: r.physicalId }, errors: ['Errors'], requests: 'Invocations', latency: 'Duration', toMs: 1, optional: true });
    }
    const queries: MetricQuery[] = [];
    for (const s of sources) {
      queries.push({ namespace: s.namespace, metric: s.requests, dims: s.dims, stat: 'Sum', period: 'window' });
      for (const e of s.errors) queries.push({ namespace: s.namespace, metric: e, dims: s.dims, stat: 'Sum', period: 'window' });
    }
    const values = queries.length > 0 ? await metricValues(ctx, queries) : [];
    let q = 0;
    const out: Traffic[] = sources.map((source) => {
      const requests = sum(values[q++]);
      let errors = 0;
      // ELB publishes 5xx counts only when there were some: no datapoint is zero errors.
      for (let i = 0; i < source.errors.length; i++) errors += sum(values[q++]) ?? 0;
      return { source, requests, errors };
    });
    return { traffic: out, problems };
  });
}

/** When nothing in a stack served traffic, one unknown on the stack says so. */
function noTraffic(ctx: VerifyContext, judged: LiveVerdict[], all: Traffic[], what: string): LiveVerdict[] {
  const out: LiveVerdict[] = [];
  for (const stack of ctx.stacks) {
    const here = all.filter((t) => t.source.resource.stack === stack);
    if (here.length === 0 || judged.some((v) => v.resource.stack === stack)) continue;
    out.push(unknown(stackAsResource(stack), `no traffic in the window, so no ${what} can be shown: none of ${here.length} entry point(s) and function(s) (${here.slice(0, 5).map((t) => t.source.resource.logicalId).join(', ')}${here.length > 5 ? ', ...' : ''}) served a request`));
  }
  return out;
}

/** LIVE-ERROR-RATE. @internal */
export const LiveErrorRate: LiveVerifier = {
  id: 'LiveErrorRate',
  items: ['LIVE-ERROR-RATE'],
  severity: Severity.CRITICAL,
  description: 'Errors ÷ requests of every entry point over the window stay at or below errorRatePercent.',
  fix: 'Find the failing requests (logs, traces) and fix or roll back the release; the canary alarm should have stopped it.',
  async verify(ctx) {
    const { traffic: all, problems } = await traffic(ctx);
    const limit = ctx.thresholds.errorRatePercent;
    const out: LiveVerdict[] = [...problems];
    for (const t of all) {
      const s = t.source;
      const property = `${s.namespace} (${s.errors.join(' + ')}) / ${s.requests}`;
      if (!t.requests) {
        if (!s.optional) out.push(unknown(s.resource, `the ${s.label} served no request in the window, so its error rate cannot be shown`, '0 requests', property));
        continue;
      }
      const pct = (100 * t.errors) / t.requests;
      const value = `${round(pct, 3)} % (${t.errors} of ${t.requests})`;
      out.push(pct <= limit
        ? pass(s.resource, `${s.label} error rate ${round(pct, 3)} % <= ${limit} %`, value, property)
        : fail(s.resource, `${s.label} error rate ${round(pct, 3)} % > ${limit} % over the window`, value, property));
    }
    return [...out, ...noTraffic(ctx, out, all, 'error rate')];
  },
};

/** LIVE-LATENCY. @internal */
export const LiveLatency: LiveVerifier = {
  id: 'LiveLatency',
  items: ['LIVE-LATENCY'],
  severity: Severity.HIGH,
  description: 'p95 and p99 response times (and the average) over the window stay within latencyP95Ms and latencyP99Ms.',
  fix: 'Profile the slow path (traces, database slow-query log, cache hit rate) and scale or optimise it.',
  async verify(ctx) {
    const { traffic: all, problems } = await traffic(ctx);
    const busy = all.filter((t) => t.requests);
    const queries: MetricQuery[] = busy.flatMap((t) => ['p95', 'p99', 'Average'].map((stat) => ({ namespace: t.source.namespace, metric: t.source.latency, dims: t.source.dims, stat, period: 'window' as const })));
    const values = queries.length > 0 ? await metricValues(ctx, queries) : [];
    const p95Limit = ctx.thresholds.latencyP95Ms;
    const p99Limit = ctx.thresholds.latencyP99Ms;
    const out: LiveVerdict[] = [...problems];
    busy.forEach((t, i) => {
      const s = t.source;
      const [p95, p99, avg] = [0, 1, 2].map((k) => {
        const v = max(values[3 * i + k]);
        return v === undefined ? undefined : v * s.toMs;
      });
      const property = `${s.namespace} ${s.latency} p95/p99/avg`;
      if (p95 === undefined || p99 === undefined || avg === undefined) {
        out.push(unknown(s.resource, `no ${s.latency} percentiles for the ${s.label} in the window`, undefined, property));
        return;
      }
      const value = `p95 ${round(p95, 1)} ms, p99 ${round(p99, 1)} ms, avg ${round(avg, 1)} ms`;
      const over = [p95 > p95Limit ? `p95 > ${p95Limit} ms` : '', p99 > p99Limit ? `p99 > ${p99Limit} ms` : '', avg > p95Limit ? `average > ${p95Limit} ms` : ''].filter(Boolean);
      out.push(over.length === 0
        ? pass(s.resource, `${s.label} latency within p95 ${p95Limit} ms / p99 ${p99Limit} ms`, value, property)
        : fail(s.resource, `${s.label} latency over target: ${over.join(', ')}`, value, property));
    });
    for (const t of all) {
      if (!t.requests && !t.source.optional) out.push(unknown(t.source.resource, `the ${t.source.label} served no request in the window, so its latency cannot be shown`, '0 requests'));
    }
    return [...out, ...noTraffic(ctx, out, all, 'latency')];
  },
};

/** Invocations of a function over the window (shared with the logs verifier). @internal */
export async function invocations(ctx: VerifyContext, fn: LiveResource): Promise<number | undefined> {
  const { traffic: all } = await traffic(ctx);
  return all.find((t) => t.source.resource === fn)?.requests;
}
