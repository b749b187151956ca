import { THRESHOLD_SPECS, Thresholds } from '../../../lib/checklist/thresholds';
import { ThresholdDirection } from '../../../lib/checklist/types';

describe('Thresholds.meets: one comparison, in the direction of each threshold', () => {
  const tightened = Thresholds.of({ backupRetentionDays: 35, errorRatePercent: 0.5 });
  test.each(THRESHOLD_SPECS.map((s) => [s.key, s.direction] as [string, string]))('%s (%s)', (key) => {
    const t = Thresholds.DEFAULTS.get(key);
    const higher = THRESHOLD_SPECS.find((s) => s.key === key)!.direction === ThresholdDirection.HIGHER_IS_STRICTER;
    expect(Thresholds.DEFAULTS.meets(key, t)).toBe(true); // the threshold itself meets it
    expect(Thresholds.DEFAULTS.meets(key, higher ? t * 0.9 : t * 1.1)).toBe(false);
    expect(Thresholds.DEFAULTS.meets(key, higher ? t * 1.1 : t * 0.9)).toBe(true);
  });
  test('the threshold in force, not the default', () => {
    expect(tightened.meets('backupRetentionDays', 30)).toBe(false);
    expect(tightened.meets('backupRetentionDays', 35)).toBe(true);
    expect(tightened.meets('errorRatePercent', 1)).toBe(false);
  });
  test('an unknown key throws', () => expect(() => Thresholds.DEFAULTS.meets('nope', 1)).toThrow(/unknown threshold 'nope'/));
});
