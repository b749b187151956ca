/* eslint-disable @typescript-eslint/no-explicit-any */
import '@microsoft/jest-sarif';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Catalog, EvidenceKind, GoLiveChecks } from '../../lib';
import { loadFolder } from '../../lib/checks/loader';
import { ChecklistReport } from '../../lib/checks/report';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'aws', 'compliant');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'golive-report-'));
const signoff = Catalog.itemsByEvidence(EvidenceKind.ATTESTATION)[0].id;

/** A report with passes, failures, unknowns, an attestation and a file left out. */
function sample(attestation: Record<string, string> = { by: 'jane', date: '2026-11-01', note: 'reviewed' }): { report: ChecklistReport; lines: any } {
  const dir = tmp();
  const db = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'database.json'), 'utf8'));
  db.Resources.Key.Properties.EnableKeyRotation = false;
  db.Parameters = { ...(db.Parameters ?? {}), Open: { Type: 'String' } };
  fs.writeFileSync(path.join(dir, 'database.json'), JSON.stringify(db, undefined, 1));
  fs.writeFileSync(path.join(dir, 'params.json'), '[{"ParameterKey":"Open","ParameterValue":"x"}]');
  const att = path.join(tmp(), 'att.json');
  fs.writeFileSync(att, JSON.stringify({ attestations: [{ item: signoff, ...attestation }] }));
  const input = loadFolder(dir);
  const report = new GoLiveChecks({ printSummary: false, writeReports: false })._evaluateLoaded(input, att);
  return { report, lines: input.lines };
}

describe('reports written piece by piece', () => {
  const { report, lines } = sample();
  const out = tmp();
  report.writeReports(out, lines);

  test('the JSON report is the text of toJson(), indented by 2', () => {
    expect(report.findings.some((f) => f.status === 'fail')).toBe(true);
    expect(report.skipped).toHaveLength(1);
    expect(fs.readFileSync(path.join(out, 'golive-report.json'), 'utf8')).toBe(JSON.stringify(report.toJson(), undefined, 2) + '\n');
  });

  test('the SARIF report is the text of toSarif(), valid SARIF 2.1.0 with regions', () => {
    const text = fs.readFileSync(path.join(out, 'golive-report.sarif'), 'utf8');
    expect(text).toBe(JSON.stringify(report.toSarif(lines), undefined, 2) + '\n');
    const sarif = JSON.parse(text);
    expect(sarif).toBeValidSarifLog();
    expect(sarif.runs[0].results.some((r: any) => r.locations[0].physicalLocation.region?.startLine > 1)).toBe(true);
  });

  test('the streamed JSON and SARIF are the in-memory texts too (large reports take that path)', () => {
    let json = '';
    report._jsonTo((s) => (json += s));
    expect(json).toBe(JSON.stringify(report.toJson(), undefined, 2) + '\n');
    let sarif = '';
    report._sarifTo((s) => (sarif += s), lines);
    expect(sarif).toBe(JSON.stringify(report.toSarif(lines), undefined, 2) + '\n');
  });

  test('the Markdown report is toMarkdown()', () => {
    expect(fs.readFileSync(path.join(out, 'golive-report.md'), 'utf8')).toBe(report.toMarkdown());
  });

  test('tens of thousands of findings are streamed to the files in full', () => {
    const many = Array.from({ length: 25000 }, (_, i) => ({ ...report.findings[0], resource: `R${i}` }));
    const big = ChecklistReport._create(report.items, many, [], [], []);
    const dir = tmp();
    big.writeReports(dir);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'golive-report.json'), 'utf8')).findings).toHaveLength(25000);
    expect(fs.readFileSync(path.join(dir, 'golive-report.json'), 'utf8')).toBe(JSON.stringify(big.toJson(), undefined, 2) + '\n');
  });
});

describe('Markdown escaping', () => {
  test('HTML and Markdown in an attestation are shown as written, never interpreted', () => {
    const { report } = sample({ by: '<img src=x onerror=alert(1)>', date: '2026-11-01', note: '**bold** [link](javascript:alert(1)) a|b `code` <script>x</script>', evidenceUrl: 'https://ci.example.com/<b>' });
    const md = report.toMarkdown();
    const row = md.split('\n').find((l) => l.includes(signoff))!;
    expect(row).not.toMatch(/<img|<script|<b>/);
    expect(row).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(row).toContain('\\*\\*bold\\*\\* \\[link\\]\\(javascript:alert\\(1\\)\\) a\\|b \\`code\\` &lt;script&gt;x&lt;/script&gt;');
    // the table keeps its three columns
    expect(row.split(/(?<!\\)\|/)).toHaveLength(5);
  });

  test('a value with backticks and pipes stays one code span in its cell', () => {
    const { report } = sample();
    const f = report.findings.find((x) => x.status === 'pass' && x.value !== undefined)!;
    const item = report.items.find((i) => i.evidence.some((e) => e.resource === f.resource && e.value === f.value))!;
    const evidence = [{ ...item.evidence[0], value: 'a`b|c' }];
    const md = ChecklistReport._create([{ ...item, evidence }], [], [], [], []).toMarkdown();
    expect(md).toContain('= ``a`b\\|c``');
  });
});
