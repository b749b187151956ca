import { IConstruct } from 'constructs';
import { THRESHOLDS_CONTEXT_KEY } from './acknowledge';
import { Catalog } from './catalog';
import { ThresholdOverrides, Thresholds } from './thresholds';

/**
 * What every construct (CDK and cdk8s) does with the catalog: record the items
 * it provisions, and read the thresholds in force. One home that `lib/aws` and
 * `lib/k8s` both import; how a weakening is refused differs (CDK can
 * acknowledge, cdk8s cannot) and stays in each side's private guard.
 * Not exported from the package.
 */

/** Metadata type under which a construct records the checklist items it provisions. @internal */
export const CLAIMS_METADATA_TYPE = 'cdk-golive:items';

/**
 * Record the checklist items a construct provisions (construct metadata,
 * visible in the cloud assembly). An unknown id is a bug in the construct.
 * @internal
 */
export function claim(scope: IConstruct, ...items: string[]): void {
  for (const i of items) Catalog.item(i);
  scope.node.addMetadata(CLAIMS_METADATA_TYPE, items);
}

/**
 * The thresholds in force for a construct: the catalog defaults, tightened by
 * the context `cdk-golive:thresholds` (a JSON object or string) and then by the
 * construct's own prop.
 * @internal
 */
export function thresholdsFor(scope: IConstruct, own?: ThresholdOverrides): Thresholds {
  const ctx = scope.node.tryGetContext(THRESHOLDS_CONTEXT_KEY);
  let fromContext: ThresholdOverrides = {};
  if (ctx !== undefined) {
    fromContext = typeof ctx === 'string' ? JSON.parse(ctx) : ctx;
    Thresholds.of(fromContext); // validates
  }
  return Thresholds.of({ ...fromContext, ...(own ?? {}) });
}
