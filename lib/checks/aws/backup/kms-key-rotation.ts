import { Severity } from '../../model';
import { AwsRule, pass, requireTrue, unknown } from '../../rule';
import { V } from '../../template-index';

/**
 * KMS-KEY-ROTATION: symmetric customer-managed keys rotate. Keys KMS cannot rotate automatically are out of the
 * item's scope, as in AWS Config's `cmk-backing-key-rotation-enabled` (Security Hub KMS.4): asymmetric and HMAC keys
 * (`KeySpec`), and keys whose material KMS does not hold (`Origin` EXTERNAL, AWS_CLOUDHSM, EXTERNAL_KEY_STORE: KMS
 * refuses `EnableKeyRotation` on them, so requiring it failed a key that cannot deploy with it).
 * A `KeySpec` or `Origin` decided at deploy time (a parameter) leaves open whether the key is in scope: rotation on
 * passes (KMS refuses `EnableKeyRotation` on a key that cannot rotate, so the key exists only where it rotates);
 * rotation off or absent is unknown, naming the property (it fails for a symmetric key with KMS-held material, and
 * is right for the others).
 */
export const KmsKeyRotation: AwsRule = {
  id: 'KmsKeyRotation',
  items: ['KMS-KEY-ROTATION'],
  types: ['AWS::KMS::Key'],
  severity: Severity.MEDIUM,
  description: 'Symmetric customer-managed KMS keys have automatic rotation enabled.',
  fix: 'Set EnableKeyRotation: true (new kms.Key(..., { enableKeyRotation: true })).',
  check(res, ctx) {
    const specV = ctx.index.prop(res, 'KeySpec');
    const originV = ctx.index.prop(res, 'Origin');
    const spec = specV.k === 'unknown' ? undefined : V.str(specV) ?? 'SYMMETRIC_DEFAULT';
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return pass('Properties.KeySpec', spec, 'asymmetric/HMAC keys cannot rotate automatically');
    const origin = originV.k === 'unknown' ? undefined : V.str(originV) ?? 'AWS_KMS';
    if (origin !== undefined && origin !== 'AWS_KMS') return pass('Properties.Origin', origin, `key material of origin ${origin} cannot rotate automatically (KMS refuses EnableKeyRotation)`);
    const rotation = requireTrue(ctx, res, 'EnableKeyRotation', 'key rotation');
    const open = specV.k === 'unknown' ? { prop: 'KeySpec', val: specV } : originV.k === 'unknown' ? { prop: 'Origin', val: originV } : undefined;
    if (open === undefined || rotation.status !== 'fail') return rotation;
    return unknown(`Properties.${open.prop}`, open.val, `${rotation.message}, and the key's ${open.prop} is decided at deploy time (${open.val.why}): a symmetric key with KMS-held material must rotate; an asymmetric or HMAC key, or imported / CloudHSM / external key-store material, cannot`);
  },
};
