import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { CfnResource, TemplateIndex, V, Val } from '../../template-index';
import { imageTextOf } from '../../cfn/containers';
import { judgeImage } from './ecs-image-immutable';

/** The CDK bootstrap's file-asset bucket (`cdk-<qualifier>-assets-<account>-<region>`). */
const CDK_FILE_ASSETS = /^cdk-[a-z0-9]+-assets-/;
/** The key the CDK gives a file asset: its content hash (64 hex digits), then `.zip` or nothing. */
const CONTENT_HASH_KEY = /^(?:[^/]*\/)*[0-9a-f]{64}(?:\.zip|\.jar)?$/;

/**
 * DEPLOY-IMMUTABLE-ARTIFACTS, for Lambda functions: the code a function deploys is one immutable artifact that
 * stays, so the previous release can be deployed again.
 *
 * Decisions: a container image (`Code.ImageUri`) is judged as an ECS container image is (EcsImageImmutable: a
 * digest, a release tag in an immutable repository of this template, or a CDK asset; `latest`, no tag, a channel
 * or a major version alone fail). Inline code (`Code.ZipFile`) is part of the template, released with it. A zip in
 * S3 is pinned when the template names its `S3ObjectVersion`, or when it is a CDK file asset (the bootstrap
 * bucket, a key that is the content's hash: the CDK never writes another content under it). Any other S3 key may
 * be overwritten by the next build, and only the bucket knows whether the previous object is kept: unknown, with
 * `S3ObjectVersion` named as the fix. Every value is read in every world: a moving tag in one branch of a condition
 * fails there.
 */
export const LambdaCodeImmutable: AwsRule = {
  id: 'LambdaCodeImmutable',
  items: ['DEPLOY-IMMUTABLE-ARTIFACTS'],
  types: ['AWS::Lambda::Function'],
  severity: Severity.MEDIUM,
  description: 'Lambda functions deploy one immutable artifact: an image pinned as ECS images are (a digest, a release tag in an immutable ECR repository, a CDK asset), inline code, a zip with S3ObjectVersion, or a CDK file asset; never an image tagged latest, untagged or with a channel or major tag, nor an S3 key the next build can overwrite.',
  fix: 'Use lambda.Code.fromAsset() or DockerImageCode.fromImageAsset() (CDK assets), pin an image by digest or to a release tag in an IMMUTABLE repository, or set Code.S3ObjectVersion.',
  check(res, { index }) {
    const code = index.prop(res, 'Code');
    if (code.k === 'unknown') return unknown('Properties.Code', undefined, `code decided at deploy time (${code.why})`);
    const image = index.field(code, 'ImageUri');
    if (image.k !== 'absent') return judgeImage(index, 'Properties.Code.ImageUri', imageTextOf(image), `function ${res.logicalId}`);
    const inline = index.field(code, 'ZipFile');
    if (inline.k !== 'absent') return pass('Properties.Code.ZipFile', undefined, `function ${res.logicalId}: inline code, released with the template`);
    return judgeZip(index, res, code);
  },
};

/** A zip in S3: pinned by its version, or a CDK file asset (content-hash key in the bootstrap bucket). */
function judgeZip(index: TemplateIndex, res: CfnResource, code: Val): Verdict {
  const p = 'Properties.Code.S3Key';
  const version = index.field(code, 'S3ObjectVersion');
  if (version.k === 'unknown') return unknown('Properties.Code.S3ObjectVersion', undefined, `function ${res.logicalId}: object version decided at deploy time (${version.why})`);
  if (version.k !== 'absent' && V.str(version) !== '') return pass('Properties.Code.S3ObjectVersion', V.show(version), `function ${res.logicalId}: code pinned to S3 object version ${V.show(version)}`);
  const bucket = index.field(code, 'S3Bucket');
  const key = index.field(code, 'S3Key');
  if (bucket.k === 'unknown' || key.k === 'unknown') return unknown(p, undefined, `function ${res.logicalId}: code location decided at deploy time (${bucket.k === 'unknown' ? bucket.why : key.k === 'unknown' ? key.why : ''})`);
  const bucketText = textOf(bucket);
  const keyText = V.str(key);
  const where = `s3://${bucketText ?? V.show(bucket)}/${keyText ?? V.show(key)}`;
  if (bucketText !== undefined && CDK_FILE_ASSETS.test(bucketText) && keyText !== undefined && CONTENT_HASH_KEY.test(keyText)) {
    return pass(p, where, `function ${res.logicalId}: CDK file asset (${where}), keyed by the hash of its content in the bootstrap bucket`);
  }
  if (bucket.k === 'absent' || key.k === 'absent') return fail(p, undefined, `function ${res.logicalId}: no image, inline code or S3 object named; nothing can be redeployed`);
  return unknown(p, where, `function ${res.logicalId}: code at ${where} without S3ObjectVersion: the next build may overwrite the key, and only the bucket knows whether the previous object is kept (set S3ObjectVersion)`);
}

/** A bucket name as written: a literal, or the text of a `Fn::Sub` (`cdk-hnb659fds-assets-${AWS::AccountId}-...`). */
function textOf(v: Val): string | undefined {
  if (v.k === 'lit') return V.str(v);
  if (v.k === 'expr') return v.text;
  return undefined;
}
