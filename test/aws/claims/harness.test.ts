/**
 * The claims harness itself: it collects the claims of every construct, and
 * names each claimed item that is not `satisfied` with the reason (a failing or
 * unknown finding, or no resource to judge for a pending item).
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { claim } from '../../../lib/aws/private/guard';
import { ItemStatus } from '../../../lib/checks';
import { checkClaims, claimedItems, unsatisfiedClaims } from './harness';

function app(claims: string[]): App {
  const a = new App();
  const stack = new Stack(a, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [{ name: 'd', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
  const owner = new Construct(stack, 'Owner');
  new rds.DatabaseInstance(owner, 'Db', {
    engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_9 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    multiAz: false,
    iamAuthentication: true,
  });
  claim(owner, ...claims);
  return a;
}

test('collects every claim with the constructs that make it', () => {
  const a = app(['DB-ENCRYPTION-AT-REST']);
  claim(a.node.findChild('Stack'), 'DB-ENCRYPTION-AT-REST', 'DB-MULTI-AZ');
  expect([...claimedItems(a).entries()]).toEqual([
    ['DB-ENCRYPTION-AT-REST', ['Stack', 'Stack/Owner']],
    ['DB-MULTI-AZ', ['Stack']],
  ]);
});

test('a satisfied claim is no problem', () => {
  const { problems, report } = checkClaims(app(['DB-IAM-AUTH']));
  expect(report.statusOf('DB-IAM-AUTH')).toBe(ItemStatus.SATISFIED);
  expect(problems).toEqual([]);
});

test('a violated claim names the item, who claims it and the failing finding', () => {
  expect(unsatisfiedClaims(app(['DB-MULTI-AZ']))).toEqual([
    expect.stringMatching(/^DB-MULTI-AZ \(claimed by Stack\/Owner\) is violated: RdsMultiAz on Stack\/Owner\/Db\/Resource fail: /),
  ]);
});

test('a pending claim says no rule found a resource to judge', () => {
  expect(unsatisfiedClaims(app(['DB-CONNECTION-POOLING']))).toEqual([
    expect.stringMatching(/^DB-CONNECTION-POOLING \(claimed by Stack\/Owner\) is pending: no finding: the rules .+ found no resource to judge$/),
  ]);
});
