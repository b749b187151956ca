/** What the Kubernetes soundness tests ask of one manifest: a rule's findings. */
import { GoLiveChecks } from '../../../lib';
import { parseManifest } from './fixtures';

const checks = new GoLiveChecks({ printSummary: false, writeReports: false });

/** One rule's findings on a manifest (one or more YAML documents). */
export function run(yaml: string, ruleId: string) {
  const report = checks._evaluateLoaded({ templates: [], manifests: [{ file: 'case.yaml', documents: parseManifest(yaml) }], acks: [], lines: {} });
  return report.findings.filter((f) => f.ruleId === ruleId);
}

/** The statuses of one rule's findings on a manifest, in order. */
export const statuses = (yaml: string, ruleId: string) => run(yaml, ruleId).map((f) => f.status);
