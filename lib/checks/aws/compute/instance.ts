/* eslint-disable @typescript-eslint/no-explicit-any */
import { CfnResource, TemplateIndex, V } from '../../template-index';
import { refsIn } from '../../cfn/alarms';

/** EC2 resource types that launch instances. @internal */
export const INSTANCE_TYPES = ['AWS::EC2::Instance', 'AWS::EC2::LaunchTemplate', 'AWS::AutoScaling::LaunchConfiguration'];

/** Where an instance-launching resource keeps a property (`UserData`, `MetadataOptions`, `ImageId`). @internal */
export function launchProp(res: CfnResource, name: string): string {
  return res.type === 'AWS::EC2::LaunchTemplate' ? `LaunchTemplateData.${name}` : name;
}

/** The launch templates of this template an instance (or auto scaling group) launches from. @internal */
export function launchTemplatesOf(res: CfnResource, index: TemplateIndex): CfnResource[] {
  return [...refsIn(res.properties.LaunchTemplate)].map((id) => index.get(id))
    .filter((r): r is CfnResource => r !== undefined && r.type === 'AWS::EC2::LaunchTemplate');
}

/**
 * The user data of an instance-launching resource as text: `Fn::Base64` is
 * followed; a literal that is itself base64 is decoded. Undefined when absent;
 * `{ unknown }` when computed at deploy time.
 * @internal
 */
export function userDataText(res: CfnResource, index: TemplateIndex): string | { unknown: string } | undefined {
  const v = index.prop(res, launchProp(res, 'UserData'));
  if (v.k === 'absent') return undefined;
  if (v.k === 'unknown') return { unknown: v.why };
  const text = v.k === 'lit' ? String(v.v) : v.k === 'expr' || v.k === 'secret' ? v.text : '';
  // Fn::Base64 evaluates to the encoded text, and a literal may already be base64: decode either.
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && text.length >= 8) {
    const decoded = Buffer.from(text, 'base64').toString('utf8');
    if (/^[\x09\x0a\x0d\x20-\x7e]*$/.test(decoded)) return decoded;
  }
  return text;
}

/**
 * The AMI family when the image comes from an AWS public SSM parameter
 * (`/aws/service/ami-amazon-linux-latest/…`, `/aws/service/ecs/optimized-ami/amazon-linux-2023/…`,
 * `/aws/service/bottlerocket/…`), as the CDK's `MachineImage.latestAmazonLinux2023()` and
 * `EcsOptimizedImage` emit. Undefined otherwise.
 * @internal
 */
export function amiFamily(res: CfnResource, index: TemplateIndex): string | undefined {
  const raw = res.type === 'AWS::EC2::LaunchTemplate' ? res.properties.LaunchTemplateData?.ImageId : res.properties.ImageId;
  const name = raw && typeof raw === 'object' && typeof raw.Ref === 'string' ? raw.Ref : undefined;
  const param = name ? index.parameters[name] : undefined;
  const path = param && /AWS::SSM::Parameter::Value/.test(String(param.Type)) ? String(param.Default ?? '') : '';
  const v = index.value(raw);
  const literal = v.k === 'unknown' ? '' : V.str(v) ?? '';
  const s = path || (literal.startsWith('{{resolve:ssm:') ? literal : '') || (v.k === 'unknown' ? v.why : '');
  if (/amazon-linux|amzn|\/al20\d\d|ami-amazon-linux/i.test(s)) return 'Amazon Linux';
  if (/bottlerocket/i.test(s)) return 'Bottlerocket';
  return undefined;
}
