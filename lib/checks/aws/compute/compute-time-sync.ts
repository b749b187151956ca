import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, Val, V } from '../../template-index';
import { entries } from '../../cfn/lists';
import { isServiceFunction } from '../../cfn/service-compute';
import { isFargate } from '../../cfn/containers';
import { amiOf, launchTemplatesOf } from './instance';
import { INSTANCE_TYPES, launchProp, userDataText } from '../../cfn/user-data';
import { Placement, placement } from '../../cfn/ecs-placement';

const AMAZON_TIME_SYNC = /169\.254\.169\.123|fd00:ec2::123/i;
/** A time daemon's unit or init script (`chronyd`, `chrony.service`, `ntpd`, `systemd-timesyncd`). */
const TIME_UNIT = /^(?:chronyd?|ntpd?|systemd-timesyncd)(?:\.service)?$/;
/** A time daemon's package. */
const TIME_PACKAGE = /^(?:chrony|ntp)(?:-[\w.]+)?$/;
const OFF_VALUES = ['false', 'no', '0', 'off'];
const PACKAGE_MANAGERS = ['yum', 'dnf', 'apt-get', 'apt', 'zypper', 'microdnf'];

/**
 * The first shell command of user data that stops, disables or removes the
 * time daemon, or undefined. Commands are split at newlines and `;`, `&`, `|`,
 * then into words, and the words are compared: `systemctl` with stop, disable,
 * mask or kill and a time unit (options anywhere: `systemctl --now disable
 * chronyd`), `service <unit> stop`, `chkconfig <unit> off`, `update-rc.d
 * <unit> disable|remove`, `timedatectl set-ntp false|no|0|off`, `rpm -e` or a
 * package manager removing chrony/ntp, `pkill`/`killall` of the daemon.
 */
function disablingCommand(text: string): string | undefined {
  for (const command of text.split(/[\n;&|]/)) {
    const words = command.trim().split(/[ \t]+/).map((w) => w.replace(/^['"]|['"]$/g, ''));
    const has = (...ws: string[]) => words.some((w) => ws.includes(w));
    const unit = words.some((w) => TIME_UNIT.test(w));
    const pkg = words.some((w) => TIME_PACKAGE.test(w));
    const disables = (has('systemctl') && has('stop', 'disable', 'mask', 'kill') && unit)
      || (has('service') && has('stop') && unit)
      || (has('chkconfig') && has('off') && unit)
      || (has('update-rc.d') && has('disable', 'remove') && unit)
      || (has('pkill', 'killall') && unit)
      || (has('timedatectl') && has('set-ntp') && has(...OFF_VALUES))
      || (has('rpm') && has('-e', '--erase') && pkg)
      || (words.some((w) => PACKAGE_MANAGERS.includes(w)) && has('remove', 'erase', 'purge', 'autoremove') && pkg);
    if (disables) return command.trim();
  }
  return undefined;
}
const OTHER_NTP = /^[ \t]*(?:server|pool)[ \t]+(\S+)/m;

const TASK = 'AWS::ECS::TaskDefinition';

/** Where each runner of this template launches a task definition: services, EventBridge rule and Scheduler ECS targets; other referrers that can run tasks are undecidable. */
function placements(index: TemplateIndex, td: CfnResource): Placement[] {
  const names = (v: Val) => index.refsOf(v).has(td.logicalId);
  const out: Placement[] = [];
  for (const svc of index.referrers(td, 'AWS::ECS::Service')) {
    if (names(index.prop(svc, 'TaskDefinition'))) out.push(placement(index, index.prop(svc, ''), index.prop(svc, 'Cluster'), `service ${svc.logicalId}`));
  }
  for (const rule of index.referrers(td, 'AWS::Events::Rule')) {
    for (const t of index.items(index.prop(rule, 'Targets')) ?? []) {
      const ecs = index.field(t, 'EcsParameters');
      if (names(index.field(ecs, 'TaskDefinitionArn'))) out.push(placement(index, ecs, index.field(t, 'Arn'), `rule ${rule.logicalId}`));
    }
  }
  for (const s of index.referrers(td, 'AWS::Scheduler::Schedule')) {
    const ecs = index.prop(s, 'Target.EcsParameters');
    if (names(index.field(ecs, 'TaskDefinitionArn'))) out.push(placement(index, ecs, index.prop(s, 'Target.Arn'), `schedule ${s.logicalId}`));
  }
  for (const r of index.referrers(td, 'AWS::StepFunctions::StateMachine', 'AWS::Pipes::Pipe')) {
    out.push({ on: 'unknown', why: `${r.logicalId} (${r.type}) may run it with a launch type this checker does not read` });
  }
  return out;
}

/**
 * The verdict on a task definition: Fargate-only passes; one compatible with
 * EC2 too (or EXTERNAL) passes only when every runner of this template
 * launches it on Fargate; a runner putting it on instances leaves it to those
 * instances (no verdict, as for EC2-only task definitions); otherwise unknown.
 */
function judgeTask(index: TemplateIndex, td: CfnResource): Verdict | undefined {
  if (!isFargate(td, index)) return undefined;
  const compat = (entries(index, index.prop(td, 'RequiresCompatibilities')) ?? []).map((e) => V.str(e.value) ?? V.show(e.value));
  const p = 'Properties.RequiresCompatibilities';
  const platform = 'Fargate tasks are kept in sync with the Amazon Time Sync Service by the platform';
  const others = compat.filter((c) => c !== 'FARGATE');
  if (others.length === 0) return pass(p, 'FARGATE', platform);
  const runs = placements(index, td);
  const onInstances = runs.find((r): r is { on: 'instances'; why: string } => r.on === 'instances');
  if (onInstances) return undefined; // its clock is that of the container instances, judged as instances
  const undecided = runs.find((r): r is { on: 'unknown'; why: string } => r.on === 'unknown');
  if (undecided) return unknown(p, compat.join(', '), `compatible with ${others.join(', ')} as well as Fargate, and ${undecided.why}: on instances its clock is theirs`);
  if (runs.length === 0) return unknown(p, compat.join(', '), `compatible with ${others.join(', ')} as well as Fargate, and nothing in this template runs it: the launch type of whoever runs it decides whether the platform keeps its clock`);
  return pass(p, compat.join(', '), `${platform}: every runner in this template launches it on Fargate`);
}

/**
 * COMPUTE-TIME-SYNC: clocks are synchronised.
 *
 * Decisions:
 * - Fargate tasks and Lambda functions run on hosts AWS keeps synchronised with
 *   the Amazon Time Sync Service: pass (for serving functions and Fargate task
 *   definitions; EC2-only task definitions depend on their instances). A task
 *   definition compatible with EC2 (or EXTERNAL) as well as Fargate passes
 *   only when every service, EventBridge rule and schedule of the template
 *   that runs it launches it on Fargate (LaunchType FARGATE, a FARGATE /
 *   FARGATE_SPOT strategy, or such a cluster default); one that puts it on
 *   instances leaves it to them (no verdict); with no runner in the template,
 *   or one decided at deploy time, it is unknown.
 * - EC2 (instances, launch templates, launch configurations): user data that
 *   points chrony/ntp at 169.254.169.123 (or fd00:ec2::123), or at another
 *   NTP server, passes; user data that stops, disables or removes the time
 *   daemon (`systemctl` in any word order, `service ... stop`, `chkconfig ...
 *   off`, `timedatectl set-ntp false`, a package removal) without configuring
 *   a server fails; an image the template proves to be
 *   Amazon Linux or Bottlerocket (an AWS public SSM path resolved at launch or
 *   by a dynamic reference, or an SSM-typed parameter whose AllowedValues are
 *   all such paths) passes, since chrony uses Amazon Time Sync by default,
 *   unless its user data is decided at deploy time (it may stop the daemon).
 *   An instance's own ImageId overrides its launch template's (as its own
 *   user data does): the launch template's image counts only for an instance
 *   that names none, so a custom AMI on the instance is unknown even when its
 *   launch template resolves Amazon Linux.
 * - An SSM-typed parameter with only a Default is unknown, naming the
 *   parameter and its likely image: the Default is never proof, the deployer
 *   may pass another parameter name. Anything else is unknown: the AMI decides.
 * - Every value is read in every world: user data or an image behind a
 *   condition is judged in each branch.
 */
export const ComputeTimeSync: AwsRule = {
  id: 'ComputeTimeSync',
  items: ['COMPUTE-TIME-SYNC'],
  types: [TASK, 'AWS::Lambda::Function', ...INSTANCE_TYPES],
  severity: Severity.LOW,
  description: 'Compute keeps its clock synchronised: Fargate tasks (Fargate-only, or launched on Fargate by every runner) and Lambda by the platform (Amazon Time Sync), EC2 through chrony against 169.254.169.123 or a proven Amazon Linux/Bottlerocket AMI; user data never disables the time daemon.',
  fix: 'On EC2, add user data configuring chrony with "server 169.254.169.123 prefer iburst", or resolve an Amazon Linux/Bottlerocket AMI at launch (MachineImage.resolveSsmParameterAtLaunch); never stop chronyd.',
  check(res, { index }) {
    if (res.type === TASK) return judgeTask(index, res);
    if (res.type === 'AWS::Lambda::Function') {
      return isServiceFunction(res, index) ? pass(undefined, 'Lambda', 'Lambda functions run on hosts synchronised with the Amazon Time Sync Service') : undefined;
    }
    if (res.type === 'AWS::EC2::LaunchTemplate' && index.prop(res, 'LaunchTemplateData.ImageId').k === 'absent' && index.prop(res, 'LaunchTemplateData.UserData').k === 'absent') {
      return undefined; // a metadata-options template (requireImdsv2): the instance using it is judged
    }
    const sources = [res, ...(res.type === 'AWS::EC2::Instance' ? launchTemplatesOf(res, index) : [])];
    const p = `Properties.${launchProp(res, 'UserData')}`;
    let computed: string | undefined;
    for (const src of sources) {
      const text = userDataText(src, index);
      if (text === undefined) continue;
      const on = src === res ? undefined : src;
      if (typeof text !== 'string') { computed = text.unknown; break; }
      const disabling = disablingCommand(text);
      if (disabling !== undefined && !AMAZON_TIME_SYNC.test(text) && !OTHER_NTP.test(text)) return fail(p, disabling, 'user data stops or removes the time daemon (or turns NTP off) and configures no other: the clock drifts', on);
      if (AMAZON_TIME_SYNC.test(text)) return pass(p, '169.254.169.123', 'user data points the time daemon at the Amazon Time Sync Service', on);
      const other = OTHER_NTP.exec(text);
      if (other && /chrony|ntp/i.test(text)) return pass(p, other[1], `user data synchronises the clock with ${other[1]}`, on);
      break; // the first user data found is what the instance runs
    }
    // The instance's own ImageId overrides its launch template's (RunInstances: parameters given with a launch
    // template override it): the template's image is read only when the instance names none.
    const imageSources = res.type === 'AWS::EC2::Instance' && index.prop(res, 'ImageId').k !== 'absent' ? [res] : sources;
    const images = imageSources.map((s) => amiOf(s, index));
    const ip = `Properties.${launchProp(res, 'ImageId')}`;
    const family = images.find((a) => a.family !== undefined || a.unknown !== undefined);
    // User data decided at deploy time may stop the daemon even on an image that runs it by default.
    if (computed) return unknown(p, undefined, `user data decided at deploy time (${computed})${family?.unknown ? `; ${family.unknown}` : ''}`);
    if (family?.family) return pass(ip, family.family, `${family.family} AMI: chrony synchronises with the Amazon Time Sync Service by default`);
    if (family?.unknown) return unknown(ip, undefined, `time sync depends on the AMI: ${family.unknown}. Configure chrony against 169.254.169.123 in user data, or resolve the AMI at launch`);
    return unknown(ip, undefined, 'time sync depends on the AMI, which the template does not show: configure chrony against 169.254.169.123 in user data');
  },
};
