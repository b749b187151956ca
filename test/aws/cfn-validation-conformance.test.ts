/**
 * The CDK's built-in CloudFormation validation with its default rules as errors
 * (`@aws-cdk/core:validateAgainstDefaultRules`), on the app of every conformance
 * suite: the synth succeeds. Where the suite proves its cdk-nag acknowledgements,
 * its packs run as validation plugins of the same synth, as a user registers them.
 *
 * One file for all of them: the validation loads its rules on the first synth of
 * each test file (about 5 s of CPU), so each suite used to pay that once; here it
 * is paid once. The reference app's synth (test/reference-app.test.ts) runs it too.
 */
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { nagPacks } from '../nag';
import { build as edge } from './conformance/edge';
import { build as cacheTier } from './conformance/data-tier-cache';
import { dataTier } from './conformance/data-tier-db';
import { conformant, fargateCompute } from './conformance/production-service';
import { build as serviceTier } from './conformance/service-tier';

process.env.CDK_VALIDATION = 'true';

const STRICT = { '@aws-cdk/core:validateAgainstDefaultRules': true };

test.each<[string, () => App, boolean]>([
  ['service tier (service-conformance)', () => serviceTier().app, true],
  ['edge in eu-west-1 (edge-conformance)', () => edge('eu-west-1').app, true],
  ['edge in us-east-1 (edge-conformance)', () => edge('us-east-1').app, true],
  ['cache tier (data-tier-conformance-cache)', () => cacheTier().app, true],
  ['database tier (data-tier-conformance-db)', () => {
    const app = new App({ context: STRICT });
    dataTier(app);
    return app;
  }, true],
  // production-service.test.ts proves its AwsSolutions and NIST acknowledgements only.
  ['ProductionService on Fargate (production-service)', () => conformant(fargateCompute(), STRICT).app, false],
])('%s: the synth succeeds', (_name, make, withNag) => {
  const app = make();
  expect(app.node.tryGetContext('@aws-cdk/core:validateAgainstDefaultRules')).toBe(true);
  if (withNag) Validations.of(app).addPlugins(...nagPacks());
  expect(() => app.synth()).not.toThrow();
});

test('control: a property CloudFormation does not know fails the same synth (the validation runs in this file)', () => {
  const app = new App({ context: STRICT });
  new CfnResource(new Stack(app, 'Control'), 'Bucket', { type: 'AWS::S3::Bucket', properties: { NoSuchProperty: true } });
  expect(() => app.synth()).toThrow(/NoSuchProperty: Additional properties are not allowed/);
});
