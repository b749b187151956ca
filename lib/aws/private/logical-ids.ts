import { CfnElement, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** Per parent, the ids of children whose resources keep the logical ids they had as the parent's own. */
const FLATTENED = new WeakMap<IConstruct, Set<string>>();

/**
 * Ask that the construct `id`, when created under `parent`, give its resources the logical ids
 * they would have as `parent`'s own children. ProductionService's features (probe, log archive,
 * budget, error-log alarm) were its own resources before they became constructs: a new logical id
 * would make CloudFormation replace them (a new bucket, a second log group with the same name).
 * Returns `id`.
 * @internal
 */
export function keepParentLogicalIds(parent: IConstruct, id: string): string {
  let ids = FLATTENED.get(parent);
  if (!ids) FLATTENED.set(parent, ids = new Set());
  ids.add(id);
  return id;
}

/**
 * Called by a feature construct once its resources exist (and before it names one of them by
 * logical id): when its parent asked for it (`keepParentLogicalIds`), every CloudFormation element
 * in it takes the logical id the stack allocates to the same path without this construct's id.
 * @internal
 */
export function applyParentLogicalIds(construct: IConstruct): void {
  const parent = construct.node.scope;
  if (!parent || !FLATTENED.get(parent)?.has(construct.node.id)) return;
  const stack = Stack.of(construct);
  for (const c of construct.node.findAll()) {
    if (!CfnElement.isCfnElement(c) || c.stack !== stack) continue;
    const scopes = c.node.scopes.filter((s) => s !== construct);
    // The stack's own allocation (and renames) for the path without this construct.
    c.overrideLogicalId(stack.getLogicalId({ node: { scopes }, stack } as unknown as CfnElement));
  }
}
