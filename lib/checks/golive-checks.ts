/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';
import type { CfnResource, IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport, PolicyViolation, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Attestation, Attestations, ATTESTATIONS_FILE, ATTESTATIONS_MAX_BYTES } from '../checklist/attestations';
import { Catalog } from '../checklist/catalog';
import { ThresholdOverrides, Thresholds } from '../checklist/thresholds';
import { Section } from '../checklist/types';
import { AWS_RULES } from './aws';
import { Ack, applyAcknowledgements, itemResults, runAwsRules, TemplateInput } from './engine';
import { ackFromMetadata, LoadedInput, PLUGIN_NAME, readTemplateFile } from './loader';
import { assetObjectKeys, linkNestedStacks, TemplateReader } from './nested';
import { Finding, FindingStatus, Severity } from './model';
import { InputError, shown } from '../input/input-error';
import { readTextFile } from '../input/read-file';
import { ChecklistReport, GOLIVE_VERSION, RuleInfo } from './report';
import { AwsRule } from './rule';
import { runK8sRules } from './k8s/engine';
import { K8S_RULES } from './k8s';
import { K8sRule } from './k8s/rule';

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

  constructor(props: GoLiveChecksProps = {}) {
    this.props = props;
    this.thresholds = Thresholds.of(props.thresholds);
    for (const id of props.items ?? []) Catalog.item(id); // throws on unknown ids
    let filter: Set<string> | undefined;
    if (props.sections || props.items) {
      filter = new Set<string>(props.items ?? []);
      for (const s of props.sections ?? []) for (const i of Catalog.itemsInSection(s)) filter.add(i.id);
    }
    this.itemFilter = filter;
    this.rules = AWS_RULES.filter((r) => !filter || r.items.some((i) => filter!.has(i)));
    this.k8sRules = K8S_RULES.filter((r) => !filter || r.items.some((i) => filter!.has(i)));
    this.ruleIds = [...this.rules.map((r) => r.id), ...this.k8sRules.map((r) => r.id)];
    for (const id of Object.keys(props.severityOverrides ?? {})) {
      if (!AWS_RULES.some((r) => r.id === id) && !K8S_RULES.some((r) => r.id === id)) throw new Error(`GoLiveChecks: severityOverrides names unknown rule '${id}'`);
    }
  }

  /**
   * Called by the CDK at synth: checks every stack template, prints the
   * checklist summary, writes the reports, and returns the violations.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const stacks: { templatePath: string; stackConstructPath: string; region?: string; accountId?: string }[] = context.stackTemplates ?? context.templatePaths.map((p) => ({ templatePath: p, stackConstructPath: path.basename(p) }));
    const templates: TemplateInput[] = stacks.map((s) => ({
      file: s.templatePath,
      stack: s.stackConstructPath,
      template: JSON.parse(fs.readFileSync(s.templatePath, 'utf8')),
      region: s.region,
      accountId: s.accountId,
    }));
    const acks = context.appConstruct ? collectAcks(context.appConstruct) : [];
    const root = acks.length > 0 ? context.appConstruct : undefined;
    const report = this.evaluate({ templates, manifests: [], acks, lines: {} }, undefined, readTemplateFile, root);
    this.lastReport = report;
    if (this.props.printSummary ?? true) console.error('\n' + report.summary() + '\n');
    if ((this.props.writeReports ?? true) && templates.length > 0) report.writeReports(path.dirname(templates[0].file));
    const violations = toPolicyViolations(report.violations(), this.rules);
    return { success: violations.length === 0, violations, pluginVersion: this.version };
  }

  /**
   * Check the stacks of a CDK app or stage (synthesizes them), for use in tests:
   * `expect(new GoLiveChecks().checkApp(app).violations()).toEqual([])`.
   *
   * Synthesis runs the app's registered validation plugins; for an app that
   * already registers `GoLiveChecks` (or cdk-nag) and may fail them, call
   * `app.synth()` in `expect(...).toThrow()` and read the plugin's `lastReport`.
   */
  public checkApp(scope: IConstruct): ChecklistReport {
    const { Stack } = cdk();
    const stacks = scope.node.findAll().filter((c): c is Stack => Stack.isStack(c));
    const templates: TemplateInput[] = [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Template } = require('aws-cdk-lib/assertions');
    const fileOf = (stack: Stack) => `${stack.artifactId}.template.json`;
    for (const stack of stacks) {
      const template = Template.fromStack(stack, { skipCyclicalDependenciesCheck: true }).toJSON();
      const parentStack = stack.nestedStackParent;
      const resource = (stack as { nestedStackResource?: CfnResource }).nestedStackResource;
      const parent = parentStack && resource ? { file: fileOf(parentStack), stack: parentStack.node.path, logicalId: parentStack.resolve(resource.logicalId) } : undefined;
      templates.push({ file: fileOf(stack), stack: stack.node.path, template, region: envValue(stack.region), accountId: envValue(stack.account), ...(parent ? { parent } : {}) });
    }
    return this.evaluate({ templates, manifests: [], acks: collectAcks(scope), lines: {} }, undefined, NO_FILES, scope);
  }

  /**
   * Check one CloudFormation template given as JSON (no acknowledgements, as
   * there is no construct tree).
   */
  public checkTemplate(template: any, name?: string): ChecklistReport {
    const stack = name ?? 'template';
    return this.evaluate({ templates: [{ file: `${stack}.template.json`, stack, template }], manifests: [], acks: [], lines: {} }, undefined, NO_FILES);
  }

  /**
   * @param live findings measured on the deployed stacks (`cdk-golive verify`) and their verifiers, merged into the report
   * @internal
   */
  public _evaluateLoaded(input: LoadedInput, attestationsFile?: string, live?: { findings: Finding[]; rules: RuleInfo[] }): ChecklistReport {
    return this.evaluate(input, attestationsFile, readTemplateFile, undefined, live);
  }

  private evaluate(input: LoadedInput, attestationsFileOverride: string | undefined, read: TemplateReader, root?: IConstruct, live?: { findings: Finding[]; rules: RuleInfo[] }): ChecklistReport {
    const assetPaths = read === NO_FILES ? new Map<string, string>() : assetObjectKeys(assetManifestsBeside(input.templates));
    const nested = linkNestedStacks(input.templates, read, assetPaths);
    const linked = { ...nested, inputs: root ? attachPaths(nested.inputs, root) : nested.inputs };
    const coverage = { unreadNestedStacks: linked.unread.map((u) => `${u.file}: ${u.logicalId} (${u.templateUrl})`), notJudged: {} as Record<string, number>, unexpandedTransforms: [] as string[] };
    const aws = runAwsRules(linked.inputs, { rules: this.rules, thresholds: this.thresholds, severityOverrides: this.props.severityOverrides }, coverage);
    const k8s = runK8sRules(input.manifests, this.k8sRules, this.thresholds, this.props.severityOverrides);
    const all = k8s.length === 0 && !live?.findings.length ? aws : aws.concat(k8s, live?.findings ?? []);
    const { findings, records } = applyAcknowledgements(all, input.acks);
    const { attestations, file } = this.loadAttestations(attestationsFileOverride);
    const { rulesByItem, platformsByItem } = ruleTables();
    const platformsPresent = new Set<string>();
    if (input.templates.length > 0) platformsPresent.add('aws');
    if (input.manifests.length > 0) platformsPresent.add('k8s');
    const typesPresent = new Set<string>();
    for (const t of linked.inputs) for (const r of Object.values<any>(t.template?.Resources ?? {})) if (r && typeof r.Type === 'string') typesPresent.add(r.Type);
    const items = itemResults({ findings, acknowledgements: records, attestations, attestationsFile: file, rulesByItem, platformsByItem, platformsPresent, itemFilter: this.itemFilter, coverage, typesPresent });
    this.ruleInfos ??= [...this.rules.map(ruleInfo), ...this.k8sRules.map(ruleInfo)];
    return ChecklistReport._create(items, findings, records, live?.rules.length ? [...this.ruleInfos, ...live.rules] : this.ruleInfos, input.skipped, coverage);
  }

  private loadAttestations(override?: string): { attestations: Attestation[]; file?: string } {
    const file = override ?? this.props.attestationsFile ?? (fs.existsSync(ATTESTATIONS_FILE) ? ATTESTATIONS_FILE : undefined);
    if (!file) return { attestations: [] };
    if (!fs.existsSync(file)) throw new InputError(`GoLiveChecks: attestations file ${shown(file, 400)} does not exist`);
    return { attestations: Attestations.parse(readTextFile(file, ATTESTATIONS_MAX_BYTES, 'a smaller attestations file'), file), file };
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
        out.push(JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')));
      } catch {
        // An unreadable asset manifest only means a nested stack may go unread, which the report says.
      }
    }
  }
  return out;
}

/** Rule ids and platforms per catalog item, over every rule: built once per process, not per run. */
let RULE_TABLES: { rulesByItem: Map<string, Set<string>>; platformsByItem: Map<string, Set<string>> } | undefined;

function ruleTables(): { rulesByItem: Map<string, Set<string>>; platformsByItem: Map<string, Set<string>> } {
  if (RULE_TABLES) return RULE_TABLES;
  const rulesByItem = new Map<string, Set<string>>();
  const platformsByItem = new Map<string, Set<string>>();
  const register = (r: { id: string; items: string[] }, platform: string) => {
    for (const i of r.items) {
      if (!rulesByItem.has(i)) rulesByItem.set(i, new Set());
      rulesByItem.get(i)!.add(r.id);
      if (!platformsByItem.has(i)) platformsByItem.set(i, new Set());
      platformsByItem.get(i)!.add(platform);
    }
  };
  for (const r of AWS_RULES) register(r, 'aws');
  for (const r of K8S_RULES) register(r, 'k8s');
  return (RULE_TABLES = { rulesByItem, platformsByItem });
}

function ruleInfo(r: AwsRule | K8sRule): RuleInfo {
  return { id: r.id, items: r.items, description: r.description, fix: r.fix, severity: r.severity, fsbp: (r as AwsRule).fsbp, controlTower: (r as AwsRule).controlTower };
}

/**
 * aws-cdk-lib, loaded when a CDK app is checked: the CLI, which reads files,
 * does not pay for loading it.
 */
function cdk(): typeof import('aws-cdk-lib') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('aws-cdk-lib');
}

/** Acknowledgements recorded with `Validations.of(x).acknowledge()` anywhere in the tree. */
function collectAcks(root: IConstruct): Ack[] {
  const { Validations } = cdk();
  const out: Ack[] = [];
  for (const c of root.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !m.data || typeof m.data !== 'object') continue;
      for (const [id, reason] of Object.entries(m.data as Record<string, unknown>)) {
        const ack = ackFromMetadata(id, String(reason), c.node.path);
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
    return m ? { ...t, paths: m } : t;
  });
}

function toPolicyViolations(findings: Finding[], rules: AwsRule[]): PolicyViolation[] {
  const byRule = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.status !== FindingStatus.FAIL) continue;
    let l = byRule.get(f.ruleId);
    if (!l) byRule.set(f.ruleId, (l = []));
    l.push(f);
  }
  return [...byRule.entries()].map(([ruleId, fs]) => {
    const rule = rules.find((r) => r.id === ruleId);
    return {
      ruleName: ruleId,
      description: `${rule?.description ?? ruleId} [checklist: ${fs[0].itemIds.join(', ')}] ${fs.length === 1 ? fs[0].message : fs.map((f) => `${f.resource}: ${f.message}`).join('; ')}`,
      fix: rule?.fix,
      severity: 'error',
      ruleMetadata: { severity: fs[0].severity, items: fs[0].itemIds.join(','), ...(rule?.fsbp?.length ? { securityHub: rule.fsbp.join(',') } : {}) },
      violatingResources: fs.map((f) => ({
        resourceLogicalId: f.resource,
        templatePath: f.file,
        locations: [f.property ? f.property.replace(/\./g, '/') : 'Properties'],
      })),
    };
  });
}
