/**
 * COMPUTE-HARDENED and COMPUTE-TIME-SYNC on shapes a second compute audit found passing (2026-12-05, each case was a
 * PASS): an ECS container adding Linux capabilities (SYS_ADMIN, ALL) or a task sharing the host's PID / IPC namespace
 * passed EcsContainerNotPrivileged; an instance whose own ImageId overrides its launch template's Amazon Linux image
 * passed ComputeTimeSync as Amazon Linux.
 */
import { judgedOn } from './judged';
import { R, set } from './fixtures';

const CAPS = R('Task', 'Properties', 'ContainerDefinitions', 0, 'LinuxParameters', 'Capabilities', 'Add');
const priv = (patch: Parameters<typeof judgedOn>[1]) => judgedOn('platform', patch, 'EcsContainerNotPrivileged', 'Task');

describe('EcsContainerNotPrivileged: added capabilities and host namespaces', () => {
  test('the base passes', () => {
    expect(priv([]).map(([s]) => s)).toEqual(expect.arrayContaining(['pass']));
    expect(priv([]).map(([s]) => s)).not.toContain('fail');
  });

  test('a container adding SYS_ADMIN or ALL fails, as good as privileged', () => {
    for (const cap of ['SYS_ADMIN', 'ALL', 'cap_sys_admin']) {
      expect(priv([set(CAPS, [cap])])).toContainEqual(['fail', expect.stringMatching(/adds (SYS_ADMIN|ALL) to Docker's default capabilities: as good as privileged/)]);
    }
  });

  test('a capability outside the default set fails; a default one passes', () => {
    expect(priv([set(CAPS, ['NET_ADMIN'])])).toContainEqual(['fail', expect.stringMatching(/adds NET_ADMIN/)]);
    expect(priv([set(CAPS, ['NET_BIND_SERVICE', 'CHOWN'])]).map(([s]) => s)).not.toContain('fail');
  });

  test('a capability behind Fn::If fails in its branch; one from a list parameter is unknown', () => {
    const cond = [
      set(['Parameters', 'Debug'], { Type: 'String', AllowedValues: ['yes', 'no'], Default: 'no' }),
      set(['Conditions', 'IsDebug'], { 'Fn::Equals': [{ Ref: 'Debug' }, 'yes'] }),
      set(CAPS, { 'Fn::If': ['IsDebug', ['SYS_PTRACE'], { Ref: 'AWS::NoValue' }] }),
    ];
    expect(priv(cond).map(([s]) => s)).not.toContain('pass');
    expect(priv(cond).map(([, m]) => m).join('\n')).toMatch(/adds SYS_PTRACE/);
    const open = [set(['Parameters', 'Caps'], { Type: 'CommaDelimitedList' }), set(CAPS, { Ref: 'Caps' })];
    expect(priv(open)).toContainEqual(['unknown', expect.stringMatching(/added capabilit(y|ies) (is )?decided at deploy time/)]);
  });

  test('PidMode or IpcMode host fails; one from a parameter is unknown', () => {
    expect(priv([set(R('Task', 'Properties', 'PidMode'), 'host')])).toContainEqual(['fail', expect.stringMatching(/PidMode host: the containers share the host's process namespace/)]);
    expect(priv([set(R('Task', 'Properties', 'IpcMode'), 'host')])).toContainEqual(['fail', expect.stringMatching(/IpcMode host/)]);
    expect(priv([set(R('Task', 'Properties', 'PidMode'), 'task')]).map(([s]) => s)).not.toContain('fail');
    const open = [set(['Parameters', 'Pid'], { Type: 'String' }), set(R('Task', 'Properties', 'PidMode'), { Ref: 'Pid' })];
    expect(priv(open)).toContainEqual(['unknown', expect.stringMatching(/PidMode decided at deploy time/)]);
  });
});

describe('ComputeTimeSync: an instance image overrides its launch template image', () => {
  const AL = 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64';
  const box = (image?: string) => set(R('Box'), {
    Type: 'AWS::EC2::Instance',
    Properties: {
      ...(image ? { ImageId: image } : {}),
      LaunchTemplate: { LaunchTemplateId: { Ref: 'LaunchTemplate' }, Version: { 'Fn::GetAtt': ['LaunchTemplate', 'LatestVersionNumber'] } },
    },
  });
  const al = set(R('LaunchTemplate', 'Properties', 'LaunchTemplateData', 'ImageId'), AL);
  // User data that configures no time server: the image alone decides.
  const ud = set(R('LaunchTemplate', 'Properties', 'LaunchTemplateData', 'UserData'), { 'Fn::Base64': '#!/bin/bash\necho ECS_CLUSTER=web >> /etc/ecs/ecs.config\n' });
  const sync = (patch: Parameters<typeof judgedOn>[1]) => judgedOn('platform-ec2', patch, 'ComputeTimeSync', 'Box');

  test('an instance with no ImageId of its own is judged on its launch template image (Amazon Linux passes)', () => {
    expect(sync([al, ud, box()])).toEqual([['pass', expect.stringMatching(/Amazon Linux AMI/)]]);
  });

  test('an instance booting its own custom AMI is unknown, whatever its launch template resolves', () => {
    expect(sync([al, ud, box('ami-0123456789abcdef0')])).toEqual([['unknown', expect.stringMatching(/time sync depends on the AMI/)]]);
  });
});
