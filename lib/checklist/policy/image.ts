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

/** A content digest that names exactly one image. */
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** A valid tag (OCI distribution spec). */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * Why an image reference is not pinned to an explicit version tag or an
 * @sha256 digest, or undefined when it is. `latest`, no tag, a malformed
 * digest or tag are not pinned.
 * @internal
 */
export function unpinnedImageReason(reference: string): string | undefined {
  const p = parseImage(reference);
  if (!p.repository || /\s/.test(p.repository)) return 'not an image reference';
  if (p.digest !== undefined) return DIGEST.test(p.digest) ? undefined : `digest '${p.digest}' is not sha256: followed by 64 hex digits`;
  if (p.tag === undefined || p.tag === '') return 'no tag: it resolves to latest';
  if (p.tag.toLowerCase() === 'latest') return 'the latest tag moves';
  if (!TAG.test(p.tag)) return `tag '${p.tag}' is not a valid tag`;
  return undefined;
}

/** Whether an image reference is pinned by a sha256 digest (the strongest pin: one image, whatever the registry does). @internal */
export function isDigestPinned(reference: string): boolean {
  const d = parseImage(reference).digest;
  return d !== undefined && DIGEST.test(d.toLowerCase());
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
