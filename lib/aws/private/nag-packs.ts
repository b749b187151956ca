import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The prefix of cdk-nag's NIST 800-53 R5 rule ids. @internal */
export const NIST_R5_PACK = 'NIST.800.53.R5';

/**
 * cdk-nag's HIPAA Security and PCI DSS 3.2.1 packs, each with the rules of the
 * NIST 800-53 R5 pack it does NOT have. Every other NIST 800-53 R5 rule is in the
 * pack under the same name and is the same check (the same rule function of
 * cdk-nag 3), so a finding it makes is the NIST finding under another pack's name.
 * test/aws/nag-packs.test.ts compares this table with the packs themselves.
 * @internal
 */
export const SAME_CHECK_PACKS: ReadonlyArray<{ readonly pack: string; readonly lacks: ReadonlyArray<string> }> = [
  {
    pack: 'HIPAA.Security',
    lacks: ['ALBWAFEnabled', 'APIGWAssociatedWithWAF', 'KMSBackingKeyRotationEnabled'],
  },
  {
    pack: 'PCI.DSS.321',
    lacks: [
      'CloudWatchAlarmAction', 'DynamoDBAutoScalingEnabled', 'DynamoDBInBackupPlan', 'DynamoDBPITREnabled', 'EC2EBSInBackupPlan',
      'EC2EBSOptimizedInstance', 'EC2IMDSv2Enabled', 'EFSInBackupPlan', 'ELBCrossZoneLoadBalancingEnabled', 'ELBDeletionProtectionEnabled',
      'ElastiCacheRedisClusterAutomaticBackup', 'ElasticBeanstalkEnhancedHealthReportingEnabled', 'ElasticBeanstalkManagedUpdatesEnabled',
      'LambdaConcurrency', 'LambdaDLQ', 'RDSEnhancedMonitoringEnabled', 'RDSInBackupPlan', 'RDSInstanceBackupEnabled',
      'RDSInstanceDeletionProtectionEnabled', 'RDSMultiAZSupport', 'RedshiftBackupEnabled', 'SecretsManagerRotationEnabled',
    ],
  },
];

/** What the CDK puts before a plugin's rule id in the acknowledgement metadata. */
const ANNOTATION_PREFIX = /^Annotation::/i;

/**
 * Acknowledge under the HIPAA Security and PCI DSS 3.2.1 packs what `scope` and
 * its children acknowledge under NIST 800-53 R5, with the same reason, where the
 * pack runs the same check (`SAME_CHECK_PACKS`). A construct calls it once its
 * NIST acknowledgements are made (at the end of its constructor, and after a
 * method that adds some), so its reasons cover the four cdk-nag packs the
 * reference app runs; documented in docs/acknowledgements-*.md.
 * @internal
 */
export function acknowledgeSameChecks(scope: IConstruct): void {
  for (const c of scope.node.findAll()) {
    const present = new Set<string>();
    const nist: Array<[string, string]> = [];
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !m.data || typeof m.data !== 'object') continue;
      for (const [key, reason] of Object.entries(m.data as Record<string, unknown>)) {
        const id = key.replace(ANNOTATION_PREFIX, '');
        present.add(id);
        if (id.startsWith(`${NIST_R5_PACK}-`)) nist.push([id.slice(NIST_R5_PACK.length + 1), String(reason)]);
      }
    }
    for (const [rule, reason] of nist) {
      const name = rule.replace(/\[.*$/, '');
      for (const { pack, lacks } of SAME_CHECK_PACKS) {
        const id = `${pack}-${rule}`;
        if (lacks.includes(name) || present.has(id)) continue;
        Validations.of(c).acknowledge({ id, reason });
        present.add(id);
      }
    }
  }
}
