/* eslint-disable @typescript-eslint/no-explicit-any */
import { Catalog } from '../checklist/catalog';
import { EvidenceKind } from '../checklist/types';
import { AcknowledgementRecord, Finding, FindingStatus, ItemResult, ItemStatus, Severity } from './model';

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
  readonly fsbp?: string[];
  readonly controlTower?: string[];
}

const STATUS_ORDER: ItemStatus[] = [
  ItemStatus.SATISFIED, ItemStatus.VIOLATED, ItemStatus.UNKNOWN, ItemStatus.ACKNOWLEDGED,
  ItemStatus.ATTESTED, ItemStatus.PENDING, ItemStatus.NOT_APPLICABLE,
];

/**
 * The checklist report: every catalog item with its status and evidence, every
 * finding, and every acknowledgement with its reason.
 */
export class ChecklistReport {
  /** @internal */
  public static _create(items: ItemResult[], findings: Finding[], acknowledgements: AcknowledgementRecord[], rules: RuleInfo[], gate?: Gate): ChecklistReport {
    return new ChecklistReport(items, findings, acknowledgements, rules, gate ?? { failOn: Severity.LOW, reportOnly: false, baselineFixed: 0 });
  }

  /** Every catalog item in scope, in catalog order. */
  public readonly items: ItemResult[];
  /** Every finding (pass, fail, unknown, acknowledged). */
  public readonly findings: Finding[];
  /** Every acknowledgement recorded in the app, with its reason. */
  public readonly acknowledgements: AcknowledgementRecord[];
  private readonly rules: RuleInfo[];
  private readonly gate: Gate;

  private constructor(items: ItemResult[], findings: Finding[], acknowledgements: AcknowledgementRecord[], rules: RuleInfo[], gate: Gate) {
    this.items = items;
    this.findings = findings;
    this.acknowledgements = acknowledgements;
    this.rules = rules;
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
   * also on unknown findings and on attestation/pipeline items not attested. 0 otherwise.
   */
  public exitCode(strict?: boolean): number {
    if (this.blockingViolations().length > 0) return 1;
    return strict && this.strictReasons().length > 0 ? 1 : 0;
  }

  /**
   * Why `strict` fails: one line per unknown finding and per attestation or pipeline item
   * not attested. Empty when strict passes.
   */
  public strictReasons(): string[] {
    const lines = this.unknowns().map((f) => `unknown: ${f.ruleId} (${f.itemIds.join(', ')}) ${f.stack}/${f.resource}: ${f.message}`);
    for (const i of this.items) {
      if (i.evidenceKind !== EvidenceKind.RULE && i.status === ItemStatus.PENDING) lines.push(`not attested: ${i.id} (${i.evidenceKind}) ${i.title}`);
    }
    return lines;
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

  /** The report as JSON: `{ items: [{ id, status, evidence }], findings: [...], acknowledgements: [...] }`. */
  public toJson(): any {
    return {
      tool: { name: 'cdk-golive', version: GOLIVE_VERSION },
      summary: this.counts(),
      items: this.items.map((i) => ({ id: i.id, title: i.title, section: i.section, evidenceKind: i.evidenceKind, status: i.status, evidence: i.evidence, counts: i.counts })),
      findings: this.findings.map((f) => ({
        ruleId: f.ruleId, itemIds: f.itemIds, severity: f.severity, status: f.status, file: f.file, stack: f.stack,
        resource: f.resource, resourceType: f.resourceType, constructPath: f.constructPath, property: f.property, value: f.value,
        message: f.message, fix: f.fix, acknowledgedReason: f.acknowledgedReason, ...(f.baselined ? { baselined: true } : {}),
      })),
      acknowledgements: this.acknowledgements,
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
    return lines.join('\n');
  }

  /** One line per violation (the first `max`), for a terminal that has no other listing of them. */
  public violationLines(max: number = 50): string[] {
    const v = this.violations();
    const lines = v.slice(0, max).map((f) => `  [${f.severity}] ${f.ruleId} (${f.itemIds.join(', ')}) ${f.stack}/${f.resource}: ${f.message}${f.baselined ? ' (baseline)' : ''}`);
    if (v.length > max) lines.push(`  ... and ${v.length - max} more (see golive-report.md)`);
    return lines;
  }

  /** A readable checklist in Markdown: every item with status and evidence, violations with fixes, acknowledgements. */
  public toMarkdown(): string {
    const md: string[] = ['# Production go-live checklist', '', `Generated by cdk-golive ${GOLIVE_VERSION}.`, '', '## Summary', ''];
    const counts = this.counts();
    md.push('| section | satisfied | violated | unknown | acknowledged | attested | pending | n/a |', '|---|---|---|---|---|---|---|---|');
    for (const s of [...Catalog.sections(), 'total']) {
      const c = counts[s];
      if (!c) continue;
      md.push(`| ${s} | ${c.satisfied} | ${c.violated} | ${c.unknown} | ${c.acknowledged} | ${c.attested} | ${c.pending} | ${c['not-applicable']} |`);
    }
    for (const s of Catalog.sections()) {
      const items = this.items.filter((i) => i.section === s);
      if (items.length === 0) continue;
      md.push('', `## ${s}`, '', '| status | item | evidence |', '|---|---|---|');
      for (const i of items) {
        const ev = i.evidence.slice(0, 3).map((e) => e.kind === 'attestation'
          ? `attested by ${esc(e.resource)} (${esc(e.note)})`
          : `${esc(e.resource)}${e.property ? ' `' + esc(e.property) + '`' : ''}${e.value !== undefined ? ' = `' + esc(trim(e.value)) + '`' : ''}`).join('<br>');
        const more = i.evidence.length > 3 ? `<br>+${i.evidence.length - 3} more` : '';
        md.push(`| ${i.status} | **${i.id}** ${esc(i.title)} | ${ev}${more} |`);
      }
    }
    const bad = this.findings.filter((f) => f.status === FindingStatus.FAIL || f.status === FindingStatus.UNKNOWN);
    if (bad.length > 0) {
      md.push('', '## Violations and unknowns', '', '| status | rule | items | resource | found | fix |', '|---|---|---|---|---|---|');
      for (const f of bad) md.push(`| ${f.status} | ${f.ruleId} | ${f.itemIds.join(', ')} | ${esc(f.stack)}/${esc(f.resource)} | ${esc(f.message)} | ${esc(f.fix)} |`);
    }
    md.push('', '## Acknowledgements', '');
    if (this.acknowledgements.length === 0) md.push('None.');
    else {
      md.push('| id | construct | reason | findings |', '|---|---|---|---|');
      for (const a of this.acknowledgements) md.push(`| ${esc(a.id)} | ${esc(a.constructPath)} | ${esc(a.reason)} | ${a.findings} |`);
    }
    return md.join('\n') + '\n';
  }

  /**
   * The findings as SARIF 2.1.0 (failures, unknowns, and acknowledged failures
   * as suppressed results), for GitHub code scanning.
   * @param lineOf optional map `file` → `logicalId` → 1-based line of the resource
   */
  public toSarif(lineOf?: { [file: string]: { [resource: string]: number } }): any {
    const rules = [...this.rules].sort((a, b) => a.id.localeCompare(b.id));
    const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
    const level = (f: Finding) => (f.status === FindingStatus.UNKNOWN ? 'note' : f.severity === Severity.CRITICAL || f.severity === Severity.HIGH ? 'error' : 'warning');
    const results = this.findings.filter((f) => f.status !== FindingStatus.PASS).map((f) => {
      const line = lineOf?.[f.file]?.[f.resource];
      const result: any = {
        ruleId: f.ruleId,
        level: level(f),
        message: { text: `${f.stack}/${f.resource}: ${f.message}${f.status === FindingStatus.UNKNOWN ? ' (unknown at synth)' : ''}. Fix: ${f.fix}` },
        locations: [{
          physicalLocation: { artifactLocation: { uri: f.file.replace(/\\/g, '/') }, ...(line ? { region: { startLine: line } } : {}) },
          logicalLocations: [{ name: f.resource, fullyQualifiedName: `${f.stack}/${f.resource}`, kind: 'resource' }],
        }],
        properties: { items: f.itemIds, status: f.status, resourceType: f.resourceType, ...(f.property ? { property: f.property } : {}) },
      };
      if (ruleIndex.has(f.ruleId)) result.ruleIndex = ruleIndex.get(f.ruleId);
      if (this.gate.baselineFile && f.status === FindingStatus.FAIL) result.baselineState = f.baselined ? 'unchanged' : 'new';
      if (f.status === FindingStatus.ACKNOWLEDGED) result.suppressions = [{ kind: 'external', status: 'accepted', justification: f.acknowledgedReason ?? '' }];
      return result;
    });
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
        results,
      }],
    };
  }
}

function esc(s: string): string {
  return String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function trim(s: string): string {
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}
