import { Severity } from '../../model';
import { POD_KINDS } from '../manifest-index';
import { containersOf, isTemplated } from '../pod-spec';
import { K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { imageVersionDoubt, unpinnedImageReason } from '../../../checklist/policy/image';

/**
 * K8S-PINNED-IMAGE: every container and init container image names one
 * release: an @sha256 digest, or a tag that carries a full version
 * (major.minor.patch: `1.27.3`, `v2.4.1-alpine`, `1.0.0-rc.1`), a build number
 * or date of four or more digits (`4711`, `20240115`, `nightly-2024-01-15`) or
 * a commit id (`main-3f2a9c1`). Fail: no tag, `latest`, a tag with no version
 * number (`stable`, `lts`, `main`, `edge`, `alpine`, `lts-alpine3.19`), a
 * major version only (`16`, `v2`, `20-bookworm-slim`). Unknown: major.minor
 * (`1.25`, `3.12-slim`: a release line re-tagged with each patch release for
 * most publishers, one release for some), a lone small number after a word
 * (`pr-12`) or a three-digit number (`457`: a CI build or a major line), a templated image (`{{ .Values.image }}`, `${IMAGE}`). A tag is
 * read as its publisher names it; whether the registry lets it be overwritten
 * is DEPLOY-IMMUTABLE-ARTIFACTS, not this item.
 */
export const K8sPinnedImage: K8sRule = {
  id: 'K8sPinnedImage',
  items: ['K8S-PINNED-IMAGE'],
  kinds: POD_KINDS,
  severity: Severity.HIGH,
  description: 'Every container image names one release: an @sha256 digest or a full version tag (major.minor.patch, a build, a commit); never latest, no tag, a channel (stable, lts, main) or a major version alone.',
  fix: 'Reference images as repo:1.4.2 (major.minor.patch) or repo@sha256:<digest> (WorkloadImage.fromTag / fromDigest).',
  check(obj, ctx) {
    const tpl = ctx.index.podTemplate(obj);
    if (!tpl) return undefined;
    const out: K8sVerdict[] = [];
    for (const c of containersOf(tpl, true)) {
      const image = c.container.image;
      const prop = `${c.path}.image`;
      if (typeof image !== 'string' || image === '') {
        out.push(k8sFail(prop, image, `container ${c.name} names no image`));
      } else if (isTemplated(image)) {
        out.push(k8sUnknown(prop, image, `container ${c.name}: the image is templated`));
      } else {
        const reason = unpinnedImageReason(image);
        const doubt = reason ? undefined : imageVersionDoubt(image);
        if (reason) out.push(k8sFail(prop, image, `container ${c.name}: ${reason}`));
        else if (doubt) out.push(k8sUnknown(prop, image, `container ${c.name}: ${doubt}`));
        else out.push(k8sPass(prop, image, `container ${c.name} runs a pinned image`));
      }
    }
    return out;
  },
};
