import { Severity } from '../../model';
import { AwsRule, pass, requireTrue } from '../../rule';
import { V } from '../../template-index';

/** KMS-KEY-ROTATION: symmetric customer-managed keys rotate. */
export const KmsKeyRotation: AwsRule = {
  id: 'KmsKeyRotation',
  items: ['KMS-KEY-ROTATION'],
  types: ['AWS::KMS::Key'],
  severity: Severity.MEDIUM,
  description: 'Symmetric customer-managed KMS keys have automatic rotation enabled.',
  fix: 'Set EnableKeyRotation: true (new kms.Key(..., { enableKeyRotation: true })).',
  check(res, ctx) {
    const spec = V.str(ctx.index.prop(res, 'KeySpec')) ?? 'SYMMETRIC_DEFAULT';
    if (spec !== 'SYMMETRIC_DEFAULT') return pass('Properties.KeySpec', spec, 'asymmetric/HMAC keys cannot rotate automatically');
    return requireTrue(ctx, res, 'EnableKeyRotation', 'key rotation');
  },
};
