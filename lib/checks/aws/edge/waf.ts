import { Verdict, fail, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { DISTRIBUTION, WEB_ACL, WEB_ACL_ASSOCIATION } from '../../cfn/edge';
import { isAlb, isInternetFacing, LB, pointsAt } from '../../cfn/load-balancers';

/**
 * The WAFv2 web ACL protecting an internet-facing ALB or a distribution:
 * `{ acl }` when it is in the template, `{ verdict }` when it is missing
 * (fail) or not in the template (unknown), `undefined` when WAF does not
 * apply (internal or non-application load balancer).
 * @internal
 */
export function webAclFor(index: TemplateIndex, res: CfnResource): { acl?: CfnResource; verdict?: Verdict } | undefined {
  if (res.type === LB) {
    if (!isAlb(res, index)) return undefined;
    const facing = isInternetFacing(res, index);
    if (facing === false) return undefined;
    if (facing === undefined) return { verdict: unknown('Properties.Scheme', index.prop(res, 'Scheme'), 'scheme decided at deploy time') };
    const assoc = index.referrers(res, WEB_ACL_ASSOCIATION).filter((a) => pointsAt(index.prop(a, 'ResourceArn'), res));
    if (assoc.length === 0) return { verdict: fail('WebACLAssociation', '(none)', 'no WAF web ACL is associated with the internet-facing load balancer') };
    const arn = index.prop(assoc[0], 'WebACLArn');
    if (arn.k === 'ref' && arn.target.type === WEB_ACL) return { acl: arn.target };
    return { verdict: unknown('WebACLAssociation', V.show(arn), `web ACL ${V.show(arn)} is not in this template`) };
  }
  if (res.type !== DISTRIBUTION) return undefined;
  const id = index.prop(res, 'DistributionConfig.WebACLId');
  if (id.k === 'absent') return { verdict: fail('Properties.DistributionConfig.WebACLId', id, 'no WAF web ACL protects the distribution') };
  if (id.k === 'ref' && id.target.type === WEB_ACL) return { acl: id.target };
  return { verdict: unknown('Properties.DistributionConfig.WebACLId', id, `web ACL ${V.show(id)} is not in this template`) };
}
