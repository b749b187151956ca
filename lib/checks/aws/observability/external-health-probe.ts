/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { ALARM_TYPE, refsIn } from '../../cfn/alarms';
import { isInternetFacingAlb, serviceTraffic } from '../../cfn/load-balancers';
import { isServiceCompute } from '../../cfn/service-compute';
import { renderText } from '../../cfn/containers';
import { notifies } from './signals';

const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const RECORDS = ['AWS::Route53::RecordSet', 'AWS::Route53::RecordSetGroup'];

/** The public entry points of service compute: internet-facing load balancers, function URLs, APIs. */
function entryPoints(res: CfnResource, index: TemplateIndex): CfnResource[] {
  const out = new Set<CfnResource>();
  if (res.type === 'AWS::ECS::Service') {
    for (const lb of serviceTraffic(index, res).loadBalancers) if (isPublic(lb, index)) out.add(lb);
    return [...out];
  }
  for (const tg of index.referrers(res, 'AWS::ElasticLoadBalancingV2::TargetGroup')) {
    for (const l of index.referrers(tg, 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::ListenerRule')) {
      const listener = l.type.endsWith('ListenerRule') ? index.prop(l, 'ListenerArn') : { k: 'ref' as const, target: l };
      if (listener.k !== 'ref') continue;
      const lb = index.prop(listener.target, 'LoadBalancerArn');
      if (lb.k === 'ref' && lb.target.type === LB && isPublic(lb.target, index)) out.add(lb.target);
    }
  }
  for (const u of index.referrers(res, 'AWS::Lambda::Url')) out.add(u);
  for (const m of index.referrers(res, 'AWS::ApiGateway::Method', 'AWS::ApiGatewayV2::Integration')) {
    const api = index.prop(m, m.type === 'AWS::ApiGateway::Method' ? 'RestApiId' : 'ApiId');
    if (api.k === 'ref') out.add(api.target);
  }
  return [...out];
}

function isPublic(lb: CfnResource, index: TemplateIndex): boolean {
  return isInternetFacingAlb(index, lb) || (V.str(index.prop(lb, 'Type')) === 'network' && (V.str(index.prop(lb, 'Scheme')) ?? 'internet-facing') === 'internet-facing');
}

/** Everything a probe may name to reach the entry points: the resources, CDN distributions, and DNS names. */
function addresses(entries: CfnResource[], index: TemplateIndex): { ids: Set<string>; hosts: Set<string> } {
  const ids = new Set<string>();
  const hosts = new Set<string>();
  const norm = (h: string) => h.toLowerCase().replace(/\.$/, '');
  const addRecords = (target: CfnResource) => {
    for (const r of index.referrers(target, ...RECORDS)) {
      ids.add(r.logicalId);
      if (r.type === 'AWS::Route53::RecordSet') { const n = V.str(index.prop(r, 'Name')); if (n) hosts.add(norm(n)); } else {
        for (const s of V.list(index.prop(r, 'RecordSets')) ?? []) if (refsIn(s).has(target.logicalId)) { const n = V.str(index.at(s, 'Name')); if (n) hosts.add(norm(n)); }
      }
    }
  };
  for (const e of entries) {
    ids.add(e.logicalId);
    addRecords(e);
    for (const d of index.referrers(e, 'AWS::CloudFront::Distribution')) {
      ids.add(d.logicalId);
      for (const a of V.list(index.prop(d, 'DistributionConfig.Aliases')) ?? []) { const s = V.str(index.value(a)); if (s) hosts.add(norm(s)); }
      addRecords(d);
    }
    for (const m of index.referrers(e, 'AWS::ApiGateway::BasePathMapping', 'AWS::ApiGatewayV2::ApiMapping')) {
      const dn = index.prop(m, 'DomainName');
      const s = V.str(dn) ?? (dn.k === 'ref' ? V.str(index.prop(dn.target, 'DomainName')) : undefined);
      if (s) hosts.add(norm(s));
    }
  }
  return { ids, hosts };
}

/** Whether a probe (canary or health check) targets one of the addresses; `opaque` when it cannot be read. */
function targets(probe: CfnResource, _index: TemplateIndex, a: { ids: Set<string>; hosts: Set<string> }): boolean | 'opaque' {
  const props = probe.properties;
  if ([...refsIn(props)].some((id) => a.ids.has(id))) return true;
  let text: string;
  if (probe.type === 'AWS::Synthetics::Canary') {
    const script = props.Code?.Script;
    text = [renderText(script), renderText(props.RunConfig?.EnvironmentVariables ? Object.values(props.RunConfig.EnvironmentVariables) : [])].join(' ').toLowerCase();
    if (script === undefined && [...a.hosts].every((h) => !text.includes(h))) return 'opaque';
  } else {
    text = renderText(props.HealthCheckConfig?.FullyQualifiedDomainName).toLowerCase();
  }
  return [...a.hosts].some((h) => text.includes(h));
}

/**
 * HEALTH-EXTERNAL-PROBE: a probe from outside calls the service's public
 * endpoint, with an alarm that notifies on failure.
 *
 * Decisions: judged for service compute with a public entry point (an
 * internet-facing ALB/NLB, a function URL, an API Gateway API). A probe is a
 * CloudWatch Synthetics canary or a Route 53 health check that references the
 * entry point (or its CloudFront distribution or DNS record) or names one of
 * its host names (Route 53 alias records, CloudFront aliases, API custom
 * domains) in its script, environment or FQDN. The probe needs an alarm on its
 * metrics (a reference to it) that notifies, directly or through a composite.
 * A canary whose code is in S3 and names no known host is unknown. Internal
 * services are not judged.
 */
export const ExternalHealthProbe: AwsRule = {
  id: 'ExternalHealthProbe',
  items: ['HEALTH-EXTERNAL-PROBE'],
  types: ['AWS::ECS::Service', 'AWS::Lambda::Function'],
  severity: Severity.MEDIUM,
  description: 'A Synthetics canary or Route 53 health check probes the service\'s public endpoint, with a notifying alarm on its failure.',
  fix: 'Add a synthetics.Canary calling https://<domain>/health every minute (or a Route 53 HealthCheck) and an alarm on SuccessPercent / HealthCheckStatus with an SNS action.',
  check(res, { index }) {
    if (!isServiceCompute(res, index)) return undefined;
    const entries = entryPoints(res, index);
    if (entries.length === 0) return undefined;
    const addr = addresses(entries, index);
    const probes: CfnResource[] = [];
    const opaque: CfnResource[] = [];
    for (const p of [...index.ofType('AWS::Synthetics::Canary'), ...index.ofType('AWS::Route53::HealthCheck')]) {
      const t = targets(p, index, addr);
      if (t === true) probes.push(p);
      else if (t === 'opaque') opaque.push(p);
    }
    const what = `${entries.map((e) => e.logicalId).join(', ')}${addr.hosts.size ? ` (${[...addr.hosts].join(', ')})` : ''}`;
    if (probes.length === 0) {
      if (opaque.length > 0) return unknown(undefined, opaque.map((p) => p.logicalId).join(', '), `canary ${opaque.map((p) => p.logicalId).join(', ')} keeps its code in S3: whether it probes ${what} cannot be seen`);
      return fail(undefined, what, `no canary or health check probes ${what} from outside`);
    }
    for (const p of probes) {
      const alarm = index.referrers(p, ALARM_TYPE).find((a) => notifies(a, index));
      if (alarm) return pass(undefined, `${p.logicalId} → ${alarm.logicalId}`, `${p.type === 'AWS::Synthetics::Canary' ? 'canary' : 'health check'} ${p.logicalId} probes ${what}; alarm ${alarm.logicalId} notifies on failure`);
    }
    return fail(undefined, probes.map((p) => p.logicalId).join(', '), `${probes.map((p) => p.logicalId).join(', ')} probe(s) ${what}, but no alarm with an action watches them`);
  },
};
