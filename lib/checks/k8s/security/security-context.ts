/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { POD_KINDS } from '../manifest-index';
import { meshInjection } from '../mesh-injection';
import { containersOf, podSpecPath } from '../pod-spec';
import { K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';

/** The lowest uid/gid accepted: above every distribution's system and login ranges. */
const MIN_ID = 10001;
/** The only capability the restricted Pod Security Standard lets a container add. */
const ADDABLE = new Set(['NET_BIND_SERVICE']);
/** The volume sources the restricted Pod Security Standard allows (hostPath and every other source are refused). */
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

/** The sysctls the baseline Pod Security Standard allows (namespaced and isolated per pod); any other is refused. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
/** The SELinux types the baseline Pod Security Standard allows (any other, e.g. spc_t, escapes the container policy). */
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
/** The per-container AppArmor annotation (before the appArmorProfile field; still honoured). */
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/**
 * COMPUTE-HARDENED, K8S-SECURITY-CONTEXT: every container (init containers
 * included) runs under the restricted Pod Security Standard and a high uid:
 * runAsNonRoot, runAsUser and runAsGroup >= 10001 (container or pod level),
 * no pod `fsGroup` or `supplementalGroups` id below 10001 (every process
 * holds them as supplementary groups: group 0 reads and writes what the image
 * and volumes give to group root),
 * readOnlyRootFilesystem, allowPrivilegeEscalation false, not privileged,
 * capabilities drop ALL (add at most NET_BIND_SERVICE), seccomp RuntimeDefault
 * or Localhost (container or pod level); the pod shares no host namespace
 * (hostNetwork, hostPID, hostIPC), binds no host port (`ports[].hostPort`
 * other than 0), mounts no hostPath volume and uses only the volume types
 * the restricted standard allows (configMap, csi, downwardAPI, emptyDir,
 * ephemeral, persistentVolumeClaim, projected, secret), unmasks no /proc
 * (`procMount` other than Default), runs no Windows HostProcess container and
 * no Unconfined AppArmor profile (the `appArmorProfile` field or the pod
 * template's `container.apparmor.security.beta.kubernetes.io/<container>`
 * annotation `unconfined`), sets only the sysctls the baseline standard
 * calls safe, and no SELinux type other than container_t (and its init, kvm,
 * engine variants) nor any SELinux user or role. Pod-level problems fail every container.
 * A pod a service mesh injects (`meshInjection`: Istio's `sidecar.istio.io/inject`
 * or `istio.io/rev` on the pod, `istio-injection=enabled` or `istio.io/rev` on its
 * Namespace in the manifests; Linkerd's `linkerd.io/inject: enabled` on the pod
 * or its Namespace) gets containers at admission that the manifest does not
 * show: istio-init / linkerd-init run with NET_ADMIN and NET_RAW unless the
 * mesh's CNI plugin is installed, and the proxy runs with its own uid. A
 * container that would pass is then unknown, naming the injection; fails stay.
 * A namespace's `pod-security.kubernetes.io/enforce: restricted` label changes
 * nothing here: Pod Security admission refuses pods, it adds no containers.
 * Capability names are read as the container runtimes read them (`drop: [all]`
 * drops every capability, `add: [net_bind_service]` or `CAP_NET_BIND_SERVICE`
 * is NET_BIND_SERVICE): the pass says that Pod Security admission's
 * restricted check compares with the literal `ALL` / `NET_BIND_SERVICE` and
 * refuses such a pod in a namespace enforcing restricted.
 */
export const K8sSecurityContext: K8sRule = {
  id: 'K8sSecurityContext',
  items: ['COMPUTE-HARDENED', 'K8S-SECURITY-CONTEXT'],
  kinds: POD_KINDS,
  severity: Severity.HIGH,
  description: 'Containers run non-root (uid/gid >= 10001) with a read-only root filesystem, no privilege escalation, all capabilities dropped and seccomp RuntimeDefault.',
  fix: 'securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: [ALL] }, seccompProfile: { type: RuntimeDefault } } (mount an emptyDir where the app writes).',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const pod = tpl.spec.securityContext ?? {};
    const base = podSpecPath(tpl);
    const hostProblems = ['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => tpl.spec[k] === true);
    const podProblems: [string, unknown, string][] = hostProblems.map((h) => [`${base}.${h}`, true, `the pod shares the host's ${h.substring(4).toLowerCase()} namespace`]);
    (Array.isArray(tpl.spec.volumes) ? tpl.spec.volumes : []).forEach((v: any, i: number) => {
      if (!v || typeof v !== 'object') return;
      const name = String(v.name ?? `#${i}`);
      if (v.hostPath !== undefined && v.hostPath !== null) {
        podProblems.push([`${base}.volumes.${i}.hostPath`, v.hostPath?.path, `volume ${name} mounts the host path ${String(v.hostPath?.path ?? '?')}`]);
        return;
      }
      const other = Object.keys(v).filter((k) => k !== 'name' && !RESTRICTED_VOLUMES.has(k) && v[k] !== undefined && v[k] !== null);
      if (other.length > 0) podProblems.push([`${base}.volumes.${i}.${other[0]}`, undefined, `volume ${name} is of type ${other.join(', ')}, which the restricted standard refuses`]);
    });
    (Array.isArray(pod.sysctls) ? pod.sysctls : []).forEach((x: any, i: number) => {
      const name = String(x?.name ?? '').replace(/\//g, '.');
      if (!SAFE_SYSCTLS.has(name)) podProblems.push([`${base}.securityContext.sysctls.${i}.name`, x?.name, `sets the unsafe sysctl ${String(x?.name)}`]);
    });
    podProblems.push(...seLinuxProblems(pod.seLinuxOptions, `${base}.securityContext.seLinuxOptions`));
    // Every process of the pod also runs with fsGroup and the supplementalGroups as supplementary groups.
    if (typeof pod.fsGroup === 'number' && pod.fsGroup < MIN_ID) podProblems.push([`${base}.securityContext.fsGroup`, pod.fsGroup, `fsGroup ${pod.fsGroup} (a group of every process) is below ${MIN_ID}`]);
    (Array.isArray(pod.supplementalGroups) ? pod.supplementalGroups : []).forEach((g: unknown, i: number) => {
      if (typeof g === 'number' && g < MIN_ID) podProblems.push([`${base}.securityContext.supplementalGroups.${i}`, g, `supplementalGroups gives every process group ${g}, below ${MIN_ID}`]);
    });
    const metaPath = tpl.path ? `${tpl.path}.metadata` : 'metadata';
    const podAnnotations: Record<string, unknown> = (tpl.path ? tpl.path.split('.').reduce((o: any, k) => o?.[k], obj.doc)?.metadata : obj.doc.metadata)?.annotations ?? {};
    if (pod.windowsOptions?.hostProcess === true) podProblems.push([`${base}.securityContext.windowsOptions.hostProcess`, true, 'the pod runs as a Windows HostProcess']);
    const out: K8sVerdict[] = [];
    // A mesh's webhook adds containers at admission (istio-init / linkerd-init with NET_ADMIN and NET_RAW unless the
    // mesh's CNI plugin is installed, and the proxy): the written containers do not decide the pod.
    const mesh = meshInjection(obj, tpl, ctx.index);
    for (const c of containersOf(tpl, true)) {
      const sc = c.container.securityContext ?? {};
      const eff = (k: string) => (sc[k] !== undefined ? sc[k] : pod[k]);
      const problems: [string, unknown, string][] = [];
      const scPath = `${c.path}.securityContext`;
      problems.push(...podProblems);
      (Array.isArray(c.container.ports) ? c.container.ports : []).forEach((p: any, i: number) => {
        const hp = p && typeof p === 'object' ? p.hostPort : undefined;
        if (hp !== undefined && hp !== null && hp !== 0 && hp !== '0') problems.push([`${c.path}.ports.${i}.hostPort`, hp, `binds host port ${String(hp)}`]);
      });
      problems.push(...seLinuxProblems(sc.seLinuxOptions, `${scPath}.seLinuxOptions`));
      if (sc.procMount !== undefined && sc.procMount !== null && sc.procMount !== 'Default') problems.push([`${scPath}.procMount`, sc.procMount, `procMount ${String(sc.procMount)} unmasks /proc`]);
      if (sc.windowsOptions?.hostProcess === true) problems.push([`${scPath}.windowsOptions.hostProcess`, true, 'runs as a Windows HostProcess']);
      const annotated = podAnnotations[`${APPARMOR_ANNOTATION}${c.name}`];
      if (typeof annotated === 'string' && annotated.trim().toLowerCase() === 'unconfined') {
        problems.push([`${metaPath}.annotations.${APPARMOR_ANNOTATION}${c.name}`, annotated, 'AppArmor is unconfined (annotation)']);
      }
      const appArmor = eff('appArmorProfile')?.type;
      if (appArmor === 'Unconfined') problems.push([`${scPath}.appArmorProfile.type`, appArmor, 'AppArmor is Unconfined']);
      if (eff('runAsNonRoot') !== true) problems.push([`${scPath}.runAsNonRoot`, eff('runAsNonRoot'), 'runAsNonRoot is not true']);
      for (const k of ['runAsUser', 'runAsGroup']) {
        const v = eff(k);
        if (typeof v !== 'number') problems.push([`${scPath}.${k}`, v, `${k} is not set (the image decides)`]);
        else if (v < MIN_ID) problems.push([`${scPath}.${k}`, v, `${k} ${v} is below ${MIN_ID}`]);
      }
      if (sc.readOnlyRootFilesystem !== true) problems.push([`${scPath}.readOnlyRootFilesystem`, sc.readOnlyRootFilesystem, 'the root filesystem is writable']);
      if (sc.allowPrivilegeEscalation !== false) problems.push([`${scPath}.allowPrivilegeEscalation`, sc.allowPrivilegeEscalation, 'privilege escalation is not disabled']);
      if (sc.privileged === true) problems.push([`${scPath}.privileged`, true, 'privileged']);
      const drop: string[] = (sc.capabilities?.drop ?? []).map((x: unknown) => String(x).toUpperCase());
      if (!drop.includes('ALL')) problems.push([`${scPath}.capabilities.drop`, sc.capabilities?.drop, 'capabilities are not all dropped']);
      const added = (sc.capabilities?.add ?? []).map((x: unknown) => String(x).toUpperCase().replace(/^CAP_/, '')).filter((x: string) => !ADDABLE.has(x));
      if (added.length > 0) problems.push([`${scPath}.capabilities.add`, added, `adds ${added.join(', ')}`]);
      const seccomp = eff('seccompProfile')?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') problems.push([`${scPath}.seccompProfile.type`, seccomp, `seccomp is ${seccomp ?? 'unset (Unconfined on most runtimes)'}`]);
      // The runtimes (containerd, CRI-O) compare ALL case-insensitively and upper-case the names they add: `all` drops
      // every capability. Pod Security admission's restricted check compares with the literal "ALL" (and
      // "NET_BIND_SERVICE"): a namespace enforcing restricted refuses the pod. The capabilities it runs with decide here.
      const rawDrop = (Array.isArray(sc.capabilities?.drop) ? sc.capabilities.drop : []).map(String);
      const rawAdd = (Array.isArray(sc.capabilities?.add) ? sc.capabilities.add : []).map(String);
      const psaNote = !rawDrop.includes('ALL') || rawAdd.some((x: string) => x !== 'NET_BIND_SERVICE')
        ? ` (capabilities written as ${JSON.stringify({ drop: rawDrop, ...(rawAdd.length > 0 ? { add: rawAdd } : {}) })}: the container runtimes read them case-insensitively, but Pod Security admission's restricted check wants the literal ALL / NET_BIND_SERVICE and refuses the pod in a namespace enforcing restricted: write them in upper case, without CAP_)`
        : '';
      const kind = c.init ? 'init container' : 'container';
      if (problems.length > 0) {
        out.push(k8sFail(problems[0][0], problems[0][1], `${kind} ${c.name}: ${problems.map((p) => p[2]).join('; ')}`));
      } else if (mesh) {
        out.push(k8sUnknown(mesh.property ?? scPath, mesh.by, `${kind} ${c.name} is hardened, but the pod is injected by ${mesh.mesh} (${mesh.by}): ${mesh.adds}; whether they run hardened (drop ALL, non-root uid >= ${MIN_ID}) is decided by the mesh's installation (its CNI plugin, proxy settings)`));
      } else {
        out.push(k8sPass(scPath, undefined, `${kind} ${c.name}: non-root uid ${eff('runAsUser')}, gid ${eff('runAsGroup')}, read-only root, no escalation, capabilities dropped, seccomp ${seccomp}${psaNote}`));
      }
    }
    return out;
  },
};

/** SELinux options the baseline standard refuses: a type outside SELINUX_TYPES, any user or role. */
function seLinuxProblems(se: any, at: string): [string, unknown, string][] {
  if (!se || typeof se !== 'object') return [];
  const out: [string, unknown, string][] = [];
  if (se.type !== undefined && se.type !== null && !SELINUX_TYPES.has(String(se.type))) out.push([`${at}.type`, se.type, `SELinux type ${String(se.type)} is not a confined container type`]);
  for (const k of ['user', 'role']) {
    if (se[k] !== undefined && se[k] !== null && se[k] !== '') out.push([`${at}.${k}`, se[k], `sets the SELinux ${k} ${String(se[k])}`]);
  }
  return out;
}
