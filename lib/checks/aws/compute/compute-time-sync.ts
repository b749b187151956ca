import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { isServiceFunction } from '../../cfn/service-compute';
import { isFargate } from '../../cfn/containers';
import { INSTANCE_TYPES, amiOf, launchProp, launchTemplatesOf, userDataText } from './instance';

const AMAZON_TIME_SYNC = /169\.254\.169\.123|fd00:ec2::123/i;
const DISABLES = /systemctl\s+(?:stop|disable|mask)\s+(?:--now\s+)?(?:chronyd?|ntpd?|systemd-timesyncd)\b|(?:yum|dnf|apt-get|apt)\s+(?:-y\s+)?(?:remove|erase|purge)\s+(?:-y\s+)?(?:chrony|ntp)\b/;
const OTHER_NTP = /^[ \t]*(?:server|pool)[ \t]+(\S+)/m;

/**
 * COMPUTE-TIME-SYNC: clocks are synchronised.
 *
 * Decisions:
 * - Fargate tasks and Lambda functions run on hosts AWS keeps synchronised with
 *   the Amazon Time Sync Service: pass (for serving functions and Fargate task
 *   definitions; EC2-only task definitions depend on their instances).
 * - EC2 (instances, launch templates, launch configurations): user data that
 *   points chrony/ntp at 169.254.169.123 (or fd00:ec2::123), or at another
 *   NTP server, passes; user data that stops or removes the time daemon
 *   without configuring a server fails; an image the template proves to be
 *   Amazon Linux or Bottlerocket (an AWS public SSM path resolved at launch or
 *   by a dynamic reference, or an SSM-typed parameter whose AllowedValues are
 *   all such paths) passes, since chrony uses Amazon Time Sync by default,
 *   unless its user data is decided at deploy time (it may stop the daemon).
 * - An SSM-typed parameter with only a Default is unknown, naming the
 *   parameter and its likely image: the Default is never proof, the deployer
 *   may pass another parameter name. Anything else is unknown: the AMI decides.
 * - Every value is read in every world: user data or an image behind a
 *   condition is judged in each branch.
 */
export const ComputeTimeSync: AwsRule = {
  id: 'ComputeTimeSync',
  items: ['COMPUTE-TIME-SYNC'],
  types: ['AWS::ECS::TaskDefinition', 'AWS::Lambda::Function', ...INSTANCE_TYPES],
  severity: Severity.LOW,
  description: 'Compute keeps its clock synchronised: Fargate and Lambda by the platform (Amazon Time Sync), EC2 through chrony against 169.254.169.123 or a proven Amazon Linux/Bottlerocket AMI; user data never disables the time daemon.',
  fix: 'On EC2, add user data configuring chrony with "server 169.254.169.123 prefer iburst", or resolve an Amazon Linux/Bottlerocket AMI at launch (MachineImage.resolveSsmParameterAtLaunch); never stop chronyd.',
  check(res, { index }) {
    if (res.type === 'AWS::ECS::TaskDefinition') {
      return isFargate(res, index) ? pass('Properties.RequiresCompatibilities', 'FARGATE', 'Fargate tasks are kept in sync with the Amazon Time Sync Service by the platform') : undefined;
    }
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
      if (DISABLES.test(text) && !AMAZON_TIME_SYNC.test(text) && !OTHER_NTP.test(text)) return fail(p, DISABLES.exec(text)?.[0], 'user data stops or removes the time daemon and configures no other: the clock drifts', on);
      if (AMAZON_TIME_SYNC.test(text)) return pass(p, '169.254.169.123', 'user data points the time daemon at the Amazon Time Sync Service', on);
      const other = OTHER_NTP.exec(text);
      if (other && /chrony|ntp/i.test(text)) return pass(p, other[1], `user data synchronises the clock with ${other[1]}`, on);
      break; // the first user data found is what the instance runs
    }
    const images = sources.map((s) => amiOf(s, index));
    const ip = `Properties.${launchProp(res, 'ImageId')}`;
    const family = images.find((a) => a.family !== undefined || a.unknown !== undefined);
    // User data decided at deploy time may stop the daemon even on an image that runs it by default.
    if (computed) return unknown(p, undefined, `user data decided at deploy time (${computed})${family?.unknown ? `; ${family.unknown}` : ''}`);
    if (family?.family) return pass(ip, family.family, `${family.family} AMI: chrony synchronises with the Amazon Time Sync Service by default`);
    if (family?.unknown) return unknown(ip, undefined, `time sync depends on the AMI: ${family.unknown}. Configure chrony against 169.254.169.123 in user data, or resolve the AMI at launch`);
    return unknown(ip, undefined, 'time sync depends on the AMI, which the template does not show: configure chrony against 169.254.169.123 in user data');
  },
};
