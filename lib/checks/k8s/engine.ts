import { Thresholds } from '../../checklist/thresholds';
import { groupBy } from '../collections';
import { Finding, FindingStatus, Severity } from '../model';
import { ManifestIndex } from './manifest-index';
import { K8sContext, K8sRule, K8sVerdict } from './rule';

/**
 * Run the Kubernetes rules: the manifests indexed once, each rule dispatched
 * only to its kinds.
 * @internal
 */
export function runK8sRules(manifests: { file: string; documents: unknown[] }[], rules: K8sRule[], thresholds: Thresholds, severityOverrides?: Record<string, Severity>): Finding[] {
  if (manifests.length === 0 || rules.length === 0) return [];
  const index = new ManifestIndex(manifests);
  const ctx: K8sContext = { index, thresholds };
  const byKind = groupBy(rules, (r) => r.kinds);
  const findings: Finding[] = [];
  for (const obj of index.objects) {
    for (const rule of byKind.get(obj.kind) ?? []) {
      let out: K8sVerdict | K8sVerdict[] | undefined;
      try {
        out = rule.check(obj, ctx);
      } catch (e) {
        out = { status: FindingStatus.UNKNOWN, message: `rule error: ${(e as Error).message}` };
      }
      if (!out) continue;
      for (const v of Array.isArray(out) ? out : [out]) {
        const target = v.object ?? obj;
        findings.push({
          ruleId: rule.id,
          itemIds: rule.items,
          severity: severityOverrides?.[rule.id] ?? rule.severity,
          status: v.status,
          file: target.file,
          stack: target.namespace,
          resource: target.id,
          resourceType: target.kind,
          property: v.property,
          value: v.value,
          message: v.message,
          fix: rule.fix,
        });
      }
    }
  }
  return findings;
}
