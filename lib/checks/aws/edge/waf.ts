import { Verdict, fail, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { DISTRIBUTION, WEB_ACL, WEB_ACL_ASSOCIATION } from '../../cfn/edge';
import { isAlb, isInternetFacing, LB, pointsAt } from '../../cfn/load-balancers';
import { DEPLOYMENT, STAGE, isPrivateApi, namesStage, restApiOf, stageSettings } from './apigateway';

/** The web ACL found for a protected resource: in the template (`acl`), or a verdict saying why not. */
interface Found {
  readonly acl?: CfnResource;
  readonly verdict?: Verdict;
}

/** The web ACL of the first association, or why it cannot be judged. */
function fromAssociations(index: TemplateIndex, assoc: CfnResource[], what: string): Found {
  if (assoc.length === 0) return { verdict: fail('WebACLAssociation', '(none)', `no WAF web ACL is associated with the ${what}`) };
  const arn = index.prop(assoc[0], 'WebACLArn');
  if (arn.k === 'ref' && arn.target.type === WEB_ACL) return { acl: arn.target };
  return { verdict: unknown('WebACLAssociation', V.show(arn), `web ACL ${V.show(arn)} is not in this template`) };
}

/** The associations of this template that attach a web ACL to a REST stage. */
function stageAssociations(index: TemplateIndex, stage: CfnResource): CfnResource[] {
  const api = restApiOf(index, stage);
  if (!api) return [];
  return index.referrers(api, WEB_ACL_ASSOCIATION).filter((a) => namesStage(index, index.prop(a, 'ResourceArn'), stage));
}

/** The web ACL of this template associated with a REST stage, if any. @internal */
export function stageWebAcl(index: TemplateIndex, stage: CfnResource): CfnResource | undefined {
  return fromAssociations(index, stageAssociations(index, stage), 'stage').acl;
}

/**
 * The WAFv2 web ACL protecting an internet-facing ALB, a distribution or a
 * public REST API stage: `{ acl }` when it is in the template, `{ verdict }`
 * when it is missing (fail) or not in the template (unknown), `undefined`
 * when WAF does not apply (internal or non-application load balancer,
 * private API, a deployment that creates no stage).
 * @internal
 */
export function webAclFor(index: TemplateIndex, res: CfnResource): Found | undefined {
  if (res.type === LB) {
    if (!isAlb(res, index) || !isInternetFacing(res, index)) return undefined;
    const assoc = index.referrers(res, WEB_ACL_ASSOCIATION).filter((a) => pointsAt(index.prop(a, 'ResourceArn'), res));
    return fromAssociations(index, assoc, 'internet-facing load balancer');
  }
  if (res.type === STAGE || res.type === DEPLOYMENT) {
    if (!stageSettings(index, res)) return undefined;
    const api = restApiOf(index, res);
    if (api && isPrivateApi(index, api)) return undefined;
    return fromAssociations(index, stageAssociations(index, res), 'public API stage');
  }
  if (res.type !== DISTRIBUTION) return undefined;
  const id = index.prop(res, 'DistributionConfig.WebACLId');
  if (id.k === 'absent') return { verdict: fail('Properties.DistributionConfig.WebACLId', id, 'no WAF web ACL protects the distribution') };
  if (id.k === 'ref' && id.target.type === WEB_ACL) return { acl: id.target };
  return { verdict: unknown('Properties.DistributionConfig.WebACLId', id, `web ACL ${V.show(id)} is not in this template`) };
}
