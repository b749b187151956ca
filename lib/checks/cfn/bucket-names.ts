import { CfnResource, refMark, TemplateIndex, Val, V } from '../template-index';
import { Tok, holedText, isLiteral, sameText, tokens } from './holed-text';
import { sameName, valueText } from './names';
import { candidates, idKey, Keyed, keyedIndex, textKeys } from './keyed';
import { acrossWorlds } from './settled';
import { BUCKET_POLICY, openPolicy, tlsDenial } from './edge';
import { policyDocumentOf } from './iam-policies';
import { Undecidable } from '../world';

/**
 * Which bucket of a template a value naming a bucket names (a log destination, a bucket policy's `Bucket`): by
 * reference, or by text (its `BucketName`, `${Bucket}` in a Sub / Join, or a host name of either). Shared by the
 * edge area (where access logs go) and the storage area (which buckets receive logs, which policies a bucket has).
 */

/** @internal */
export const S3_BUCKET = 'AWS::S3::Bucket';

/**
 * The end of an S3 endpoint host name after a bucket name (`.s3.amazonaws.com`, `.s3.<region>.amazonaws.com`,
 * `.s3-<region>.amazonaws.com`, `.s3.dualstack.<region>.amazonaws.com`, China's `.com.cn`), the region possibly
 * the stack's placed by Fn::Sub / Fn::Join (`pseudoMark`; `${AWS::Region}` written in a plain string or an
 * Fn::Join piece is left as written: no host name). No nested quantifier: linear on hostile text.
 */
const S3_HOST = /\.s3(?:\.dualstack)?(?:[.-](?:[a-z0-9-]+|\$\{\u0005AWS::Region\}))?\.amazonaws\.com(?:\.cn)?$/;

/** A bucket's resource attributes that are its host name (CloudFront's `Logging.Bucket` takes one). */
const HOST_ATTRIBUTES = ['DomainName', 'RegionalDomainName', 'DualStackDomainName'];

/**
 * The texts a value may name a bucket by: the whole text and, for a host name, the bucket name before the S3
 * endpoint; `holed` when they are the text of a value built around parameters (`holedText`, each parameter a hole).
 */
interface NamingText {
  readonly whole?: string;
  readonly texts: string[];
  readonly holed?: boolean;
}

function namingText(v: Val): NamingText {
  const holed = v.k === 'unknown' ? holedText(v) : undefined;
  const whole = valueText(v) ?? holed;
  const host = whole === undefined ? undefined : S3_HOST.exec(whole);
  const named = host ? whole!.substring(0, host.index) : whole;
  const texts = [...new Set([whole, named].filter((t): t is string => t !== undefined && t !== ''))];
  return holed !== undefined ? { whole, texts, holed: true } : { whole, texts };
}

/** A bucket's `BucketName` as tokens (`holed-text`): its text, or its parameters' holes; undefined when it shows none. */
function bucketNameTokens(name: Val): Tok[] | undefined {
  if (name.k === 'unknown') {
    const t = holedText(name);
    return t === undefined ? undefined : tokens(t, { holes: true });
  }
  const t = valueText(name);
  return t === undefined || t === '' ? undefined : tokens(t);
}

/**
 * Whether `v` names `bucket` (a bucket of this template), in the current world: true when it refers to it or
 * names it by text (the same text or open parameter as its `BucketName`, see `sameName`; `${Bucket}` in an
 * Fn::Sub / Fn::Join; the host name of either: `<name>.s3[.<region>].amazonaws.com`, `${Bucket.DomainName}`,
 * `${Bucket.RegionalDomainName}`); a text saying why when it may, depending on values decided at deploy time
 * (the bucket's `BucketName`, or text placing a deploy-time value where the other is known, or `v` itself decided
 * at deploy time while the bucket has a `BucketName`); false when it does not. Texts around parameters are
 * compared with the parameters in place (`sameText`): `!Sub '${P1}'` is the name `!Ref P1` in every world,
 * `!Sub '${P1}-x'` never is, `!Sub 'x-${P2}'` may be. A bucket without `BucketName` is
 * never named by text: CloudFormation names it `<stack>-<logical id>-<random suffix>`, which no template can spell.
 * @internal
 */
export function namesBucket(index: TemplateIndex, v: Val, bucket: CfnResource, text: NamingText = namingText(v)): boolean | string {
  if (v.k === 'absent') return false;
  if (v.k === 'ref' && (v.target === bucket || v.target.type === S3_BUCKET)) return v.target === bucket;
  const id = bucket.logicalId;
  const { whole, texts } = text;
  // `${Bucket}` placed by Fn::Sub / Fn::Join (its mark, `refMark`); written as text (a plain string, an Fn::Join piece,
  // `${!Bucket}`) CloudFormation leaves it as written (no name).
  if (v.k !== 'lit' && (texts.includes(refMark(id)) || (whole !== undefined && HOST_ATTRIBUTES.some((a) => whole === refMark(id, a))))) return true;
  const name = index.prop(bucket, 'BucketName');
  if (name.k === 'absent') return false;
  if (sameName(v, name, false) || texts.some((t) => sameName({ k: 'lit', v: t }, name, false))) return true;
  const toks = texts.map((t) => tokens(t, { holes: text.holed }));
  // Text holding the bucket's own name and more (`${B}-logs`) is longer than that name, whatever the name is.
  if (toks.length > 0 && toks.every((t) => holdsOwnNameAndMore(t, id))) return false;
  // Texts around parameters and placeholders: the same text is the same name in every world; text no deploy-time
  // values can make equal (`${P1}-x` and `!Ref P1`: never) is another name.
  const nameToks = bucketNameTokens(name);
  let may = false;
  if (nameToks !== undefined && toks.length > 0) {
    const m = toks.map((t) => sameText(t, nameToks));
    if (m.includes('yes')) return true;
    if (m.every((x) => x === 'no')) return false;
    may = true;
  }
  if (name.k === 'unknown') return `bucket ${id} of this template may be it: its BucketName is decided at deploy time (${name.why})`;
  const nameText = valueText(name);
  if (v.k === 'unknown') return `bucket ${id} of this template (BucketName ${nameText ?? '(computed)'}) may be it: the name is decided at deploy time (${v.why})`;
  if (nameText !== undefined && may) return `bucket ${id} of this template (BucketName ${nameText}) may be it, depending on values decided at deploy time`;
  return false;
}

/**
 * The bucket of this template a log destination names, when it names one by text rather than by `Ref`
 * (see `namesBucket`). `open` names a bucket of the template the text may name but does not show to.
 * @internal
 */
export function logBucketNamedBy(index: TemplateIndex, v: Val): { bucket?: CfnResource; open?: string } {
  const text = namingText(v);
  let open: string | undefined;
  for (const b of index.ofType(S3_BUCKET)) {
    const n = namesBucket(index, v, b, text);
    if (n === true) return { bucket: b };
    if (typeof n === 'string') open ??= n;
  }
  return { open };
}

/**
 * The keys under which a value naming a bucket is indexed (`keyedIndex`), so that the values that may name a
 * bucket are found by `bucketKeys` without reading every one for each bucket: `r:<id>` for a reference to a
 * bucket, `any` for a value decided at deploy time (it may name any bucket with a `BucketName`), else `text`
 * and the `textKeys` of its texts.
 * @internal
 */
export function namingKeys(v: Val): string[] | 'any' {
  if (v.k === 'absent') return [];
  if (v.k === 'unknown') return 'any';
  if (v.k === 'ref' && v.target.type === S3_BUCKET) return [`r:${v.target.logicalId}`];
  return ['text', ...namingText(v).texts.flatMap((t) => textKeys(t))];
}

/**
 * The keys to look a bucket up by among values indexed by `namingKeys`: its reference, `${<id>` and, in every
 * world, its `BucketName` (a literal: that text, and texts with placeholders that may match it; a name with
 * placeholders or decided at deploy time: every text).
 * @internal
 */
export function bucketKeys(index: TemplateIndex, bucket: CfnResource): string[] {
  const keys = [`r:${bucket.logicalId}`, idKey(bucket.logicalId)];
  const names = acrossWorlds(index, () => {
    const n = index.prop(bucket, 'BucketName');
    return n.k === 'absent' ? undefined : n.k === 'unknown' ? '${' : valueText(n) ?? '${';
  }, 64);
  if (names === undefined) return [...keys, 'text'];
  for (const n of names) {
    if (n === undefined) continue;
    if (n.includes('${')) keys.push('text');
    else keys.push(`t:${n}`, '$');
  }
  return [...new Set(keys)];
}

/**
 * The resources of `types` that may name `bucket` (by `valuesOf`, the values in the current world that name a
 * bucket, or `any` when which is decided at deploy time), in the current world: an index built once per run
 * (`keyedIndex`, named `name`), looked up by the bucket's keys.
 * @internal
 */
export function mayNameBucket(index: TemplateIndex, name: string, types: readonly string[], valuesOf: (r: CfnResource) => Val[], bucket: CfnResource): CfnResource[] {
  const keyed: Keyed = keyedIndex(index, `bucket-naming:${name}`, types, (r) => {
    const keys: string[] = [];
    for (const v of valuesOf(r)) {
      const k = namingKeys(v);
      if (k === 'any') return 'any';
      keys.push(...k);
    }
    return keys;
  });
  return candidates(index, keyed, bucketKeys(index, bucket));
}

/** Whether a text (as tokens) holds `${<id>}` (the bucket's name) and known text besides: it is never that name. */
function holdsOwnNameAndMore(toks: readonly Tok[], id: string): boolean {
  return toks.includes(refMark(id)) && toks.some(isLiteral);
}

/**
 * The bucket policies of this template that are the bucket's, in the current world: those whose `Bucket` names it
 * (`namesBucket` is true: a reference to it, `${Bucket}` alone, or its name, the same text or open parameter as its
 * `BucketName`). Each calls PutBucketPolicy on the bucket, so each is its policy. A `Bucket` that merely holds a
 * reference to it (`!Sub '${Bucket}-logs'`) names another bucket; one that may name it depending on values decided
 * at deploy time is one of `policiesMayBeOn`. Found through an index of the template's policies built once per run
 * (`mayNameBucket`), not by reading every policy for each bucket.
 * @internal
 */
export function bucketPolicies(index: TemplateIndex, bucket: CfnResource): CfnResource[] {
  return mayNameBucket(index, 'bucket-policies', [BUCKET_POLICY], (p) => [index.prop(p, 'Bucket')], bucket)
    .filter((p) => namesBucket(index, index.prop(p, 'Bucket'), bucket) === true);
}

/**
 * The bucket policies of this template (other than `known`, those found on the bucket) whose `Bucket` may name
 * `bucket` depending on values decided at deploy time (`namesBucket`: a parameter other than the one naming the
 * bucket, text with a deploy-time part), each with why. A bucket has one policy, and each
 * `AWS::S3::BucketPolicy` on it replaces the other: such a policy may be the one the bucket keeps.
 * @internal
 */
export function policiesMayBeOn(index: TemplateIndex, bucket: CfnResource, known: readonly CfnResource[]): { pol: CfnResource; why: string }[] {
  const out: { pol: CfnResource; why: string }[] = [];
  for (const p of mayNameBucket(index, 'bucket-policies', [BUCKET_POLICY], (x) => [index.prop(x, 'Bucket')], bucket)) {
    if (known.includes(p)) continue;
    const v = index.prop(p, 'Bucket');
    const n = namesBucket(index, v, bucket);
    if (n === false) continue;
    out.push({ pol: p, why: `its Bucket ${V.show(v)} ${n === true ? 'names this bucket' : `may name it (${n})`}` });
  }
  return out;
}

/**
 * The policies that may be the bucket's depending on values decided at deploy time (`policiesMayBeOn`), each with
 * whether it denies requests without TLS to this bucket (true, false, or undefined when that is decided at deploy
 * time) and how.
 * @internal
 */
export function mayBeKept(index: TemplateIndex, bucket: CfnResource, known: CfnResource[]): { pol: CfnResource; why: string; denies?: boolean; how: string }[] {
  return policiesMayBeOn(index, bucket, known).map(({ pol, why }) => {
    try {
      const d = tlsDenial(index, policyDocumentOf(index, pol), bucket);
      return { pol, why, denies: d.ok, how: d.ok ? 'it denies them' : d.why };
    } catch (e) {
      if (!(e instanceof Undecidable)) throw e;
      return { pol, why, denies: undefined, how: `whether its document denies them is ${openPolicy(e)}` };
    }
  });
}

/**
 * A bucket's versioning status as S3 keeps it: `VersioningConfiguration.Status`, except on a bucket created with
 * `ObjectLockEnabled` true, which S3 versions whatever that property says: Object Lock works only on versioned
 * buckets, enabling it at creation turns versioning on, and versioning can then never be suspended (S3 User Guide,
 * "Configuring S3 Object Lock": "After you enable Object Lock on a bucket, you can't disable Object Lock or suspend
 * versioning for that bucket"). `byLock` says Object Lock decided it. An `ObjectLockEnabled` decided at deploy time
 * leaves a status other than Enabled decided at deploy time too.
 * @internal
 */
export function versioningStatus(index: TemplateIndex, res: CfnResource): { v: Val; byLock?: true } {
  const lock = index.prop(res, 'ObjectLockEnabled');
  const v = index.prop(res, 'VersioningConfiguration.Status');
  if (lock.k === 'unknown') {
    if (v.k !== 'unknown' && V.str(v) === 'Enabled') return { v };
    return { v: { k: 'unknown', why: `ObjectLockEnabled decided at deploy time (${lock.why}), and Object Lock turns versioning on` } };
  }
  if (V.isTrue(lock)) return { v: { k: 'lit', v: 'Enabled' }, byLock: true };
  return { v };
}
