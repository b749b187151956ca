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
