/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';
import type { CfnResource, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Attestation, Attestations, ATTESTATIONS_FILE, ATTESTATIONS_MAX_BYTES } from '../checklist/attestations';
import { Catalog, controlsOfItems, itemTitle } from '../checklist/catalog';
import { ThresholdOverrides, Thresholds } from '../checklist/thresholds';
import { EvidenceKind, Section } from '../checklist/types';
import { AWS_RULES } from './aws';
import { applyBaseline, BASELINE_FILE, BaselineEntry, parseBaseline } from './baseline';
import { Ack, applyAcknowledgements, emptyCoverage, itemResults, runAwsRules, TemplateInput } from './engine';
import { ackFromMetadata, lineIndex, LoadedInput, PLUGIN_NAME, readTemplateFile, ACCOUNT_ID, REGION_NAME } from './loader';
import { FileTemplate } from './file-template';
import { assetObjectKeys, linkNestedStacks, TemplateReader } from './nested';
import { Finding, Severity, SkippedFile } from './model';
import { InputError, shown } from '../input/input-error';
import { readTextFile } from '../input/read-file';
import { ChecklistReport, GOLIVE_VERSION, RuleInfo } from './report';
import { AwsRule } from './rule';
import { K8sAcknowledgements, readK8sAcknowledgements } from './k8s/acknowledgements';
import { runK8sRules } from './k8s/engine';
import { K8S_TYPE_PREFIX, kindsJudged, ResourceKind, UnreadType, unreadFor } from './kinds';
import { K8S_RULES } from './k8s';
import { K8sRule } from './k8s/rule';

/**
 * The context key that makes `GoLiveChecks` report-only for one run:
 * `cdk synth -c cdk-golive:reportOnly=true` (the CI recipe, where `cdk-golive check` is the gate).
 */
export const REPORT_ONLY_CONTEXT_KEY = 'cdk-golive:reportOnly';

/**
 * Options for `GoLiveChecks`.
 */
export interface GoLiveChecksProps {
  /**
   * Only check items of these sections.
   * @default - every section
   */
  readonly sections?: Section[];
  /**
   * Only check these items (catalog ids).
   * @default - every item
   */
  readonly items?: string[];
  /**
   * Severity per rule id, replacing the rule's own.
   * @default - each rule's severity
   */
  readonly severityOverrides?: { [ruleId: string]: Severity };
  /**
   * Tightened thresholds. A value looser than the catalog's is refused.
   * @default - the catalog's thresholds
   */
  readonly thresholds?: ThresholdOverrides;
  /**
   * The attestations file to read for attestation and pipeline items.
   * @default - `golive.attestations.json` in the current directory, if it exists
   */
  readonly attestationsFile?: string;
  /**
   * Print the one-screen checklist summary at synth (to stderr).
   * @default true
   */
  readonly printSummary?: boolean;
  /**
   * Write `golive-report.json`, `golive-report.md` and `golive-report.sarif`
   * into the cloud assembly directory at synth.
   * @default true
   */
  readonly writeReports?: boolean;
  /**
   * The lowest severity that fails the synth. Violations below it are reported (as CDK
   * warnings, in the summary and the reports) but do not fail; `severityOverrides` moves a
   * rule across the line.
   * @default Severity.LOW - every violation fails
   */
  readonly failOn?: Severity;
  /**
   * Report violations without failing the synth (as CDK warnings, in the summary and the
   * reports), to adopt the checks step by step. A mistake in the configuration (an unknown id,
   * an empty reason, a malformed attestations or baseline file) still fails. The context key
   * `cdk-golive:reportOnly` (`cdk synth -c cdk-golive:reportOnly=true`) turns it on for one run.
   * @default false
   */
  readonly reportOnly?: boolean;
  /**
   * The baseline written by `cdk-golive baseline`: the violations it records are reported but do
   * not fail; only new ones do.
   * @default - `golive.baseline.json` in the current directory, if it exists
   */
  readonly baselineFile?: string;
}

/** How one evaluation runs (the CLI's flags, or the plugin's props and context). @internal */
export interface RunOptions {
  readonly attestationsFile?: string;
  readonly baselineFile?: string;
  /** Read no baseline, even the default file (`cdk-golive baseline` itself). */
  readonly ignoreBaseline?: boolean;
  readonly reportOnly?: boolean;
  readonly failOn?: Severity;
  /** Findings measured on the deployed stacks (`cdk-golive verify`) and their verifiers, merged into the report. */
  readonly live?: { readonly findings: Finding[]; readonly rules: RuleInfo[] };
}

/** One evaluation: the report, and the baseline it used. @internal */
export interface RunResult {
  readonly report: ChecklistReport;
  readonly baseline?: { readonly file: string; readonly entries: BaselineEntry[]; readonly fixed: BaselineEntry[] };
}

/** Every rule id a finding can carry: the static rules and the live verifiers of `cdk-golive verify`. */
let KNOWN_RULES: { ids: ReadonlySet<string>; items: ReadonlySet<string> } | undefined;
/**
 * The ids and items of every rule; the live verifiers are loaded on first use (only a run with
 * acknowledgements, severity overrides or a baseline needs them).
 */
function knownRules(): { ids: ReadonlySet<string>; items: ReadonlySet<string> } {
  if (KNOWN_RULES) return KNOWN_RULES;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LIVE_VERIFIERS } = require('../verify/verifiers') as typeof import('../verify/verifiers');
  const all: { id: string; items: string[] }[] = [...AWS_RULES, ...K8S_RULES, ...LIVE_VERIFIERS];
  return (KNOWN_RULES = { ids: new Set(all.map((r) => r.id)), items: new Set(all.flatMap((r) => r.items)) });
}
const SEVERITIES: string[] = Object.values(Severity);
/** The largest baseline file read (a baseline of 100,000 findings is about 20 MB). */
const BASELINE_MAX_BYTES = 64 * 1024 * 1024;

/** Where a template checked alone with `checkTemplate` deploys. */
export interface TemplateEnvironment {
  /**
   * The region the stack deploys in (`AWS::Region` reads as it, and a literal region is compared with it).
   * @default - not known: what depends on the region is unknown
   */
  readonly region?: string;
  /**
   * The account the stack deploys in (`AWS::AccountId` reads as it).
   * @default - not known: what depends on the account is unknown
   */
  readonly account?: string;
}

/**
 * The production checklist as a CDK policy validation plugin.
 *
 * ```ts
 * Validations.of(app).addPlugins(new GoLiveChecks());
 * ```
 *
 * Violations appear in the CDK's validation report as `GoLiveChecks::<RuleId>`
 * and fail the synth. Acknowledge one with the CDK's own mechanism, by rule id or
 * by checklist item id, on the resource or any ancestor:
 *
 * ```ts
 * Validations.of(db).acknowledge({ id: 'GoLiveChecks::DB-MULTI-AZ', reason: 'staging: one AZ is enough' });
 * ```
 */
export class GoLiveChecks implements IPolicyValidationPlugin {
  /** The plugin name, and the namespace of its rule ids. */
  public readonly name: string = PLUGIN_NAME;
  /** The package version. */
  public readonly version?: string = GOLIVE_VERSION;
  /** The rule ids this plugin evaluates. */
  public readonly ruleIds?: string[];
  /** The thresholds in force. */
  public readonly thresholds: Thresholds;
  /** The report of the last `validate()` call, if any. */
  public lastReport?: ChecklistReport;

  private readonly props: GoLiveChecksProps;
  private readonly rules: AwsRule[];
  private readonly k8sRules: K8sRule[];
  private readonly itemFilter?: Set<string>;
  private ruleInfos?: RuleInfo[];
  private readonly titles = new Map<string, string>();
  /** Mistakes in the props, one line each: reported by `validate()` (a failed synth) and thrown by the `check*` methods. */
  private readonly configErrors: string[];

  constructor(props: GoLiveChecksProps = {}) {
    this.props = props;
    const errors: string[] = [];
    let thresholds = Thresholds.of();
    try {
      thresholds = Thresholds.of(props.thresholds);
    } catch (e) {
      errors.push(`GoLiveChecks: thresholds: ${firstLine(e)}`);
    }
    this.thresholds = thresholds;
    const known = Catalog.sections() as string[];
    for (const s of props.sections ?? []) {
      if (!known.includes(s)) errors.push(`GoLiveChecks: sections: unknown section '${s}' (known: ${known.join(', ')})`);
    }
    for (const id of props.items ?? []) {
      if (!Catalog.has(id)) errors.push(`GoLiveChecks: items: unknown checklist item '${id}' (the ids: 'npx cdk-golive catalog')`);
    }
    for (const [id, severity] of Object.entries(props.severityOverrides ?? {})) {
      if (!knownRules().ids.has(id)) errors.push(`GoLiveChecks: severityOverrides names unknown rule '${id}' (the rules: docs/rules.md)`);
      else if (!SEVERITIES.includes(severity)) errors.push(`GoLiveChecks: severityOverrides.${id}: '${severity}' is not a severity (${SEVERITIES.join(', ')})`);
    }
    if (props.failOn !== undefined && !SEVERITIES.includes(props.failOn)) {
      errors.push(`GoLiveChecks: failOn: '${props.failOn}' is not a severity (${SEVERITIES.join(', ')})`);
    }
    this.configErrors = errors;
    let filter: Set<string> | undefined;
    if (props.sections || props.items) {
      filter = new Set<string>((props.items ?? []).filter((id) => Catalog.has(id)));
      for (const s of props.sections ?? []) if (known.includes(s)) for (const i of Catalog.itemsInSection(s)) filter.add(i.id);
    }
    this.itemFilter = filter;
    this.rules = AWS_RULES.filter((r) => !filter || r.items.some((i) => filter!.has(i)));
    this.k8sRules = K8S_RULES.filter((r) => !filter || r.items.some((i) => filter!.has(i)));
    this.ruleIds = [...this.rules.map((r) => r.id), ...this.k8sRules.map((r) => r.id)];
  }

  /**
   * Called by the CDK at synth: checks every stack template, prints the checklist summary,
   * writes the reports, and returns one violation per failing resource. A mistake in the
   * configuration (props, acknowledgements, the attestations or baseline file) fails the
   * synth with one line naming it.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    try {
      const stacks: { templatePath: string; stackConstructPath: string; region?: string; accountId?: string }[] = context.stackTemplates ?? context.templatePaths.map((p) => ({ templatePath: p, stackConstructPath: path.basename(p) }));
      const lines: Record<string, Record<string, number>> = {};
      const writeReports = this.props.writeReports ?? true;
      // Each file is read now (an unreadable one stops the run before any rule runs) and parsed on its turn;
      // line numbers, only for the SARIF report, are read from the text then.
      const read = stacks.map((s) => new FileTemplate(s.templatePath, s.stackConstructPath, {
        region: s.region,
        accountId: s.accountId,
        onParse: writeReports ? (text, template) => {
          if (template && typeof template.Resources === 'object' && template.Resources !== null) lines[s.templatePath] = lineIndex(text, template.Resources);
        } : undefined,
      }));
      // A stack with no resources (the CDK writes no Resources section for it, and deploys nothing) is left out,
      // as the CLI leaves it out of a cloud assembly. Its text is enough to tell, without parsing it.
      const templates: TemplateInput[] = [];
      const skipped: SkippedFile[] = [];
      for (const t of read) {
        if (t.mentions('"Resources"')) templates.push(t);
        else skipped.push({ file: t.file, reason: `stack ${t.stack} has no resources` });
      }
      const app = context.appConstruct as IConstruct | undefined;
      const acks = app ? collectAcks(app) : [];
      const root = acks.length > 0 ? app : undefined;
      const { report } = this._run({ templates, manifests: [], acks, lines, skipped }, { reportOnly: reportOnlyFromContext(app) }, readTemplateFile, root);
      this.lastReport = report;
      if (this.props.printSummary ?? true) console.error('\n' + report.summary() + '\n');
      if (writeReports && read.length > 0) report.writeReports(path.dirname(read[0].file), lines);
      return { success: report.blockingViolations().length === 0, violations: toPolicyViolations(report), pluginVersion: this.version };
    } catch (e) {
      // Fail closed: each mistake is a fatal violation of its own (the CDK CLI drops a failed
      // report that has no violation), on no construct, so that no stack selection hides it.
      return {
        success: false,
        pluginVersion: this.version,
        violations: String((e as Error).message ?? e).split('\n').filter(Boolean).map((line) => ({
          ruleName: 'Configuration',
          description: line,
          fix: 'Correct the GoLiveChecks configuration, the acknowledgement, or the file named; the checks did not run.',
          severity: 'fatal',
          violatingResources: [{ locations: [] }],
        })),
      };
    }
  }

  /**
   * Check the stacks of a CDK app or stage (synthesizes them), for use in tests:
   * `expect(new GoLiveChecks().checkApp(app).violations()).toEqual([])`.
   *
   * Synthesis runs the app's registered validation plugins; for an app that
   * already registers `GoLiveChecks` (or cdk-nag) and may fail them, call
   * `app.synth()` in `expect(...).toThrow()` and read the plugin's `lastReport`.
   * @throws on a mistake in the configuration or the acknowledgements, one line each
   */
  public checkApp(scope: IConstruct): ChecklistReport {
    const { Stack } = cdk();
    const stacks = scope.node.findAll().filter((c): c is Stack => Stack.isStack(c));
    const templates: TemplateInput[] = [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Template } = require('aws-cdk-lib/assertions');
    const fileOf = (stack: Stack) => `${stack.artifactId}.template.json`;
    const skipped: SkippedFile[] = [];
    for (const stack of stacks) {
      const template = Template.fromStack(stack, { skipCyclicalDependenciesCheck: true }).toJSON();
      if (template.Resources === undefined) {
        // No resources: the CDK deploys nothing for the stack (as validate() and the CLI, left out).
        skipped.push({ file: fileOf(stack), reason: `stack ${stack.node.path} has no resources` });
        continue;
      }
      const parentStack = stack.nestedStackParent;
      const resource = (stack as { nestedStackResource?: CfnResource }).nestedStackResource;
      const parent = parentStack && resource ? { file: fileOf(parentStack), stack: parentStack.node.path, logicalId: parentStack.resolve(resource.logicalId) } : undefined;
      templates.push({ file: fileOf(stack), stack: stack.node.path, template, region: envValue(stack.region), accountId: envValue(stack.account), ...(parent ? { parent } : {}) });
    }
    return this._run({ templates, manifests: [], acks: collectAcks(scope), lines: {}, skipped }, {}, NO_FILES, scope).report;
  }

  /**
   * Check one CloudFormation template given as JSON (no acknowledgements, as
   * there is no construct tree).
   * @param template the template, parsed
   * @param name the stack's name in the report (default `template`)
   * @param environment where the stack deploys, when known: what depends on it (a literal region in a metric's
   * dimensions, `AWS::Region`) is otherwise unknown
   * @throws on a mistake in the configuration or the environment (a region or account that is not one), one line each
   */
  public checkTemplate(template: any, name?: string, environment?: TemplateEnvironment): ChecklistReport {
    const stack = name ?? 'template';
    // A mistyped environment would decide verdicts: refused, one line, as the CLI refuses --region and --account.
    const region = environment?.region;
    if (region !== undefined && !REGION_NAME.test(region)) throw new InputError(`checkTemplate: environment.region '${shown(String(region), 40)}' is not a region name, such as eu-west-1`);
    const account = environment?.account;
    if (account !== undefined && !ACCOUNT_ID.test(account)) throw new InputError(`checkTemplate: environment.account '${shown(String(account), 40)}' is not a 12-digit account id`);
    const input: TemplateInput = { file: `${stack}.template.json`, stack, template, region, accountId: account };
    return this._run({ templates: [input], manifests: [], acks: [], lines: {} }, {}, NO_FILES).report;
  }

  /** The mistakes in the props, one line each (empty when there is none). @internal */
  public _configProblems(): string[] {
    return [...this.configErrors];
  }

  /**
   * @param live findings measured on the deployed stacks (`cdk-golive verify`) and their verifiers, merged into the report
   * @internal
   */
  public _evaluateLoaded(input: LoadedInput, attestationsFile?: string, live?: { findings: Finding[]; rules: RuleInfo[] }): ChecklistReport {
    return this._run(input, { attestationsFile, live }).report;
  }

  /**
   * Evaluate an input: nested stacks linked, rules, acknowledgements, baseline, attestations.
   * Throws an Error whose message holds one line per mistake found in the configuration or
   * the input's acknowledgements, attestations file or baseline file.
   * @internal
   */
  public _run(input: LoadedInput, options: RunOptions = {}, reader?: TemplateReader, root?: IConstruct): RunResult {
    // A nested stack's template is read within the limit the input was read with (the CLI's --max-file-size).
    const read = reader ?? (input.maxFileBytes === undefined ? readTemplateFile : (file: string) => readTemplateFile(file, input.maxFileBytes));
    // The acknowledgement annotations of the manifests, read (and refused, one line each) before any rule runs.
    const k8sAcks = input.manifests.length > 0 ? readK8sAcknowledgements(input.manifests, k8sAcknowledgementIdProblem) : { acks: [], problems: [] };
    const problems = [...this.configErrors, ...acknowledgementProblems(input.acks), ...k8sAcks.problems];
    if (problems.length > 0) throw new InputError(problems.join('\n'));
    const k8sAcknowledged = new K8sAcknowledgements(k8sAcks.acks);
    const live = options.live;
    const assetPaths = () => (read === NO_FILES ? new Map<string, string>() : assetObjectKeys(assetManifestsBeside(input.templates)));
    const nested = linkNestedStacks(input.templates, read, assetPaths);
    const linked = { ...nested, inputs: root ? attachPaths(nested.inputs, root) : nested.inputs };
    const recorded = emptyCoverage(linked.unread.map((u) => `${u.file}: ${u.logicalId} (${u.reason ?? u.templateUrl})`));
    const aws = runAwsRules(linked.inputs, { rules: this.rules, thresholds: this.thresholds, severityOverrides: this.props.severityOverrides }, recorded);
    const { typesPresent, ...coverage } = recorded;
    const k8s = runK8sRules(input.manifests, this.k8sRules, this.thresholds, this.props.severityOverrides, { typesPresent, unreadKinds: coverage.unreadKinds }, k8sAcknowledged.empty ? undefined : k8sAcknowledged);
    const all = k8s.length === 0 && !live?.findings.length ? aws : aws.concat(k8s, live?.findings ?? []);
    const cdkAcknowledged = applyAcknowledgements(all, input.acks);
    const acknowledged = k8sAcknowledged.empty ? cdkAcknowledged : { findings: cdkAcknowledged.findings, records: [...cdkAcknowledged.records, ...k8sAcknowledged.records()] };
    const { attestations, file } = this.loadAttestations(options.attestationsFile);
    const baseline = options.ignoreBaseline ? undefined : this.loadBaseline(options.baselineFile);
    let findings = acknowledged.findings;
    let fixed: BaselineEntry[] = [];
    if (baseline) {
      const applied = applyBaseline(findings, baseline.entries);
      findings = applied.findings;
      // An entry counts as fixed only where this run could have found it again.
      const stacks = new Set([...linked.inputs.map((t) => t.stack), ...findings.map((f) => f.stack)]);
      const ran = new Set([...this.ruleIds!, ...(live?.rules ?? []).map((r) => r.id)]);
      fixed = applied.fixed.filter((e) => ran.has(e.rule) && stacks.has(e.stack));
    }
    const { rulesByItem, platformsByItem, unreadByItem } = ruleTables();
    const platformsPresent = new Set<string>();
    if (input.templates.length > 0) platformsPresent.add('aws');
    if (input.manifests.length > 0) platformsPresent.add('k8s');
    // Each item's title shows the thresholds in force (a tightened backupRetentionDays, not the catalog's 30).
    const items = itemResults({ findings, acknowledgements: acknowledged.records, attestations, attestationsFile: file, rulesByItem, platformsByItem, platformsPresent, itemFilter: this.itemFilter, coverage, typesPresent, unreadByItem })
      .map((i) => ({ ...i, title: this.titleOf(i.id) }));
    this.ruleInfos ??= [...this.rules.map(ruleInfo), ...this.k8sRules.map(ruleInfo)];
    const report = ChecklistReport._create(items, findings, acknowledged.records, live?.rules.length ? [...this.ruleInfos, ...live.rules] : this.ruleInfos, input.skipped, coverage, {
      failOn: options.failOn ?? this.props.failOn ?? Severity.LOW,
      reportOnly: options.reportOnly || (this.props.reportOnly ?? false),
      baselineFile: baseline?.file,
      baselineFixed: fixed.length,
      liveMeasured: live !== undefined,
    });
    return { report, baseline: baseline ? { file: baseline.file, entries: baseline.entries, fixed } : undefined };
  }

  /** An item's title with the thresholds in force; the same for every run of this instance. */
  private titleOf(id: string): string {
    let t = this.titles.get(id);
    if (t === undefined) this.titles.set(id, (t = itemTitle(id, (key) => this.thresholds.get(key))));
    return t;
  }

  private loadAttestations(override?: string): { attestations: Attestation[]; file?: string } {
    const file = override ?? this.props.attestationsFile ?? (fs.existsSync(ATTESTATIONS_FILE) ? ATTESTATIONS_FILE : undefined);
    if (!file) return { attestations: [] };
    if (!fs.existsSync(file)) throw new InputError(`GoLiveChecks: attestations file ${shown(file, 400)} does not exist`);
    return { attestations: Attestations.parse(readTextFile(file, ATTESTATIONS_MAX_BYTES, 'a fixed limit: shorten the attestations file'), file), file };
  }

  private loadBaseline(override?: string): { file: string; entries: BaselineEntry[] } | undefined {
    const file = override ?? this.props.baselineFile ?? (fs.existsSync(BASELINE_FILE) ? BASELINE_FILE : undefined);
    if (!file) return undefined;
    if (!fs.existsSync(file)) throw new InputError(`GoLiveChecks: baseline file ${shown(file, 400)} does not exist (write it with 'npx cdk-golive baseline')`);
    return { file, entries: parseBaseline(readTextFile(file, BASELINE_MAX_BYTES, 'a fixed limit: a baseline this large is not one to keep'), file, knownRules().ids) };
  }
}

/** A reader for in-memory templates: nothing is read from disk. */
const NO_FILES: TemplateReader = () => undefined;

/** A stack's region or account, when it is a concrete value (not a token of an environment-agnostic stack). */
function envValue(v: string): string | undefined {
  return cdk().Token.isUnresolved(v) ? undefined : v;
}

/** The CDK asset manifests (`*.assets.json`) in the folders of the templates: they name the files of nested stacks. */
function assetManifestsBeside(templates: TemplateInput[]): any[] {
  const out: any[] = [];
  for (const dir of new Set(templates.map((t) => path.dirname(t.file)))) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((n) => n.endsWith('.assets.json'));
    } catch {
      continue;
    }
    for (const n of names) {
      try {
        // Read as every input is (a regular file, within the size limit: a FIFO never blocks the run).
        out.push(JSON.parse(readTextFile(path.join(dir, n))));
      } catch {
        // An unreadable asset manifest only means a nested stack may go unread, which the report says.
      }
    }
  }
  return out;
}

/** The tables the item results read: rule ids, platforms and kinds per catalog item, over every rule, built once per process. */
interface RuleTables {
  readonly rulesByItem: Map<string, Set<string>>;
  readonly platformsByItem: Map<string, Set<string>>;
  /** The types of the kinds of resource each item's rules judge (a database) that no rule of the item reads (see kinds.ts). */
  readonly unreadByItem: Map<string, UnreadType[]>;
}
/** What one rule reads for its items. @internal */
export interface RuleReads {
  readonly id: string;
  readonly platform: 'aws' | 'k8s';
  readonly items: string[];
  /** The types it reads for its items: a Kubernetes kind as `k8s:<kind>`; an AWS rule's `failOnlyTypes` left out. */
  readonly types: readonly string[];
}

/** Every rule with the types it reads for its items (kinds.ts): what the item results and the kinds tests go by. @internal */
export function ruleReads(): RuleReads[] {
  return [
    ...AWS_RULES.map((r) => ({ id: r.id, platform: 'aws' as const, items: r.items, types: r.failOnlyTypes ? r.types.filter((t) => !r.failOnlyTypes!.includes(t)) : r.types })),
    ...K8S_RULES.map((r) => ({ id: r.id, platform: 'k8s' as const, items: r.items, types: r.kinds.map((k) => K8S_TYPE_PREFIX + k) })),
  ];
}

let RULE_TABLES: RuleTables | undefined;

function ruleTables(): RuleTables {
  if (RULE_TABLES) return RULE_TABLES;
  const rulesByItem = new Map<string, Set<string>>();
  const platformsByItem = new Map<string, Set<string>>();
  const kindsByItem = new Map<string, ResourceKind[]>();
  const typesByItem = new Map<string, Set<string>>();
  const register = (r: { id: string; items: string[] }, platform: string) => {
    for (const i of r.items) {
      if (!rulesByItem.has(i)) rulesByItem.set(i, new Set());
      rulesByItem.get(i)!.add(r.id);
      if (!platformsByItem.has(i)) platformsByItem.set(i, new Set());
      platformsByItem.get(i)!.add(platform);
    }
  };
  // The types each item's rules read (a Kubernetes kind as `k8s:<kind>`), and the kinds of resource they are about.
  const reads = (items: readonly string[], types: readonly string[]) => {
    const kindsOfTypes = kindsJudged(types);
    for (const i of items) {
      const read = typesByItem.get(i) ?? new Set<string>();
      for (const t of types) read.add(t);
      typesByItem.set(i, read);
      const kinds = kindsByItem.get(i) ?? [];
      for (const kind of kindsOfTypes) if (!kinds.includes(kind)) kinds.push(kind);
      kindsByItem.set(i, kinds);
    }
  };
  for (const r of ruleReads()) {
    register(r, r.platform);
    reads(r.items, r.types);
  }
  const unreadByItem = new Map<string, UnreadType[]>();
  for (const [i, kinds] of kindsByItem) unreadByItem.set(i, unreadFor(i, kinds, typesByItem.get(i)!));
  return (RULE_TABLES = { rulesByItem, platformsByItem, unreadByItem });
}

/**
 * A rule's metadata for the reports. Its AWS control ids (Security Hub, Control Tower) are those of its
 * items, kept once in the catalog; a Kubernetes rule judges no AWS resource and has none.
 * @internal
 */
export function ruleInfo(r: AwsRule | K8sRule): RuleInfo {
  const controls = 'types' in r ? controlsOfItems(r.items) : { securityHub: [], controlTower: [] };
  return { id: r.id, items: r.items, description: r.description, fix: r.fix, severity: r.severity, fsbp: controls.securityHub, controlTower: controls.controlTower };
}

/**
 * aws-cdk-lib, loaded when a CDK app is checked: the CLI, which reads files,
 * does not pay for loading it.
 */
function cdk(): typeof import('aws-cdk-lib') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (CDK ??= require('aws-cdk-lib'));
}
/** aws-cdk-lib once loaded: `require` resolves its name again on every call (a fixed cost of each `validate()`). */
let CDK: typeof import('aws-cdk-lib') | undefined;

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}

/** `cdk-golive:reportOnly` from the app's context: true, false or absent; anything else is a mistake. */
function reportOnlyFromContext(app?: IConstruct): boolean {
  const raw = app?.node.tryGetContext(REPORT_ONLY_CONTEXT_KEY);
  if (raw === undefined || raw === false || raw === 'false') return false;
  if (raw === true || raw === 'true') return true;
  throw new InputError(`GoLiveChecks: context ${REPORT_ONLY_CONTEXT_KEY}: '${shown(String(raw), 80)}' is neither true nor false`);
}

/**
 * The mistakes among our acknowledgements, one line each: an empty reason, an id that is
 * neither a rule nor a checklist item, an item no rule reports on (attestation, pipeline).
 * @internal
 */
export function acknowledgementProblems(acks: Ack[]): string[] {
  const out: string[] = [];
  for (const a of acks) {
    const where = `Validations.of(${a.path === '' ? 'app' : `'${shown(a.path, 200)}'`}).acknowledge({ id: '${shown(a.fullId, 200)}' })`;
    if (a.reason.trim() === '') {
      out.push(`GoLiveChecks: ${where}: the reason is empty; say why the finding is accepted`);
    } else if (!knownRules().ids.has(a.id) && !Catalog.has(a.id)) {
      out.push(`GoLiveChecks: ${where}: '${shown(a.id, 200)}' is neither a rule id nor a checklist item id (the ids: docs/rules.md, 'npx cdk-golive catalog')`);
    } else if (!knownRules().ids.has(a.id) && !knownRules().items.has(a.id)) {
      const kind = Catalog.item(a.id).evidence;
      out.push(`GoLiveChecks: ${where}: '${a.id}' is ${kind === EvidenceKind.ATTESTATION ? 'an attestation' : `a ${kind}`} item: no rule reports on it, so there is nothing to acknowledge; attest it in ${ATTESTATIONS_FILE}`);
    }
  }
  return out;
}

/**
 * Why an id cannot be acknowledged on a Kubernetes object (`acknowledge.cdk-golive.io/<id>`), or undefined when it
 * can: it must be the id of a Kubernetes rule or of a checklist item a Kubernetes rule reports on. An AWS rule, a
 * live verifier, an item only those report on, can never match a Kubernetes finding; an attestation or pipeline item
 * has no finding at all. The words of `acknowledgementProblems` for the mistakes both sides share.
 * @internal
 */
export function k8sAcknowledgementIdProblem(id: string): string | undefined {
  const k8s = k8sKnown();
  if (k8s.ids.has(id) || k8s.items.has(id)) return undefined;
  const known = knownRules();
  if (known.ids.has(id)) return `'${shown(id, 200)}' is a rule of ${AWS_RULES.some((r) => r.id === id) ? 'CloudFormation templates' : 'the deployed stacks (cdk-golive verify)'}: no Kubernetes finding carries it (the Kubernetes rules: docs/rules.md)`;
  if (!Catalog.has(id)) return `'${shown(id, 200)}' is neither a rule id nor a checklist item id (the ids: docs/rules.md, 'npx cdk-golive catalog'; ids are case-sensitive)`;
  const kind = Catalog.item(id).evidence;
  if (kind === EvidenceKind.ATTESTATION || kind === EvidenceKind.PIPELINE) return `'${id}' is ${kind === EvidenceKind.ATTESTATION ? 'an attestation' : `a ${kind}`} item: no rule reports on it, so there is nothing to acknowledge; attest it in ${ATTESTATIONS_FILE}`;
  return `'${id}' is an item no Kubernetes rule reports on (${known.items.has(id) ? 'only rules of CloudFormation templates or of the deployed stacks do' : `a ${kind} item`}): no Kubernetes finding carries it`;
}

let K8S_KNOWN: { ids: ReadonlySet<string>; items: ReadonlySet<string> } | undefined;
/** The ids and items of the Kubernetes rules. */
function k8sKnown(): { ids: ReadonlySet<string>; items: ReadonlySet<string> } {
  return (K8S_KNOWN ??= { ids: new Set(K8S_RULES.map((r) => r.id)), items: new Set(K8S_RULES.flatMap((r) => r.items)) });
}

/** Acknowledgements recorded with `Validations.of(x).acknowledge()` anywhere in the tree. */
function collectAcks(root: IConstruct): Ack[] {
  const { Validations } = cdk();
  const out: Ack[] = [];
  // Every construct, iteratively (findAll builds the whole list first, recursively): the cost of every synth.
  const stack: IConstruct[] = [root];
  while (stack.length > 0) {
    const c = stack.pop()!;
    const children = c.node.children;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !m.data || typeof m.data !== 'object') continue;
      for (const [id, reason] of Object.entries(m.data as Record<string, unknown>)) {
        const ack = ackFromMetadata(id, typeof reason === 'string' ? reason : '', c.node.path);
        if (ack) out.push(ack);
      }
    }
  }
  return out;
}

/**
 * Attach construct paths (logical id → path) from the construct tree. A
 * nested stack's template is matched by its file name (`NestedStack.templateFile`)
 * or by its construct path.
 */
function attachPaths(templates: TemplateInput[], root: IConstruct): TemplateInput[] {
  const { CfnElement, NestedStack, Stack } = cdk();
  const byStack = new Map<string, Map<string, string>>();
  const nestedByFile = new Map<string, string>();
  for (const c of root.node.findAll()) {
    if (c instanceof NestedStack) nestedByFile.set(c.templateFile, c.node.path);
    if (!CfnElement.isCfnElement(c)) continue;
    const stack = Stack.of(c);
    let m = byStack.get(stack.node.path);
    if (!m) byStack.set(stack.node.path, (m = new Map()));
    m.set(stack.resolve(c.logicalId), c.node.path);
  }
  return templates.map((t) => {
    if (t.paths) return t;
    const nestedPath = nestedByFile.get(path.basename(t.file));
    const m = byStack.get(t.stack)
      ?? (nestedPath ? byStack.get(nestedPath) : undefined)
      ?? [...byStack.entries()].find(([p]) => t.file.endsWith(`${p.replace(/\//g, '-')}.template.json`))?.[1];
    if (!m) return t;
    // A template read from a file keeps its lazy parse: not copied by a spread, which would parse it now.
    if (t instanceof FileTemplate) {
      t.paths = m;
      return t;
    }
    return { ...t, paths: m };
  });
}

/**
 * The report's violations for the CDK (`_resourceViolations`, shared with the cdk8s plugin and the
 * CLI): `error` when one fails the gate, `warning` when the gate lets it pass (below `failOn`,
 * report-only). The CDK prints the description once per violating resource.
 * @internal
 */
export function toPolicyViolations(report: ChecklistReport): PolicyViolation[] {
  return report._resourceViolations().map(({ finding: f, blocking, text, rule }) => ({
    ruleName: f.ruleId,
    description: text,
    fix: f.fix,
    severity: blocking ? 'error' : 'warning',
    ruleMetadata: {
      severity: f.severity,
      items: f.itemIds.join(','),
      ...(rule?.fsbp?.length ? { securityHubControls: rule.fsbp.join(',') } : {}),
      ...(rule?.controlTower?.length ? { controlTowerControls: rule.controlTower.join(',') } : {}),
    },
    violatingResources: [{
      resourceLogicalId: f.resource,
      templatePath: f.file,
      locations: [f.property ? f.property.replace(/\./g, '/') : 'Properties'],
    }],
  }));
}
