/**
 * What the data-tier weakening tables build their constructs in and weaken
 * them with: a VPC over three zones (public and isolated subnets), and the
 * user's own resources a prop can bring (a key that does not rotate, a topic
 * that is not encrypted, a security group open to the internet).
 */
import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';

/** The stack's VPC (created once per stack): three zones, public and isolated subnets, no NAT. */
export function vpcOf(stack: Stack): ec2.Vpc {
  const existing = stack.node.tryFindChild('Vpc');
  if (existing) return existing as ec2.Vpc;
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
}

/** A customer-managed key of the app that does not rotate. */
export function keyWithoutRotation(stack: Stack): kms.Key {
  return new kms.Key(stack, 'UnrotatedKey', { enableKeyRotation: false });
}

/** A topic of the app without encryption at rest. */
export function unencryptedTopic(stack: Stack): sns.Topic {
  return new sns.Topic(stack, 'PlainTopic', { enforceSSL: true });
}

/** A security group of the app that admits the whole internet on every port. */
export function openSecurityGroup(stack: Stack): ec2.SecurityGroup {
  const sg = new ec2.SecurityGroup(stack, 'OpenGroup', { vpc: vpcOf(stack), allowAllOutbound: false });
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTcp(), 'open to the internet');
  return sg;
}
