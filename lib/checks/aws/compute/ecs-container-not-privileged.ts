import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { entries } from '../../cfn/lists';
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

/** The verdict on one container: privileged, or capabilities added beyond Docker's default set. */
function judgeContainer(index: TemplateIndex, c: Container): Verdict {
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
 * - every value is read in every world: a privileged container or a
 *   capability behind `Fn::If`, or from a parameter, is judged in each.
 */
export const EcsContainerNotPrivileged: AwsRule = {
  id: 'EcsContainerNotPrivileged',
  items: ['COMPUTE-HARDENED'],
  types: ['AWS::ECS::TaskDefinition'],
  severity: Severity.HIGH,
  description: 'No container of an ECS task definition sets Privileged: true or adds Linux capabilities beyond Docker\'s default set (ALL, SYS_ADMIN, NET_ADMIN, SYS_PTRACE...), and the task does not share the host\'s process or IPC namespace (PidMode/IpcMode host).',
  fix: 'Remove privileged: true and the added capabilities the container does not need (linuxParameters.addCapabilities); drop pidMode/ipcMode host.',
  check(res, { index }) {
    const out: Verdict[] = [...judgeHostModes(index, res), ...taskContainers(res, index).map((c) => judgeContainer(index, c))];
    return out.length > 0 ? out : undefined;
  },
};
