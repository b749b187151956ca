import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { refsIn } from '../../cfn/alarms';
import { renderText, taskContainers } from '../../cfn/containers';

const DIGEST = /@sha256:[0-9a-f]{64}$/i;
const CDK_ASSET = /cdk-[a-z0-9]+-container-assets-/;

/**
 * DEPLOY-IMMUTABLE-ARTIFACTS: every ECS container image names one immutable
 * artifact — a digest, a tag in an immutable ECR repository of this template,
 * or a CDK asset (content-hash tag in the bootstrap repository, whose tags are
 * immutable and whose images are kept).
 *
 * Decisions: `latest` or no tag fails; a mutable repository of this template
 * fails; a version tag in a registry outside the template is unknown (only the
 * registry knows whether the tag can move) — pin it by digest.
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
      const raw = c.def.Image;
      const p = `${c.path}.Image`;
      const text = renderText(raw);
      if (DIGEST.test(text)) return pass(p, text, `container ${c.name}: image pinned by digest`);
      if (CDK_ASSET.test(text)) return pass(p, text, `container ${c.name}: CDK asset image, tagged with its content hash in the bootstrap repository (immutable tags)`);
      const repo = [...refsIn(raw)].map((id) => index.get(id)).find((r) => r?.type === 'AWS::ECR::Repository');
      const tagMatch = /:([^:/@]+)$/.exec(text.replace(/^[^/]*\//, '/'));
      const tag = tagMatch?.[1];
      const moving = () => fail(p, text, `container ${c.name}: ${tag ? 'the latest tag' : 'no tag (latest)'} moves with every push; the previous version cannot be redeployed`);
      if (repo) {
        if (tag === undefined || tag === 'latest') return moving();
        const m = V.str(index.prop(repo, 'ImageTagMutability'));
        if (m === 'IMMUTABLE' || m === 'IMMUTABLE_WITH_EXCLUSION') return pass(p, text, `container ${c.name}: tag ${tag} in immutable repository ${repo.logicalId}`);
        if (index.prop(repo, 'ImageTagMutability').k === 'unknown') return unknown(p, text, `container ${c.name}: tag mutability of ${repo.logicalId} decided at deploy time`);
        return fail(p, text, `container ${c.name}: tag ${tag} in repository ${repo.logicalId}, whose tags can be overwritten`);
      }
      const v = index.value(raw);
      if (v.k === 'unknown') return unknown(p, v, `container ${c.name}: image decided at deploy time (${v.why})`);
      if (tag === undefined || tag === 'latest') return moving();
      return unknown(p, text, `container ${c.name}: tag ${tag} in a registry outside this template; whether it can be overwritten cannot be seen (pin it by digest)`);
    });
    return out.length > 0 ? out : undefined;
  },
};
