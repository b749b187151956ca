import { globMatch } from '../../glob';
import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { entries } from '../../cfn/lists';
import { imageOf, taskContainers } from '../../cfn/containers';
import { imageTag, isDigestPinned } from '../../../checklist/policy/image';

const CDK_ASSET = /cdk-[a-z0-9]+-container-assets-/;

/**
 * DEPLOY-IMMUTABLE-ARTIFACTS: every ECS container image names one immutable
 * artifact — a digest, a tag in an immutable ECR repository of this template,
 * or a CDK asset (content-hash tag in the bootstrap repository, whose tags are
 * immutable and whose images are kept).
 *
 * Decisions: `latest` or no tag fails; a mutable repository of this template
 * fails; a version tag in a registry outside the template is unknown (only the
 * registry knows whether the tag can move) — pin it by digest. The image is
 * read in every world: a `latest` tag in one branch of a condition fails there.
 * With IMMUTABLE_WITH_EXCLUSION, a tag matching one of the repository's
 * wildcard exclusion filters is mutable. Whether the repository's lifecycle
 * policy keeps the pinned image and the one before it is judged on the
 * repository (EcrLifecyclePolicy), for the tags the task definitions pin.
 */
export const EcsImageImmutable: AwsRule = {
  id: 'EcsImageImmutable',
  items: ['DEPLOY-IMMUTABLE-ARTIFACTS'],
  types: ['AWS::ECS::TaskDefinition'],
  severity: Severity.MEDIUM,
  description: 'ECS container images are pinned: a digest, a tag in an immutable ECR repository, or a CDK asset; never latest or untagged.',
  fix: 'Use ContainerImage.fromEcrRepository(repo, tag) with an IMMUTABLE repository, ContainerImage.fromAsset(), or an image@sha256 digest.',
  check(res, { index }) {
    const out: Verdict[] = taskContainers(res, index).map((c) => {
      const p = `${c.path}.Image`;
      const image = imageOf(index, c);
      if (image.unknown !== undefined) return unknown(p, undefined, `container ${c.name}: image decided at deploy time (${image.unknown})`);
      const text = image.text;
      if (isDigestPinned(text)) return pass(p, text, `container ${c.name}: image pinned by digest`);
      if (CDK_ASSET.test(text)) return pass(p, text, `container ${c.name}: CDK asset image, tagged with its content hash in the bootstrap repository (immutable tags)`);
      const repo = image.refs.find((r) => r.type === 'AWS::ECR::Repository');
      const tag = imageTag(text);
      if (tag === undefined || tag === 'latest') {
        return fail(p, text, `container ${c.name}: ${tag ? 'the latest tag' : 'no tag (latest)'} moves with every push; the previous version cannot be redeployed`);
      }
      if (!repo) return unknown(p, text, `container ${c.name}: tag ${tag} in a registry outside this template; whether it can be overwritten cannot be seen (pin it by digest)`);
      const m = index.prop(repo, 'ImageTagMutability');
      if (m.k === 'unknown') return unknown(p, text, `container ${c.name}: tag mutability of ${repo.logicalId} decided at deploy time (${m.why})`);
      const mode = V.str(m);
      if (mode === 'IMMUTABLE') return pass(p, text, `container ${c.name}: tag ${tag} in immutable repository ${repo.logicalId}`);
      if (mode === 'IMMUTABLE_WITH_EXCLUSION') {
        const excluded = exclusionOf(index, repo, tag);
        if (excluded === undefined) return pass(p, text, `container ${c.name}: tag ${tag} in immutable repository ${repo.logicalId} (no exclusion filter matches it)`);
        if (excluded.unknown) return unknown(p, text, `container ${c.name}: the exclusion filters of ${repo.logicalId} are decided at deploy time (${excluded.unknown})`);
        return fail(p, text, `container ${c.name}: tag ${tag} matches exclusion filter ${excluded.filter} of ${repo.logicalId}, so it can be overwritten`);
      }
      return fail(p, text, `container ${c.name}: tag ${tag} in repository ${repo.logicalId}, whose tags can be overwritten`);
    });
    return out.length > 0 ? out : undefined;
  },
};

/** The exclusion filter of an IMMUTABLE_WITH_EXCLUSION repository that matches `tag`, if any. */
function exclusionOf(index: TemplateIndex, repo: CfnResource, tag: string): { filter?: string; unknown?: string } | undefined {
  const v = index.prop(repo, 'ImageTagMutabilityExclusionFilters');
  const list = entries(index, v);
  if (list === undefined) return { unknown: v.k === 'unknown' ? v.why : 'filters decided at deploy time' };
  for (const e of list) {
    const f = index.field(e.value, 'ImageTagMutabilityExclusionFilterValue');
    if (f.k === 'unknown') return { unknown: f.why };
    const pattern = V.str(f);
    if (pattern === undefined) continue;
    if (globMatch(pattern, tag)) return { filter: pattern };
  }
  return undefined;
}
