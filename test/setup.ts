/**
 * jest `setupFiles`: runs before each test file.
 *
 * The CDK's built-in CloudFormation validation loads its rules on the first synth of every test file:
 * about 5 s of CPU per file (more under load), and validates every synth after. It is off, except in the
 * two files that test it: test/aws/cfn-validation-conformance.test.ts (the conformance suites' apps) and
 * test/reference-app.test.ts set CDK_VALIDATION to 'true' themselves. GOLIVE_TEST_CDK_VALIDATION=true runs
 * every file with it.
 */
process.env.CDK_VALIDATION = process.env.GOLIVE_TEST_CDK_VALIDATION ?? 'false';

// The CDK records a stack trace with every construct it creates, for `cdk synth --debug` (the manifest's
// aws:cdk:creationStack); under jest each trace goes through source-map-support, which reads the source map of every
// frame's file: about a sixth of the CPU of a file that synthesizes stacks. Nothing in this library or its tests
// reads those traces, so the tests run without them. Spawned CDK CLIs and apps get the variables too;
// test/package/pack.test.ts removes them, as a user has none.
const context = JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}');
process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:disable-creation-stack-traces': true, 'aws:cdk:disable-stack-trace': true, ...context });
process.env.CDK_DISABLE_STACK_TRACE = '1';
