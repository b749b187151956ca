/* eslint-disable @typescript-eslint/no-explicit-any */
/** What the soundness tests ask of one template: a rule's findings, as `[resource, status, message]`. */
import { GoLiveChecks } from '../../../lib';
import { PatchOp, applyPatch, compliantBases } from './fixtures';

/** One engine for every case: the checks are pure, so reuse is safe. */
export const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** `[resource, status, message]` of one rule's findings on a template of these resources (and `extra` sections). */
export function judged(ruleId: string, resources: Record<string, any>, extra: Record<string, any> = {}): Array<[string, string, string]> {
  const report = checks.checkTemplate({ AWSTemplateFormatVersion: '2010-09-09', ...extra, Resources: resources });
  return report.findings.filter((f) => f.ruleId === ruleId).map((f) => [f.resource ?? '', f.status, f.message]);
}

/** The statuses of findings, in order. */
export const statuses = (fs: Array<[string, string, string]>) => fs.map(([, s]) => s);

/** The compliant bases, read on first use (most users of this file never need them). */
let bases: Map<string, any> | undefined;

/** The report of a compliant base with a patch, checked where the bases deploy (eu-west-1, account 111111111111). */
export function checkPatched(base: string, patch: PatchOp[]) {
  return checks.checkTemplate(applyPatch((bases ??= compliantBases()).get(base), patch), base, { region: 'eu-west-1', account: '111111111111' });
}
/** `[status, message]` of one rule's findings on one resource of a patched base. */
export function judgedOn(base: string, patch: PatchOp[], ruleId: string, resource: string): Array<[string, string]> {
  return checkPatched(base, patch).findings.filter((f) => f.ruleId === ruleId && f.resource === resource).map((f) => [f.status, f.message]);
}

/** `rule status: message` of the findings of `rules` (all when omitted) on one resource of a template checked where the bases deploy. */
export function findingsOn(template: any, resource: string, rules?: string[]): string[] {
  return checks.checkTemplate(template, 'T', { region: 'eu-west-1', account: '111111111111' }).findings
    .filter((f) => f.resource === resource && (!rules || rules.includes(f.ruleId)))
    .map((f) => `${f.ruleId} ${f.status}: ${f.message}`);
}

/** The one finding of `rule` on `resource` (`rule status: message`); fails the test when there is not exactly one. */
export function oneFindingOn(template: any, resource: string, rule: string): string {
  const found = findingsOn(template, resource, [rule]);
  if (found.length !== 1) throw new Error(`${rule} on ${resource}: ${found.length} findings (${found.join(' | ')})`);
  return found[0];
}
