/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../checks/model';
import { errorLine, isFatal } from '../clients';
import { eachResource, fail, literal, LiveResource, LiveVerdict, LiveVerifier, ofType, pass, props, round, toDate, unknown } from '../context';
import { distribution, loadBalancers } from '../describe';

const DAY = 86_400_000;
const LB = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const DISTRIBUTION = 'AWS::CloudFront::Distribution';

/** LIVE-CERTIFICATES. @internal */
export const LiveCertificates: LiveVerifier = {
  id: 'LiveCertificates',
  items: ['LIVE-CERTIFICATES'],
  severity: Severity.CRITICAL,
  description: 'Every ACM certificate of the stack and of its HTTPS listeners is ISSUED, in use, and expires in more than certificateExpiryDays.',
  fix: 'Complete the DNS validation (the CNAME in the hosted zone), attach the certificate, or replace one ACM cannot renew.',
  async verify(ctx) {
    const certs = new Map<string, LiveResource>();
    for (const r of ofType(ctx, 'AWS::CertificateManager::Certificate')) certs.set(r.physicalId, r);
    for (const lb of ofType(ctx, LB)) {
      const { pages } = await ctx.clients.pages('elbv2', 'DescribeListeners', { LoadBalancerArn: lb.physicalId }, 'Marker', 'NextMarker', 10);
      for (const l of pages.flatMap((p) => p.Listeners ?? [])) {
        for (const c of l.Certificates ?? []) if (c.CertificateArn && !certs.has(c.CertificateArn)) certs.set(c.CertificateArn, lb);
      }
    }
    const days = ctx.thresholds.certificateExpiryDays;
    const entries = [...certs.entries()];
    const out: LiveVerdict[] = [];
    for (const [certArn, r] of entries) {
      const property = r.type === LB ? `listener certificate ${certArn}` : 'Certificate';
      let c: any;
      try {
        c = (await ctx.clients.send('acm', 'DescribeCertificate', { CertificateArn: certArn })).Certificate;
      } catch (e) {
        if (isFatal(e)) throw e;
        out.push((e as Error).name === 'ResourceNotFoundException' ? fail(r, `certificate ${certArn} does not exist`, undefined, property) : unknown(r, `certificate ${certArn} could not be read: ${errorLine(e)}`, undefined, property));
        continue;
      }
      const notAfter = toDate(c.NotAfter);
      const inUse: string[] = c.InUseBy ?? [];
      const left = notAfter ? (notAfter.getTime() - ctx.now.getTime()) / DAY : undefined;
      const value = `${c.Status}, in use by ${inUse.length}, expires ${notAfter ? `${notAfter.toISOString().slice(0, 10)} (${round(left!, 1)} days)` : 'unknown'}`;
      if (c.Status !== 'ISSUED') out.push(fail(r, `certificate ${c.DomainName} is ${c.Status}, not ISSUED`, value, property));
      else if (inUse.length === 0) out.push(fail(r, `certificate ${c.DomainName} is not in use by any load balancer or distribution`, value, property));
      else if (left === undefined) out.push(unknown(r, `certificate ${c.DomainName} reports no expiry date`, value, property));
      else if (left <= days) out.push(fail(r, `certificate ${c.DomainName} expires in ${round(left, 1)} days, within ${days}`, value, property));
      else out.push(pass(r, `certificate ${c.DomainName} is issued, in use and valid for ${Math.floor(left)} days`, value, property));
    }
    return out;
  },
};

/** LIVE-TARGETS-HEALTHY. @internal */
export const LiveTargetsHealthy: LiveVerifier = {
  id: 'LiveTargetsHealthy',
  items: ['LIVE-TARGETS-HEALTHY'],
  severity: Severity.CRITICAL,
  description: 'Every target group of the stack has registered targets, and every target passes its health check.',
  fix: 'Read the targets\' health reasons (aws elbv2 describe-target-health): the health check path, port, security groups, or the application itself.',
  async verify(ctx) {
    return eachResource(ofType(ctx, 'AWS::ElasticLoadBalancingV2::TargetGroup'), async (r) => {
      const res = await ctx.clients.send('elbv2', 'DescribeTargetHealth', { TargetGroupArn: r.physicalId });
      const targets: any[] = res.TargetHealthDescriptions ?? [];
      const by = (s: string) => targets.filter((t) => t.TargetHealth?.State === s);
      const healthy = by('healthy').length;
      const value = `${healthy} healthy of ${targets.length}`;
      const bad = targets.filter((t) => ['unhealthy', 'unused'].includes(t.TargetHealth?.State));
      if (targets.length === 0) return fail(r, 'the target group has no registered target', value, 'TargetHealth');
      if (bad.length > 0) return fail(r, `${bad.length} target(s) ${[...new Set(bad.map((t) => t.TargetHealth.State))].join('/')}: ${bad.slice(0, 3).map((t) => `${t.Target?.Id} ${t.TargetHealth?.Reason ?? ''}`.trim()).join('; ')}`, value, 'TargetHealth');
      const other = targets.filter((t) => !['healthy', 'draining'].includes(t.TargetHealth?.State));
      if (other.length > 0 || healthy === 0) return unknown(r, `${other.length} target(s) ${[...new Set(other.map((t) => t.TargetHealth?.State))].join('/') || 'draining'}: ${other.slice(0, 3).map((t) => t.TargetHealth?.Reason ?? '').join('; ')}`, value, 'TargetHealth');
      return pass(r, `every target is healthy (${healthy})`, value, 'TargetHealth');
    });
  },
};

/** LIVE-WAF-ASSOCIATED. @internal */
export const LiveWafAssociated: LiveVerifier = {
  id: 'LiveWafAssociated',
  items: ['LIVE-WAF-ASSOCIATED'],
  severity: Severity.HIGH,
  description: 'Every internet-facing Application Load Balancer and CloudFront distribution of the stack has a WAFv2 web ACL associated.',
  fix: 'Associate the web ACL (AWS::WAFv2::WebACLAssociation for the load balancer, WebACLId on the distribution).',
  async verify(ctx) {
    const lbs = await loadBalancers(ctx);
    const targets = ofType(ctx, LB, DISTRIBUTION).filter((r) => {
      if (r.type === DISTRIBUTION) return true;
      const lb = lbs.get(r.physicalId);
      return lb ? lb.Type === 'application' && lb.Scheme === 'internet-facing' : true;
    });
    return eachResource(targets, async (r) => {
      if (r.type === DISTRIBUTION) {
        const d = await distribution(ctx, r.physicalId);
        const acl = d?.DistributionConfig?.WebACLId;
        return acl ? pass(r, 'the distribution has a web ACL', acl, 'WebACLId') : fail(r, 'the distribution has no web ACL', 'none', 'WebACLId');
      }
      if (!lbs.has(r.physicalId)) return fail(r, 'the load balancer does not exist');
      const res = await ctx.clients.send('wafv2', 'GetWebACLForResource', { ResourceArn: r.physicalId });
      return res.WebACL ? pass(r, `web ACL ${res.WebACL.Name} is associated with the load balancer`, res.WebACL.Name, 'web ACL') : fail(r, 'no web ACL is associated with the internet-facing load balancer', 'none', 'web ACL');
    });
  },
};

function dnsName(s: any): string {
  return String(s ?? '').toLowerCase().replace(/\.$/, '').replace(/^dualstack\./, '').replace(/\\052/g, '*');
}

/** LIVE-DNS-RECORD. @internal */
export const LiveDnsRecord: LiveVerifier = {
  id: 'LiveDnsRecord',
  items: ['LIVE-DNS-RECORD'],
  severity: Severity.CRITICAL,
  description: 'Every A/AAAA/CNAME record of the stack exists in its Route 53 hosted zone and targets a load balancer or distribution of the stack.',
  fix: 'Point the record (alias) at the service\'s load balancer or distribution, in the zone the domain is delegated to.',
  async verify(ctx) {
    const lbs = await loadBalancers(ctx);
    const endpoints = new Map<string, string>();
    for (const lb of lbs.values()) endpoints.set(dnsName(lb.DNSName), `load balancer ${lb.LoadBalancerName}`);
    for (const d of ofType(ctx, DISTRIBUTION)) {
      const dist = await distribution(ctx, d.physicalId).catch(() => undefined);
      if (dist?.DomainName) endpoints.set(dnsName(dist.DomainName), `distribution ${d.physicalId}`);
    }
    const records = ofType(ctx, 'AWS::Route53::RecordSet').filter((r) => ['A', 'AAAA', 'CNAME'].includes(props(r).Type ?? 'A'));
    return eachResource(records, async (r): Promise<LiveVerdict> => {
      const p = props(r);
      const name = dnsName(literal(ctx, r.stack, p.Name) ?? r.physicalId);
      let zone = literal(ctx, r.stack, p.HostedZoneId);
      if (!zone && typeof p.HostedZoneName === 'string') {
        const res = await ctx.clients.send('route53', 'ListHostedZonesByName', { DNSName: p.HostedZoneName, MaxItems: 1 });
        const z = (res.HostedZones ?? []).find((h: any) => dnsName(h.Name) === dnsName(p.HostedZoneName));
        zone = z?.Id;
      }
      if (!zone) return unknown(r, `the hosted zone of ${name} is not a literal or a zone of the stack`);
      zone = zone.replace(/^\/hostedzone\//, '');
      const res = await ctx.clients.send('route53', 'ListResourceRecordSets', { HostedZoneId: zone, StartRecordName: name, StartRecordType: p.Type ?? 'A', MaxItems: 10 });
      const rec = (res.ResourceRecordSets ?? []).find((s: any) => dnsName(s.Name) === name && s.Type === (p.Type ?? 'A'));
      const property = `${p.Type ?? 'A'} ${name}`;
      if (!rec) return fail(r, `record ${property} does not exist in hosted zone ${zone}`, 'missing', property);
      const targetsOf = rec.AliasTarget ? [dnsName(rec.AliasTarget.DNSName)] : (rec.ResourceRecords ?? []).map((x: any) => dnsName(x.Value));
      const hit = targetsOf.find((t: string) => endpoints.has(t));
      if (hit) return pass(r, `${name} targets ${endpoints.get(hit)}`, hit, property);
      if (endpoints.size === 0) return unknown(r, `${name} targets ${targetsOf.join(', ') || 'nothing'}, and the stack has no load balancer or distribution to compare with`, targetsOf.join(', '), property);
      return fail(r, `${name} targets ${targetsOf.join(', ') || 'nothing'}, not an endpoint of the stack (${[...endpoints.keys()].join(', ')})`, targetsOf.join(', '), property);
    });
  },
};
