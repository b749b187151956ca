import { parseImage, unpinnedImageReason } from '../checklist/policy/image';

/**
 * A container image pinned to an explicit version tag or an immutable digest
 * (checklist item K8S-PINNED-IMAGE).
 *
 * Every factory refuses an unpinned reference: no tag, the `latest` tag, a tag
 * with no version number (`stable`, `lts`, `alpine`), a major version alone
 * (`16`, `20-alpine`), or a malformed digest throws an error naming
 * `K8S-PINNED-IMAGE`. A major.minor tag (`1.25`) is accepted; whether it names
 * one release only the registry knows (ProductionWorkload does not claim the
 * item for it).
 *
 * ```ts
 * WorkloadImage.fromTag('ghcr.io/acme/web', '1.4.2');
 * WorkloadImage.fromDigest('ghcr.io/acme/web', 'sha256:0123...');
 * WorkloadImage.fromReference('ghcr.io/acme/web:1.4.2@sha256:0123...');
 * ```
 */
export class WorkloadImage {
  /**
   * An image by repository and version tag (`repo:tag`).
   * @param repository the repository, e.g. `ghcr.io/acme/web`
   * @param tag an explicit version tag (`1.4.2`), never `latest`, a channel (`stable`) or a major version alone (`16`)
   */
  public static fromTag(repository: string, tag: string): WorkloadImage {
    return WorkloadImage.fromReference(`${repository}:${tag}`);
  }

  /**
   * An image by repository and content digest (`repo@sha256:...`), the
   * strongest pin: the digest names exactly one image.
   * @param repository the repository, e.g. `ghcr.io/acme/web`
   * @param digest `sha256:` followed by 64 hex digits
   */
  public static fromDigest(repository: string, digest: string): WorkloadImage {
    return WorkloadImage.fromReference(`${repository}@${digest}`);
  }

  /**
   * An image from a full reference (`repo:tag`, `repo@sha256:...` or
   * `repo:tag@sha256:...`).
   * @throws when the reference is not pinned (no tag, `latest`, a channel or major-only tag, or a bad digest)
   */
  public static fromReference(reference: string): WorkloadImage {
    const parsed = parseImage(reference);
    const problem = unpinnedImageReason(reference);
    if (problem) {
      throw new Error(`[K8S-PINNED-IMAGE] image '${reference}': ${problem}. Pin the image to an explicit version tag or an @sha256 digest ` +
        '(WorkloadImage.fromTag(repo, \'1.4.2\') or WorkloadImage.fromDigest(repo, \'sha256:...\')).');
    }
    return new WorkloadImage(reference, parsed.repository, parsed.tag, parsed.digest);
  }

  /** The full image reference, as written into the pod spec. */
  public readonly reference: string;
  /** The repository (registry and path), without tag or digest. */
  public readonly repository: string;
  /** The tag, if any. */
  public readonly tag?: string;
  /** The digest (`sha256:...`), if any. */
  public readonly digest?: string;

  private constructor(reference: string, repository: string, tag?: string, digest?: string) {
    this.reference = reference;
    this.repository = repository;
    this.tag = tag;
    this.digest = digest;
  }

  /**
   * A value for the `app.kubernetes.io/version` label: the tag, else the first
   * 12 hex digits of the digest.
   */
  public versionLabel(): string {
    if (this.tag) return this.tag.substring(0, 63);
    return `sha256-${this.digest!.replace(/^sha256:/, '').substring(0, 12)}`;
  }
}
