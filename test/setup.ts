/**
 * jest `setupFiles`: runs before each test file.
 *
 * The CDK's built-in CloudFormation validation loads its rules on the first synth of every test file:
 * about 10 s of CPU per file, most of the suite's time. It is off, except in the files that test it
 * (the conformance suites and the reference app set CDK_VALIDATION to 'true' themselves; one test of
 * production-service.test.ts does around its synth). GOLIVE_TEST_CDK_VALIDATION=true runs every file with it.
 */
process.env.CDK_VALIDATION = process.env.GOLIVE_TEST_CDK_VALIDATION ?? 'false';
