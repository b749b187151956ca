/**
 * Image pinning: what the constructs refuse (K8S-PINNED-IMAGE,
 * DEPLOY-IMMUTABLE-ARTIFACTS) and the checks fail.
 * @internal
 */

/** An image reference split into its parts. @internal */
export interface ParsedImage {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Split `registry[:port]/path:tag@digest`; a `:` before the last `/` is a registry port. @internal */
export function parseImage(reference: string): ParsedImage {
  const at = reference.indexOf('@');
  const digest = at === -1 ? undefined : reference.substring(at + 1);
  const nameTag = at === -1 ? reference : reference.substring(0, at);
  const slash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  if (colon > slash) return { repository: nameTag.substring(0, colon), tag: nameTag.substring(colon + 1), digest };
  return { repository: nameTag, digest };
}

/** A content digest that names exactly one image (OCI image spec: lower-case hex). */
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** A valid tag (OCI distribution spec). */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * Why an image reference is not pinned to an explicit version tag or an
 * @sha256 digest, or undefined when it may be. `latest`, no tag, a malformed
 * digest or tag are not pinned; nor is a tag that carries no version number
 * (`stable`, `lts`, `main`, `alpine`, `lts-alpine3.19`: a channel, a branch or
 * a variant) or only a major version (`16`, `v2`, `20-bookworm-slim`: it moves
 * with every minor release). A digest pins whatever the tag says. A tag this
 * passes may still be doubtful: see {@link imageVersionDoubt}.
 * @internal
 */
export function unpinnedImageReason(reference: string): string | undefined {
  const p = parseImage(reference);
  if (!p.repository || /\s/.test(p.repository)) return 'not an image reference';
  if (p.digest !== undefined) return digestFault(p.digest);
  return unpinnedTagReason(p.tag);
}

/**
 * Why a digest does not name one image, or undefined when it is `sha256:`
 * followed by 64 lower-case hex digits. The OCI image spec requires lower
 * case (`[A-F]` MUST NOT be used), so an upper-case digest is no digest.
 * @internal
 */
export function digestFault(digest: string): string | undefined {
  if (DIGEST.test(digest)) return undefined;
  if (DIGEST.test(digest.toLowerCase())) return `digest '${digest}' has upper-case hex digits: an OCI sha256 digest is 64 lower-case hex digits, so it is not a valid digest`;
  return `digest '${digest}' is not sha256: followed by 64 hex digits`;
}

/**
 * Why a tag does not pin one release, or undefined when it may (see
 * {@link unpinnedImageReason}); undefined or empty is no tag (latest).
 * @internal
 */
export function unpinnedTagReason(tag: string | undefined): string | undefined {
  if (tag === undefined || tag === '') return 'no tag: it resolves to latest';
  if (tag.toLowerCase() === 'latest') return 'the latest tag moves';
  if (!TAG.test(tag)) return `tag '${tag}' is not a valid tag`;
  const v = tagVersion(tag);
  if (v.kind === 'none') return `tag '${tag}' carries no version number: it names a channel, branch or variant that moves with each release`;
  if (v.kind === 'major') return `tag '${tag}' names only a major version (${v.text}): it moves with every minor release`;
  return undefined;
}

/**
 * Why a reference that {@link unpinnedImageReason} lets through may still name
 * more than one release, or undefined when its tag names one (a full
 * major.minor.patch version, a build number or date, a commit id) or a digest
 * pins it. `1.25`, `3.12-slim`: major.minor is a release line for most
 * publishers (nginx, python, redis re-tag it with each patch release) and one
 * release for some (postgres 16.2); only the registry knows.
 * @internal
 */
export function imageVersionDoubt(reference: string): string | undefined {
  const p = parseImage(reference);
  if (p.digest !== undefined || p.tag === undefined || !TAG.test(p.tag)) return undefined;
  const v = tagVersion(p.tag);
  if (v.kind === 'minor') {
    return `tag '${p.tag}' names major.minor only (${v.text}): most publishers move it to each patch release, some publish it as one release; the registry decides (pin major.minor.patch or an @sha256 digest)`;
  }
  if (v.kind === 'number') {
    return `tag '${p.tag}' carries only the number ${v.text}: a major version line or one build; the registry decides (pin a full version or an @sha256 digest)`;
  }
  return undefined;
}

/** A tag component that starts with a version: digits, dot-separated, after an optional `v`. */
const VERSION = /^[vV]?(\d+(?:\.\d+)*)/;
/** A commit id, a build number or a date (`3f2a9c1`, `20240115`): seven or more hex digits. */
const COMMIT = /^[0-9a-fA-F]{7,64}$/;

/**
 * What version a tag names, read from its first `-`-separated component that
 * starts with a version number or is a commit id: `full` (three or more parts,
 * a commit, a build number or date of four or more digits), `minor`
 * (major.minor), `major` (one number of one or two digits leading the tag:
 * `16`, `20-bookworm-slim`), `number` (a number of three digits, `457`, or one
 * small number after a word: `pr-12`), or
 * `none` (no number: `stable`, `lts-alpine3.19`).
 */
function tagVersion(tag: string): { kind: 'full' | 'minor' | 'major' | 'number' | 'none'; text?: string } {
  const parts = tag.split('-');
  for (let i = 0; i < parts.length; i++) {
    if (COMMIT.test(parts[i])) return { kind: 'full' };
    const m = VERSION.exec(parts[i]);
    if (!m) continue;
    const numbers = m[1].split('.');
    if (numbers.length >= 3 || (numbers.length === 1 && numbers[0].length >= 4)) return { kind: 'full' };
    if (numbers.length === 2) return { kind: 'minor', text: m[0] };
    // Three digits are more likely a CI build number (`457`) than a major version (none has reached 100): doubtful, not unpinned.
    return { kind: i === 0 && numbers[0].length < 3 ? 'major' : 'number', text: m[0] };
  }
  return { kind: 'none' };
}

/**
 * Whether an image reference is pinned by a sha256 digest (the strongest pin:
 * one image, whatever the registry does): lower-case hex only, as
 * {@link digestFault} and {@link unpinnedImageReason} read it.
 * @internal
 */
export function isDigestPinned(reference: string): boolean {
  const d = parseImage(reference).digest;
  return d !== undefined && digestFault(d) === undefined;
}

/**
 * The tag of an image reference, or undefined when it has none (it then
 * resolves to `latest`). A reference pinned by digest may also carry a tag.
 * @internal
 */
export function imageTag(reference: string): string | undefined {
  const t = parseImage(reference).tag;
  return t === '' ? undefined : t;
}
