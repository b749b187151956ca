import { Severity } from '../../model';
import { POD_KINDS } from '../manifest-index';
import { K8sRule, k8sFail, k8sPass } from '../rule';

const ON_OBJECT = ['name', 'instance', 'version', 'part-of', 'managed-by'].map((l) => `app.kubernetes.io/${l}`);
const ON_PODS = ['name', 'instance'].map((l) => `app.kubernetes.io/${l}`);

/**
 * K8S-LABELS: every workload carries the recommended `app.kubernetes.io/name`,
 * `instance`, `version`, `part-of` and `managed-by` labels, and its pod
 * template `name` and `instance`, so dashboards, policies and cost reports can
 * select it.
 */
export const K8sRecommendedLabels: K8sRule = {
  id: 'K8sRecommendedLabels',
  items: ['K8S-LABELS'],
  kinds: POD_KINDS,
  severity: Severity.LOW,
  description: 'Workloads carry app.kubernetes.io/name, instance, version, part-of and managed-by; their pods name and instance.',
  fix: 'Add the app.kubernetes.io/* labels to metadata.labels and to the pod template labels.',
  check(obj, ctx) {
    const labels: Record<string, unknown> = obj.metadata.labels ?? {};
    const missing = ON_OBJECT.filter((l) => typeof labels[l] !== 'string' || labels[l] === '');
    if (missing.length > 0) return k8sFail(`metadata.labels.${missing[0]}`, undefined, `missing ${missing.join(', ')}`);
    const tpl = ctx.index.podTemplate(obj);
    if (tpl && tpl.path) {
      const podMissing = ON_PODS.filter((l) => !tpl.labels[l]);
      if (podMissing.length > 0) return k8sFail(`${tpl.path}.metadata.labels.${podMissing[0]}`, undefined, `pods lack ${podMissing.join(', ')}`);
    }
    return k8sPass('metadata.labels', `${labels['app.kubernetes.io/name']}@${labels['app.kubernetes.io/version']}`, `labelled ${ON_OBJECT.map((l) => `${l.substring(18)}=${labels[l]}`).join(', ')}`);
  },
};
