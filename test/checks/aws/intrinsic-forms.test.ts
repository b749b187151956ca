/**
 * Soundness over every value CloudFormation could take. Every rule's violating
 * fixture is re-expressed through each intrinsic form real templates use (If on
 * a declared condition, FindInMap by region, a parameter with and without
 * AllowedValues, Select with a string index, a nested-stack parameter): the
 * rule's items must never come out satisfied. The compliant bases re-expressed
 * the same way (the base's own value on every side) must never fail.
 */
import { AWS_RULES } from '../../../lib/checks/aws';
import { GoLiveChecks } from '../../../lib';
import { compliantBases, violationFiles } from './fixtures';
import { FORMS, reexpress } from './reexpress';

const bases = compliantBases();
// The variants share the bases' nodes (reexpress copies on write): frozen, a check that wrote to a template would throw.
function deepFreeze(x: unknown): void {
  if (x === null || typeof x !== 'object' || Object.isFrozen(x)) return;
  Object.freeze(x);
  for (const v of Object.values(x)) deepFreeze(v);
}
for (const base of bases.values()) deepFreeze(base);
const checksFor = new Map<string, GoLiveChecks>();
function checks(ruleId: string): GoLiveChecks {
  let c = checksFor.get(ruleId);
  if (!c) {
    const rule = AWS_RULES.find((r) => r.id === ruleId)!;
    checksFor.set(ruleId, (c = new GoLiveChecks({ items: rule.items, printSummary: false, writeReports: false })));
  }
  return c;
}

function run(ruleId: string, templates: ReturnType<typeof reexpress>['templates']) {
  return checks(ruleId)._evaluateLoaded({ templates, manifests: [], acks: [], lines: {} });
}

/**
 * Cases the checks still misjudge (being fixed rule area by rule area). Each
 * entry must still misjudge: when it is fixed, remove it, so the list only
 * shrinks; it must end empty.
 */
const KNOWN = new Set<string>([
]);

/** Run `check`; for a KNOWN case, assert that it still fails. */
function expectSound(key: string, check: () => void): void {
  if (!KNOWN.has(key)) return check();
  expect(check).toThrow();
}

const cases = violationFiles().flatMap((f) => f.cases
  .filter((c) => (c.expect ?? 'fail') === 'fail')
  .flatMap((c) => FORMS.map((form) => [f.rule, c.name, form, c] as const)));

describe('a violation behind any intrinsic form never passes', () => {
  test.each(cases)('%s: %s, through %s', (ruleId, name, form, c) => {
    const rule = AWS_RULES.find((r) => r.id === ruleId)!;
    const { templates, moved } = reexpress(bases.get(c.base), c.patch, form, 'violating');
    if (moved === 0) return; // the form does not apply to this patch (counted below)
    const report = run(ruleId, templates);
    expectSound(`violating | ${ruleId}: ${name}, through ${form}`, () => {
      for (const item of rule.items) expect([item, report.statusOf(item)]).toEqual([item, expect.stringMatching(/^(violated|unknown)$/)]);
    });
  });
});

describe('a compliant value behind any intrinsic form never fails', () => {
  test.each(cases)('%s: %s, through %s', (ruleId, name, form, c) => {
    const { templates, moved } = reexpress(bases.get(c.base), c.patch, form, 'compliant');
    if (moved === 0) return;
    const report = run(ruleId, templates);
    expectSound(`compliant | ${ruleId}: ${name}, through ${form}`, () => {
      expect(report.findings.filter((f) => f.status === 'fail').map((f) => `${f.ruleId} ${f.resource}: ${f.message}`)).toEqual([]);
    });
  });
});

test('every form applies to many fixtures (the generator is not a no-op)', () => {
  const applied: Record<string, number> = {};
  for (const [, , form, c] of cases) {
    if (reexpress(bases.get(c.base), c.patch, form, 'violating').moved > 0) applied[form] = (applied[form] ?? 0) + 1;
  }
  for (const form of FORMS) expect([form, applied[form] ?? 0]).toEqual([form, expect.any(Number)]);
  for (const form of FORMS) expect(applied[form]).toBeGreaterThan(form === 'if' ? 300 : form === 'select' ? 150 : 100);
});
