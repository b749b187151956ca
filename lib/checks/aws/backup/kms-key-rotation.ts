import { Severity } from '../../model';
import { AwsRule, pass, requireTrue } from '../../rule';
import { V } from '../../template-index';

/**
 * KMS-KEY-ROTATION: symmetric customer-managed keys rotate. Keys KMS cannot rotate automatically are out of the
 * item's scope, as in AWS Config's `cmk-backing-key-rotation-enabled` (Security Hub KMS.4): asymmetric and HMAC keys
 * (`KeySpec`), and keys whose material KMS does not hold (`Origin` EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE: KMS
 * refuses `EnableKeyRotation` on them, so requiring it failed a key that cannot deploy with it).
 */
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
    const origin = V.str(ctx.index.prop(res, 'Origin')) ?? 'AWS_KMS';
    if (origin !== 'AWS_KMS') return pass('Properties.Origin', origin, `key material of origin ${origin} cannot rotate automatically (KMS refuses EnableKeyRotation)`);
    return requireTrue(ctx, res, 'EnableKeyRotation', 'key rotation');
  },
};
