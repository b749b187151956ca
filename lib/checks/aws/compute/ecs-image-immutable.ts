import { globMatch } from '../../glob';
import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { entries } from '../../cfn/lists';
import { IMAGE_PLACEHOLDER, ImageText, imageOf, maskPlaceholders, taskContainers } from '../../cfn/containers';
import { digestFault, imageTag, imageVersionDoubt, parseImage, unpinnedTagReason } from '../../../checklist/policy/image';

const CDK_ASSET = /cdk-[a-z0-9]+-container-assets-/;

/**
 * DEPLOY-IMMUTABLE-ARTIFACTS: every ECS container image names one immutable
 * artifact — a digest, a release tag in an immutable ECR repository of this
 * template, or a CDK asset (content-hash tag in the bootstrap repository,
 * whose tags are immutable and whose images are kept).
 *
 * Decisions: `latest`, no tag, a tag with no version number (`stable`, `lts`,
 * `alpine`, `main`) or a major version alone (`16`, `v2`, `20-alpine`) fails
 * in any registry, an immutable repository of this template included: such a
 * tag is meant to move, and there it moves by deleting the image and pushing
 * it again (policy `unpinnedTagReason`). A digest is `sha256:` and 64
 * lower-case hex digits (OCI image spec); any other digest fails. A mutable
 * repository of this template fails; any other tag in a registry outside the
 * template is unknown (only the registry knows whether the tag can be
 * overwritten; a major.minor tag says so) — pin it by digest. A tag or digest
 * computed at deploy time (a resource attribute, a pseudo parameter) is
 * unknown outside the template's repositories; placeholders are masked before
 * the reference is split, so the text of one is never read as a tag. The image
 * is read in every world: a moving tag in one branch of a condition or one
 * allowed value of a parameter fails there.
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
  description: 'ECS container images are pinned: a sha256 digest, a release tag in an immutable ECR repository, or a CDK asset; never latest, untagged, a channel tag (stable, lts) or a major version alone (16, 20-alpine).',
  fix: 'Use ContainerImage.fromEcrRepository(repo, tag) with an IMMUTABLE repository, ContainerImage.fromAsset(), or an image@sha256 digest.',
  check(res, { index }) {
    const out: Verdict[] = taskContainers(res, index).map((c) => judgeImage(index, `${c.path}.Image`, imageOf(index, c), `container ${c.name}`));
    return out.length > 0 ? out : undefined;
  },
};

/**
 * Whether one image reference (`image`, at `p`, of `who`: `container web`, `function Api`) names one immutable
 * artifact (see EcsImageImmutable): shared by the ECS and Lambda rules of DEPLOY-IMMUTABLE-ARTIFACTS.
 * @internal
 */
export function judgeImage(index: TemplateIndex, p: string, image: ImageText, who: string): Verdict {
  if (image.unknown !== undefined) return unknown(p, undefined, `${who}: image decided at deploy time (${image.unknown})`);
  const text = image.text;
  // Tag and digest are read with each deploy-time placeholder masked: a `:` inside `${AWS::StackName}` is no tag separator.
  const masked = maskPlaceholders(text);
  const parts = parseImage(masked);
  if (parts.digest !== undefined) {
    if (parts.digest.includes(IMAGE_PLACEHOLDER)) return unknown(p, text, `${who}: image digest decided at deploy time (${text.substring(text.lastIndexOf('@') + 1)}): whether it is a sha256 digest cannot be seen`);
    const fault = digestFault(parts.digest);
    if (fault) return fail(p, text, `${who}: ${fault}; the image is not pinned`);
    return pass(p, text, `${who}: image pinned by digest`);
  }
  if (CDK_ASSET.test(text)) return pass(p, text, `${who}: CDK asset image, tagged with its content hash in the bootstrap repository (immutable tags)`);
  const repo = image.refs.find((r) => r.type === 'AWS::ECR::Repository');
  const tag = imageTag(masked);
  if (tag === undefined || tag === 'latest') {
    return fail(p, text, `${who}: ${tag ? 'the latest tag' : 'no tag (latest)'} moves with every push; the previous version cannot be redeployed`);
  }
  if (tag.includes(IMAGE_PLACEHOLDER)) {
    if (!repo) return unknown(p, text, `${who}: tag decided at deploy time (${text}), in a registry outside this template; which release it names and whether it can be overwritten cannot be seen (pin it by digest)`);
  } else {
    const moves = unpinnedTagReason(tag);
    if (moves) return fail(p, text, `${who}: ${moves}${repo ? ` (in repository ${repo.logicalId}, immutable or not, such a tag moves by deleting the image and pushing it again)` : ''}; the previous version cannot be redeployed by it`);
    if (!repo) return unknown(p, text, `${who}: ${imageVersionDoubt(masked) ?? `tag ${tag} in a registry outside this template; whether it can be overwritten cannot be seen (pin it by digest)`}`);
  }
  const m = index.prop(repo, 'ImageTagMutability');
  if (m.k === 'unknown') return unknown(p, text, `${who}: tag mutability of ${repo.logicalId} decided at deploy time (${m.why})`);
  const mode = V.str(m);
  if (mode === 'IMMUTABLE') return pass(p, text, `${who}: tag ${tag} in immutable repository ${repo.logicalId}`);
  if (mode === 'IMMUTABLE_WITH_EXCLUSION') {
    const excluded = exclusionOf(index, repo, tag);
    if (excluded === undefined) return pass(p, text, `${who}: tag ${tag} in immutable repository ${repo.logicalId} (no exclusion filter matches it)`);
    if (excluded.unknown) return unknown(p, text, `${who}: the exclusion filters of ${repo.logicalId} are decided at deploy time (${excluded.unknown})`);
    return fail(p, text, `${who}: tag ${tag} matches exclusion filter ${excluded.filter} of ${repo.logicalId}, so it can be overwritten`);
  }
  return fail(p, text, `${who}: tag ${tag} in repository ${repo.logicalId}, whose tags can be overwritten`);
}

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
