import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { taskContainers } from '../../cfn/containers';

/** COMPUTE-HARDENED: every ECS container has a read-only root filesystem. */
export const EcsContainerReadOnlyRoot: AwsRule = {
  id: 'EcsContainerReadOnlyRoot',
  items: ['COMPUTE-HARDENED'],
  types: ['AWS::ECS::TaskDefinition'],
  severity: Severity.MEDIUM,
  description: 'Every container of an ECS task definition sets ReadonlyRootFilesystem: true (writable paths as volumes).',
  fix: 'Set readonlyRootFilesystem: true and mount a volume (or a bind mount) for the paths the process writes (e.g. /tmp).',
  check(res, { index }) {
    const out: Verdict[] = taskContainers(res, index).map((c) => {
      const v = index.field(c.def, 'ReadonlyRootFilesystem');
      const p = `${c.path}.ReadonlyRootFilesystem`;
      if (v.k === 'unknown') return unknown(p, v, `container ${c.name}: root filesystem mode decided at deploy time (${v.why})`);
      if (V.isTrue(v)) return pass(p, v, `container ${c.name} has a read-only root filesystem`);
      return fail(p, v, `container ${c.name} can write to its root filesystem (ReadonlyRootFilesystem is ${V.show(v)})`);
    });
    return out.length > 0 ? out : undefined;
  },
};
