import { IConstruct } from 'constructs';
import { Catalog } from '../../checklist/catalog';

/**
 * The error a k8s construct throws for a prop that weakens a checklist item.
 *
 * cdk8s has no acknowledgement mechanism (no `Validations.of(scope).acknowledge`),
 * so a weakening prop is always refused: the synth fails with the item id in the
 * message. To run below an item deliberately, build the resource without the
 * construct (and let `cdk-golive check` report the item as violated).
 * @internal
 */
export function refuse(scope: IConstruct, item: string, prop: string, problem: string): never {
  Catalog.item(item); // an unknown id is a bug in the construct
  throw new Error(`[${item}] ${scope.node.path}: ${prop}: ${problem}. ` +
    `cdk8s has no acknowledgement mechanism, so ${item} cannot be waived on this construct; keep the default.`);
}

/** DNS-1123 label (names of Services, Deployments, ...). @internal */
export const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
