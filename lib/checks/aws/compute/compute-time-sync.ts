import { Severity } from '../../model';
import { AwsRule, fail, pass, unknown } from '../../rule';
import { isServiceFunction } from '../compute';
import { isFargate } from './container';
import { INSTANCE_TYPES, amiFamily, launchProp, launchTemplatesOf, userDataText } from './instance';

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
 *   NTP server, passes; an Amazon Linux or Bottlerocket image from the AWS
 *   public SSM parameters passes (chrony uses Amazon Time Sync by default);
 *   user data that stops or removes the time daemon without configuring a
 *   server fails; anything else is unknown — the AMI decides.
 */
export const ComputeTimeSync: AwsRule = {
  id: 'ComputeTimeSync',
  items: ['COMPUTE-TIME-SYNC'],
  types: ['AWS::ECS::TaskDefinition', 'AWS::Lambda::Function', ...INSTANCE_TYPES],
  severity: Severity.LOW,
  description: 'Compute keeps its clock synchronised: Fargate and Lambda by the platform (Amazon Time Sync), EC2 through chrony against 169.254.169.123 or an Amazon Linux/Bottlerocket AMI; user data never disables the time daemon.',
  fix: 'On EC2, use Amazon Linux/Bottlerocket or add user data configuring chrony with "server 169.254.169.123 prefer iburst"; never stop chronyd.',
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
      if (typeof text !== 'string') { computed = text.unknown; continue; }
      if (AMAZON_TIME_SYNC.test(text)) return pass(p, '169.254.169.123', 'user data points the time daemon at the Amazon Time Sync Service', src === res ? undefined : src);
      const other = OTHER_NTP.exec(text);
      if (other && /chrony|ntp/i.test(text)) return pass(p, other[1], `user data synchronises the clock with ${other[1]}`, src === res ? undefined : src);
      if (DISABLES.test(text)) return fail(p, DISABLES.exec(text)?.[0], 'user data stops or removes the time daemon and configures no other: the clock drifts', src === res ? undefined : src);
    }
    const family = sources.map((s) => amiFamily(s, index)).find((f) => f !== undefined);
    if (family) return pass(`Properties.${launchProp(res, 'ImageId')}`, family, `${family} AMI: chrony synchronises with the Amazon Time Sync Service by default`);
    if (computed) return unknown(p, undefined, `user data decided at deploy time (${computed})`);
    return unknown(`Properties.${launchProp(res, 'ImageId')}`, undefined, 'time sync depends on the AMI, which the template does not show: configure chrony against 169.254.169.123 in user data');
  },
};
