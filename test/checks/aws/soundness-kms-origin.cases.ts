/** KMS-KEY-ROTATION on keys whose material KMS does not hold: KMS refuses automatic rotation, out of the item's scope. */
import { judged, statuses } from './judged';

const key = (props: Record<string, unknown>) => ({ K: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: { Version: '2012-10-17', Statement: [] }, ...props } } });

test('imported key material (Origin EXTERNAL) and custom key stores pass, naming the origin', () => {
  for (const origin of ['EXTERNAL', 'AWS_CLOUDHSM', 'EXTERNAL_KEY_STORE']) {
    const fs = judged('KmsKeyRotation', key({ Origin: origin }));
    expect(statuses(fs)).toEqual(['pass']);
    expect(fs[0][2]).toMatch(new RegExp(`origin ${origin} cannot rotate automatically`));
  }
});

test('a key of origin AWS_KMS (written or not) still needs rotation', () => {
  expect(statuses(judged('KmsKeyRotation', key({ Origin: 'AWS_KMS' })))).toEqual(['fail']);
  expect(statuses(judged('KmsKeyRotation', key({})))).toEqual(['fail']);
});

test('an origin decided at deploy time is unknown', () => {
  const fs = judged('KmsKeyRotation', key({ Origin: { Ref: 'Origin' } }), { Parameters: { Origin: { Type: 'String' } } });
  expect(statuses(fs)).toEqual(['unknown']);
});
