/**
 * The counts README.md states are the code's: the catalog table, the rules, the seed lines.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Catalog, EvidenceKind } from '../lib';
import { AWS_RULES } from '../lib/checks/aws';
import { K8S_RULES } from '../lib/checks/k8s';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

describe('README.md counts', () => {
  test('the catalog table: items per section and evidence kind, and the totals', () => {
    const rows = [...README.matchAll(/^\| (\S+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/gm)].map((m) => [m[1], Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])]);
    const expected = Catalog.sections().map((s) => [s, ...[EvidenceKind.RULE, EvidenceKind.LIVE, EvidenceKind.PIPELINE, EvidenceKind.ATTESTATION]
      .map((k) => Catalog.itemsInSection(s).filter((i) => i.evidence === k).length)]);
    expect(rows).toEqual(expected);
    const items = Catalog.items();
    const count = (k: EvidenceKind) => items.filter((i) => i.evidence === k).length;
    expect(README).toContain(`| **total (${items.length})** | **${count(EvidenceKind.RULE)}** | **${count(EvidenceKind.LIVE)}** | **${count(EvidenceKind.PIPELINE)}** | **${count(EvidenceKind.ATTESTATION)}** |`);
  });

  test('the rules and seed lines', () => {
    const ruleItems = Catalog.items().filter((i) => i.evidence === EvidenceKind.RULE).length;
    const seeds = Catalog.seedMap().length;
    expect(README).toContain(`${AWS_RULES.length} AWS rules and ${K8S_RULES.length} Kubernetes rules evidence the ${ruleItems} rule items`);
    expect(README).toContain(`${seeds} seed lines are mapped`);
    expect(README).toContain(`all ${seeds} seed checkbox lines mapped`);
    expect(README).toContain(`at least one rule (${AWS_RULES.length} rules)`);
    expect(README).toContain(`Kubernetes rules (${K8S_RULES.length}) under the same catalog ids`);
    expect(README).toContain(`generated from the ${AWS_RULES.length + K8S_RULES.length} rules`);
  });
});
