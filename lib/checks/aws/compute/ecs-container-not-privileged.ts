import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { taskContainers } from '../../cfn/containers';

/** COMPUTE-HARDENED: no ECS container runs privileged (root on the host). */
export const EcsContainerNotPrivileged: AwsRule = {
  id: 'EcsContainerNotPrivileged',
  items: ['COMPUTE-HARDENED'],
  types: ['AWS::ECS::TaskDefinition'],
  severity: Severity.HIGH,
  description: 'No container of an ECS task definition sets Privileged: true.',
  fix: 'Remove privileged: true; grant the specific Linux capabilities the container needs instead.',
  check(res, { index }) {
    const out: Verdict[] = taskContainers(res, index).map((c) => {
      const v = index.field(c.def, 'Privileged');
      const p = `${c.path}.Privileged`;
      if (v.k === 'unknown') return unknown(p, v, `container ${c.name}: privileged mode decided at deploy time (${v.why})`);
      if (V.isTrue(v)) return fail(p, v, `container ${c.name} runs privileged: root on the host`);
      return pass(p, v, `container ${c.name} is not privileged`);
    });
    return out.length > 0 ? out : undefined;
  },
};
