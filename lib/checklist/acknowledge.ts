/**
 * The namespace of cdk-golive's acknowledgement ids: checks and constructs both
 * honour `Validations.of(scope).acknowledge({ id: 'GoLiveChecks::<ITEM-OR-RULE-ID>', reason })`.
 */
export const ACK_NAMESPACE = 'GoLiveChecks';

/** The context key under which an app may tighten thresholds for every construct (a JSON object of `ThresholdOverrides`). */
export const THRESHOLDS_CONTEXT_KEY = 'cdk-golive:thresholds';
