/* eslint-disable @typescript-eslint/no-explicit-any */
/** What the soundness tests ask of one template: a rule's findings, as `[resource, status, message]`. */
import { GoLiveChecks } from '../../../lib';

/** One engine for every case: the checks are pure, so reuse is safe. */
export const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** `[resource, status, message]` of one rule's findings on a template of these resources (and `extra` sections). */
export function judged(ruleId: string, resources: Record<string, any>, extra: Record<string, any> = {}): Array<[string, string, string]> {
  const report = checks.checkTemplate({ AWSTemplateFormatVersion: '2010-09-09', ...extra, Resources: resources });
  return report.findings.filter((f) => f.ruleId === ruleId).map((f) => [f.resource ?? '', f.status, f.message]);
}

/** The statuses of findings, in order. */
export const statuses = (fs: Array<[string, string, string]>) => fs.map(([, s]) => s);
