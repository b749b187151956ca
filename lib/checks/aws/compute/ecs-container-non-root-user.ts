import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { taskContainers } from '../../cfn/containers';

/**
 * Whether a `User` value (`user`, `user:group`, `uid`, `uid:gid`) runs as
 * root: its user part (before the first `:`) is `root` (any case), a number
 * equal to 0 (`0`, `0000`), or empty (`:1000`: uid 0).
 */
function runsAsRoot(user: string): boolean {
  const part = user.trim().split(':')[0].trim();
  return part === '' || part.toLowerCase() === 'root' || (/^\d+$/.test(part) && Number(part) === 0);
}

/**
 * COMPUTE-HARDENED: every ECS container runs as a named non-root user.
 *
 * Decisions:
 * - the user part (before the first `:`) decides: `root`, a uid equal to 0 in
 *   any spelling (`0`, `0000`, `0:0`) and an empty user part (`:1000`: no
 *   user named, so uid 0 with group 1000) fail;
 * - an absent `User` fails. The image's USER then decides, which the template
 *   cannot show, and most base images default to root; the checklist asks for
 *   a non-root user by decision, so it has to be declared.
 */
export const EcsContainerNonRootUser: AwsRule = {
  id: 'EcsContainerNonRootUser',
  items: ['COMPUTE-HARDENED'],
  types: ['AWS::ECS::TaskDefinition'],
  severity: Severity.MEDIUM,
  description: 'Every container of an ECS task definition sets User to a non-root user (its user part not root, not uid 0 in any spelling, not empty).',
  fix: "Set user: '1000:1000' (or a named user the image defines) on every container.",
  check(res, { index }) {
    const out: Verdict[] = taskContainers(res, index).map((c) => {
      const v = index.field(c.def, 'User');
      const p = `${c.path}.User`;
      if (v.k === 'unknown') return unknown(p, v, `container ${c.name}: user decided at deploy time (${v.why})`);
      const u = V.str(v);
      if (u === undefined || u.trim() === '') return fail(p, v, `container ${c.name} sets no user: it runs as the image default, root unless the Dockerfile says otherwise`);
      if (runsAsRoot(u)) return fail(p, v, `container ${c.name} runs as root (${u})`);
      return pass(p, v, `container ${c.name} runs as ${u}`);
    });
    return out.length > 0 ? out : undefined;
  },
};
