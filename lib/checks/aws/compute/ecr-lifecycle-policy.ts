import { globMatch } from '../../glob';
import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { IMAGE_PLACEHOLDER, imageOf, maskPlaceholders, taskContainers } from '../../cfn/containers';
import { imageTag } from '../../../checklist/policy/image';

/** One rule of an ECR lifecycle policy, as far as keeping releases goes. */
interface PolicyRule {
  readonly name: string;
  readonly priority: number;
  readonly tagStatus: string;
  readonly prefixes: string[];
  readonly patterns: string[];
  /** What the rule does to the images it takes that loses the previous release, if it does. */
  readonly harm?: string;
}

/** The rules of a policy document, by priority (lowest first). */
function policyRules(index: TemplateIndex, doc: Val): PolicyRule[] {
  const rules = (index.items(index.field(doc, 'rules')) ?? []).map((r, i): PolicyRule => {
    const priority = V.num(index.field(r, 'rulePriority')) ?? i;
    const tagStatus = V.str(index.field(r, 'selection.tagStatus')) ?? '';
    const strings = (k: string) => (index.items(index.field(r, `selection.${k}`)) ?? []).map((x) => V.str(x)).filter((x): x is string => x !== undefined);
    const prefixes = strings('tagPrefixList');
    const patterns = strings('tagPatternList');
    const filter = prefixes.length > 0 ? `, tagPrefixList ${prefixes.join(' ')}` : patterns.length > 0 ? `, tagPatternList ${patterns.join(' ')}` : '';
    const name = `lifecycle rule ${priority} (tagStatus ${tagStatus || '(none)'}${filter})`;
    const countType = V.str(index.field(r, 'selection.countType')) ?? '';
    const n = V.num(index.field(r, 'selection.countNumber'));
    let harm: string | undefined;
    if (V.str(index.field(r, 'action.type')) === 'expire') {
      if (countType === 'imageCountMoreThan') {
        if (n !== undefined && n < 2) harm = `keeps only the ${n} most recent image${n === 1 ? '' : 's'}: the previous release is expired as soon as a newer image is pushed, so it cannot be redeployed`;
      } else {
        const age = countType === 'sinceImagePushed' ? `${n} days after they are pushed` : `by ${countType || 'countType (none)'} ${n ?? ''}`.trimEnd();
        harm = `expires images ${age}, whether or not a task definition still uses them: the release in service and the previous one are deleted once that passes without a newer release`;
      }
    }
    return { name, priority, tagStatus, prefixes, patterns, harm };
  });
  return rules.sort((a, b) => a.priority - b.priority);
}

/** Whether a rule takes images with this tag (tagged: every prefix, or every pattern, matches it). */
function takes(rule: PolicyRule, tag: string): boolean {
  if (rule.tagStatus === 'any') return true;
  if (rule.tagStatus !== 'tagged') return false;
  if (rule.prefixes.length > 0) return rule.prefixes.every((p) => tag.startsWith(p));
  return rule.patterns.length > 0 && rule.patterns.every((p) => globMatch(p, tag));
}

/** Whether a rule takes every tagged image (tagStatus any, a `*` pattern or an empty prefix). */
function takesEveryTag(rule: PolicyRule): boolean {
  return rule.tagStatus === 'any' || (rule.tagStatus === 'tagged' && (rule.prefixes.some((p) => p === '') || rule.patterns.some((p) => /^\*+$/.test(p))));
}

/**
 * The tags the task definitions of this template pin in `repo`, or undefined
 * when there are none, or one cannot be read (decided at deploy time, in whole
 * or in part: `build-${AWS::StackName}`, or a digest, whose tags are not in
 * the template).
 */
function pinnedTags(index: TemplateIndex, repo: CfnResource): { tag: string; by: string }[] | undefined {
  const out: { tag: string; by: string }[] = [];
  for (const td of index.referrers(repo, 'AWS::ECS::TaskDefinition')) {
    for (const c of taskContainers(td, index)) {
      const image = imageOf(index, c);
      if (image.unknown !== undefined) return undefined;
      if (!image.refs.some((r) => r.logicalId === repo.logicalId && r.type === repo.type)) continue;
      const masked = maskPlaceholders(image.text);
      const tag = imageTag(masked);
      if (tag === undefined || masked.includes('@') || tag.includes(IMAGE_PLACEHOLDER)) return undefined;
      out.push({ tag, by: `${td.logicalId} (container ${c.name})` });
    }
  }
  return out.length > 0 ? out : undefined;
}

/**
 * DEPLOY-IMMUTABLE-ARTIFACTS (kept): the repository has a lifecycle policy,
 * and it keeps the release in service and the one before it, so the previous
 * version can be redeployed.
 *
 * Decisions: releases are tagged images. A rule that expires tagged images by
 * age (sinceImagePushed and the like) fails: it deletes the release in service
 * whatever runs it; one that keeps fewer than 2 images by count fails: the
 * previous release goes with the next push. Untagged-only rules are not judged
 * here. An image is expired by the first rule (lowest rulePriority) whose tag
 * filter takes it, so the release tags decide: those the task definitions of
 * this template pin in the repository are judged one by one (the scheme of
 * the pinned tag is the scheme of the previous release). With no pinned tag in
 * the template, a rule that takes every tag (tagStatus any, pattern `*`) and
 * loses releases fails when no rule before it takes some tags, and is unknown
 * when one does; a tag-filtered rule that loses releases is unknown (whether
 * releases carry those tags decides). How many releases beyond the previous
 * one are kept has no catalog threshold and is not judged. A policy text built
 * at deploy time, or not JSON, is unknown.
 */
export const EcrLifecyclePolicy: AwsRule = {
  id: 'EcrLifecyclePolicy',
  items: ['DEPLOY-IMMUTABLE-ARTIFACTS'],
  types: ['AWS::ECR::Repository'],
  severity: Severity.LOW,
  description: 'ECR repositories have a lifecycle policy that keeps at least the release in service and the previous one (no age limit, and no count under 2, on the rule that takes the release tags).',
  fix: "Add lifecycleRules to the repository, e.g. { maxImageCount: 50 } to keep the last releases; expire by age only untagged images or tags that are not releases.",
  check(res, { index }) {
    const v = index.prop(res, 'LifecyclePolicy.LifecyclePolicyText');
    const p = 'Properties.LifecyclePolicy.LifecyclePolicyText';
    if (v.k === 'unknown') return unknown(p, v, `lifecycle policy decided at deploy time (${v.why})`);
    const text = V.str(v);
    if (v.k === 'absent' || text?.trim() === '') return fail(p, v, 'no lifecycle policy: images pile up unmanaged');
    if (text === undefined) return unknown(p, v, `lifecycle policy text built at deploy time or not a string (${V.show(v)}): which images it expires cannot be read`);
    let doc: Val;
    try { doc = index.value(JSON.parse(text)); } catch { return unknown(p, 'not JSON', 'the lifecycle policy text is not JSON (ECR refuses it): which images it expires cannot be read'); }
    const rules = policyRules(index, doc);

    const tags = pinnedTags(index, res);
    if (tags) {
      for (const { tag, by } of tags) {
        const rule = rules.find((r) => takes(r, tag));
        if (rule?.harm) return fail(p, rule.name, `tag ${tag}, pinned by ${by}, is taken by ${rule.name}, which ${rule.harm}`);
      }
      return pass(p, 'set', `the lifecycle policy keeps the pinned release${tags.length > 1 ? 's' : ''} (${[...new Set(tags.map((t) => t.tag))].join(', ')}) and the ones before ${tags.length > 1 ? 'them' : 'it'}: no rule that takes ${tags.length > 1 ? 'them' : 'it'} expires by age or keeps fewer than 2 images`);
    }

    const before: PolicyRule[] = [];
    let open: PolicyRule | undefined;
    for (const r of rules) {
      if (r.tagStatus !== 'any' && r.tagStatus !== 'tagged') continue;
      if (takesEveryTag(r)) {
        if (!r.harm) break;
        if (before.length === 0 && !open) return fail(p, r.name, `${r.name} takes every tagged image and ${r.harm}`);
        const shielded = before.map((b) => b.name).join(', ');
        return unknown(p, r.name, `the tags that ${shielded} do${before.length > 1 ? '' : 'es'} not take fall to ${r.name}, which ${r.harm}: whether the release tags are among them decides`);
      }
      if (r.harm) open ??= r;
      before.push(r);
    }
    if (open) return unknown(p, open.name, `${open.name} ${open.harm}: whether the release tags match its filter decides (no task definition of this template pins a tag in this repository)`);
    return pass(p, 'set', 'the lifecycle policy keeps the previous releases: no rule that takes tagged images expires by age or keeps fewer than 2 images');
  },
};
