/**
 * The constructs acknowledge under cdk-nag's HIPAA Security and PCI DSS 3.2.1
 * packs what they acknowledge under NIST 800-53 R5, where the pack runs the
 * same check (lib/aws/private/nag-packs.ts). These tests hold that table to the
 * packs of the installed cdk-nag, and the mirroring to what it promises.
 */
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { HIPAASecurityChecks, IApplyRule, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { Construct } from 'constructs';
import { acknowledgeSameChecks, NIST_R5_PACK, SAME_CHECK_PACKS } from '../../lib/aws/private/nag-packs';

/** A pack's rules: rule name (the id without the pack prefix) → the rule function it runs. */
function rulesOf(pack: NagPack): Map<string, unknown> {
  const rules = new Map<string, unknown>();
  // Every pack applies every rule to every resource (the rule itself tests the resource type).
  (pack as unknown as { applyRule: (p: IApplyRule) => void }).applyRule = (p) => {
    rules.set(p.ruleSuffixOverride ?? p.rule.name, p.rule);
  };
  const stack = new Stack(new App(), 'Probe');
  new CfnResource(stack, 'Any', { type: 'AWS::SNS::Topic' });
  pack.validateScope(stack);
  return rules;
}

const PACKS: Record<string, () => NagPack> = {
  'HIPAA.Security': () => new HIPAASecurityChecks(),
  'PCI.DSS.321': () => new PCIDSS321Checks(),
};

describe('SAME_CHECK_PACKS', () => {
  const nist = rulesOf(new NIST80053R5Checks());

  test('the NIST 800-53 R5 pack is read (more than 50 rules)', () => {
    expect(nist.size).toBeGreaterThan(50);
    expect(nist.has('IAMNoInlinePolicy')).toBe(true);
  });

  test.each(SAME_CHECK_PACKS.map((p) => [p.pack, p.lacks] as const))('%s: lacks exactly the listed NIST rules; runs every other one as the same check', (name, lacks) => {
    const other = rulesOf(PACKS[name]());
    const missing = [...nist.keys()].filter((r) => !other.has(r)).sort();
    expect(missing).toEqual([...lacks].sort());
    const differ = [...nist.entries()].filter(([r, fn]) => other.has(r) && other.get(r) !== fn).map(([r]) => r);
    expect(differ).toEqual([]);
  });

  test('covers both packs', () => {
    expect(SAME_CHECK_PACKS.map((p) => p.pack).sort()).toEqual(Object.keys(PACKS).sort());
  });
});

describe('acknowledgeSameChecks', () => {
  function acknowledged(c: Construct): Record<string, string> {
    const out: Record<string, string> = {};
    for (const m of c.node.metadata) {
      if (m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
        for (const [k, v] of Object.entries(m.data as Record<string, string>)) out[k.replace(/^Annotation::/, '')] = v;
      }
    }
    return out;
  }

  test('mirrors a NIST acknowledgement of a child, with its reason and its finding, only into packs with the rule', () => {
    const stack = new Stack(new App(), 'S');
    const parent = new Construct(stack, 'Parent');
    const child = new Construct(parent, 'Child');
    Validations.of(child).acknowledge(
      { id: `${NIST_R5_PACK}-LambdaDLQ`, reason: 'invoked synchronously' },
      { id: `${NIST_R5_PACK}-IAMNoInlinePolicy[x]`, reason: 'own default policy' },
      { id: 'AwsSolutions-IAM5[Resource::*]', reason: 'xray' },
    );
    acknowledgeSameChecks(parent);
    expect(acknowledged(child)).toEqual({
      'NIST.800.53.R5-LambdaDLQ': 'invoked synchronously',
      'HIPAA.Security-LambdaDLQ': 'invoked synchronously',
      // PCI DSS 3.2.1 has no LambdaDLQ rule.
      'NIST.800.53.R5-IAMNoInlinePolicy[x]': 'own default policy',
      'HIPAA.Security-IAMNoInlinePolicy[x]': 'own default policy',
      'PCI.DSS.321-IAMNoInlinePolicy[x]': 'own default policy',
      'AwsSolutions-IAM5[Resource::*]': 'xray',
    });
    expect(acknowledged(parent)).toEqual({});
  });

  test('twice is once; an acknowledgement the scope already makes under another pack is kept', () => {
    const stack = new Stack(new App(), 'S');
    Validations.of(stack).acknowledge(
      { id: `${NIST_R5_PACK}-S3BucketReplicationEnabled`, reason: 'nist reason' },
      { id: 'PCI.DSS.321-S3BucketReplicationEnabled', reason: 'pci reason' },
    );
    acknowledgeSameChecks(stack);
    acknowledgeSameChecks(stack);
    const entries = stack.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(entries).toHaveLength(3);
    expect(acknowledged(stack)['PCI.DSS.321-S3BucketReplicationEnabled']).toBe('pci reason');
    expect(acknowledged(stack)['HIPAA.Security-S3BucketReplicationEnabled']).toBe('nist reason');
  });
});
