import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, refersTo, unknown } from '../../rule';
import { TemplateIndex, V, Val } from '../../template-index';
import { DISTRIBUTION, behaviorPath, judgedCacheBehaviors } from '../../cfn/edge';

const VPC_ORIGIN = 'AWS::CloudFront::VpcOrigin';

/**
 * The verdict on an origin reached through a VPC origin (`VpcOriginConfig`):
 * the AWS::CloudFront::VpcOrigin it names sets the protocol CloudFront uses
 * (`VpcOriginEndpointConfig.OriginProtocolPolicy`; `http-only` fails, unset
 * is match-viewer). A VPC origin id that is not a resource of this template
 * (a literal, an import, a parameter) cannot be read: unknown, naming it.
 */
function vpcOriginProtocol(index: TemplateIndex, o: Val, i: number): Verdict | undefined {
  const base = `Properties.DistributionConfig.Origins.${i}.VpcOriginConfig`;
  const conf = index.field(o, 'VpcOriginConfig');
  if (conf.k === 'absent') return undefined;
  const id = index.field(conf, 'VpcOriginId');
  const name = V.show(index.field(o, 'Id'));
  if (id.k === 'unknown') return unknown(`${base}.VpcOriginId`, id, `origin ${name}: VPC origin decided at deploy time (${id.why})`);
  const target = refersTo(id, VPC_ORIGIN);
  if (!target) return unknown(`${base}.VpcOriginId`, id, `origin ${name}: VPC origin ${V.show(id)} is not defined in this template: its origin protocol policy cannot be read`);
  const opp = index.prop(target, 'VpcOriginEndpointConfig.OriginProtocolPolicy');
  const where = `${target.logicalId}.VpcOriginEndpointConfig.OriginProtocolPolicy`;
  if (opp.k === 'unknown') return unknown(where, opp, `origin ${name}: VPC origin ${target.logicalId}'s protocol decided at deploy time (${opp.why})`);
  if (V.str(opp) === 'http-only') return fail(where, opp, `origin ${name} is reached over plain HTTP (VPC origin ${target.logicalId}: http-only)`);
  return undefined;
}

/**
 * EDGE-CDN: responses are compressed and cached by policy, and origins are reached over HTTPS (the viewers' side,
 * HTTPS only with a modern TLS policy, is CloudFrontViewerHttps).
 *
 * Decisions: every origin's protocol is read: a custom origin's
 * `CustomOriginConfig.OriginProtocolPolicy`, and for a VPC origin the
 * `VpcOriginEndpointConfig.OriginProtocolPolicy` of the AWS::CloudFront::VpcOrigin
 * it names (see `vpcOriginProtocol`); `http-only` fails.
 */
export const CloudFrontHttpsCaching: AwsRule = {
  id: 'CloudFrontHttpsCaching',
  items: ['EDGE-CDN'],
  types: [DISTRIBUTION],
  severity: Severity.MEDIUM,
  description: 'Every CloudFront cache behavior compresses and uses a cache policy; custom and VPC origins are not reached over plain HTTP.',
  fix: 'Set compress: true and a cachePolicy on every behavior, and an HTTPS origin protocol policy (on custom origins and on VPC origins).',
  check(res, { index }) {
    const out: Verdict[] = [];
    const behaviors = judgedCacheBehaviors(index, res);
    for (const b of behaviors) {
      const p = behaviorPath(b.name);
      const compress = index.field(b.v, 'Compress');
      if (compress.k === 'unknown') out.push(unknown(`${p}.Compress`, compress, `${b.name}: compression decided at deploy time`));
      else if (!V.isTrue(compress)) out.push(fail(`${p}.Compress`, compress, `${b.name} does not compress responses (Compress defaults to false)`));
      const cache = index.field(b.v, 'CachePolicyId');
      if (cache.k === 'unknown') out.push(unknown(`${p}.CachePolicyId`, cache, `${b.name}: cache policy decided at deploy time`));
      else if (cache.k === 'absent') out.push(fail(`${p}.CachePolicyId`, cache, index.field(b.v, 'ForwardedValues').k !== 'absent'
        ? `${b.name} uses legacy ForwardedValues cache settings instead of a cache policy`
        : `${b.name} has no cache policy`));
    }
    const origins = index.prop(res, 'DistributionConfig.Origins');
    if (origins.k === 'unknown') out.push(unknown('Properties.DistributionConfig.Origins', origins, `origins decided at deploy time (${origins.why})`));
    (index.items(origins) ?? []).forEach((o, i) => {
      const opp = index.field(o, 'CustomOriginConfig.OriginProtocolPolicy');
      const where = `Properties.DistributionConfig.Origins.${i}.CustomOriginConfig.OriginProtocolPolicy`;
      if (opp.k === 'unknown') out.push(unknown(where, opp, `origin protocol decided at deploy time (${opp.why})`));
      else if (V.str(opp) === 'http-only') out.push(fail(where, opp, `origin ${V.show(index.field(o, 'Id'))} is reached over plain HTTP`));
      const vpc = vpcOriginProtocol(index, o, i);
      if (vpc) out.push(vpc);
    });
    if (out.length > 0) return out;
    return pass('Properties.DistributionConfig', `${behaviors.length} behavior(s)`, `${behaviors.length} cache behavior(s): compressed, cache policy; origins over HTTPS`);
  },
};
