import { FindingStatus } from '../model';
import { Verdict, refersTo } from '../rule';
import { own } from '../collections';
import { CfnResource, markedRef, pseudoMark, TemplateIndex, Val, V } from '../template-index';
import { globMatch } from '../glob';
import { Match, Tok, holeParams, holedText, iamVariable, isIamVariable, opaqueAtom, patternCoversAll, patternMatches, selfAtom, showHoles, tokens } from './holed-text';
import { Undecidable } from '../world';
import { DYNAMODB_TYPES } from './dynamodb';
import { statementEveryone } from './iam-policies';
import { LB, listenersOf, pointsAt, targetGroupsOfListener } from './load-balancers';

/** A REST API (API Gateway v1). @internal */
export const REST_API = 'AWS::ApiGateway::RestApi';

/** @internal */
export const DISTRIBUTION = 'AWS::CloudFront::Distribution';
/** @internal */
export const RESPONSE_HEADERS_POLICY = 'AWS::CloudFront::ResponseHeadersPolicy';
/** @internal */
export const CERTIFICATE = 'AWS::CertificateManager::Certificate';
/** @internal */
export const ALARM = 'AWS::CloudWatch::Alarm';
/** @internal */
export const BUCKET = 'AWS::S3::Bucket';
/** @internal */
export const TOPIC = 'AWS::SNS::Topic';
/** @internal */
export const BUCKET_POLICY = 'AWS::S3::BucketPolicy';
/** @internal */
export const WEB_ACL = 'AWS::WAFv2::WebACL';
/** @internal */
export const WEB_ACL_ASSOCIATION = 'AWS::WAFv2::WebACLAssociation';
/** @internal */
export const RECORD_SET = 'AWS::Route53::RecordSet';
/** @internal */
export const RECORD_SET_GROUP = 'AWS::Route53::RecordSetGroup';

/** CloudFront distributions in this template whose origins point at `res` (a load balancer fronted by a CDN). @internal */
export function frontingDistributions(index: TemplateIndex, res: CfnResource): CfnResource[] {
  return index.referrers(res, DISTRIBUTION).filter((d) =>
    (index.items(index.prop(d, 'DistributionConfig.Origins')) ?? []).some((o) => pointsAt(index.field(o, 'DomainName'), res)));
}

/** One cache behavior of a distribution: its name for messages, and its value in the current world. @internal */
export interface CacheBehavior {
  readonly name: string;
  readonly v: Val;
}

/**
 * The cache behaviors of a distribution, for a rule that judges each: none known (a `DefaultCacheBehavior` decided at
 * deploy time) is undecidable.
 * @internal
 */
export function judgedCacheBehaviors(index: TemplateIndex, dist: CfnResource): CacheBehavior[] {
  const behaviors = cacheBehaviors(index, dist);
  if (behaviors.length === 0) throw new Undecidable('cache behaviors decided at deploy time');
  return behaviors;
}

/**
 * The cache behaviors of a distribution: the default first, then the path
 * patterns. A behavior (or the list) decided at deploy time is returned as an
 * `unknown` value, so every reader of it is undecided, never skipped.
 * @internal
 */
export function cacheBehaviors(index: TemplateIndex, dist: CfnResource): CacheBehavior[] {
  const out: CacheBehavior[] = [];
  const def = index.prop(dist, 'DistributionConfig.DefaultCacheBehavior');
  if (def.k !== 'absent') out.push({ name: 'DefaultCacheBehavior', v: def });
  const others = index.prop(dist, 'DistributionConfig.CacheBehaviors');
  const list = index.items(others);
  if (list === undefined) {
    if (others.k !== 'absent') out.push({ name: 'CacheBehaviors', v: others.k === 'unknown' ? others : { k: 'unknown', why: `CacheBehaviors is ${V.show(others)}` } });
    return out;
  }
  list.forEach((b, i) => {
    const pattern = index.field(b, 'PathPattern');
    out.push({ name: `CacheBehaviors.${i}${pattern.k === 'lit' ? ` (${V.show(pattern)})` : ''}`, v: b });
  });
  return out;
}

/** Property path of a behavior, for evidence. @internal */
export function behaviorPath(name: string): string {
  const open = name.indexOf(' (');
  return `Properties.DistributionConfig.${open >= 0 && name.endsWith(')') ? name.substring(0, open) : name}`;
}

/** The text of a value when it is a known scalar, `undefined` when it is absent or not a scalar; throws when undecidable. */
function text(v: Val): string | undefined {
  return V.str(v);
}

/** The entries of a value that may be one entry or a list of them (IAM's `Action`, `Resource`, `Statement`). */
function entries(index: TemplateIndex, v: Val): Val[] {
  if (v.k === 'unknown') throw new Undecidable(v.why);
  if (v.k === 'absent') return [];
  return index.items(v) ?? [v];
}

/** The partitions other than `aws`, written `arn:aws:` before ARNs are compared (a template names its own partition). */
const PARTITIONS = /^arn:aws-(cn|us-gov|iso|iso-b):/;

/** An ARN's text with its partition written `aws` (the stack's placed by Fn::Sub / Fn::Join, `arn:aws-cn:`...). */
function awsPartition(s: string): string {
  return s.split(`arn:${pseudoMark('AWS::Partition')}:`).join('arn:aws:').replace(PARTITIONS, 'arn:aws:');
}

/**
 * A bucket or topic of this template as resource patterns see it: its name and its ARN as tokens (`holed-text`),
 * and how `${X}` / `${X.Attr}` of a resource of the same type reads in a pattern (the same tokens, so that a
 * pattern and a name built around the same resource compare by what that resource is).
 */
interface PatternTarget {
  readonly res: CfnResource;
  readonly name: Tok[];
  readonly arn: Tok[];
  /** `BucketName` / `TopicName` for messages. */
  readonly named: string;
  /** The tokens `${<id>}` or `${<id>.<attr>}` of a resource of the target's type stands for, or undefined. */
  readonly refTokens: (id: string, attr: string | undefined) => Tok[] | undefined;
  /** Tokens with each `${X}` / `${X.Attr}` of a resource of the target's type replaced by what it stands for. */
  readonly resolve: (list: Tok[]) => Tok[];
}

/** The property naming a resource whose name resource patterns compare. */
const NAME_PROPERTY: Record<string, string> = { [BUCKET]: 'BucketName', [TOPIC]: 'TopicName' };

/**
 * The name of a bucket or topic as tokens: its literal or Sub / Join text, its parameters as holes (`paramHole`),
 * `${...}` placeholders resolved one level further for resources of the same type (`depth`); the generated name
 * (`selfAtom`) when it has none; a value decided at deploy time that shows no text as an opaque atom.
 */
function nameTokens(index: TemplateIndex, res: CfnResource, depth: number): Tok[] {
  const name = index.prop(res, NAME_PROPERTY[res.type]);
  if (name.k === 'absent') return [selfAtom(res.logicalId)];
  if (name.k === 'unknown') {
    const t = holedText(name);
    return t === undefined ? [opaqueAtom(res.logicalId)] : resolved(index, res.type, tokens(t, { holes: true }), depth);
  }
  const t = name.k === 'expr' ? name.text : name.k === 'lit' ? V.str(name) : undefined;
  if (t === undefined || t === '' || t.includes('\u0000')) return [opaqueAtom(res.logicalId)];
  return resolved(index, res.type, tokens(t), depth);
}

/** The ARN of a bucket or topic as tokens (a topic's region and account: the stack's, known or placeholders). */
function arnTokens(index: TemplateIndex, res: CfnResource, depth: number): Tok[] {
  const name = nameTokens(index, res, depth);
  if (res.type === BUCKET) return [...tokens('arn:aws:s3:::'), ...name];
  const pseudo = (p: string) => { const v = index.value({ Ref: p }); return v.k === 'lit' ? tokens(V.show(v)) : [pseudoMark(p)]; };
  return [...tokens('arn:aws:sns:'), ...pseudo('AWS::Region'), ':', ...pseudo('AWS::AccountId'), ':', ...name];
}

/** What `${<id>}` / `${<id>.<attr>}` (placed by Fn::Sub / Fn::Join: `refMark`) of a resource of `type` is, as tokens (undefined: another attribute, another type). */
function refOf(index: TemplateIndex, type: string, id: string, attr: string | undefined, depth: number): Tok[] | undefined {
  const res = index.get(id);
  if (!res || res.type !== type || depth > 3) return undefined;
  if (type === BUCKET) return attr === undefined ? nameTokens(index, res, depth + 1) : attr === 'Arn' ? arnTokens(index, res, depth + 1) : undefined;
  return attr === undefined || attr === 'TopicArn' ? arnTokens(index, res, depth + 1) : attr === 'TopicName' ? nameTokens(index, res, depth + 1) : undefined;
}

/** Tokens with each `${X}` / `${X.Attr}` of a resource of `type` replaced by what it is (`refOf`). */
function resolved(index: TemplateIndex, type: string, list: Tok[], depth: number): Tok[] {
  const out: Tok[] = [];
  for (const t of list) {
    const inner = t.startsWith('${') && t.endsWith('}') ? markedRef(t.substring(2, t.length - 1)) : undefined;
    if (inner !== undefined) {
      const dot = inner.indexOf('.');
      const r = refOf(index, type, dot === -1 ? inner : inner.substring(0, dot), dot === -1 ? undefined : inner.substring(dot + 1), depth);
      if (r) { out.push(...r); continue; }
    }
    out.push(t);
  }
  return out;
}

/** A bucket or topic of this template, as resource patterns see it. */
function patternTarget(index: TemplateIndex, res: CfnResource): PatternTarget {
  const name = index.prop(res, NAME_PROPERTY[res.type]);
  const prop = NAME_PROPERTY[res.type];
  const named = name.k === 'absent' ? 'its name generated by CloudFormation'
    : name.k === 'unknown' && name.param !== undefined ? `${prop}: parameter ${name.param}`
      : `${prop} ${name.k === 'unknown' ? showHoles(holedText(name) ?? `(${name.why})`) : V.show(name)}`;
  return {
    res,
    name: nameTokens(index, res, 0),
    arn: arnTokens(index, res, 0),
    named,
    refTokens: (id, attr) => refOf(index, res.type, id, attr, 0),
    resolve: (list) => resolved(index, res.type, list, 0),
  };
}

/** A statement `Resource` read as a pattern: its tokens, and its text for messages. */
interface ResourcePattern {
  readonly toks: Tok[];
  readonly shown: string;
  /** It holds `${...}` CloudFormation leaves as written (`iamVariable`). */
  readonly literal?: boolean;
}

/**
 * A statement `Resource` as a pattern over the target's ARN (see `PatternTarget`): a reference to the target or to
 * a resource of its type is what it stands for; text (a literal, Sub / Join text, or text built around parameters,
 * an unknown value with `text`, its parameters as holes) is tokenized with its wildcards, `${X}` of a resource of
 * the target's type resolved. Undefined when it names nothing of the kind (a reference to another resource, known
 * text spelling a parameter's hole); throws `Undecidable` when it is decided at deploy time without a text.
 */
function resourcePattern(v: Val, target: PatternTarget): ResourcePattern | undefined {
  let s: string;
  let holes = false;
  if (v.k === 'unknown') {
    const t = holedText(v);
    if (t === undefined) throw new Undecidable(v.why);
    s = t;
    holes = true;
  } else if (v.k === 'ref') {
    // `Ref` of a bucket is its name, which is no ARN: it matches none.
    if (target.res.type === BUCKET && v.attr === undefined) return undefined;
    const toks = target.refTokens(v.target.logicalId, v.attr);
    return toks === undefined ? undefined : { toks, shown: V.show(v) };
  } else if (v.k === 'expr') s = v.text;
  else if (v.k === 'lit' && typeof v.v === 'string') s = v.v;
  else return undefined;
  // Known text spelling a parameter's hole names nothing through it.
  if (!holes && s.includes('\u0000')) return undefined;
  s = v.k === 'lit' ? s.replace(PARTITIONS, 'arn:aws:') : awsPartition(s);
  let toks = tokens(s, { holes, glob: true });
  // `${X}` of a plain string (or of Sub / Join text: `${!X}`, a literal piece) is left as written by CloudFormation:
  // an IAM policy variable or literal text, no name of the template. `${AWS::X}` likewise. A reference or pseudo
  // parameter Fn::Sub / Fn::Join placed is its mark (`refMark`, `pseudoMark`), which no text spells.
  if (v.k === 'lit') toks = toks.map((t) => (t.startsWith('${') ? iamVariable(t) : t));
  else if (v.k === 'expr' || (v.k === 'unknown' && v.refs !== undefined)) {
    toks = toks.map((t) => (/^\$\{(?:[A-Za-z0-9]+(\.[A-Za-z0-9.]+)?|AWS::[A-Za-z]+)\}$/.test(t) ? iamVariable(t) : t));
  }
  return { toks: target.resolve(toks), shown: holes ? showHoles(s) : s, literal: toks.some(isIamVariable) };
}

/**
 * The entries of a statement's `Resource` (`entries`), where one value built around parameters (an unknown value
 * with a text, or a parameter that is not a list) is one entry read with its holes rather than undecidable.
 */
function resourceEntries(index: TemplateIndex, v: Val): Val[] {
  if (v.k === 'unknown' && (v.text !== undefined || (v.param !== undefined && !/^(CommaDelimitedList|List<)/.test(String(own(own(index.parameters, v.param), 'Type') ?? 'String'))))) return [v];
  return entries(index, v);
}

/** The better of two answers: yes over may over no. */
function best(a: Match, b: Match): Match {
  return a === 'yes' || b === 'yes' ? 'yes' : a === 'may' || b === 'may' ? 'may' : 'no';
}

/**
 * How a statement's `Resource` entries cover a target (`patternMatches`): `arn` its ARN, and for a bucket `objects`
 * every `ARN/<key>` (`patternCoversAll`); the patterns that may cover depending on deploy-time values (`open`), and
 * why an entry could not be read (`unread`: it may cover anything).
 */
function resourceCover(index: TemplateIndex, s: Val, target: PatternTarget): { arn: Match; objects: Match; open: ResourcePattern[]; literal: ResourcePattern[]; unread?: string } {
  let arn: Match = 'no';
  let objects: Match = 'no';
  const open: ResourcePattern[] = [];
  const literal: ResourcePattern[] = [];
  let unread: string | undefined;
  for (const r of resourceEntries(index, index.field(s, 'Resource'))) {
    try {
      const p = resourcePattern(r, target);
      if (!p) continue;
      const b = patternMatches(p.toks, target.arn);
      const o = target.res.type === BUCKET ? patternCoversAll(p.toks, [...target.arn, '/']) : 'no';
      if (b === 'may' || o === 'may') open.push(p);
      if (p.literal) literal.push(p);
      arn = best(arn, b);
      objects = best(objects, o);
    } catch (e) {
      if (!(e instanceof Undecidable)) throw e;
      unread ??= e.why;
    }
  }
  return { arn, objects, open, literal, unread };
}

/** Why `${...}` in a statement's Resource written as a plain string names nothing of the template (see `iamVariable`). */
function literalNote(literal: ResourcePattern[]): string {
  if (literal.length === 0) return '';
  return ` (${literal.map((p) => p.shown).join(', ')}: \${...} outside Fn::Sub is left as written by CloudFormation, and IAM reads it as a policy variable or literal text, not as the resource's name)`;
}

/** Why a statement's Resource may cover the target, depending on values decided at deploy time. */
function openCover(i: number, open: ResourcePattern[], target: PatternTarget, what: string): string {
  const params = [...new Set(open.flatMap((p) => holeParams(p.toks)))];
  const places = [...new Set(open.flatMap((p) => p.toks.filter((t) => t.startsWith('${'))))];
  const from = params.length > 0 ? `, built from ${params.map((x) => `parameter ${x}`).join(', ')}` : places.length > 0 ? `, built from ${places.join(', ')}` : '';
  return `statement ${i} denies requests without TLS to ${open.map((p) => p.shown).join(', ')}${from}: whether that is ${what} ${target.res.logicalId} (${target.named}) is decided at deploy time`;
}

/** Actions that cover every request to a target of this type. */
function blanketActions(target: CfnResource | undefined): string[] {
  if (target?.type === BUCKET) return ['*', 's3:*'];
  if (target && DYNAMODB_TYPES.includes(target.type)) return ['*', 'dynamodb:*'];
  return ['*', 's3:*', 'sns:*', 'sns:publish'];
}

/**
 * Whether a `Resource` entry of a DynamoDB table's own resource policy covers the table: `*`, a reference to it, or
 * the literal ARN of its literal `TableName` (`arn:<partition>:dynamodb:<region>:<account>:table/<name>`, region and
 * account as written). Anything else (an index's or a stream's ARN, text built from parameters) is undecidable here:
 * the verdict is unknown, naming it.
 */
function coversTable(index: TemplateIndex, r: Val, target: CfnResource): true | string {
  if (r.k === 'unknown') return r.why;
  // A table's policy cannot name the table by Fn::GetAtt (a circular dependency); a reference to it is its ARN.
  if (text(r) === '*' || (r.k === 'ref' && r.target === target)) return true;
  const arn = r.k === 'lit' ? text(r) : undefined;
  const nameVal = index.prop(target, 'TableName');
  const name = nameVal.k === 'lit' ? V.str(nameVal) : undefined;
  const m = arn === undefined ? null : /^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/([^/*?]+)$/.exec(arn);
  if (m && name !== undefined && m[1] === name) return true;
  return `Resource ${V.show(r)}: whether it is table ${target.logicalId}${name ? ` (${name})` : ''} is not read`;
}

/** Whether an IAM action pattern (`sns:*`, `SNS:Pub*`, `*`) matches an action; compared without case, as IAM does. */
function actionMatches(pattern: string | undefined, action: string): boolean {
  return pattern !== undefined && globMatch(pattern.toLowerCase(), action.toLowerCase(), true);
}

/**
 * Whether a Deny statement's actions cover what must be refused without TLS: for a topic, publishing (an Action
 * matching sns:Publish, or a NotAction that spares it); otherwise every action (`*`, `s3:*`), never a NotAction.
 */
function coversActions(index: TemplateIndex, s: Val, target: CfnResource | undefined): boolean {
  const notAction = index.field(s, 'NotAction');
  if (target?.type === TOPIC) {
    if (notAction.k !== 'absent') return !entries(index, notAction).some((a) => actionMatches(text(a), 'sns:Publish'));
    return entries(index, index.field(s, 'Action')).some((a) => actionMatches(text(a), 'sns:Publish'));
  }
  if (notAction.k !== 'absent') return false;
  const blanket = blanketActions(target);
  return entries(index, index.field(s, 'Action')).some((a) => blanket.includes((text(a) ?? '').toLowerCase()));
}

/**
 * Whether a statement's `Condition` says "aws:SecureTransport is false" (under `Bool` or `BoolIfExists`; the key
 * compared without case, as IAM compares condition keys): undefined when it does not, `narrowed` naming the other
 * conditions when it says more (a Deny that also needs `aws:SourceVpce` to match denies only some requests
 * without TLS).
 */
function insecureOnly(index: TemplateIndex, condition: Val): { narrowed?: string } | undefined {
  const operators = index.keys(condition);
  if (operators === undefined) {
    if (condition.k === 'unknown') throw new Undecidable(condition.why);
    return undefined;
  }
  let found = false;
  const others: string[] = [];
  for (const [operator, block] of operators) {
    const keys = index.keys(block);
    if (keys === undefined) {
      if (block.k === 'unknown') throw new Undecidable(block.why);
      others.push(operator);
      continue;
    }
    for (const [key, value] of keys) {
      if ((operator === 'Bool' || operator === 'BoolIfExists') && key.toLowerCase() === 'aws:securetransport') {
        const values = entries(index, value).map((c) => text(c)?.toLowerCase());
        if (values.length === 1 && values[0] === 'false') {
          found = true;
          continue;
        }
      }
      others.push(`${operator} ${key}`);
    }
  }
  if (!found) return undefined;
  return others.length === 0 ? {} : { narrowed: others.join(', ') };
}

/** The outcome of reading a policy for a Deny of requests without TLS. @internal */
export interface TlsDenial {
  /** Whether a statement denies every request made without TLS to the whole target. */
  readonly ok: boolean;
  /** What was found, in words (why not, when `ok` is false). */
  readonly why: string;
  /** The index of the statement that denies, when `ok`. */
  readonly statement?: number;
}

/**
 * Read a policy document for a statement denying requests whose
 * `aws:SecureTransport` is false: Effect Deny, every principal (`*`,
 * `{ AWS: '*' }`: `statementEveryone`; no NotPrincipal, which spares those it
 * names; a principal that may be every principal, decided at deploy time or
 * written as IAM does not document, leaves the statement undecided), every action (`*` or the service's `*`; for a topic, any
 * pattern matching sns:Publish), a `Resource` covering the target: for a
 * bucket the whole bucket (its ARN and every `ARN/<key>`), for a topic its ARN
 * (`arn:aws:sns:<region>:<account>:<TopicName>`); and no condition but
 * `aws:SecureTransport` (key names compared without case). Each `Resource` is
 * an IAM pattern (`*` any run of characters, `?` one) matched against the ARN
 * (`patternMatches`, lib/checks/cfn/holed-text.ts), the target named by a
 * reference, `${Bucket}` / `${Topic}`, or its name (a literal, Sub / Join text,
 * parameters as holes, a generated name no text spells), `${X}` of another
 * bucket or topic read as that one's name: `arn:aws:s3:::${B}*` covers the
 * bucket named `${B}-logs`, `${P}*` the one named `${P}-logs`. A `Resource`
 * that covers whatever the deploy-time values are counts; one that may,
 * depending on them (`${Q}*` for the bucket named `${P}-logs`, `acme-*` for
 * the one named `${P}`), leaves the statement undecided, naming the
 * parameters and the name; text merely mentioning the target (`${Topic}-x`)
 * does not cover it. `${X}` of a plain string (or of Sub / Join text not
 * from a reference: `${!X}`, a literal piece) is left as written by
 * CloudFormation, an IAM policy variable or literal text: it names no bucket,
 * topic, partition or account (`iamVariable`), and a Resource built on it
 * covers nothing of the target. Objects are covered by any pattern matching
 * every non-empty key (`/*`, `/?*`, `/*?`).
 * Throws `Undecidable` when no statement proves it and one is decided at
 * deploy time.
 * @internal
 */
export function tlsDenial(index: TemplateIndex, policyDocument: Val, target?: CfnResource): TlsDenial {
  if (policyDocument.k === 'unknown') throw new Undecidable(policyDocument.why);
  if (policyDocument.k !== 'lit') return { ok: false, why: 'no policy document' };
  const statements = entries(index, index.field(policyDocument, 'Statement'));
  let undecided: string | undefined;
  let written = false;
  let partial: string | undefined;
  let pt: PatternTarget | undefined;
  for (let i = 0; i < statements.length; i++) {
    try {
      const s = statements[i];
      if (text(index.field(s, 'Effect')) !== 'Deny') continue;
      const insecure = insecureOnly(index, index.field(s, 'Condition'));
      if (insecure === undefined) continue;
      if (insecure.narrowed !== undefined) {
        partial ??= `the Deny of aws:SecureTransport false (statement ${i}) applies only where ${insecure.narrowed} also holds, not to every request without TLS`;
        continue;
      }
      // A Deny with NotPrincipal spares those it names; one that may be to everyone proves nothing.
      const who = statementEveryone(index, s);
      if (who.k === 'no' || who.not) continue;
      if (who.k === 'maybe') {
        const why = `statement ${i} denies requests without TLS to a principal that may not be every principal: ${who.why}`;
        throw who.written ? new UndocumentedDeny(why) : new Undecidable(why);
      }
      if (!coversActions(index, s, target)) continue;
      if (target?.type === BUCKET || target?.type === TOPIC) {
        // A pattern counts where it covers whatever the deploy-time values are, and may cover otherwise.
        pt ??= patternTarget(index, target);
        const c = resourceCover(index, s, pt);
        if (target.type === TOPIC) {
          if (c.arn === 'no' && c.unread === undefined) {
            if (c.literal.length > 0) partial ??= `the Deny of aws:SecureTransport false (statement ${i}) does not cover topic ${target.logicalId}${literalNote(c.literal)}`;
            continue;
          }
          if (c.arn !== 'yes') throw new Undecidable(c.unread ?? openCover(i, c.open, pt, 'topic'));
        } else if (c.arn !== 'yes' || c.objects !== 'yes') {
          if (c.unread === undefined && (c.arn === 'no' || c.objects === 'no')) {
            partial = c.arn === 'may' || c.objects === 'may'
              ? `the Deny of aws:SecureTransport false (statement ${i}) does not cover ${c.arn === 'no' ? `the bucket (${target.logicalId} ARN)` : `its objects (${target.logicalId} ARN/*)`}, so not the whole bucket`
              : `the Deny of aws:SecureTransport false (statement ${i}) covers ${[c.arn === 'yes' ? 'the bucket' : '', c.objects === 'yes' ? 'its objects' : ''].filter((x) => x).join(' and ') || 'neither the bucket nor its objects'}, not the whole bucket (${target.logicalId} ARN and ARN/*)`;
            partial += literalNote(c.literal);
            continue;
          }
          throw new Undecidable(c.unread ?? openCover(i, c.open, pt, 'the whole bucket'));
        }
      } else if (target && DYNAMODB_TYPES.includes(target.type)) {
        // A table's own policy: a Resource that is not the table (an index, a stream, text not read) is undecidable.
        const covers = entries(index, index.field(s, 'Resource')).map((r) => coversTable(index, r, target));
        if (!covers.includes(true)) {
          const open = covers.find((c): c is string => c !== true);
          if (open !== undefined) throw new Undecidable(`statement ${i} denies requests without TLS to a ${open}`);
          continue;
        }
      } else if (target) {
        const resources = entries(index, index.field(s, 'Resource'));
        if (!resources.some((r) => text(r) === '*' || pointsAt(r, target))) continue;
      }
      return { ok: true, why: `statement ${i} denies requests without TLS`, statement: i };
    } catch (e) {
      if (!(e instanceof Undecidable)) throw e;
      undecided = e.why;
      written = e instanceof UndocumentedDeny;
    }
  }
  if (undecided) throw written ? new UndocumentedDeny(undecided) : new Undecidable(`a policy statement is decided at deploy time (${undecided})`);
  return { ok: false, why: partial ?? 'no statement denies requests where aws:SecureTransport is false' };
}

/**
 * What `tlsDenial` throws when a Deny of requests without TLS may not apply to every principal for a reason that is
 * not decided at deploy time: its principal as written (`Everyone.written`: a padded `" * "`, `"*"` under
 * `CanonicalUser` or `Service`, a wildcard inside an ARN), which IAM does not document. `why` says which statement
 * and why; `openPolicy` words it for messages.
 * @internal
 */
export class UndocumentedDeny extends Undecidable {}

/**
 * How a TLS Deny reader's message says why a policy is undecided (`tlsDenial` threw `e`): `decided at deploy time
 * (why)`, or, for a principal IAM does not document (`UndocumentedDeny`), `not known: why`.
 * @internal
 */
export function openPolicy(e: Undecidable): string {
  return e instanceof UndocumentedDeny ? `not known as written: ${e.why}` : `decided at deploy time (${e.why})`;
}

/**
 * True when a policy document denies every request made without TLS to the
 * whole of `target` (see `tlsDenial`); throws `Undecidable` when that is
 * decided at deploy time.
 * @internal
 */
export function deniesInsecureTransport(index: TemplateIndex, policyDocument: Val, target?: CfnResource): boolean {
  return tlsDenial(index, policyDocument, target).ok;
}

/** Route 53 records in this template that point at `target` (an alias, or a CNAME's value). @internal */
export function dnsRecordsFor(index: TemplateIndex, target: CfnResource): CfnResource[] {
  return index.referrers(target, RECORD_SET, RECORD_SET_GROUP).filter((r) => {
    const sets = r.type === RECORD_SET ? [index.prop(r, '')] : index.items(index.prop(r, 'RecordSets')) ?? [];
    // An alias, or a CNAME: a TXT or other record that mentions the target sends nobody to it.
    return sets.some((s) => pointsAt(index.field(s, 'AliasTarget.DNSName'), target)
      || ((V.str(index.field(s, 'Type')) ?? '').toUpperCase() === 'CNAME' && (index.items(index.field(s, 'ResourceRecords')) ?? []).some((v) => pointsAt(v, target))));
  });
}

/**
 * Verdicts to report: only the failing and undecided ones when there are any
 * (a finding that cannot be decided is never reported next to a pass on the
 * same resource), else the passes.
 * @internal
 */
export function worst(out: Verdict[]): Verdict[] {
  const bad = out.filter((v) => v.status !== FindingStatus.PASS);
  return bad.length > 0 ? bad : out;
}

/**
 * The compute a load balancer or distribution sends requests to, as far as
 * this template shows: ECS task definitions (through the services registered
 * with its target groups) and Lambda functions (target group targets). A
 * distribution is followed to the load balancers among its origins. `unread`
 * names what else it sends requests to, whose compute is not read: an origin
 * that is not a load balancer of the template, a target group with no ECS
 * service or Lambda function (instances, addresses, targets outside the template).
 * @internal
 */
export function computeBehind(index: TemplateIndex, res: CfnResource): { compute: CfnResource[]; unread: string[] } {
  const unread: string[] = [];
  let lbs: CfnResource[] = res.type === LB ? [res] : [];
  if (res.type === DISTRIBUTION) {
    lbs = [];
    for (const o of index.items(index.prop(res, 'DistributionConfig.Origins')) ?? []) {
      const lb = refersTo(index.field(o, 'DomainName'), LB);
      if (lb) lbs.push(lb);
      else unread.push(`origin ${V.show(index.field(o, 'Id'))} (${V.show(index.field(o, 'DomainName'))})`);
    }
  }
  const out = new Set<CfnResource>();
  for (const lb of lbs) {
    for (const tg of listenersOf(index, lb).flatMap((l) => targetGroupsOfListener(index, l))) {
      let found = false;
      for (const svc of index.referrers(tg, 'AWS::ECS::Service')) {
        const td = refersTo(index.prop(svc, 'TaskDefinition'), 'AWS::ECS::TaskDefinition');
        if (td) { out.add(td); found = true; }
      }
      for (const t of index.items(index.prop(tg, 'Targets')) ?? []) {
        const target = index.field(t, 'Id');
        const alias = refersTo(target, 'AWS::Lambda::Alias');
        const fn = refersTo(target, 'AWS::Lambda::Function') ?? (alias ? refersTo(index.prop(alias, 'FunctionName'), 'AWS::Lambda::Function') : undefined);
        if (fn) { out.add(fn); found = true; }
      }
      if (!found && !unread.includes(`target group ${tg.logicalId}`)) unread.push(`target group ${tg.logicalId}`);
    }
  }
  return { compute: [...out], unread };
}
