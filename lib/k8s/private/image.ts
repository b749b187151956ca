/** An image reference split into its parts. @internal */
export interface ParsedImage {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

/** Split `registry/path:tag@digest`; a `:` before the last `/` is a registry port. @internal */
export function parseImage(reference: string): ParsedImage {
  const at = reference.indexOf('@');
  const digest = at === -1 ? undefined : reference.substring(at + 1);
  const nameTag = at === -1 ? reference : reference.substring(0, at);
  const slash = nameTag.lastIndexOf('/');
  const colon = nameTag.lastIndexOf(':');
  if (colon > slash) return { repository: nameTag.substring(0, colon), tag: nameTag.substring(colon + 1), digest };
  return { repository: nameTag, digest };
}

/** Why a parsed image is not pinned, or undefined when it is. @internal */
export function unpinnedReason(p: ParsedImage): string | undefined {
  if (!p.repository || /\s/.test(p.repository)) return 'not an image reference';
  if (p.digest !== undefined) {
    return /^sha256:[a-f0-9]{64}$/.test(p.digest) ? undefined : `digest '${p.digest}' is not sha256: followed by 64 hex digits`;
  }
  if (p.tag === undefined || p.tag === '') return 'no tag (resolves to latest)';
  if (p.tag.toLowerCase() === 'latest') return 'the latest tag moves';
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(p.tag)) return `tag '${p.tag}' is not a valid tag`;
  return undefined;
}
