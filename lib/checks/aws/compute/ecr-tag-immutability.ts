import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { entries } from '../../cfn/lists';

/** DEPLOY-IMMUTABLE-ARTIFACTS: image tags cannot be overwritten. */
export const EcrTagImmutability: AwsRule = {
  id: 'EcrTagImmutability',
  items: ['DEPLOY-IMMUTABLE-ARTIFACTS'],
  types: ['AWS::ECR::Repository'],
  severity: Severity.MEDIUM,
  description: 'ECR repositories have ImageTagMutability IMMUTABLE (or IMMUTABLE_WITH_EXCLUSION).',
  fix: 'Set imageTagMutability: TagMutability.IMMUTABLE on the repository.',
  check(res, { index }) {
    const v = index.prop(res, 'ImageTagMutability');
    const p = 'Properties.ImageTagMutability';
    if (v.k === 'unknown') return unknown(p, v, `tag mutability decided at deploy time (${v.why})`);
    const s = V.str(v);
    if (s === 'IMMUTABLE_WITH_EXCLUSION') {
      const filters = entries(index, index.prop(res, 'ImageTagMutabilityExclusionFilters'));
      if (filters === undefined) return unknown('Properties.ImageTagMutabilityExclusionFilters', undefined, 'exclusion filters decided at deploy time');
      const all = filters.find((e) => /^\*+$/.test(V.str(index.field(e.value, 'ImageTagMutabilityExclusionFilterValue')) ?? ''));
      if (all) return fail('Properties.ImageTagMutabilityExclusionFilters', '*', 'the exclusion filter * exempts every tag: tags are mutable');
      return pass(p, v, 'image tags are immutable except those matching the exclusion filters (judged per image by EcsImageImmutable)');
    }
    if (s === 'IMMUTABLE') return pass(p, v, 'image tags are immutable: a released tag always names the same image');
    return fail(p, v, `image tags are mutable (${s ?? 'the default'}): a release tag can be overwritten, so the previous version cannot be redeployed with certainty`);
  },
};
