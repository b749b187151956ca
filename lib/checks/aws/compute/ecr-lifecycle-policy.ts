import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';

/**
 * DEPLOY-IMMUTABLE-ARTIFACTS: the repository has a lifecycle policy, so it
 * keeps recent releases and expires the rest. The policy's content (how many
 * releases it keeps) is not judged: there is no catalog threshold for it.
 */
export const EcrLifecyclePolicy: AwsRule = {
  id: 'EcrLifecyclePolicy',
  items: ['DEPLOY-IMMUTABLE-ARTIFACTS'],
  types: ['AWS::ECR::Repository'],
  severity: Severity.LOW,
  description: 'ECR repositories have a lifecycle policy.',
  fix: "Add lifecycleRules to the repository, e.g. { maxImageCount: 50 } to keep the last releases.",
  check(res, { index }) {
    const v = index.prop(res, 'LifecyclePolicy.LifecyclePolicyText');
    const p = 'Properties.LifecyclePolicy.LifecyclePolicyText';
    if (v.k === 'unknown') return unknown(p, v, `lifecycle policy decided at deploy time (${v.why})`);
    if (v.k === 'absent' || (v.k === 'lit' && String(v.v).trim() === '')) return fail(p, v, 'no lifecycle policy: images pile up unmanaged');
    return pass(p, 'set', 'lifecycle policy manages which releases are kept');
  },
};
