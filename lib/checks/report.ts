/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';
import * as path from 'path';
import { Catalog } from '../checklist/catalog';
import { EvidenceKind } from '../checklist/types';
import { InputError, shown } from '../input/input-error';
import { kindOf } from '../input/read-file';
import { AcknowledgementRecord, Coverage, Finding, FindingStatus, ItemResult, ItemStatus, Severity, SkippedFile } from './model';

/** Package version, for reports. @internal */
export const GOLIVE_VERSION: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../package.json').version;
  } catch {
    return '0.0.0';
  }
})();

/** Where the rules reference lives: `docs/rules.md` of this version in the repository. @internal */
export const RULES_REFERENCE_URL: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pkg = require('../../package.json');
    const repo = String(pkg.repository?.url ?? pkg.repository ?? '').replace(/^git\+/, '').replace(/\.git$/, '');
    return `${repo}/blob/v${pkg.version}/docs/rules.md`;
  } catch {
    return 'docs/rules.md';
  }
})();

/** The rules reference's anchor of a rule (its heading, as GitHub renders it). @internal */
export function ruleAnchor(ruleId: string): string {
  return ruleId.toLowerCase();
}

/** What fails the gate. @internal */
export interface Gate {
  /** The lowest severity that fails. */
  readonly failOn: Severity;
  /** Nothing fails: violations are reported only. */
  readonly reportOnly: boolean;
  /** The baseline file in use, if any. */
  readonly baselineFile?: string;
  /** Baseline entries no finding matches any more (fixed). */
  readonly baselineFixed: number;
  /**
   * The live items were measured on the deployed stacks (a `cdk-golive verify` report): strict fails on one still
   * pending. A static report (`check`, the synth plugin) leaves them to `verify`, and strict does not fail on them:
   * before the deploy nothing can settle them.
   */
  readonly liveMeasured?: boolean;
}

const SEVERITY_RANK: Record<string, number> = { [Severity.LOW]: 1, [Severity.MEDIUM]: 2, [Severity.HIGH]: 3, [Severity.CRITICAL]: 4 };

/** Whether a severity is at or above another. @internal */
export function atLeast(severity: Severity, floor: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[floor];
}

/** Rule metadata for the SARIF driver. @internal */
export interface RuleInfo {
  readonly id: string;
  readonly items: string[];
  readonly description: string;
  readonly fix: string;
  readonly severity: Severity;
  /** Security Hub control ids: the rule's items' (`ruleInfo`). */
  readonly fsbp?: string[];
  /** Control Tower control ids: the rule's items'. */
  readonly controlTower?: string[];
}

/**
 * One violation as a tool shows it (the CDK's validation report, cdk8s's, the CLI's listing): one per
 * failing resource, describing its own resource only. Baselined findings are left to the summary.
 * @internal
 */
export interface ResourceViolation {
  /** The finding (the first, when a rule reports the same thing twice on one resource). */
  readonly finding: Finding;
  /** Whether it fails the gate (`blockingViolations`). */
  readonly blocking: boolean;
  /** What is wrong, with its checklist items: the text every tool shows. */
  readonly text: string;
  /** The rule's metadata (its AWS control ids), when the report knows the rule. */
  readonly rule?: RuleInfo;
}

const STATUS_ORDER: ItemStatus[] = [
  ItemStatus.SATISFIED, ItemStatus.VIOLATED, ItemStatus.UNKNOWN, ItemStatus.ACKNOWLEDGED,
  ItemStatus.ATTESTED, ItemStatus.PENDING, ItemStatus.NOT_APPLICABLE,
];

/** The report file names, written side by side. @internal */
export const REPORT_FILES = { json: 'golive-report.json', markdown: 'golive-report.md', sarif: 'golive-report.sarif' };

/**
 * The checklist report: every catalog item with its status and evidence, every
 * finding, every acknowledgement with its reason, and every file left out.
 *
 * The reports can be built in memory (`toJson()`, `toMarkdown()`, `toSarif()`)
 * or written to files piece by piece (`writeReports()`): the written reports
 * never hold more than one finding's text at a time, so an app of any size
 * gets all three.
 */
export class ChecklistReport {
  /** @internal */
  public static _create(items: ItemResult[], findings: Finding[], acknowledgements: AcknowledgementRecord[], rules: RuleInfo[], skipped: SkippedFile[] = [], coverage?: Coverage, gate?: Gate): ChecklistReport {
    return new ChecklistReport(items, findings, acknowledgements, rules, skipped, coverage ?? { unreadNestedStacks: [], notJudged: {}, unexpandedTransforms: [], undecidedTransforms: [], unreadKinds: [] }, gate ?? { failOn: Severity.LOW, reportOnly: false, baselineFixed: 0 });
  }

  /** Every catalog item in scope, in catalog order. */
  public readonly items: ItemResult[];
  /** Every finding (pass, fail, unknown, acknowledged). */
  public readonly findings: Finding[];
  /** Every acknowledgement recorded in the app, with its reason. */
  public readonly acknowledgements: AcknowledgementRecord[];
  /** Files read and left out of the check, with the reason. */
  public readonly skipped: SkippedFile[];
  /** What the checks could not read or judge (unread nested stacks, resource types no rule judges, unexpanded transforms). */
  public readonly coverage: Coverage;
  private readonly rules: RuleInfo[];
  private readonly gate: Gate;

  private constructor(items: ItemResult[], findings: Finding[], acknowledgements: AcknowledgementRecord[], rules: RuleInfo[], skipped: SkippedFile[], coverage: Coverage, gate: Gate) {
    this.items = items;
    this.findings = findings;
    this.acknowledgements = acknowledgements;
    this.rules = rules;
    this.skipped = skipped;
    this.coverage = coverage;
    this.gate = gate;
  }

  /** Findings that fail and are not acknowledged. */
  public violations(): Finding[] {
    return this.findings.filter((f) => f.status === FindingStatus.FAIL);
  }

  /**
   * The violations that fail the gate: not recorded in the baseline, at or above `failOn`,
   * and none in report-only mode.
   */
  public blockingViolations(): Finding[] {
    if (this.gate.reportOnly) return [];
    return this.violations().filter((f) => !f.baselined && atLeast(f.severity, this.gate.failOn));
  }

  /** Findings that could not be decided at synth. */
  public unknowns(): Finding[] {
    return this.findings.filter((f) => f.status === FindingStatus.UNKNOWN);
  }

  /** The status of one item. @throws if the item is not in the report */
  public statusOf(itemId: string): ItemStatus {
    const r = this.items.find((i) => i.id === itemId);
    if (!r) throw new Error(`item ${itemId} is not in this report`);
    return r.status;
  }

  /**
   * The exit code for CI: 1 on a blocking violation (see `blockingViolations`); with `strict`,
   * also on unknown findings and items, on attestation/pipeline items not attested, and, in a report
   * of `cdk-golive verify`, on live items still pending. 0 otherwise.
   */
  public exitCode(strict?: boolean): number {
    if (this.blockingViolations().length > 0) return 1;
    return strict && this.strictReasons().length > 0 ? 1 : 0;
  }

  /**
   * Why `strict` fails: one line per unknown finding, per item unknown for a reason no finding gives
   * (`ItemResult.reason`), per attestation or pipeline item not attested, and, in a report of
   * `cdk-golive verify`, per live item still pending. Empty when strict passes.
   */
  public strictReasons(): string[] {
    const lines = this.unknowns().map((f) => `unknown: ${f.ruleId} (${f.itemIds.join(', ')}) ${oneLine(f.stack)}/${oneLine(f.resource)}: ${oneLine(f.message)}`);
    // An item unknown while every finding of it passes: the app was not read whole, or only conditional resources evidence it.
    for (const i of this.items) if (i.status === ItemStatus.UNKNOWN && i.reason !== undefined) lines.push(`unknown: ${i.id}: ${oneLine(i.reason)}`);
    for (const i of this.items) {
      if (i.evidenceKind === EvidenceKind.RULE || i.status !== ItemStatus.PENDING) continue;
      if (i.evidenceKind === EvidenceKind.LIVE) {
        if (this.gate.liveMeasured) lines.push(`not measured: ${i.id} (live) ${i.title}`);
      } else {
        lines.push(`not attested: ${i.id} (${i.evidenceKind}) ${i.title}`);
      }
    }
    return lines;
  }

  /**
   * The live items a static report leaves to `cdk-golive verify` (pending, not measured here); none in a
   * report of `verify`, which measured them.
   * @internal
   */
  public _liveLeftToVerify(): number {
    if (this.gate.liveMeasured) return 0;
    return this.items.filter((i) => i.evidenceKind === EvidenceKind.LIVE && i.status === ItemStatus.PENDING).length;
  }

  /** Counts of items per status, per section (and `total`). */
  public counts(): { [section: string]: { [status: string]: number } } {
    const out: Record<string, Record<string, number>> = {};
    const add = (s: string, st: string) => {
      out[s] ??= Object.fromEntries(STATUS_ORDER.map((x) => [x, 0]));
      out[s][st] += 1;
    };
    for (const i of this.items) {
      add(i.section, i.status);
      add('total', i.status);
    }
    return out;
  }

  /**
   * The report as JSON: `{ tool, summary, items: [{ id, status, evidence }], findings: [...],
   * acknowledgements: [...], skipped: [...] }`. Built in memory; for a large app use `writeReports()`.
   */
  public toJson(): any {
    return {
      tool: TOOL,
      summary: this.counts(),
      items: this.items.map(itemJson),
      findings: this.findings.map(findingJson),
      acknowledgements: this.acknowledgements,
      skipped: this.skipped,
      coverage: this.coverage,
    };
  }

  /** A one-screen summary: per section, items satisfied / violated / unknown / acknowledged / attested / pending. */
  public summary(): string {
    const counts = this.counts();
    const cols = ['satisfied', 'violated', 'unknown', 'acknowledged', 'attested', 'pending', 'not-applicable'];
    const head = ['section', ...cols.map((c) => (c === 'not-applicable' ? 'n/a' : c === 'acknowledged' ? 'acked' : c))];
    const rows: string[][] = [];
    for (const section of Catalog.sections()) {
      const c = counts[section];
      if (!c) continue;
      rows.push([section, ...cols.map((k) => String(c[k] ?? 0))]);
    }
    rows.push(['TOTAL', ...cols.map((k) => String(counts.total?.[k] ?? 0))]);
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    const lines = ['cdk-golive checklist', fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(0, -1).map(fmt), widths.map((w) => '-'.repeat(w)).join('  '), fmt(rows[rows.length - 1])];
    const v = this.violations();
    if (v.length > 0) {
      const blocking = new Set(this.blockingViolations());
      const byRule = new Map<string, Finding[]>();
      for (const f of v) {
        const list = byRule.get(f.ruleId);
        if (list) list.push(f);
        else byRule.set(f.ruleId, [f]);
      }
      lines.push('', `${v.length} unacknowledged violation(s) of ${byRule.size} rule(s), ${blocking.size} failing:`);
      for (const [ruleId, fs] of byRule) {
        const failing = fs.filter((f) => blocking.has(f)).length;
        const baselined = fs.filter((f) => f.baselined).length;
        const notes = [failing === fs.length ? '' : `${failing} failing`, baselined ? `${baselined} in the baseline` : ''].filter(Boolean).join(', ');
        lines.push(`  ${String(fs.length).padStart(4)} x ${ruleId} [${fs[0].severity}] (${fs[0].itemIds.join(', ')})${notes ? ` - ${notes}` : ''}`);
      }
      if (this.gate.reportOnly) lines.push('Report-only: no violation fails.');
      else if (this.gate.failOn !== Severity.LOW) lines.push(`Only violations of severity ${this.gate.failOn} or above fail.`);
    }
    if (this.gate.baselineFile) {
      const fixed = this.gate.baselineFixed;
      lines.push(`Baseline ${this.gate.baselineFile}: ${v.filter((f) => f.baselined).length} recorded violation(s) do not fail`
        + (fixed > 0 ? `; ${fixed} recorded violation(s) are fixed: run 'npx cdk-golive baseline' to drop them.` : '.'));
    }
    if (this.acknowledgements.length > 0) lines.push(`${this.acknowledgements.length} acknowledgement(s), each with its reason in the report.`);
    if (this.skipped.length > 0) lines.push(`${this.skipped.length} file(s) left out, each with its reason in the report (skipped).`);
    lines.push(...coverageLines(this.coverage));
    return lines.join('\n');
  }

  /**
   * The violations as every tool shows them (the CDK plugin, the cdk8s plugin, the CLI): one per
   * failing resource and rule, describing that resource only; a finding repeated on one resource
   * (same rule, property and message) once; baselined ones left to the summary.
   * @internal
   */
  public _resourceViolations(): ResourceViolation[] {
    const blocking = new Set(this.blockingViolations());
    const rules = new Map(this.rules.map((r) => [r.id, r]));
    const seen = new Set<string>();
    const out: ResourceViolation[] = [];
    for (const f of this.violations()) {
      if (f.baselined) continue;
      const key = [f.ruleId, f.file, f.stack, f.resource, f.property ?? '', f.message].join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ finding: f, blocking: blocking.has(f), text: `${oneLine(f.message)} [checklist: ${f.itemIds.join(', ')}]`, rule: rules.get(f.ruleId) });
    }
    return out;
  }

  /**
   * One line per violation (the first `max`), for a terminal that has no other listing of them: one per
   * failing resource, as the CDK and cdk8s plugins show them; baselined ones are left to the summary.
   */
  public violationLines(max: number = 50): string[] {
    const v = this._resourceViolations();
    const lines = v.slice(0, max).map(({ finding: f, text }) => `  [${f.severity}] ${f.ruleId} ${oneLine(f.stack)}/${oneLine(f.resource)}: ${text}`);
    if (v.length > max) lines.push(`  ... and ${v.length - max} more (see golive-report.md)`);
    return lines;
  }

  /** The summary and the violation lines: what a terminal shows (the CLI, cdk8s's log). @internal */
  public _terminalText(): string {
    return [this.summary(), ...this.violationLines()].join('\n');
  }

  /** A readable checklist in Markdown: every item with status and evidence, violations with fixes, acknowledgements. */
  public toMarkdown(): string {
    const parts: string[] = [];
    this._markdownTo((s) => parts.push(s));
    return parts.join('');
  }

  /**
   * The findings as SARIF 2.1.0 (failures, unknowns, and acknowledged failures
   * as suppressed results), for GitHub code scanning. Built in memory; for a
   * large app use `writeReports()`.
   * @param lineOf optional map `file` → `logicalId` → 1-based line of the resource
   */
  public toSarif(lineOf?: { [file: string]: { [resource: string]: number } }): any {
    const sarif = this.sarifFrame();
    sarif.runs[0].results = this.findings.filter((f) => f.status !== FindingStatus.PASS).map((f) => this.sarifResult(f, lineOf));
    const invocations = this.sarifInvocations();
    if (invocations) sarif.runs[0].invocations = invocations;
    return sarif;
  }

  /**
   * Write `golive-report.json`, `golive-report.md` and `golive-report.sarif`
   * into a folder (created if needed), piece by piece: the one writer of the CDK plugin, the
   * cdk8s plugin and the CLI.
   * @param dir the folder
   * @param lineOf optional map `file` → `logicalId` → 1-based line of the resource, for SARIF regions
   */
  public writeReports(dir: string, lineOf?: { [file: string]: { [resource: string]: number } }): void {
    try {
      makeFolder(dir);
      this.writeJson(path.join(dir, REPORT_FILES.json));
      this.writeMarkdown(path.join(dir, REPORT_FILES.markdown));
      this.writeSarif(path.join(dir, REPORT_FILES.sarif), lineOf);
    } catch (e) {
      // One line naming the folder, as for any bad input; never a stack trace.
      throw new InputError(`${shown(dir, 400)}: the reports cannot be written (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }

  /** Write the JSON report (the text of `toJson()`, indented by 2) to a file, piece by piece. */
  public writeJson(file: string): void {
    // A small report is built in one piece (native, and faster on a cold start); a large one streamed.
    if (this.small()) toFile(file, (w) => w(JSON.stringify(this.toJson(), undefined, 2) + '\n'));
    else toFile(file, (w) => this._jsonTo(w));
  }

  /** Write the Markdown report (`toMarkdown()`) to a file, piece by piece. */
  public writeMarkdown(file: string): void {
    toFile(file, (w) => this._markdownTo(w));
  }

  /**
   * Write the SARIF report (the text of `toSarif()`, indented by 2) to a file, piece by piece.
   * @param lineOf optional map `file` → `logicalId` → 1-based line of the resource
   */
  public writeSarif(file: string, lineOf?: { [file: string]: { [resource: string]: number } }): void {
    if (this.small()) toFile(file, (w) => w(JSON.stringify(this.toSarif(lineOf), undefined, 2) + '\n'));
    else toFile(file, (w) => this._sarifTo(w, lineOf));
  }

  /** Few enough findings and evidence entries to build a report in memory (a few MB). */
  private small(): boolean {
    let n = this.findings.length;
    for (const i of this.items) n += i.evidence.length;
    return n <= SMALL_REPORT;
  }

  /**
   * Stream the JSON report to `write`, piece by piece: the same text as
   * `JSON.stringify(toJson(), undefined, 2)` and a newline.
   * @internal
   */
  public _jsonTo(write: (s: string) => void): void {
    const i1 = '\n  ';
    write(`{${i1}"tool": ${nest(TOOL, 1)},${i1}"summary": ${nest(this.counts(), 1)},${i1}"items": `);
    streamArray(this.items, 1, write, (item, w) => {
      // An item's evidence may list every resource of its kind: streamed too.
      const { evidence, counts, ...head } = itemJson(item);
      const text = nest(head, 2);
      w(`${text.slice(0, -1).replace(/\n {4}$/, '')},\n      "evidence": `);
      streamArray(evidence, 3, w, (e, ww) => ww(nest(e, 4)));
      w(`,\n      "counts": ${nest(counts, 3)}\n    }`);
    });
    write(`,${i1}"findings": `);
    streamArray(this.findings, 1, write, (f, w) => w(nest(findingJson(f), 2)));
    write(`,${i1}"acknowledgements": `);
    streamArray(this.acknowledgements, 1, write, (a, w) => w(nest(a, 2)));
    write(`,${i1}"skipped": `);
    streamArray(this.skipped, 1, write, (s, w) => w(nest(s, 2)));
    write(`,${i1}"coverage": ${nest(this.coverage, 1)}`);
    write('\n}\n');
  }

  /**
   * Stream the SARIF report to `write`: the same text as
   * `JSON.stringify(toSarif(lineOf), undefined, 2)` and a newline.
   * @internal
   */
  public _sarifTo(write: (s: string) => void, lineOf?: { [file: string]: { [resource: string]: number } }): void {
    const frame = this.sarifFrame();
    const run = frame.runs[0];
    write(`{\n  "$schema": ${JSON.stringify(frame.$schema)},\n  "version": ${JSON.stringify(frame.version)},\n  "runs": [\n    {\n      "tool": ${nest(run.tool, 3)},\n      "results": `);
    const results = this.findings.filter((f) => f.status !== FindingStatus.PASS);
    streamArray(results, 3, write, (f, w) => w(nest(this.sarifResult(f, lineOf), 4)));
    const invocations = this.sarifInvocations();
    if (invocations) write(`,\n      "invocations": ${nest(invocations, 3)}`);
    write('\n    }\n  ]\n}\n');
  }

  /** Stream the Markdown report (`toMarkdown()`) to `write`. @internal */
  public _markdownTo(write: (s: string) => void): void {
    const line = (s = '') => write(s + '\n');
    line('# Production go-live checklist');
    line();
    line(`Generated by cdk-golive ${GOLIVE_VERSION}.`);
    line();
    line('## Summary');
    line();
    const counts = this.counts();
    line('| section | satisfied | violated | unknown | acknowledged | attested | pending | n/a |');
    line('|---|---|---|---|---|---|---|---|');
    for (const s of [...Catalog.sections(), 'total']) {
      const c = counts[s];
      if (!c) continue;
      line(`| ${s} | ${c.satisfied} | ${c.violated} | ${c.unknown} | ${c.acknowledged} | ${c.attested} | ${c.pending} | ${c['not-applicable']} |`);
    }
    const bySection = new Map<string, ItemResult[]>();
    for (const i of this.items) {
      let l = bySection.get(i.section);
      if (!l) bySection.set(i.section, (l = []));
      l.push(i);
    }
    for (const s of Catalog.sections()) {
      const items = bySection.get(s);
      if (!items) continue;
      line();
      line(`## ${s}`);
      line();
      line('| status | item | evidence |');
      line('|---|---|---|');
      for (const i of items) {
        const ev = i.evidence.slice(0, 3).map((e) => e.kind === 'attestation'
          ? `attested by ${md(e.resource)} (${md(e.note)})`
          : `${md(e.resource)}${e.property ? ' ' + mdCode(e.property) : ''}${e.value !== undefined ? ' = ' + mdCode(trim(e.value)) : ''}`).join('<br>');
        const more = i.evidence.length > 3 ? `<br>+${i.evidence.length - 3} more` : '';
        const why = i.reason !== undefined ? `${ev ? '<br>' : ''}unknown: ${md(i.reason)}` : '';
        line(`| ${i.status} | **${i.id}** ${md(i.title)} | ${ev}${more}${why} |`);
      }
    }
    let headed = false;
    for (const f of this.findings) {
      if (f.status !== FindingStatus.FAIL && f.status !== FindingStatus.UNKNOWN) continue;
      if (!headed) {
        line();
        line('## Violations and unknowns');
        line();
        line('| status | rule | items | resource | found | fix |');
        line('|---|---|---|---|---|---|');
        headed = true;
      }
      line(`| ${f.status} | ${f.ruleId} | ${f.itemIds.join(', ')} | ${md(f.stack)}/${md(f.resource)} | ${md(f.message)} | ${md(f.fix)} |`);
    }
    line();
    line('## Acknowledgements');
    line();
    if (this.acknowledgements.length === 0) line('None.');
    else {
      line('| id | construct or object | reason | findings |');
      line('|---|---|---|---|');
      // A Kubernetes annotation's record names its manifest file before the object.
      for (const a of this.acknowledgements) line(`| ${md(a.id)} | ${md(a.file === undefined ? a.constructPath : `${a.file}: ${a.constructPath}`)} | ${md(a.reason)} | ${a.findings} |`);
    }
    if (this.skipped.length > 0) {
      line();
      line('## Files left out');
      line();
      line('| file | reason |');
      line('|---|---|');
      for (const s of this.skipped) line(`| ${md(s.file)} | ${md(s.reason)} |`);
    }
    const notes = coverageLines(this.coverage);
    if (notes.length > 0) {
      line();
      line('## Not read or not judged');
      line();
      for (const n of notes) line(`- ${md(n.trim())}`);
    }
  }

  /** The SARIF log without results. */
  private sarifFrame(): any {
    const rules = [...this.rules].sort((a, b) => a.id.localeCompare(b.id));
    return {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{
        tool: {
          driver: {
            name: 'cdk-golive',
            version: GOLIVE_VERSION,
            informationUri: 'https://www.npmjs.com/package/cdk-golive',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.description },
              fullDescription: { text: `${r.description} Checklist items: ${r.items.join(', ')}.` },
              helpUri: `${RULES_REFERENCE_URL}#${ruleAnchor(r.id)}`,
              help: { text: r.fix },
              defaultConfiguration: { level: r.severity === Severity.CRITICAL || r.severity === Severity.HIGH ? 'error' : 'warning' },
              properties: {
                tags: ['production-readiness', ...r.items],
                'security-severity': { critical: '9.0', high: '7.0', medium: '5.0', low: '3.0' }[r.severity],
                ...(r.fsbp?.length ? { securityHubControls: r.fsbp } : {}),
                ...(r.controlTower?.length ? { controlTowerControls: r.controlTower } : {}),
              },
            })),
          },
        },
        results: [],
      }],
    };
  }

  private sarifRuleIndex?: Map<string, number>;

  private sarifResult(f: Finding, lineOf?: { [file: string]: { [resource: string]: number } }): any {
    this.sarifRuleIndex ??= new Map([...this.rules].sort((a, b) => a.id.localeCompare(b.id)).map((r, i) => [r.id, i]));
    const line = lineOf?.[f.file]?.[f.resource];
    const level = f.status === FindingStatus.UNKNOWN ? 'note' : f.severity === Severity.CRITICAL || f.severity === Severity.HIGH ? 'error' : 'warning';
    const result: any = {
      ruleId: f.ruleId,
      level,
      message: { text: `${f.stack}/${f.resource}: ${f.message}${f.status === FindingStatus.UNKNOWN ? ' (unknown at synth)' : ''}. Fix: ${f.fix}` },
      locations: [{
        physicalLocation: { artifactLocation: { uri: f.file.replace(/\\/g, '/') }, ...(line ? { region: { startLine: line } } : {}) },
        logicalLocations: [{ name: f.resource, fullyQualifiedName: `${f.stack}/${f.resource}`, kind: 'resource' }],
      }],
      properties: { items: f.itemIds, status: f.status, resourceType: f.resourceType, ...(f.property ? { property: f.property } : {}) },
    };
    const index = this.sarifRuleIndex.get(f.ruleId);
    if (index !== undefined) result.ruleIndex = index;
    if (this.gate.baselineFile && f.status === FindingStatus.FAIL) result.baselineState = f.baselined ? 'unchanged' : 'new';
    if (f.status === FindingStatus.ACKNOWLEDGED) result.suppressions = [{ kind: 'external', status: 'accepted', justification: f.acknowledgedReason ?? '' }];
    return result;
  }

  /** The files left out, as notifications of the run (none: no invocations). */
  private sarifInvocations(): any[] | undefined {
    if (this.skipped.length === 0) return undefined;
    return [{
      executionSuccessful: true,
      toolExecutionNotifications: this.skipped.map((s) => ({
        level: 'note',
        message: { text: `left out: ${s.reason}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: s.file.replace(/\\/g, '/') } } }],
      })),
    }];
  }
}

/** The coverage notes of the summary: what was not read or judged. */
function coverageLines(c: Coverage): string[] {
  const out: string[] = [];
  // What keeps items from being satisfied: a heading with the count, then the first five entries.
  const listed = (entries: string[], heading: string) => {
    if (entries.length === 0) return;
    out.push(`${entries.length} ${heading}:`);
    for (const e of entries.slice(0, 5)) out.push(`  ${e}`);
    if (entries.length > 5) out.push(`  ... and ${entries.length - 5} more`);
  };
  listed(c.unreadNestedStacks, 'nested stack(s) not read (template not in the checked folder), so no item is satisfied');
  listed(c.undecidedTransforms, 'transform(s) deploy what the template does not show (a macro, SAM with AWS::Serverless resources, an Fn::Transform), so no item is satisfied');
  listed(c.unreadKinds, 'resource(s) of a kind items are about that no rule reads, so those items are not satisfied');
  const undecided = new Set(c.undecidedTransforms);
  for (const t of c.unexpandedTransforms.filter((x) => !undecided.has(x)).slice(0, 5)) out.push(`transform not expanded: ${t} (its resources are not judged)`);
  const types = Object.entries(c.notJudged).sort((a, b) => b[1] - a[1]);
  const total = types.reduce((n, [, k]) => n + k, 0);
  if (total > 0) out.push(`not judged: ${total} resource(s) of ${types.length} type(s) no rule reads (${types.slice(0, 4).map(([t, k]) => `${t} x${k}`).join(', ')}${types.length > 4 ? ', ...' : ''})`);
  return out;
}

const TOOL = { name: 'cdk-golive', version: GOLIVE_VERSION };

/** Up to this many findings and evidence entries, a report file is built in memory; above, streamed. */
const SMALL_REPORT = 20_000;

function itemJson(i: ItemResult) {
  // `reason` before `evidence`: the streamed writer writes the head, then the evidence, then the counts.
  const head = { id: i.id, title: i.title, section: i.section, evidenceKind: i.evidenceKind, status: i.status };
  return { ...head, ...(i.reason === undefined ? {} : { reason: i.reason }), evidence: i.evidence, counts: i.counts };
}

function findingJson(f: Finding) {
  return {
    ruleId: f.ruleId, itemIds: f.itemIds, severity: f.severity, status: f.status, file: f.file, stack: f.stack,
    resource: f.resource, resourceType: f.resourceType, constructPath: f.constructPath, property: f.property, value: f.value,
    observedAt: f.observedAt, message: f.message, fix: f.fix, acknowledgedReason: f.acknowledgedReason, condition: f.condition,
    ...(f.baselined ? { baselined: true } : {}),
  };
}

/** `JSON.stringify(v, undefined, 2)`, as it reads nested `depth` levels deep. */
function nest(v: unknown, depth: number): string {
  return JSON.stringify(v, undefined, 2).replace(/\n/g, '\n' + '  '.repeat(depth));
}

/** An array at `depth`, element by element, formatted as `JSON.stringify(..., 2)` would. */
function streamArray<T>(list: T[], depth: number, write: (s: string) => void, element: (e: T, w: (s: string) => void) => void): void {
  if (list.length === 0) {
    write('[]');
    return;
  }
  const pad = '\n' + '  '.repeat(depth + 1);
  write('[');
  for (let i = 0; i < list.length; i++) {
    write(i === 0 ? pad : ',' + pad);
    element(list[i], write);
  }
  write('\n' + '  '.repeat(depth) + ']');
}

/**
 * Write what `produce` streams into a file, in blocks of about 1 MiB. Only a regular file is written: the file is
 * opened without blocking (a FIFO with no reader, left where a report goes, refuses at once instead of holding
 * the run for good) and checked before anything is written.
 */
function toFile(file: string, produce: (write: (s: string) => void) => void): void {
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | (fs.constants.O_NONBLOCK ?? 0), 0o666);
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw Object.assign(new Error(`${file}: not a regular file`), { code: `${path.basename(file)} is ${kindOf(st)}, not a regular file` });
    let block = '';
    produce((s) => {
      block += s;
      if (block.length >= 1 << 20) {
        fs.writeSync(fd, block);
        block = '';
      }
    });
    if (block !== '') fs.writeSync(fd, block);
  } finally {
    fs.closeSync(fd);
  }
}

/** Text from the input on one line (control characters and line breaks as spaces). */
function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  return String(s).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

const MD_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text from the input in a Markdown table cell, shown as written and never
 * interpreted: HTML special characters as entities (no raw HTML, no
 * autolinks), Markdown's inline punctuation backslash-escaped (no emphasis,
 * links, images or code), `|` escaped, line breaks as spaces.
 */
function md(s: string): string {
  return oneLine(s).replace(/[&<>]/g, (c) => MD_ENTITIES[c]).replace(/[\\`*_[\]()!~#|]/g, '\\$&');
}

/** Text from the input as a Markdown code span in a table cell: a fence longer than any backtick run inside, `|` escaped. */
function mdCode(s: string): string {
  const text = oneLine(s).replace(/\|/g, '\\|');
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function trim(s: string): string {
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}

/**
 * `mkdir -p`, one level at a time from the nearest folder that exists: node's own recursive `mkdirSync` never
 * returns under `/proc` (each level answers ENOENT, and it retries the parent forever, on node 20, 22 and 24).
 */
function makeFolder(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!fs.existsSync(at)) {
    missing.push(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      fs.mkdirSync(missing[i]);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // made meanwhile: a file there fails the write
    }
  }
}
