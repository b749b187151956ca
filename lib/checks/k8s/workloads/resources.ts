import { Severity } from '../../model';
import { POD_KINDS } from '../manifest-index';
import { containersOf, isTemplated, parseQuantity } from '../pod-spec';
import { K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { limitRangeDefaults } from '../limit-ranges';
import { meshInjection, meshResourcesUnread } from '../mesh-injection';

/**
 * K8S-RESOURCE-LIMITS: every container (init containers included) requests CPU
 * and memory and has a memory limit no lower than its request; a CPU limit is
 * optional (it throttles), but when set it is no lower than the request.
 * A quantity of 0 is none: a request of 0 reserves nothing, and a memory
 * limit of 0 is no limit (both fail). A resource with a limit and no request
 * gets the limit as its request (the API server copies it): limits alone pass.
 * Then the LimitRanger admission plugin gives a container the defaults of the
 * LimitRanges of its namespace in the manifests (`limitRangeDefaults`: a
 * `type: Container` item's `default` limits and `defaultRequest` requests, as
 * the API server completes them from `max` and `min`) for each request or
 * limit it does not set: those count as set, naming the LimitRange. Two
 * LimitRanges giving different values for one field: unknown (the order the
 * plugin applies them decides). The defaults apply to pods created after the
 * LimitRange exists (Helm installs LimitRanges before workloads; `kubectl
 * apply` follows file order): a pod created before it keeps no defaults until
 * it is replaced. That ordering is assumed.
 * A pod a service mesh injects (`meshInjection`: Istio, Linkerd) also runs the
 * proxy and its init container, whose resources the mesh's installation
 * decides (Linkerd's default sets none): a container that would pass is
 * unknown unless the pod states the proxy's CPU request, memory request and
 * memory limit in the mesh's annotations (`meshResourcesUnread`); fails stay.
 */
export const K8sResources: K8sRule = {
  id: 'K8sResources',
  items: ['K8S-RESOURCE-LIMITS'],
  kinds: POD_KINDS,
  severity: Severity.MEDIUM,
  description: 'Every container sets resources.requests.cpu, resources.requests.memory and resources.limits.memory (>= the request), itself or from a LimitRange default of its namespace.',
  fix: 'resources: { requests: { cpu: 250m, memory: 256Mi }, limits: { memory: 512Mi } }.',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const out: K8sVerdict[] = [];
    const defaults = limitRangeDefaults(ctx.index, obj.namespace);
    // The containers a mesh injects at admission (the proxy, its init container) have resources the manifest may not show.
    const mesh = meshInjection(obj, tpl, ctx.index);
    const meshUnread = mesh ? meshResourcesUnread(obj, tpl, ctx.index, mesh) : undefined;
    for (const c of containersOf(tpl, true)) {
      const given = c.container.resources ?? {};
      const base = `${c.path}.resources`;
      // A resource with a limit and no request is given the limit as its request by the API server.
      const set = (v: unknown) => v !== undefined && v !== null && v !== '';
      const copied = (['cpu', 'memory'] as const).filter((k) => !set(given.requests?.[k]) && set(given.limits?.[k]));
      const r = { ...given, requests: { ...(given.requests ?? {}), ...Object.fromEntries(copied.map((k) => [k, given.limits[k]])) }, limits: { ...(given.limits ?? {}) } };
      // Then LimitRanger writes the namespace's LimitRange defaults into the requests and limits still unset.
      const fromRange: string[] = [];
      const ranges = new Set<string>();
      let conflict: string | undefined;
      for (const [field, kind, key] of [['requests.cpu', 'requests', 'cpu'], ['requests.memory', 'requests', 'memory'], ['limits.memory', 'limits', 'memory'], ['limits.cpu', 'limits', 'cpu']] as const) {
        const ds = defaults[kind][key] ?? [];
        if (set(r[kind][key]) || ds.length === 0) continue;
        const values = [...new Set(ds.map((d) => String(d.value)))];
        if (values.length > 1) conflict ??= `${field}: the LimitRanges ${ds.map((d) => `${d.limitRange.name} (${String(d.value)})`).join(', ')} give different defaults, and the order the LimitRanger admission plugin applies them decides`;
        r[kind][key] = ds[0].value;
        fromRange.push(field);
        ds.forEach((d) => ranges.add(`${d.limitRange.namespace}/${d.limitRange.name}`));
      }
      const fields: [string, unknown][] = [['requests.cpu', r.requests?.cpu], ['requests.memory', r.requests?.memory], ['limits.memory', r.limits?.memory]];
      const missing = fields.filter(([, v]) => v === undefined || v === null || v === '');
      if (missing.length > 0) {
        out.push(k8sFail(`${base}.${missing[0][0]}`, undefined, `container ${c.name} sets no ${missing.map(([k]) => k).join(', ')}${fromRange.length > 0 ? ` (LimitRange ${[...ranges].join(', ')} gives only ${fromRange.join(', ')})` : ''}`));
        continue;
      }
      if (conflict) {
        out.push(k8sUnknown(base, r, `container ${c.name}: ${conflict}`));
        continue;
      }
      if (fields.some(([, v]) => isTemplated(v))) {
        out.push(k8sUnknown(base, r, `container ${c.name}: resources are templated`));
        continue;
      }
      const [cpuReq, memReq, memLim] = fields.map(([, v]) => parseQuantity(v));
      const bad = fields.find((_, i) => [cpuReq, memReq, memLim][i] === undefined);
      if (bad) {
        out.push(k8sFail(`${base}.${bad[0]}`, bad[1], `container ${c.name}: ${bad[0]} '${String(bad[1])}' is not a quantity`));
        continue;
      }
      const zero = fields.find((_, i) => [cpuReq, memReq, memLim][i] === 0);
      if (zero) {
        out.push(k8sFail(`${base}.${zero[0]}`, zero[1], `container ${c.name}: ${zero[0]} is 0 (${zero[0] === 'limits.memory' ? 'no limit' : 'nothing reserved'})`));
        continue;
      }
      if (memLim! < memReq!) {
        out.push(k8sFail(`${base}.limits.memory`, r.limits.memory, `container ${c.name}: memory limit ${r.limits.memory} is below the request ${r.requests.memory}`));
        continue;
      }
      const cpuLim = r.limits?.cpu === undefined ? undefined : parseQuantity(r.limits.cpu);
      if (cpuLim !== undefined && cpuLim < cpuReq!) {
        out.push(k8sFail(`${base}.limits.cpu`, r.limits.cpu, `container ${c.name}: cpu limit ${r.limits.cpu} is below the request ${r.requests.cpu}`));
        continue;
      }
      const ranged = fromRange.length > 0 ? ` (${fromRange.join(', ')} from LimitRange ${[...ranges].join(', ')})` : '';
      if (meshUnread) {
        out.push(k8sUnknown(mesh!.property ?? base, mesh!.by, `container ${c.name} sets its resources, but ${meshUnread}`));
        continue;
      }
      out.push(k8sPass(base, undefined, `container ${c.name}: requests cpu ${r.requests.cpu}, memory ${r.requests.memory}; memory limit ${r.limits.memory}${copied.length > 0 ? ` (requests.${copied.join(', requests.')} copied from the limit${copied.length > 1 ? 's' : ''})` : ''}${ranged}`));
    }
    return out;
  },
};
