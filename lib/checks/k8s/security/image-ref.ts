/**
 * Image reference parsing for K8sPinnedImage. The construct side has its own
 * copy (`lib/k8s/private/image.ts`): checks and constructs do not import each other.
 * @internal
 */
export function unpinnedImageReason(reference: string): string | undefined {
  const at = reference.indexOf('@');
  const digest = at === -1 ? undefined : reference.substring(at + 1);
  const nameTag = at === -1 ? reference : reference.substring(0, at);
  const slash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  const repository = colon > slash ? nameTag.substring(0, colon) : nameTag;
  const tag = colon > slash ? nameTag.substring(colon + 1) : undefined;
  if (!repository || /\s/.test(repository)) return 'not an image reference';
  if (digest !== undefined) return /^sha256:[a-f0-9]{64}$/.test(digest) ? undefined : `digest '${digest}' is not sha256: followed by 64 hex digits`;
  if (tag === undefined || tag === '') return 'no tag: it resolves to latest';
  if (tag.toLowerCase() === 'latest') return 'the latest tag moves';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) return `tag '${tag}' is not a valid tag`;
  return undefined;
}
