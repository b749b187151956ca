import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { taskContainers } from '../../cfn/containers';

/** `root`, `0`, `root:…`, `0:…`: the user part names uid 0. */
const ROOT = /^(root|0)(:.*)?$/i;

/**
 * COMPUTE-HARDENED: every ECS container runs as a named non-root user.
 *
 * Decision: an absent `User` fails. The image's USER then decides, which the
 * template cannot show, and most base images default to root; the checklist
 * asks for a non-root user by decision, so it has to be declared.
 */
export const EcsContainerNonRootUser: AwsRule = {
  id: 'EcsContainerNonRootUser',
  items: ['COMPUTE-HARDENED'],
  types: ['AWS::ECS::TaskDefinition'],
  severity: Severity.MEDIUM,
  description: 'Every container of an ECS task definition sets User to a non-root user (not root or uid 0).',
  fix: "Set user: '1000:1000' (or a named user the image defines) on every container.",
  check(res, { index }) {
    const out: Verdict[] = taskContainers(res, index).map((c) => {
      const v = index.field(c.def, 'User');
      const p = `${c.path}.User`;
      if (v.k === 'unknown') return unknown(p, v, `container ${c.name}: user decided at deploy time (${v.why})`);
      const u = V.str(v);
      if (u === undefined || u.trim() === '') return fail(p, v, `container ${c.name} sets no user: it runs as the image default, root unless the Dockerfile says otherwise`);
      if (ROOT.test(u.trim())) return fail(p, v, `container ${c.name} runs as root (${u})`);
      return pass(p, v, `container ${c.name} runs as ${u}`);
    });
    return out.length > 0 ? out : undefined;
  },
};
