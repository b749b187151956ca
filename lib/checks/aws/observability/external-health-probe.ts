import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { ALARM_TYPE, notifies, parseAlarm, valueText } from '../../cfn/alarms';
import { firesOn } from './signals';
import { inStackRegion } from '../../cfn/names';
import { frontOfTargetGroups, isInternetFacing, lbType, pointsAt, serviceTraffic } from '../../cfn/load-balancers';
import { functionTargetGroups, invocationTargets, isServiceCompute } from '../../cfn/service-compute';
import { candidates, Keyed, keyedIndex } from '../../cfn/keyed';
import { settledFor } from '../../cfn/settled';

const RECORDS = ['AWS::Route53::RecordSet', 'AWS::Route53::RecordSetGroup'];
const PROBES = ['AWS::Synthetics::Canary', 'AWS::Route53::HealthCheck'];

/**
 * The public entry points of service compute, in the current world:
 * internet-facing load balancers in front of an ECS service or of a function
 * (its target group may invoke the function or the alias that releases it),
 * function URLs and APIs of the function or its aliases.
 */
function entryPoints(res: CfnResource, index: TemplateIndex): CfnResource[] {
  const out = new Set<CfnResource>();
  const balancers = res.type === 'AWS::ECS::Service'
    ? serviceTraffic(index, res).loadBalancers
    : frontOfTargetGroups(index, functionTargetGroups(index, res)).loadBalancers;
  for (const lb of balancers) if (isPublic(lb, index)) out.add(lb);
  if (res.type === 'AWS::ECS::Service') return [...out];
  for (const target of invocationTargets(index, res)) {
    for (const u of index.referrers(target, 'AWS::Lambda::Url')) if (pointsAt(index.prop(u, 'TargetFunctionArn'), target)) out.add(u);
    for (const m of index.referrers(target, 'AWS::ApiGateway::Method', 'AWS::ApiGatewayV2::Integration')) {
      const api = index.prop(m, m.type === 'AWS::ApiGateway::Method' ? 'RestApiId' : 'ApiId');
      if (api.k === 'ref') out.add(api.target);
    }
  }
  return [...out];
}

/** An internet-facing Application or Network Load Balancer (judged in every world its type and scheme can take). */
function isPublic(lb: CfnResource, index: TemplateIndex): boolean {
  const type = lbType(lb, index);
  return (type === 'application' || type === 'network') && isInternetFacing(lb, index);
}

/** Everything a probe may name to reach the entry points: the resources, CDN distributions, and DNS names. */
interface Addresses {
  readonly ids: Set<string>;
  readonly hosts: Set<string>;
  /** Why a host name of the entry points is decided at deploy time (a probe naming another host may name it). */
  open?: string;
}

function addresses(entries: CfnResource[], index: TemplateIndex): Addresses {
  const a: Addresses = { ids: new Set(), hosts: new Set() };
  const addHost = (v: Val) => {
    if (v.k === 'unknown') { a.open ??= v.why; return; }
    const s = valueText(v);
    if (s) a.hosts.add(s.toLowerCase().replace(/\.$/, ''));
  };
  const addRecords = (target: CfnResource) => {
    for (const r of index.referrers(target, ...RECORDS)) {
      a.ids.add(r.logicalId);
      if (r.type === 'AWS::Route53::RecordSet') { addHost(index.prop(r, 'Name')); continue; }
      for (const s of index.items(index.prop(r, 'RecordSets')) ?? []) if (index.refsOf(s).has(target.logicalId)) addHost(index.field(s, 'Name'));
    }
  };
  for (const e of entries) {
    a.ids.add(e.logicalId);
    addRecords(e);
    for (const d of index.referrers(e, 'AWS::CloudFront::Distribution')) {
      a.ids.add(d.logicalId);
      for (const alias of index.items(index.prop(d, 'DistributionConfig.Aliases')) ?? []) addHost(alias);
      addRecords(d);
    }
    for (const m of index.referrers(e, 'AWS::ApiGateway::BasePathMapping', 'AWS::ApiGatewayV2::ApiMapping')) {
      const dn = index.prop(m, 'DomainName');
      addHost(dn.k === 'ref' ? index.prop(dn.target, 'DomainName') : dn);
    }
  }
  return a;
}

/**
 * Whether a probe (canary or health check) targets one of the addresses:
 * true, false, or a reason it cannot be told (code in S3, a script or domain
 * decided at deploy time, an entry point whose host name is). What it reads of
 * the probe is kept per probe (`settledFor`): judging many services reads each
 * probe once.
 */
function targets(probe: CfnResource, index: TemplateIndex, a: Addresses): true | false | string {
  if ([...settledFor(index, 'probe-refs', probe, probeRefs)].some((id) => a.ids.has(id))) return true;
  const { text, opaque } = settledFor(index, 'probe-text', probe, probeText);
  if ([...a.hosts].some((h) => callsHost(text, h))) return true;
  if (opaque) return opaque;
  if (a.open) return `the host name of the service is decided at deploy time (${a.open}): whether ${probe.logicalId} calls it cannot be told`;
  return false;
}

/** A character that continues a host name (before or after an occurrence: it is then inside a longer name). */
const HOST_CHAR = /[a-z0-9_-]/;

/**
 * Whether `text` (lower case) names the host `host` itself: an occurrence not inside a longer host name, so
 * `myapi.example.com` and `status.example.com` do not name `api.example.com` / `example.com`, nor does
 * `api.example.com.evil.net`; a port or path after the host (`:443`, `/health`) and a final dot still name it.
 */
function callsHost(text: string, host: string): boolean {
  for (let i = text.indexOf(host); i !== -1; i = text.indexOf(host, i + 1)) {
    const before = i === 0 ? '' : text[i - 1];
    const after = text[i + host.length] ?? '';
    if (HOST_CHAR.test(before) || before === '.') continue;
    if (HOST_CHAR.test(after) || (after === '.' && HOST_CHAR.test(text[i + host.length + 1] ?? ''))) continue;
    return true;
  }
  return false;
}

/** The logical ids a probe's properties reference. */
function probeRefs(probe: CfnResource, index: TemplateIndex): Set<string> {
  return index.refsOf(index.prop(probe, ''));
}

/**
 * What a probe calls, as text (lower case): a canary's script and environment, a health check's FQDN; `opaque`
 * when that cannot be read (code in S3, a script, environment or domain decided at deploy time).
 */
function probeText(probe: CfnResource, index: TemplateIndex): { text: string; opaque?: string } {
  const texts: string[] = [];
  let opaque: string | undefined;
  if (probe.type === 'AWS::Synthetics::Canary') {
    const script = index.prop(probe, 'Code.Script');
    if (script.k === 'unknown') opaque = `the script of canary ${probe.logicalId} is decided at deploy time (${script.why})`;
    else if (script.k === 'absent') opaque = `canary ${probe.logicalId} keeps its code in S3`;
    else texts.push(valueText(script) ?? '');
    const env = index.prop(probe, 'RunConfig.EnvironmentVariables');
    if (env.k === 'unknown') opaque ??= `the environment of canary ${probe.logicalId} is decided at deploy time (${env.why})`;
    for (const k of keysOf(env)) {
      const v = index.field(env, k);
      if (v.k === 'unknown') opaque ??= `setting ${k} of canary ${probe.logicalId} is decided at deploy time (${v.why})`;
      texts.push(valueText(v) ?? '');
    }
  } else {
    const fqdn = index.prop(probe, 'HealthCheckConfig.FullyQualifiedDomainName');
    if (fqdn.k === 'unknown') opaque = `the domain health check ${probe.logicalId} calls is decided at deploy time (${fqdn.why})`;
    else texts.push(valueText(fqdn) ?? '');
  }
  const text = texts.join(' ').toLowerCase();
  return opaque !== undefined ? { text, opaque } : { text };
}

/** The length of the pieces of text probes are indexed by. */
const GRAM = 5;

/**
 * The probes of the template by what they may reference (`id:<logical id>`), the pieces of GRAM characters of
 * what they may call (`text:<piece>`), and `opaque` when what they call may not be readable, in any world
 * (`keyedIndex`).
 */
function probeIndex(index: TemplateIndex): Keyed {
  return keyedIndex(index, 'external-probes', PROBES, (p) => {
    const keys = new Set<string>([...probeRefs(p, index)].map((id) => `id:${id}`));
    const { text, opaque } = probeText(p, index);
    if (opaque !== undefined) keys.add('opaque');
    for (let i = 0; i + GRAM <= text.length; i++) keys.add(`text:${text.slice(i, i + GRAM)}`);
    return keys;
  });
}

/**
 * The probes that may target one of the addresses (a superset of those `targets` does not answer false for, in
 * any world) that exist in this one, in the order of the template's probes: those referencing one of its resources, those whose text
 * holds the rarest piece of one of its host names, those whose text may not be readable. Every probe when a host
 * name is decided at deploy time (any probe may call it) or too short to be indexed.
 */
function probesFor(index: TemplateIndex, a: Addresses): readonly CfnResource[] {
  if (a.open !== undefined || [...a.hosts].some((h) => h.length < GRAM)) return PROBES.flatMap((t) => index.ofType(t));
  const keyed = probeIndex(index);
  const keys = [...a.ids].map((id) => `id:${id}`);
  keys.push('opaque');
  for (const h of a.hosts) {
    let rarest: string | undefined;
    for (let i = 0; i + GRAM <= h.length; i++) {
      const k = `text:${h.slice(i, i + GRAM)}`;
      if (rarest === undefined || (keyed.byKey.get(k)?.length ?? 0) < (keyed.byKey.get(rarest)?.length ?? 0)) rarest = k;
    }
    keys.push(rarest!);
  }
  return candidates(index, keyed, keys);
}

/**
 * Why a probe never reports an outage: a Route 53 health check with `Inverted` true (healthy when the endpoint is
 * down) or `Disabled` true (Route 53 then considers it always healthy); a canary with `StartCanaryAfterCreation`
 * false (it never runs until someone starts it), a `rate(0 ...)` schedule (one run when started) or a
 * `Schedule.DurationInSeconds` other than 0 (it stops running after that time). `unknown` when that is decided at
 * deploy time.
 */
function inactive(probe: CfnResource, index: TemplateIndex): { never?: string; unknown?: string } | undefined {
  const checks: Array<[string, (v: Val) => boolean, string]> = probe.type === 'AWS::Synthetics::Canary'
    ? [
      ['StartCanaryAfterCreation', (v) => V.isFalse(v), 'is never started (StartCanaryAfterCreation false)'],
      ['Schedule.Expression', (v) => /^rate\(\s*0+\s*(minute|minutes|hour|hours)\s*\)$/i.test((V.str(v) ?? '').trim()), 'runs once when started (schedule rate(0 ...))'],
      ['Schedule.DurationInSeconds', (v) => { const n = V.num(v); return n !== undefined && n > 0; }, 'stops running after its Schedule.DurationInSeconds'],
    ]
    : [
      ['HealthCheckConfig.Inverted', (v) => V.isTrue(v), 'is inverted: it reports healthy when the endpoint is down'],
      ['HealthCheckConfig.Disabled', (v) => V.isTrue(v), 'is disabled: Route 53 considers it always healthy'],
    ];
  for (const [path, bad, what] of checks) {
    const v = index.prop(probe, path);
    if (v.k === 'unknown') return { unknown: `${path} of ${probe.logicalId} is decided at deploy time (${v.why})` };
    if (v.k !== 'absent' && bad(v)) return { never: `${probe.logicalId} ${what}` };
  }
  return undefined;
}

/** The metrics of a probe that fall (`down`, to 0) or rise (`up`, to 1) when it fails, by namespace. */
const FAILURE_METRICS: Record<string, { namespace: string; metrics: Record<string, { dir: 'up' | 'down'; at: number }> }> = {
  'AWS::Route53::HealthCheck': { namespace: 'AWS/Route53', metrics: { HealthCheckStatus: { dir: 'down', at: 0 }, HealthCheckPercentageHealthy: { dir: 'down', at: 0 } } },
  'AWS::Synthetics::Canary': { namespace: 'CloudWatchSynthetics', metrics: { SuccessPercent: { dir: 'down', at: 0 }, Failed: { dir: 'up', at: 1 } } },
};

/**
 * Whether an alarm referencing a probe fires when the probe fails: it returns one of the probe's failure metrics
 * (Route 53 HealthCheckStatus / HealthCheckPercentageHealthy, falling to 0; a canary's SuccessPercent, falling to
 * 0, or Failed, rising to 1) under a dimension naming the probe, with a statistic other than SampleCount and a
 * comparison and threshold the failure value breaches (`firesOn`). Route 53 publishes health-check metrics in
 * us-east-1 only: an alarm of a stack in another region gets no data (`wrong`), one whose stack's region is not
 * known is `open`. A metric-math alarm, or one whose metric is decided at deploy time, is `open`.
 */
function probeAlarmFit(index: TemplateIndex, probe: CfnResource, alarm: CfnResource): true | { wrong: string } | { open: string } {
  const id = alarm.logicalId;
  const view = parseAlarm(index, alarm);
  if (view.open !== undefined) return { open: `what alarm ${id} computes is decided at deploy time (${view.open})` };
  const m = view.returned?.metric;
  if (!m) return { open: `alarm ${id} returns an expression over the metrics of ${probe.logicalId}: whether it fires on its failure is not judged` };
  if (m.kindOpen !== undefined) return { open: `the metric of alarm ${id} is decided at deploy time (${m.kindOpen})` };
  const kinds = FAILURE_METRICS[probe.type];
  const kind = m.namespace === kinds.namespace && m.name !== undefined && Object.prototype.hasOwnProperty.call(kinds.metrics, m.name) ? kinds.metrics[m.name] : undefined;
  if (!kind) return { wrong: `alarm ${id} reads ${m.namespace ?? '?'}/${m.name ?? '?'}, not ${Object.keys(kinds.metrics).map((n) => `${kinds.namespace}/${n}`).join(' or ')}: it does not fire when ${probe.logicalId} fails` };
  if (!m.dims.some((d) => d.refs.has(probe.logicalId))) {
    return m.dimsOpen !== undefined || m.dims.some((d) => d.open !== undefined) ? { open: `whether alarm ${id} reads the metrics of ${probe.logicalId} is decided at deploy time` } : { wrong: `alarm ${id} reads ${m.name} of another probe than ${probe.logicalId}` };
  }
  if (probe.type === 'AWS::Route53::HealthCheck') {
    const own = index.pseudo.region;
    const here = inStackRegion('us-east-1', own);
    if (here === 'open') return { open: `Route 53 publishes health-check metrics in us-east-1 only, and the stack's region (where alarm ${id} is) is not known` };
    if (!here) return { wrong: `Route 53 publishes health-check metrics in us-east-1 only; alarm ${id} is in ${own}: it gets no data` };
  }
  if (m.statOpen !== undefined) return { open: `the statistic of alarm ${id} is decided at deploy time (${m.statOpen})` };
  if (m.stat === 'SampleCount') return { wrong: `alarm ${id} counts the data points of ${m.name} (SampleCount), which do not change when ${probe.logicalId} fails` };
  const fires = firesOn(index, view, kind.dir, m.name!, kind.at);
  return fires;
}

/** The keys of an object value (environment variable names), none when it is not an object. */
function keysOf(v: Val): string[] {
  return v.k === 'lit' && v.v !== null && typeof v.v === 'object' && !Array.isArray(v.v) ? Object.keys(v.v) : [];
}

/**
 * HEALTH-EXTERNAL-PROBE: a probe from outside calls the service's public
 * endpoint, with an alarm that notifies on failure.
 *
 * Decisions: judged for service compute with a public entry point (an
 * internet-facing ALB/NLB in front of an ECS service, or in front of a
 * function through a target group that invokes the function or its alias; a
 * function URL; an API Gateway API). A probe is a CloudWatch Synthetics
 * canary or a Route 53 health check that references the entry point (or its
 * CloudFront distribution or DNS record) or names one of its host names
 * (Route 53 records, CloudFront aliases, API custom domains) in its script,
 * environment or FQDN. The probe needs an alarm on its metrics (a reference to
 * it) that notifies, directly or through a composite, and fires when the probe
 * fails: on Route 53 HealthCheckStatus or HealthCheckPercentageHealthy, or a
 * canary's SuccessPercent, falling (a Less* comparison whose threshold 0
 * breaches), or a canary's Failed rising (Greater*, 1 breaches), with a
 * statistic other than SampleCount; another metric (latency, TimeToFirstByte),
 * direction or a threshold the failure never reaches does not count; metric
 * math is unknown. Route 53 publishes health-check metrics in us-east-1 only:
 * an alarm on them in a stack of another region gets no data (does not count),
 * and one whose stack's region is not known (a template checked alone) is
 * unknown. A canary whose code is
 * in S3, a script or domain from a parameter, or a service host name from a
 * parameter make the verdict unknown when no probe matches. A health check
 * with `Inverted` or `Disabled` true, or a canary with `StartCanaryAfterCreation`
 * false, a `rate(0 ...)` schedule or a non-zero `Schedule.DurationInSeconds`,
 * never reports an outage (or stops) and does not count. Internal services are not judged.
 */
export const ExternalHealthProbe: AwsRule = {
  id: 'ExternalHealthProbe',
  items: ['HEALTH-EXTERNAL-PROBE'],
  types: ['AWS::ECS::Service', 'AWS::Lambda::Function'],
  readsTypes: [...RECORDS, ...PROBES],
  severity: Severity.MEDIUM,
  description: 'A Synthetics canary or Route 53 health check probes the service\'s public endpoint, with a notifying alarm on its failure.',
  fix: 'Add a synthetics.Canary calling https://<domain>/health every minute (or a Route 53 HealthCheck) and an alarm on SuccessPercent / HealthCheckStatus with an SNS action.',
  check(res, { index }) {
    if (!isServiceCompute(res, index)) return undefined;
    const entries = entryPoints(res, index);
    if (entries.length === 0) return undefined;
    const addr = addresses(entries, index);
    const probes: CfnResource[] = [];
    const opaque: string[] = [];
    const inert: string[] = [];
    for (const p of probesFor(index, addr)) {
      const t = targets(p, index, addr);
      if (t === false) continue;
      const idle = settledFor(index, 'probe-inactive', p, inactive);
      if (idle?.unknown) opaque.push(idle.unknown);
      else if (idle?.never) inert.push(idle.never);
      else if (t === true) probes.push(p);
      else opaque.push(t);
    }
    const what = `${entries.map((e) => e.logicalId).join(', ')}${addr.hosts.size ? ` (${[...addr.hosts].join(', ')})` : ''}`;
    let undecided: string | undefined;
    const wrong: string[] = [];
    for (const p of probes) {
      for (const alarm of index.referrers(p, ALARM_TYPE)) {
        const fit = probeAlarmFit(index, p, alarm);
        if (fit !== true) {
          if ('wrong' in fit) wrong.push(fit.wrong);
          else undecided ??= fit.open;
          continue;
        }
        const n = notifies(index, alarm);
        if (n === true) return pass(undefined, `${p.logicalId} → ${alarm.logicalId}`, `${p.type === 'AWS::Synthetics::Canary' ? 'canary' : 'health check'} ${p.logicalId} probes ${what}; alarm ${alarm.logicalId} notifies on failure`);
        if (n === undefined) undecided ??= `whether alarm ${alarm.logicalId} on ${p.logicalId} notifies is decided at deploy time`;
      }
    }
    if (undecided) return unknown(undefined, probes.map((p) => p.logicalId).join(', '), undecided);
    if (opaque.length > 0) return unknown(undefined, what, `${opaque[0]}: whether it probes ${what} cannot be seen`);
    if (probes.length > 0) {
      const said = wrong.length > 0 ? `no alarm that fires on their failure notifies (${wrong.join('; ')})` : 'no alarm with an action watches them';
      return fail(undefined, probes.map((p) => p.logicalId).join(', '), `${probes.map((p) => p.logicalId).join(', ')} probe(s) ${what}, but ${said}`);
    }
    return fail(undefined, what, `no canary or health check probes ${what} from outside${inert.length > 0 ? ` (${inert.join('; ')})` : ''}`);
  },
};
