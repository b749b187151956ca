import { FindingStatus, Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { entries, entryPath } from '../../cfn/lists';
import { Container, taskContainers } from '../../cfn/containers';

/**
 * The capabilities Docker gives every container (the default set ECS's `KernelCapabilities.Add` adds to): adding
 * one of them changes nothing.
 */
const DOCKER_DEFAULT_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'NET_RAW',
  'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** The task-level namespaces a task definition can share with its host. */
const HOST_MODES = [['PidMode', 'process'], ['IpcMode', 'IPC']] as const;

/**
 * A Docker security option that turns a confinement off (ECS passes `DockerSecurityOptions` to Docker's
 * `--security-opt`, `:` or `=` between key and value): AppArmor or seccomp `unconfined`, SELinux labelling
 * disabled (`label:disable`) or the super-privileged `spc_t` type, `systempaths=unconfined`.
 */
function unconfining(opt: string): boolean {
  const o = opt.trim().toLowerCase().replace(/\s+/g, '');
  const m = /^([a-z]+)[:=](.*)$/.exec(o);
  if (!m) return false;
  const [, key, value] = m;
  if (key === 'apparmor' || key === 'seccomp' || key === 'systempaths') return value === 'unconfined';
  if (key === 'label') return value === 'disable' || value === 'type:spc_t' || value === 'type=spc_t';
  return false;
}

/** The container's `DockerSecurityOptions` that turn a confinement off: a fail, an unknown when one is decided at deploy time. */
function judgeSecurityOptions(index: TemplateIndex, c: Container): Verdict | undefined {
  const p = `${c.path}.DockerSecurityOptions`;
  const v = index.field(c.def, 'DockerSecurityOptions');
  if (v.k === 'absent') return undefined;
  const list = entries(index, v);
  if (list === undefined) return unknown(p, v, `container ${c.name}: Docker security options decided at deploy time (${v.k === 'unknown' ? v.why : V.show(v)}): apparmor/seccomp unconfined would lift its confinement`);
  const bad = list.filter((e) => V.str(e.value) !== undefined && unconfining(V.str(e.value)!)).map((e) => V.str(e.value)!);
  if (bad.length > 0) return fail(p, bad.join(', '), `container ${c.name} runs with ${bad.join(', ')}: Docker's default AppArmor/seccomp/SELinux confinement is off, so the container may make any system call or reach host resources the profile denies`);
  const open = list.find((e) => V.str(e.value) === undefined);
  if (open) return unknown(entryPath(p, open), open.value, `container ${c.name}: a Docker security option is decided at deploy time (${open.value.k === 'unknown' ? open.value.why : V.show(open.value)}): apparmor/seccomp unconfined would lift its confinement`);
  return undefined;
}

/** The verdict on one container: privileged, capabilities added beyond Docker's default set, or confinement turned off. */
function judgeContainer(index: TemplateIndex, c: Container): Verdict {
  const options = judgeSecurityOptions(index, c);
  if (options?.status === FindingStatus.FAIL) return options;
  const plain = judgePrivileges(index, c);
  return options !== undefined && plain.status === FindingStatus.PASS ? options : plain;
}

/** The verdict on one container's privileges: privileged, or capabilities added beyond Docker's default set. */
function judgePrivileges(index: TemplateIndex, c: Container): Verdict {
  const v = index.field(c.def, 'Privileged');
  const p = `${c.path}.Privileged`;
  if (v.k === 'unknown') return unknown(p, v, `container ${c.name}: privileged mode decided at deploy time (${v.why})`);
  if (V.isTrue(v)) return fail(p, v, `container ${c.name} runs privileged: root on the host`);
  const ap = `${c.path}.LinuxParameters.Capabilities.Add`;
  const add: Val = index.field(index.field(index.field(c.def, 'LinuxParameters'), 'Capabilities'), 'Add');
  if (add.k === 'absent') return pass(p, v, `container ${c.name} is not privileged and adds no capability`);
  const list = entries(index, add);
  if (list === undefined) return unknown(ap, add, `container ${c.name}: added capabilities decided at deploy time (${add.k === 'unknown' ? add.why : V.show(add)})`);
  const open = list.find((e) => e.value.k === 'unknown' || V.str(e.value) === undefined);
  if (open) return unknown(ap, open.value, `container ${c.name}: an added capability is decided at deploy time (${open.value.k === 'unknown' ? open.value.why : V.show(open.value)})`);
  const names = list.map((e) => V.str(e.value)!.trim().toUpperCase().replace(/^CAP_/, ''));
  const extra = names.filter((n) => !DOCKER_DEFAULT_CAPABILITIES.has(n));
  if (extra.length > 0) {
    return fail(ap, extra.join(', '), `container ${c.name} adds ${extra.join(', ')} to Docker's default capabilities${extra.includes('ALL') || extra.includes('SYS_ADMIN') ? ': as good as privileged' : ''}; drop what it does not need`);
  }
  return pass(p, v, `container ${c.name} is not privileged and adds only capabilities Docker grants by default (${names.join(', ')})`);
}

/** Task-level PidMode / IpcMode `host`: every container shares the host's process or IPC namespace. */
function judgeHostModes(index: TemplateIndex, td: CfnResource): Verdict[] {
  const out: Verdict[] = [];
  for (const [prop, what] of HOST_MODES) {
    const v = index.prop(td, prop);
    const p = `Properties.${prop}`;
    if (v.k === 'absent') continue;
    if (v.k === 'unknown') out.push(unknown(p, v, `${prop} decided at deploy time (${v.why}): host would share the host's ${what} namespace`));
    else if (V.str(v)?.toLowerCase() === 'host') out.push(fail(p, v, `${prop} host: the containers share the host's ${what} namespace (they see and can signal or attach to the host's processes)`));
  }
  return out;
}

/**
 * COMPUTE-HARDENED: no ECS container runs privileged (root on the host), nor
 * with more of its powers than a container has by default.
 *
 * Decisions (the Kubernetes SecurityContext rule judges the same on pods):
 * - `Privileged: true` fails;
 * - `LinuxParameters.Capabilities.Add` naming a capability outside Docker's
 *   default set (`ALL`, `SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`, ...; `CAP_`
 *   prefix and case ignored) fails: `ALL` or `SYS_ADMIN` is as good as
 *   privileged, the others widen what a compromised process can do to the
 *   host or the task. Adding a default capability changes nothing and passes;
 * - a task definition with `PidMode` or `IpcMode` `host` fails (its
 *   containers share the host's process / IPC namespace);
 * - a container whose `DockerSecurityOptions` turn a confinement off fails:
 *   `apparmor:unconfined`, `seccomp:unconfined`, `label:disable` (or
 *   `label:type:spc_t`), `systempaths=unconfined` (`:` or `=`, case ignored);
 *   an option decided at deploy time is unknown. Other options
 *   (`no-new-privileges`, a named profile, `credentialspec:`) pass;
 * - every value is read in every world: a privileged container or a
 *   capability behind `Fn::If`, or from a parameter, is judged in each.
 */
export const EcsContainerNotPrivileged: AwsRule = {
  id: 'EcsContainerNotPrivileged',
  items: ['COMPUTE-HARDENED'],
  types: ['AWS::ECS::TaskDefinition'],
  severity: Severity.HIGH,
  description: 'No container of an ECS task definition sets Privileged: true, adds Linux capabilities beyond Docker\'s default set (ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE...) or turns its confinement off (DockerSecurityOptions apparmor:unconfined, seccomp:unconfined, label:disable), and the task does not share the host\'s process or IPC namespace (PidMode/IpcMode host).',
  fix: 'Remove privileged: true, the added capabilities the container does not need (linuxParameters.addCapabilities) and unconfined dockerSecurityOptions; drop pidMode/ipcMode host.',
  check(res, { index }) {
    const out: Verdict[] = [...judgeHostModes(index, res), ...taskContainers(res, index).map((c) => judgeContainer(index, c))];
    return out.length > 0 ? out : undefined;
  },
};
