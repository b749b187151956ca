/* eslint-disable @typescript-eslint/no-explicit-any */
import { Catalog } from '../checklist/catalog';
import { Attestation } from '../checklist/attestations';
import { Thresholds } from '../checklist/thresholds';
import { EvidenceKind } from '../checklist/types';
import { groupBy, Mutable } from './collections';
import { AcknowledgementRecord, Coverage, Evidence, Finding, FindingStatus, ItemResult, ItemStatus, Severity } from './model';
import { AwsRule, RuleContext, Verdict } from './rule';
import { CfnResource, PARAMETER_TYPE, showPseudoMarks, TemplateIndex, TRANSFORM_FN, Val } from './template-index';
import { EvalContext, Infeasible, Undecidable, World } from './world';
import { ASG_LAUNCHED_OUTSIDE, ECS_TASK_ALONE, LAUNCH_CONFIGURATION_ALONE, LAUNCH_TEMPLATE_ALONE, ECS_TASK_SCHEDULED, ECS_TASK_SCHEDULERS, isPlumbing, kindsOfUnread, UnreadType } from './kinds';
import { mayNest } from './nested';
import { expandLanguageExtensions, LANGUAGE_EXTENSIONS, passedParameterValues, transformNames, usesLanguageExtensions } from './language-extensions';
import { checkExpanded, checkWritten, hasLoops } from './template-shape';
import { MUTE_RULE_TYPE } from './cfn/alarm-mutes';
import { RunResolver } from './cfn/run';
import { holedText, sameText, showHoles, Tok, tokens } from './cfn/holed-text';
import { shown } from '../input/input-error';

/** A template to check. @internal */
export interface TemplateInput {
  readonly file: string;
  readonly stack: string;
  readonly template: any;
  /** The CloudFormation stack name, when it differs from `stack` (cloud assembly `stackName`). */
  readonly stackName?: string;
  /** logical id → construct path, when the caller knows it (CDK tree, manifest.json). */
  readonly paths?: Map<string, string>;
  /** The stack's region, when its environment is known (a cloud assembly's `aws://account/region`). */
  readonly region?: string;
  /** The stack's account, when its environment is known. */
  readonly accountId?: string;
  /** For a nested stack: the parent's file and stack, and the logical id of its `AWS::CloudFormation::Stack` resource. */
  readonly parent?: { readonly file: string; readonly stack?: string; readonly logicalId: string };
  /**
   * Whether the template's text may contain `token` (false only when it surely does not), for a template
   * read from a file and not yet parsed: lets the engine judge it alone, parsed on its turn (see `FileTemplate`).
   */
  mentions?(token: string): boolean;
  /** Forget the parsed template: called by the engine once a template it judged alone is judged. */
  release?(): void;
  /**
   * The template's shape (sections, resources, `Transform`, intrinsic arguments) was checked when it was read (the
   * CLI's loader, a nested stack's template read from its file); the engine checks every other template itself.
   */
  readonly checked?: boolean;
}

/** An acknowledgement as recorded on the construct tree. @internal */
export interface Ack {
  /** Rule id or item id, without the plugin namespace. */
  readonly id: string;
  /** The id as written. */
  readonly fullId: string;
  readonly path: string;
  readonly reason: string;
}

/** Which rules run and how. @internal */
export interface EngineOptions {
  readonly rules: AwsRule[];
  readonly thresholds: Thresholds;
  readonly severityOverrides?: Record<string, Severity>;
  /** Wall-clock budget per template, in milliseconds; exceeding it is bad input. @default 60000 */
  readonly timeBudgetMs?: number;
}

/** The most worlds (combinations of conditions, parameter values and map keys) one rule may see on one resource. @internal */
export const MAX_WORLDS = 512;

/** Thrown when a template takes longer than its time budget. @internal */
export class BudgetExceeded extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BudgetExceeded';
  }
}

/**
 * Index the templates of a run: one index each, cross-stack references
 * resolvable between them, nested stacks linked to their parents, one shared
 * world.
 * @internal
 */
export function indexTemplates(inputs: TemplateInput[]): TemplateIndex[] {
  const ctx: EvalContext = {};
  const expanded = expandAll(inputs);
  const indexes = expanded.map((input) => {
    const index = new TemplateIndex(input.template, input.file, input.stack);
    index.ctx = ctx;
    index.pseudo = { region: input.region, accountId: input.accountId };
    return index;
  });
  inputs.forEach((input, i) => {
    if (!input.parent) return;
    const p = input.parent;
    const parentIndex = indexes.find((_x, j) => j !== i && inputs[j].file === p.file && (p.stack === undefined || inputs[j].stack === p.stack));
    const stackResource = parentIndex?.get(input.parent.logicalId);
    if (!parentIndex || !stackResource) throw new Error(`${input.file}: nested in ${input.parent.file} ${input.parent.logicalId}, which is not in this check`);
    indexes[i].nested = { parent: parentIndex, stackResource };
    parentIndex.children.set(input.parent.logicalId, indexes[i]);
    if (!indexes[i].pseudo.region && parentIndex.pseudo.region) indexes[i].pseudo = parentIndex.pseudo;
  });
  const resolver = crossStackResolver(expanded, indexes);
  for (const index of indexes) index.resolver = resolver;
  return indexes;
}

/**
 * Expand `AWS::LanguageExtensions` (Fn::ForEach) before indexing. A nested
 * stack's loops see the parameter values its parent (as expanded: a parent
 * comes before its children) passes as literals.
 */
function expandAll(inputs: TemplateInput[]): TemplateInput[] {
  const expanded = new Map<TemplateInput, any>();
  return inputs.map((input) => {
    const t = input.template;
    // A malformed template is bad input, one line naming the file and the field, as it is for the CLI's loader.
    if (!input.checked) checkWritten(t, input.file);
    if (!usesLanguageExtensions(t) && !hasLoops(t)) {
      if (!input.checked) checkExpanded(t, input.file);
      return input;
    }
    let parameterValues: Record<string, string | string[]> | undefined;
    if (input.parent) {
      const parent = inputs.find((x) => x.file === input.parent!.file && (input.parent!.stack === undefined || x.stack === input.parent!.stack));
      const parentTemplate = parent && (expanded.get(parent) ?? parent.template);
      parameterValues = passedParameterValues(parentTemplate?.Resources?.[input.parent.logicalId]);
    }
    const template = expandLanguageExtensions(t, input.file, { nested: !!input.parent, parameterValues });
    if (!input.checked) checkExpanded(template, input.file);
    expanded.set(input, template);
    return { ...input, template };
  });
}

/**
 * Run the rules over the templates: each template indexed once, each rule
 * dispatched only to its resource types, and run in every world the resource
 * can be deployed in (see world.ts).
 * @internal
 */
export function runAwsRules(inputs: TemplateInput[], opts: EngineOptions, coverage?: CoverageRecord): Finding[] {
  const { byType, isNotJudged } = dispatchOf(opts.rules);
  const findings: Finding[] = [];
  // The templates no other one needs are indexed on their turn and released after it; the others, together.
  const alone = judgedAlone(inputs);
  const together = alone.size === 0 ? inputs : inputs.filter((input) => !alone.has(input));
  const indexesTogether = indexTemplates(together);
  const budget = opts.timeBudgetMs ?? 60000;
  for (let i = 0, t = 0; i < inputs.length; i++) {
    const input = inputs[i];
    const isAlone = alone.has(input);
    const index = isAlone ? indexTemplates([input])[0] : indexesTogether[t++];
    const ctx: RuleContext = { index, thresholds: opts.thresholds };
    const started = Date.now();
    const params = byType.has(PARAMETER_TYPE) && !index.nested ? index.parameterResources() : [];
    if (coverage) {
      const written = input.template?.Resources ?? {};
      for (const t of index.types()) {
        // A type whose every resource is network plumbing (NAT instances) is not the service's (kinds.ts).
        if (!index.allOfType(t).every((r) => isPlumbing(t, written[r.logicalId]?.Properties))) coverage.typesPresent.add(t);
      }
      for (const td of index.allOfType(ECS_TASK)) {
        const runner = runnerOf(index, td);
        if (runner !== undefined) coverage.typesPresent.add(runner);
      }
      for (const [type, alone] of [[LAUNCH_TEMPLATE, LAUNCH_TEMPLATE_ALONE], [LAUNCH_CONFIGURATION, LAUNCH_CONFIGURATION_ALONE]]) {
        if (index.allOfType(type).some((l) => !launchedByGroupsOnly(index, l))) coverage.typesPresent.add(alone);
      }
      for (const group of index.allOfType(ASG)) {
        const outside = launchedFromOutside(index, group);
        if (outside === undefined) continue;
        coverage.typesPresent.add(ASG_LAUNCHED_OUTSIDE);
        coverage.unreadKinds.push(`${input.file}: ${group.logicalId} (${ASG_LAUNCHED_OUTSIDE}: compute no rule reads, launched from ${outside})`);
      }
      unlinkedNestedStacks(index, input, coverage.unreadNestedStacks);
      for (const t of transformNames(input.template)) {
        if (t === LANGUAGE_EXTENSIONS) continue;
        coverage.unexpandedTransforms.push(`${input.file}: ${t}`);
        if (!transformShown(t, index)) coverage.undecidedTransforms.push(`${input.file}: ${t}`);
      }
      for (let r = 0; r < index.rewritten.length; r++) coverage.undecidedTransforms.push(`${input.file}: ${TRANSFORM_FN} ${index.rewritten[r]}`);
    }
    // Indexed loops in this function and in itemResults: it runs once per run, often before V8 optimises it,
    // and an unoptimised for-of allocates an iterator result per element (a tenth of a large run's garbage).
    const all = params.length > 0 ? params.concat(Array.from(index.resources.values())) : Array.from(index.resources.values());
    for (let r = 0; r < all.length; r++) {
      const res = all[r];
      const rules = byType.get(res.type);
      if (coverage) {
        // A type of an `unread` kind that some rules read (SecretsNoPlaintext reads App Runner) is still unread for the other items of its kind.
        const kinds = kindsOfUnread(res.type);
        if (kinds) coverage.unreadKinds.push(`${input.file}: ${res.logicalId} (${res.type}: ${kinds.map((k) => k.name).join(' and ')} ${rules ? `only ${rules.map((x) => x.id).join(', ')} read${rules.length === 1 ? 's' : ''}` : 'no rule reads'})`);
      }
      if (!rules) {
        if (coverage && isNotJudged(res.type)) coverage.notJudged[res.type] = (coverage.notJudged[res.type] ?? 0) + 1;
        continue;
      }
      if (Date.now() - started > budget) throw new BudgetExceeded(`${input.file}: checking took longer than the time budget of ${Math.round(budget / 1000)} s (at resource ${res.logicalId})`);
      for (let k = 0; k < rules.length; k++) {
        const rule = rules[k];
        const verdicts = judge(rule, res, ctx);
        for (let j = 0; j < verdicts.length; j++) {
          const verdict = verdicts[j];
          const target = verdict.resource ?? res;
          const owner = index.ownerOf(target);
          const condition = conditionOf(owner, target);
          // A resource an undecided Fn::ForEach collection produced may not exist as written: it neither passes nor fails.
          const undecided = owner.undecided(target);
          const v = undecided && verdict.status !== FindingStatus.UNKNOWN ? { ...verdict, status: FindingStatus.UNKNOWN, message: `${verdict.message}; but ${undecided}` } : verdict;
          // Built with one shape (no spread): a finding per rule and resource, and the spread made each a slow object.
          const finding: Mutable<Finding> = {
            ruleId: rule.id,
            itemIds: rule.items,
            severity: opts.severityOverrides?.[rule.id] ?? rule.severity,
            status: v.status,
            file: owner === index ? input.file : owner.file,
            stack: owner === index ? input.stack : owner.stack,
            resource: target.logicalId,
            resourceType: target.type,
            constructPath: (owner === index ? input.paths?.get(target.logicalId) : undefined) ?? owner.pathOf(target),
            property: v.property,
            // A pseudo parameter's mark (`pseudoMark`) in a text the rule quotes reads as `${AWS::...}`.
            value: v.value === undefined ? undefined : showPseudoMarks(v.value),
            message: showPseudoMarks(v.message),
            fix: rule.fix,
          };
          if (condition) finding.condition = condition;
          findings.push(finding);
        }
      }
    }
    if (isAlone) input.release!();
  }
  return findings;
}

/**
 * Nested templates that are not read and that the linker could not list: a SAM nested application
 * (`AWS::Serverless::Application`, whose template the SAM transform fetches). They are listed with the unread
 * ones, so no item can be satisfied.
 */
function unlinkedNestedStacks(index: TemplateIndex, input: TemplateInput, unread: string[]): void {
  for (const app of index.allOfType(SAM_APPLICATION)) unread.push(`${input.file}: ${app.logicalId} (a SAM nested application: its template is not read)`);
}

const SAM_APPLICATION = 'AWS::Serverless::Application';

/** Whether a parsed template declares an alarm mute rule. */
function hasMuteRule(template: any): boolean {
  const resources = template?.Resources;
  return resources !== null && typeof resources === 'object' && Object.values(resources).some((r: any) => r?.Type === MUTE_RULE_TYPE);
}

/**
 * The inputs that can be indexed and judged alone, each on its turn, and released after it: read from a file,
 * not nested in another, and, by their text, needing no other template (no nested stack, no `Fn::ImportValue`,
 * no `Fn::GetStackOutput`) and needed by none (no `Export`, no `Outputs` when a stack output is read, when
 * anything in the run imports; no CloudWatch alarm or mute rule when a template of the run has an alarm mute rule,
 * which may name an alarm of another stack). A template whose text might spell a token in `\u` escapes is never alone.
 * Every other input is indexed with the others, as one run: their nested stacks linked, their exports resolved.
 */
function judgedAlone(inputs: TemplateInput[]): Set<TemplateInput> {
  const alone = new Set<TemplateInput>();
  const lazy = inputs.filter((i) => i.mentions !== undefined && i.release !== undefined && !i.parent);
  if (lazy.length === 0) return alone;
  // One template alone: no other one imports from it or is imported by it (two scans of its text spared).
  if (inputs.length === 1) {
    if (!mayNest(lazy[0])) alone.add(lazy[0]);
    return alone;
  }
  // An alarm mute rule may name an alarm of another stack by its name (`muteOf`): in a run that has one, a template
  // with a CloudWatch alarm (or a mute rule) is indexed with the others.
  const muting = inputs.some((i) => (i.mentions ? i.mentions('AlarmMuteRule') : hasMuteRule(i.template)));
  // An input given already parsed is not scanned: it may import or read any stack's outputs.
  const eager = lazy.length < inputs.length;
  const readsOutputs = eager || inputs.some((i) => i.mentions?.('Fn::GetStackOutput'));
  const imports = readsOutputs || inputs.some((i) => i.mentions?.('Fn::ImportValue'));
  for (const input of lazy) {
    const needsOthers = mayNest(input) || input.mentions!('Fn::ImportValue') || input.mentions!('Fn::GetStackOutput') || (muting && input.mentions!('AWS::CloudWatch::'));
    const neededByOthers = imports && (input.mentions!('Export') || (readsOutputs && input.mentions!('Outputs')));
    if (!needsOthers && !neededByOthers) alone.add(input);
  }
  return alone;
}

/** Rules by resource type, and which types no rule judges: built once per rule list (a fixed cost of every run otherwise). */
interface Dispatch {
  readonly byType: Map<string, AwsRule[]>;
  readonly isNotJudged: (type: string) => boolean;
}

const DISPATCH = new WeakMap<readonly AwsRule[], Dispatch>();

function dispatchOf(rules: readonly AwsRule[]): Dispatch {
  const cached = DISPATCH.get(rules);
  if (cached) return cached;
  const byType = groupBy(rules, (rule) => rule.types);
  // A resource is "not judged" when no rule knows its service (SAM, macros, third-party types): rules read the
  // supporting types of a service they know (roles, permissions, routes) through references; and when no rule reads
  // its type as a neighbour of what it judges (`readsTypes`: Route 53 records for EdgeDnsAlias).
  const knownServices = new Set([...byType.keys()].map(serviceOf));
  const neighbours = new Set(rules.flatMap((r) => r.readsTypes ?? []));
  const notJudged = new Map<string, boolean>();
  const isNotJudged = (type: string) => {
    let v = notJudged.get(type);
    if (v === undefined) notJudged.set(type, (v = !knownServices.has(serviceOf(type)) && !neighbours.has(type) && !IGNORED_TYPES.test(type)));
    return v;
  };
  const d = { byType, isNotJudged };
  DISPATCH.set(rules, d);
  return d;
}

/** Types that are bookkeeping, not part of any checklist item: CDK metadata, nested stacks (read themselves), custom resources. */
const IGNORED_TYPES = /^(AWS::CDK::Metadata|AWS::CloudFormation::(Stack|CustomResource|WaitCondition|WaitConditionHandle)|Custom::.*)$/;

/** `AWS::S3::Bucket` -> `AWS::S3`; a third-party or SAM type keeps its first two parts too. */
function serviceOf(type: string): string {
  return type.split('::').slice(0, 2).join('::');
}

/**
 * What a run of the rules records about what it could not read or judge: the report's {@link Coverage}, and the
 * resource types present (an item only some types need is not applicable without them).
 * @internal
 */
export interface CoverageRecord extends Coverage {
  readonly notJudged: Record<string, number>;
  readonly typesPresent: Set<string>;
}

/** A coverage record with nothing in it yet. @internal */
export function emptyCoverage(unreadNestedStacks: string[] = []): CoverageRecord {
  return { unreadNestedStacks, notJudged: {}, unexpandedTransforms: [], undecidedTransforms: [], unreadKinds: [], typesPresent: new Set() };
}

/** Whether the checks have read, or judge out of scope, all a transform of `index`'s template would deploy. */
function transformShown(transform: string, index: TemplateIndex): boolean {
  // Secrets Manager hosted rotation: adds, for each RotationSchedule's HostedRotationLambda, the rotation function
  // AWS maintains, as those properties describe it (not the service's own compute; see the README).
  if (/^AWS::SecretsManager-\d{4}-\d{2}-\d{2}$/.test(transform)) return true;
  // SAM rewrites only its own resources (and, from them, others: an S3 event adds a bucket's notification); a
  // template without any is deployed as written.
  if (transform === SAM_TRANSFORM) {
    for (const t of index.types()) if (t.startsWith('AWS::Serverless::')) return false;
    return true;
  }
  // A macro (or AWS::CodeDeployBlueGreen, AWS::Include): its output is known at deploy time only.
  return false;
}

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** The condition a resource is created under, including its nested stack's, in words; undefined when unconditional. */
function conditionOf(index: TemplateIndex, res: CfnResource): string | undefined {
  if (res.condition === undefined && !index.nested) return undefined;
  const parts: string[] = [];
  if (res.condition) parts.push(res.condition);
  let cur: TemplateIndex | undefined = index;
  while (cur?.nested) {
    const c = cur.nested.stackResource.condition;
    if (c) parts.push(`${c} (nested stack ${cur.nested.stackResource.logicalId})`);
    cur = cur.nested.parent;
  }
  return parts.length > 0 ? parts.join(' and ') : undefined;
}

/** One world's outcome: its verdicts, or none when the resource does not exist in it. */
interface WorldRun {
  readonly world: World;
  readonly verdicts?: Verdict[];
}

/**
 * A rule's verdicts on one resource over every world: run it once per
 * combination of the choices it meets (depth-first), then combine. Pass only
 * if every world passes; fail only if every world fails; otherwise unknown,
 * naming the choices that decide it.
 * @internal
 */
export function judge(rule: AwsRule, res: CfnResource, ctx: RuleContext): Verdict[] {
  const index = ctx.index;
  const evalCtx = index.ctx;
  const saved = evalCtx.world;
  // The first world: most rules meet no choice on most resources, and are done after it.
  const first = SPARE.world ?? new World();
  SPARE.world = undefined;
  let verdicts: Verdict[] | undefined;
  let forced: number[] | undefined;
  try {
    evalCtx.world = first;
    verdicts = runOnce(rule, res, ctx);
    forced = first.next();
  } finally {
    evalCtx.world = saved;
  }
  if (forced === undefined) {
    // One world: nothing refers to it any more, so the next judgement can use it again.
    first.reset();
    SPARE.world = first;
    return verdicts ?? []; // none when the resource does not exist
  }
  const runs: WorldRun[] = [{ world: first, verdicts }];
  try {
    while (forced) {
      if (runs.length >= MAX_WORLDS) {
        const labels = [...new Set(runs.flatMap((r) => r.world.trail.map((d) => d.label)))];
        return [{ status: FindingStatus.UNKNOWN, message: `more than ${MAX_WORLDS} combinations of ${labels.slice(0, 5).join(', ')}${labels.length > 5 ? ` and ${labels.length - 5} more` : ''} decide this; not judged`, property: undefined, value: undefined }];
      }
      const world: World = new World(forced);
      evalCtx.world = world;
      runs.push({ world, verdicts: runOnce(rule, res, ctx) });
      forced = world.next();
    }
  } finally {
    evalCtx.world = saved;
  }
  return combine(runs, res);
}

/** The verdicts of a rule that says nothing about a resource: one shared, never written to. */
const NO_VERDICTS: Verdict[] = Object.freeze([]) as unknown as Verdict[];

/** A world no judgement holds any more, ready for the next one. */
const SPARE: { world?: World } = {};

function runOnce(rule: AwsRule, res: CfnResource, ctx: RuleContext): Verdict[] | undefined {
  try {
    if (!ctx.index.exists(res)) return undefined;
    const out = rule.check(res, ctx);
    return out === undefined ? NO_VERDICTS : Array.isArray(out) ? out : [out];
  } catch (e) {
    if (e instanceof Infeasible) return undefined;
    if (e instanceof Undecidable) return [{ status: FindingStatus.UNKNOWN, message: `cannot be decided at synth: ${e.why}` }];
    return [{ status: FindingStatus.UNKNOWN, message: `rule error: ${(e as Error).message}` }];
  }
}

const RANK: Record<string, number> = { [FindingStatus.PASS]: 0, [FindingStatus.UNKNOWN]: 1, [FindingStatus.FAIL]: 2 };

function combine(runs: WorldRun[], res: CfnResource): Verdict[] {
  const live = runs.filter((r) => r.verdicts !== undefined);
  if (live.length === 0) {
    // No world deploys the resource: it never exists, or no combination is consistent.
    return [];
  }
  if (runs.length === 1) return live[0].verdicts!;
  // Per target resource: the verdicts of each world.
  const targets: CfnResource[] = [];
  const perWorld = live.map((r) => {
    const m = new Map<CfnResource, Verdict[]>();
    for (const v of r.verdicts!) {
      const t = v.resource ?? res;
      if (!m.has(t)) { m.set(t, []); if (!targets.includes(t)) targets.push(t); }
      m.get(t)!.push(v);
    }
    return m;
  });
  const out: Verdict[] = [];
  for (const t of targets) {
    const statuses = perWorld.map((m) => {
      const vs = m.get(t);
      if (!vs || vs.length === 0) return 'n/a';
      return vs.reduce((a, v) => (RANK[v.status] > RANK[a] ? v.status : a), FindingStatus.PASS as string);
    });
    const first = (s: string) => statuses.indexOf(s);
    const resourceCondition = t === res && res.condition ? ` (under condition ${res.condition}, in every combination where it exists)` : '';
    if (statuses.every((s) => s === FindingStatus.FAIL)) {
      const w = first(FindingStatus.FAIL);
      out.push(...perWorld[w].get(t)!.filter((v) => v.status === FindingStatus.FAIL).map((v) => ({ ...v, message: `${v.message}${resourceCondition || ` (in every combination of ${decisionLabels(live)})`}` })));
    } else if (statuses.every((s) => s === FindingStatus.PASS || s === 'n/a')) {
      const w = first(FindingStatus.PASS);
      const na = first('n/a');
      const where = na >= 0 ? ` (wherever it applies; not judged when ${live[na].world.describe() || 'it does not exist'})` : ` (in every combination of ${decisionLabels(live)})`;
      out.push(...perWorld[w].get(t)!.map((v) => ({ ...v, message: `${v.message}${resourceCondition || where}` })));
    } else {
      const failing = first(FindingStatus.FAIL);
      const undecided = first(FindingStatus.UNKNOWN);
      const passing = first(FindingStatus.PASS);
      const parts: string[] = [];
      if (failing >= 0) parts.push(`fails when ${live[failing].world.describe() || 'it exists'}: ${worstMessage(perWorld[failing].get(t)!)}`);
      if (undecided >= 0 && failing < 0) parts.push(`undecided when ${live[undecided].world.describe() || 'it exists'}: ${worstMessage(perWorld[undecided].get(t)!)}`);
      if (passing >= 0) parts.push(`passes when ${live[passing].world.describe()}`);
      const na = first('n/a');
      if (na >= 0 && passing < 0) parts.push(`does not apply when ${live[na].world.describe()}`);
      const sample = perWorld[failing >= 0 ? failing : undecided >= 0 ? undecided : 0].get(t)!.find((v) => v.status !== FindingStatus.PASS) ?? perWorld[0].get(t)![0];
      out.push({ status: FindingStatus.UNKNOWN, property: sample.property, value: sample.value, resource: sample.resource, message: `depends on ${decisionLabels(live)}: ${parts.join('; ')}` });
    }
  }
  return out;
}

function worstMessage(vs: Verdict[]): string {
  return (vs.find((v) => v.status === FindingStatus.FAIL) ?? vs.find((v) => v.status === FindingStatus.UNKNOWN) ?? vs[0]).message;
}

function decisionLabels(runs: WorldRun[]): string {
  const labels = [...new Set(runs.flatMap((r) => r.world.trail.map((d) => d.label)))];
  return labels.length > 4 ? `${labels.slice(0, 4).join(', ')} and ${labels.length - 4} more` : labels.join(', ');
}

/**
 * Resolves Fn::ImportValue (by export name) and Fn::GetStackOutput (by stack and
 * output name) across the templates of one run, so a value another stack of the
 * same app provides is judged, not reported unknown. Built once: O(outputs).
 * Exports are read in the current world.
 * @internal
 */
export function crossStackResolver(inputs: TemplateInput[], indexes: TemplateIndex[]): RunResolver {
  const exported = new Map<string, { index: TemplateIndex; raw: any; stack: string }[]>();
  /** Exports whose name is decided at deploy time: its text with parameters as holes, when every piece is one. */
  const undecided: { index: TemplateIndex; stack: string; name?: Tok[]; shown: string }[] = [];
  const outputs = new Map<string, { index: TemplateIndex; raw: any }>();
  inputs.forEach((input, i) => {
    const index = indexes[i];
    const names = new Set([input.stack, input.stackName, input.stack.split('/').pop(), input.file.replace(/^.*[\\/]/, '').replace(/\.template\.json$/, '')].filter((n): n is string => !!n));
    const outs = input.template.Outputs;
    if (!outs || typeof outs !== 'object' || Array.isArray(outs)) return;
    for (const outputName of Object.keys(outs)) {
      const out = outs[outputName];
      if (!out || typeof out !== 'object') continue;
      for (const n of names) outputs.set(`${n}\u0000${outputName}`, { index, raw: out.Value });
      const exp = out.Export && typeof out.Export === 'object' ? out.Export.Name : undefined;
      if (exp === undefined) continue;
      let name: Val;
      try {
        name = index.value(exp);
      } catch {
        // An export name that depends on a condition or a parameter's allowed values: it may be any name an import reads.
        undecided.push({ index, stack: input.stack, shown: `output ${outputName} of stack ${input.stack}, whose export name depends on a condition or a parameter's allowed values` });
        continue;
      }
      if (name.k === 'lit' && typeof name.v === 'string') {
        let list = exported.get(name.v);
        if (!list) exported.set(name.v, (list = []));
        list.push({ index, raw: out.Value, stack: input.stack });
      } else if (name.k === 'unknown') {
        const text = holedText(name);
        undecided.push({ index, stack: input.stack, name: text === undefined ? undefined : tokens(text, { holes: true }), shown: `output ${outputName} of stack ${input.stack}, whose export name ${text === undefined ? `is decided at deploy time (${name.why})` : `${showHoles(text)} is decided at deploy time`}` });
      }
    }
  });
  // Exports are per account and region: an import reads only an export of its own (when both are known and differ, not it).
  const apart = (a: TemplateIndex, b: TemplateIndex | undefined) => b !== undefined && (
    (a.pseudo.region !== undefined && b.pseudo.region !== undefined && a.pseudo.region !== b.pseudo.region)
    || (a.pseudo.accountId !== undefined && b.pseudo.accountId !== undefined && a.pseudo.accountId !== b.pseudo.accountId));
  const exportOf = (name: string, from?: TemplateIndex): { index: TemplateIndex; raw: any } | { open: string } | undefined => {
    const found = (exported.get(name) ?? []).filter((e) => !apart(e.index, from));
    const wanted = tokens(name);
    const may = undecided.filter((u) => u.index !== from && !apart(u.index, from) && (u.name === undefined || sameText(u.name, wanted) !== 'no'));
    if (found.length === 1 && may.length === 0) return found[0];
    if (found.length === 0 && may.length === 0) return undefined;
    const who = [...found.map((e) => `stack ${e.stack}`), ...may.map((u) => u.shown)];
    return { open: `export ${name} may be ${found.length > 1 ? 'exported by' : 'the export of'} ${who.join(' or ')} (export names are unique per account and region, so which one the import reads depends on where each stack is deployed)` };
  };
  let imports: Map<string, { index: TemplateIndex; resource: CfnResource }[]> | undefined;
  let mutes: CfnResource[] | undefined;
  const byType = new Map<string, { index: TemplateIndex; resource: CfnResource }[]>();
  return {
    exported: exportOf,
    output: (stack, output) => outputs.get(`${stack}\u0000${output}`),
    importers: (name) => (imports ??= importsOf(inputs, indexes)).get(name) ?? [],
    muteRules: () => (mutes ??= indexes.flatMap((index) => index.allOfType(MUTE_RULE_TYPE))),
    ofType: (type) => {
      let found = byType.get(type);
      if (!found) byType.set(type, (found = indexes.flatMap((index) => index.allOfType(type).map((resource) => ({ index, resource })))));
      return found;
    },
  };
}

/**
 * The resources of each template that import an export, by export name: every `Fn::ImportValue` below a resource's
 * properties whose name is written as text (a name computed at deploy time or by a world is not followed: an
 * exported value stays handed on, unknown). Read once, when asked.
 */
function importsOf(inputs: TemplateInput[], indexes: TemplateIndex[]): Map<string, { index: TemplateIndex; resource: CfnResource }[]> {
  const out = new Map<string, { index: TemplateIndex; resource: CfnResource }[]>();
  inputs.forEach((input, i) => {
    const index = indexes[i];
    const resources = input.template?.Resources;
    if (!resources || typeof resources !== 'object') return;
    for (const id of Object.keys(resources)) {
      const resource = index.get(id);
      if (!resource) continue;
      const stack: any[] = [resources[id]?.Properties];
      let budget = 100000;
      while (stack.length > 0 && budget-- > 0) {
        const node = stack.pop();
        if (node === null || typeof node !== 'object') continue;
        if (Array.isArray(node)) { stack.push(...node); continue; }
        for (const k of Object.keys(node)) {
          if (k !== 'Fn::ImportValue') { stack.push(node[k]); continue; }
          // A name written as text only: one computed in a world (read while a rule runs) is not kept for the run.
          const name = node[k];
          if (typeof name !== 'string') continue;
          let list = out.get(name);
          if (!list) out.set(name, (list = []));
          if (!list.some((x) => x.resource === resource)) list.push({ index, resource });
        }
      }
    }
  });
  return out;
}

/**
 * Apply acknowledgements: a failing finding is acknowledged by the closest
 * acknowledgement on its construct path (or an ancestor) whose id is the rule
 * id or one of the finding's item ids — the CDK's own matching.
 * @internal
 */
export function applyAcknowledgements(findings: Finding[], acks: Ack[]): { findings: Finding[]; records: AcknowledgementRecord[] } {
  const byId = new Map<string, Map<string, Ack>>();
  for (const a of acks) {
    let m = byId.get(a.id);
    if (!m) byId.set(a.id, (m = new Map()));
    m.set(normalizePath(a.path), a);
  }
  const used = new Map<Ack, number>();
  const out = findings.map((f) => {
    if (f.status !== FindingStatus.FAIL || f.constructPath === undefined) return f;
    const ack = closest(byId, [f.ruleId, ...f.itemIds], normalizePath(f.constructPath));
    if (!ack) return f;
    used.set(ack, (used.get(ack) ?? 0) + 1);
    return { ...f, status: FindingStatus.ACKNOWLEDGED, acknowledgedReason: ack.reason };
  });
  const records = acks.map((a) => ({ id: a.fullId, constructPath: a.path, reason: a.reason, findings: used.get(a) ?? 0 }));
  return { findings: out, records };
}

function normalizePath(p: string): string {
  return p.replace(/^\/+/, '');
}

function closest(byId: Map<string, Map<string, Ack>>, ids: string[], path: string): Ack | undefined {
  let p = path;
  for (;;) {
    for (const id of ids) {
      const a = byId.get(id)?.get(p);
      if (a) return a;
    }
    if (p === '') return undefined;
    const i = p.lastIndexOf('/');
    p = i === -1 ? '' : p.substring(0, i);
  }
}

/** What the report is built from. @internal */
export interface ReportInput {
  readonly findings: Finding[];
  readonly acknowledgements: AcknowledgementRecord[];
  readonly attestations: Attestation[];
  readonly attestationsFile?: string;
  /** Rule ids per item, for every item that has a rule, by platform. */
  readonly rulesByItem: Map<string, Set<string>>;
  /** Platforms present in the input (`aws`, `k8s`). */
  readonly platformsPresent: Set<string>;
  /** Platform of each item's rules. */
  readonly platformsByItem: Map<string, Set<string>>;
  /** Restrict to these item ids. */
  readonly itemFilter?: Set<string>;
  /** What was not read or judged; unread nested stacks keep every item from being satisfied. */
  readonly coverage?: Coverage;
  /** The resource types present in the input (for items that concern only some). */
  readonly typesPresent?: Set<string>;
  /**
   * The types of the kinds of resource each item's rules judge that no rule of the item reads (kinds.ts `unreadFor`):
   * one present keeps the item from being satisfied.
   */
  readonly unreadByItem?: Map<string, readonly UnreadType[]>;
}

/** What part of the app was not read, in words (for an item's reason), or undefined when all of it was. */
function unreadPart(coverage: Coverage | undefined): string | undefined {
  if (!coverage) return undefined;
  const parts: string[] = [];
  if (coverage.unreadNestedStacks.length > 0) parts.push(`${coverage.unreadNestedStacks.length} nested stack(s) not read`);
  if (coverage.undecidedTransforms.length > 0) parts.push(`${coverage.undecidedTransforms.length} transform(s) deploy what the template does not show`);
  return parts.length > 0 ? `${parts.join(', and ')} (see coverage)` : undefined;
}

const ECS_TASK = 'AWS::ECS::TaskDefinition';
const ECS_SERVICE = 'AWS::ECS::Service';
const ASG = 'AWS::AutoScaling::AutoScalingGroup';
const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate';
const LAUNCH_CONFIGURATION = 'AWS::AutoScaling::LaunchConfiguration';

/**
 * The launch template specifications an Auto Scaling group's raw properties give, each with where it stands:
 * `LaunchTemplate`, and under `MixedInstancesPolicy.LaunchTemplate` its specification and each override's.
 */
function launchTemplateSpecs(p: any): [string, any][] {
  const specs: [string, any][] = [];
  if (p === null || typeof p !== 'object') return specs;
  if (p.LaunchTemplate !== undefined) specs.push(['LaunchTemplate', p.LaunchTemplate]);
  const mixed = p.MixedInstancesPolicy?.LaunchTemplate;
  if (mixed !== undefined) {
    specs.push(['MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification', mixed?.LaunchTemplateSpecification]);
    for (const [i, o] of (Array.isArray(mixed?.Overrides) ? mixed.Overrides : []).entries()) {
      if (o?.LaunchTemplateSpecification !== undefined) specs.push([`MixedInstancesPolicy.LaunchTemplate.Overrides.${i}.LaunchTemplateSpecification`, o.LaunchTemplateSpecification]);
    }
  }
  return specs;
}

/**
 * Where an Auto Scaling group's instances are launched from, in words, when that is not a launch template or
 * configuration of the template named as written (`Ref` / `Fn::GetAtt` of it, nothing around it: a condition, a
 * parameter, an id or name written as text, an import, an instance to copy); undefined when every launch source it
 * names is one of the template's. Read as written (`ASG_LAUNCHED_OUTSIDE` in kinds.ts).
 */
function launchedFromOutside(index: TemplateIndex, group: CfnResource): string | undefined {
  const p = index.template.Resources?.[group.logicalId]?.Properties;
  if (p === null || typeof p !== 'object') return 'no launch template or configuration the template shows';
  const ofTemplate = (v: any, type: string): boolean => index.allOfType(type).some((r) => namesDirectly(v, r.logicalId));
  const specs = launchTemplateSpecs(p);
  for (const [where, spec] of specs) {
    const named = spec?.LaunchTemplateId ?? spec?.LaunchTemplateName;
    if (!ofTemplate(named, LAUNCH_TEMPLATE)) return `${where} ${shownValue(named)}, not a launch template of the template named as written`;
  }
  if (p.LaunchConfigurationName !== undefined && !ofTemplate(p.LaunchConfigurationName, LAUNCH_CONFIGURATION)) {
    return `LaunchConfigurationName ${shownValue(p.LaunchConfigurationName)}, not a launch configuration of the template named as written`;
  }
  if (p.InstanceId !== undefined) return `InstanceId ${shownValue(p.InstanceId)} (the settings of a running instance)`;
  return specs.length === 0 && p.LaunchConfigurationName === undefined ? 'no launch template or configuration the template shows' : undefined;
}

/**
 * Whether only Auto Scaling groups of the template launch a launch template or configuration: at least one names it
 * as written (`Ref` / `Fn::GetAtt` of it in its LaunchTemplate, MixedInstancesPolicy or LaunchConfigurationName, under
 * no condition other than the launcher's own), and nothing but groups and grants references it, nor an output
 * (another stack may launch it). Otherwise it counts as `LAUNCH_TEMPLATE_ALONE` (kinds.ts).
 */
function launchedByGroupsOnly(index: TemplateIndex, launcher: CfnResource): boolean {
  if (index.exportsReferring(launcher).length > 0) return false;
  let byGroup = false;
  for (const r of index.referrersInAnyWorld(launcher)) {
    if (GRANTS.has(r.type)) continue;
    if (r.type !== ASG) return false;
    const p = index.template.Resources?.[r.logicalId]?.Properties;
    const named = launcher.type === LAUNCH_CONFIGURATION ? [p?.LaunchConfigurationName] : launchTemplateSpecs(p).map(([, spec]) => spec?.LaunchTemplateId ?? spec?.LaunchTemplateName);
    if ((r.condition === undefined || r.condition === launcher.condition) && named.some((v) => namesDirectly(v, launcher.logicalId))) byGroup = true;
  }
  return byGroup;
}

/**
 * A raw template value in a message (`shown`: one line, cut short): text as it is, anything else as JSON (a value
 * nested too deep for JSON.stringify is named by its type).
 */
function shownValue(v: unknown): string {
  let text: string | undefined;
  try {
    text = typeof v === 'string' ? v : JSON.stringify(v);
  } catch {
    text = undefined;
  }
  return shown(text ?? typeof v, 200);
}

/** Types that name a task definition to grant rights on it, not to run it. */
const GRANTS = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::Role']);

/**
 * What runs a task definition besides the ECS services of its template that name it, as a type of kinds.ts:
 * `ECS_TASK_SCHEDULED` when EventBridge rules or schedules do, `ECS_TASK_ALONE` when no service names it as written
 * (`Ref` or `Fn::GetAtt` of it, under no condition other than the task definition's own) and no schedule runs it, or
 * when a resource other than a service, a schedule or a grant references it (a pipe, a state machine, a task set);
 * undefined when only services run it.
 */
function runnerOf(index: TemplateIndex, td: CfnResource): string | undefined {
  let byService = false;
  let scheduled = false;
  for (const r of index.referrersInAnyWorld(td)) {
    if (r.type === ECS_SERVICE) {
      const named = index.template.Resources?.[r.logicalId]?.Properties?.TaskDefinition;
      if ((r.condition === undefined || r.condition === td.condition) && namesDirectly(named, td.logicalId)) byService = true;
    } else if (ECS_TASK_SCHEDULERS.includes(r.type)) {
      scheduled = true;
    } else if (!GRANTS.has(r.type)) {
      return ECS_TASK_ALONE;
    }
  }
  return scheduled ? ECS_TASK_SCHEDULED : byService ? undefined : ECS_TASK_ALONE;
}

/** `{ Ref: id }` or `{ 'Fn::GetAtt': [id, ...] }` (or `'id.Attribute'`), nothing around it. */
function namesDirectly(v: any, id: string): boolean {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 1) return false;
  if (keys[0] === 'Ref') return v.Ref === id;
  if (keys[0] !== 'Fn::GetAtt') return false;
  const a = v['Fn::GetAtt'];
  return Array.isArray(a) ? a[0] === id : typeof a === 'string' && a.split('.')[0] === id;
}

/**
 * The types present in the input that no rule of the item reads although they are of a kind it is about (`unread`:
 * see `ReportInput.unreadByItem`), in words (for an item's reason), or undefined.
 */
function unreadKind(unread: readonly UnreadType[] | undefined, typesPresent: Set<string> | undefined): string | undefined {
  if (!unread || !typesPresent) return undefined;
  const found: string[] = [];
  for (const u of unread) {
    if (!typesPresent.has(u.type)) continue;
    found.push(u.judged ? `${u.type} (${u.kind.name} that other items' rules read, this item's do not)` : `${u.type} (${u.kind.name} no rule of this item reads)`);
  }
  if (found.length === 0) return undefined;
  // The types no rule reads are listed in the coverage, resource by resource; the others are read by other items' rules.
  const listed = unread.some((u) => !u.judged && typesPresent.has(u.type));
  return `the app holds ${found.join(' and ')}${listed ? ': see coverage.unreadKinds' : ''}`;
}

/** Item results in catalog order. @internal */
export function itemResults(input: ReportInput): ItemResult[] {
  const byItem = new Map<string, Finding[]>();
  const findings = input.findings;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    for (let j = 0; j < f.itemIds.length; j++) {
      const id = f.itemIds[j];
      let l = byItem.get(id);
      if (!l) byItem.set(id, (l = []));
      l.push(f);
    }
  }
  const attested = new Map(input.attestations.map((a) => [a.item, a]));
  const results: ItemResult[] = [];
  for (const item of Catalog.items()) {
    if (input.itemFilter && !input.itemFilter.has(item.id)) continue;
    const fs = byItem.get(item.id) ?? [];
    const counts: Record<string, number> = {};
    for (let i = 0; i < fs.length; i++) counts[fs[i].status] = (counts[fs[i].status] ?? 0) + 1;
    const evidence: Evidence[] = fs
      .filter((f) => f.status === FindingStatus.PASS)
      .map((f) => ({ kind: f.observedAt ? 'live' : 'resource', file: f.file, resource: f.resource, property: f.property, value: f.value, note: f.message, observedAt: f.observedAt }));
    let status: ItemStatus;
    let reason: string | undefined;
    if (item.evidence === EvidenceKind.ATTESTATION || item.evidence === EvidenceKind.PIPELINE) {
      const a = attested.get(item.id);
      if (a) {
        evidence.push({ kind: 'attestation', file: input.attestationsFile ?? 'golive.attestations.json', resource: a.by, note: `${a.date}${a.note ? ': ' + a.note : ''}${a.evidenceUrl ? ' (' + a.evidenceUrl + ')' : ''}` });
        status = ItemStatus.ATTESTED;
      } else {
        status = ItemStatus.PENDING;
      }
    } else if (fs.length === 0) {
      const platforms = input.platformsByItem.get(item.id);
      const applicable = !platforms || [...platforms].some((p) => input.platformsPresent.has(p));
      const present = !item.onlyFor || item.onlyFor.some((t) => input.typesPresent?.has(t));
      status = applicable && present ? ItemStatus.PENDING : ItemStatus.NOT_APPLICABLE;
    } else if (counts[FindingStatus.FAIL]) {
      status = ItemStatus.VIOLATED;
    } else if (counts[FindingStatus.UNKNOWN]) {
      status = ItemStatus.UNKNOWN;
    } else if (counts[FindingStatus.ACKNOWLEDGED]) {
      status = ItemStatus.ACKNOWLEDGED;
    } else if (!fs.some((f) => f.status === FindingStatus.PASS && f.condition === undefined)) {
      // Every pass is on a resource created only under a condition: in the deployments where it is not, nothing evidences the item.
      status = ItemStatus.UNKNOWN;
      reason = 'every resource that evidences it is created only under a condition';
    } else if ((reason = unreadPart(input.coverage)) !== undefined) {
      // Part of the app was not read (a nested template, what a transform deploys): what it holds may violate the item.
      status = ItemStatus.UNKNOWN;
    } else if ((reason = unreadKind(input.unreadByItem?.get(item.id), input.typesPresent)) !== undefined) {
      // The item is about a kind of resource (a database) of which the app holds one no rule reads (DocumentDB).
      status = ItemStatus.UNKNOWN;
    } else {
      status = ItemStatus.SATISFIED;
    }
    const result: ItemResult = { id: item.id, title: item.title, section: item.section, evidenceKind: item.evidence, status, evidence, counts };
    results.push(reason === undefined ? result : { ...result, reason });
  }
  return results;
}
