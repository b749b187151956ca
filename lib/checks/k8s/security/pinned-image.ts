import { Severity } from '../../model';
import { POD_KINDS } from '../manifest-index';
import { containersOf, isTemplated } from '../pod-spec';
import { K8sRule, K8sVerdict, k8sFail, k8sPass, k8sUnknown } from '../rule';
import { unpinnedImageReason } from '../../../checklist/policy/image';

/**
 * K8S-PINNED-IMAGE: every container and init container image names an explicit
 * version tag or an @sha256 digest; no tag and `latest` fail. A templated image
 * (`{{ .Values.image }}`, `${IMAGE}`) is unknown.
 */
export const K8sPinnedImage: K8sRule = {
  id: 'K8sPinnedImage',
  items: ['K8S-PINNED-IMAGE'],
  kinds: POD_KINDS,
  severity: Severity.HIGH,
  description: 'Every container image is pinned to an explicit version tag or an @sha256 digest (never latest or no tag).',
  fix: 'Reference images as repo:1.4.2 or repo@sha256:<digest> (WorkloadImage.fromTag / fromDigest).',
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
        out.push(reason ? k8sFail(prop, image, `container ${c.name}: ${reason}`) : k8sPass(prop, image, `container ${c.name} runs a pinned image`));
      }
    }
    return out;
  },
};
