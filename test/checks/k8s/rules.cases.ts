import { GoLiveChecks } from '../../../lib';
import { K8S_RULES } from '../../../lib/checks/k8s';
import { applyPatch, checkSet, compliantBases, violationFiles } from './fixtures';

// One engine for every case: the checks are pure, so reuse is safe.
const checks = new GoLiveChecks({ printSummary: false, writeReports: false });
const bases = compliantBases();
const files = violationFiles();

describe('compliant reference manifests', () => {
  test.each([...bases.keys()])('%s: no k8s rule fails or is unknown', (name) => {
    const report = checkSet(checks, bases.get(name)!, name);
    const bad = report.findings.filter((f) => f.status !== 'pass').map((f) => `${f.ruleId} ${f.resource}: ${f.status}: ${f.message}`);
    expect(bad).toEqual([]);
  });

  test.each(K8S_RULES.map((r) => r.id))('%s passes on at least one compliant object', (ruleId) => {
    const passes = [...bases.entries()].flatMap(([name, set]) => checkSet(checks, set, name).findings)
      .filter((f) => f.ruleId === ruleId && f.status === 'pass');
    expect(passes.length).toBeGreaterThan(0);
  });
});

describe('every k8s rule has a violating fixture', () => {
  test.each(K8S_RULES.map((r) => r.id))('%s', (ruleId) => {
    const file = files.find((f) => f.rule === ruleId);
    expect(file).toBeDefined();
    expect(file!.cases.filter((c) => (c.expect ?? 'fail') === 'fail').length).toBeGreaterThan(0);
  });

  test('no fixture names an unknown rule', () => {
    const known = new Set(K8S_RULES.map((r) => r.id));
    expect(files.map((f) => f.rule).filter((r) => !known.has(r))).toEqual([]);
  });
});

const cases = files.flatMap((f) => f.cases.map((c) => [f.rule, c.name, c] as const));

describe('violating fixtures', () => {
  test.each(cases)('%s: %s', (ruleId, _name, c) => {
    const rule = K8S_RULES.find((r) => r.id === ruleId)!;
    const base = bases.get(c.base);
    expect(base).toBeDefined();
    const report = checkSet(checks, applyPatch(base!, c.patch), c.base);
    const expected = c.expect ?? 'fail';
    const mine = report.findings.filter((f) => f.ruleId === ruleId && f.resource === c.resource);
    expect(mine.map((f) => f.status)).toContain(expected);
    const failing = report.findings.filter((f) => f.status === 'fail');
    // Other rules the change violates by design, named by the case: each must fail, and only they.
    const also = c.alsoFails ?? [];
    for (const id of also) expect(failing.map((f) => f.ruleId)).toContain(id);
    if (expected === 'fail') {
      // The fixture violates exactly this rule's item(s) (and those of the rules it names), nothing else.
      const allowed = new Set([rule, ...also.map((id) => K8S_RULES.find((r) => r.id === id)!)].flatMap((r) => r.items));
      const failingItems = new Set(failing.flatMap((f) => f.itemIds));
      expect([...failingItems].filter((i) => !allowed.has(i))).toEqual([]);
      for (const i of rule.items) expect(report.statusOf(i)).toBe('violated');
    } else {
      // An unknown value is never a pass and never a fail (and nothing else fails but the rules the case names).
      expect(failing.filter((f) => !also.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.resource}: ${f.message}`)).toEqual([]);
      expect(mine.map((f) => f.status)).not.toContain('pass');
    }
  });
});
