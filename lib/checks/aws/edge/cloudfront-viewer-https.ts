import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { V } from '../../template-index';
import { DISTRIBUTION, behaviorPath, judgedCacheBehaviors } from '../../cfn/edge';
import { isCloudFrontModernTls } from '../../../checklist/policy/tls';

/**
 * EDGE-HTTPS-LISTENER, EDGE-HTTPS-REDIRECT and EDGE-CDN on a distribution: viewers reach it over HTTPS only (every
 * cache behavior redirects plain HTTP or refuses it), with a TLS 1.2+ security policy and the app's certificate.
 *
 * Decisions: `allow-all` on any behavior serves the app over plain HTTP and fails. A custom certificate (ACM, or
 * IAM) needs `MinimumProtocolVersion` TLSv1.2_2021 or newer (CloudFront's default for one is TLSv1). The default
 * `*.cloudfront.net` certificate fails: CloudFront accepts TLSv1 on it, and no setting changes that. A certificate
 * decided at deploy time (a parameter, an import) with a `MinimumProtocolVersion` older than TLSv1.2_2021 (or none)
 * fails whatever the certificate turns out to be; with a modern one (or one decided at deploy time) it is unknown.
 * A viewer protocol decided at deploy time is unknown; a condition or `AllowedValues` parameter is judged in each
 * of its combinations.
 */
export const CloudFrontViewerHttps: AwsRule = {
  id: 'CloudFrontViewerHttps',
  items: ['EDGE-HTTPS-LISTENER', 'EDGE-HTTPS-REDIRECT', 'EDGE-CDN'],
  types: [DISTRIBUTION],
  severity: Severity.HIGH,
  description: 'Every CloudFront cache behavior redirects viewers to HTTPS or requires it; the distribution serves its own certificate with TLSv1.2_2021 or newer (the default *.cloudfront.net certificate accepts TLSv1).',
  fix: 'Set viewerProtocolPolicy REDIRECT_TO_HTTPS on every behavior, and give the distribution domainNames with an ACM certificate (us-east-1) and minimumProtocolVersion TLS_V1_2_2021.',
  check(res, { index }) {
    const out: Verdict[] = [];
    const behaviors = judgedCacheBehaviors(index, res);
    for (const b of behaviors) {
      const p = `${behaviorPath(b.name)}.ViewerProtocolPolicy`;
      const vpp = index.field(b.v, 'ViewerProtocolPolicy');
      if (vpp.k === 'unknown') out.push(unknown(p, vpp, `${b.name}: viewer protocol decided at deploy time`));
      else if (V.str(vpp) !== 'redirect-to-https' && V.str(vpp) !== 'https-only') out.push(fail(p, vpp, `${b.name} serves viewers over plain HTTP (${V.show(vpp)})`));
    }
    const vc = 'DistributionConfig.ViewerCertificate';
    const acm = index.prop(res, `${vc}.AcmCertificateArn`);
    const iam = index.prop(res, `${vc}.IamCertificateId`);
    const min = index.prop(res, `${vc}.MinimumProtocolVersion`);
    const minPath = `Properties.${vc}.MinimumProtocolVersion`;
    const oldPolicy = (why: string) => min.k === 'absent'
      ? `no MinimumProtocolVersion: CloudFront defaults to TLSv1 for custom certificates${why}`
      : `viewer security policy ${V.show(min)} is older than TLSv1.2_2021${why}`;
    if (acm.k === 'unknown' || iam.k === 'unknown') {
      // Whatever the certificate: a custom one is held to MinimumProtocolVersion, the default one accepts TLSv1.
      const cert = acm.k === 'unknown' ? acm : iam;
      if (min.k !== 'unknown' && !isCloudFrontModernTls(V.str(min) ?? '')) {
        out.push(fail(minPath, min, oldPolicy(`, whatever the certificate decided at deploy time (${cert.k === 'unknown' ? cert.why : ''}): a custom one is held to this policy, the default *.cloudfront.net one accepts TLSv1 too`)));
      } else out.push(unknown(`Properties.${vc}`, cert, 'viewer certificate decided at deploy time'));
    } else if (acm.k === 'absent' && iam.k === 'absent') {
      out.push(fail(`Properties.${vc}`, index.prop(res, `${vc}.CloudFrontDefaultCertificate`), 'the default *.cloudfront.net certificate: CloudFront accepts TLSv1 on it'));
    } else {
      if (min.k === 'unknown') out.push(unknown(minPath, min, 'minimum TLS version decided at deploy time'));
      else if (!isCloudFrontModernTls(V.str(min) ?? '')) out.push(fail(minPath, min, oldPolicy('')));
    }
    if (out.length > 0) return out;
    return pass('Properties.DistributionConfig', `${behaviors.length} behavior(s)`, `${behaviors.length} cache behavior(s) HTTPS only; own certificate, ${V.show(index.prop(res, `${vc}.MinimumProtocolVersion`))}`);
  },
};
