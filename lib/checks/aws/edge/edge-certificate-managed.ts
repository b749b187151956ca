import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { TemplateIndex, Val, V } from '../../template-index';
import { CERTIFICATE, DISTRIBUTION, worst } from '../../cfn/edge';
import { CLASSIC_LB, LISTENER, LISTENER_CERTIFICATE, listenerProtocol } from '../../cfn/load-balancers';
import { classicListeners } from './classic-lb';
import { API_DOMAIN, API_V2_DOMAIN } from './apigateway';
import { APPSYNC_DOMAIN } from './appsync';

/**
 * The verdict on one certificate ARN used by a listener, distribution or API domain: a reference to an
 * AWS::CertificateManager::Certificate of the run passes here (that resource is judged itself: DNS validation or a
 * private CA); an IAM server certificate fails. An ACM ARN written as text (a literal, a mapping entry, a Sub of
 * pseudo parameters) is unknown: ACM gives the same kind of ARN to a certificate imported into it, which it never
 * renews, and to one validated by e-mail, whose renewal waits for a person; only an Amazon-issued, DNS-validated
 * certificate renews by itself, and its ARN does not say which it is.
 */
function judgeArn(property: string, v: Val): Verdict {
  if (v.k === 'ref') {
    if (v.target.type === CERTIFICATE) return pass(property, v, `ACM certificate ${v.target.logicalId}`);
    return unknown(property, v, `certificate comes from ${v.target.type} ${v.target.logicalId}; cannot tell whether it is ACM-issued`);
  }
  if (v.k === 'unknown') return unknown(property, v, `certificate decided at deploy time (${v.why})`);
  if (v.k === 'absent') return fail(property, v, 'no certificate');
  const text = V.show(v);
  if (v.k === 'expr' && v.refs.some((r) => r.type === CERTIFICATE)) return pass(property, v, 'ACM certificate');
  if (text.includes(':iam:') && text.indexOf('server-certificate/', text.indexOf(':iam:')) !== -1) return fail(property, v, 'IAM server certificate: uploaded by hand and never renewed');
  if (/:acm:/.test(text)) {
    return unknown(property, v, `ACM certificate ${text} is not in this template: ACM renews it only if ACM issued it and it is validated by DNS (an imported certificate is never renewed, an e-mail-validated one waits for a person), and its ARN does not say which`);
  }
  return unknown(property, v, 'certificate ARN is neither ACM nor IAM');
}

/** The verdicts on a list of `{ CertificateArn }` entries. */
function certificatesOf(index: TemplateIndex, list: Val, base: string, field = 'CertificateArn'): Verdict[] {
  if (list.k === 'unknown') return [unknown(base, list, `certificates decided at deploy time (${list.why})`)];
  // No certificate at all is the HTTPS rules' finding (ElbHttpsListener, ApiGatewayDomainTls), not this one.
  const entries = index.items(list) ?? [];
  return worst(entries.map((c, i) => judgeArn(`${base}.${i}.${field}`, index.field(c, field))));
}

/**
 * EDGE-CERTIFICATE-MANAGED: TLS certificates are issued by ACM and validated by DNS.
 *
 * Decisions: an AWS::CertificateManager::Certificate passes when it is DNS-validated or issued by a private CA, and
 * fails without ValidationMethod (EMAIL) or with EMAIL. A listener, listener certificate, Classic Load Balancer,
 * distribution, API Gateway custom domain or AppSync custom domain (`AWS::AppSync::DomainName` CertificateArn)
 * passes on a reference to such a resource, fails on an IAM server certificate, and is unknown on an ACM
 * certificate ARN written as text (see `judgeArn`: imported and e-mail-validated certificates have ARNs of the same
 * form) or decided at deploy time. An AppSync API's own endpoint serves AWS's certificate (kinds.ts sets it aside).
 */
export const EdgeCertificateManaged: AwsRule = {
  id: 'EdgeCertificateManaged',
  items: ['EDGE-CERTIFICATE-MANAGED'],
  types: [CERTIFICATE, LISTENER, LISTENER_CERTIFICATE, CLASSIC_LB, DISTRIBUTION, API_DOMAIN, API_V2_DOMAIN, APPSYNC_DOMAIN],
  severity: Severity.MEDIUM,
  description: 'ACM certificates are DNS-validated (renewed without a person); listeners, distributions and API Gateway and AppSync custom domains use ACM certificates, not IAM server certificates.',
  fix: 'Use acm.Certificate with CertificateValidation.fromDns(hostedZone) and reference it from the listener, distribution or API domain name.',
  check(res, { index }) {
    switch (res.type) {
      case CERTIFICATE: {
        const ca = index.prop(res, 'CertificateAuthorityArn');
        if (ca.k !== 'absent') return pass('Properties.CertificateAuthorityArn', ca, 'private certificate issued and renewed by ACM Private CA');
        const method = index.prop(res, 'ValidationMethod');
        if (method.k === 'unknown') return unknown('Properties.ValidationMethod', method, `validation method decided at deploy time (${method.why})`);
        if (V.str(method) === 'DNS') return pass('Properties.ValidationMethod', method, 'DNS-validated: ACM renews it automatically');
        return fail('Properties.ValidationMethod', method, method.k === 'absent'
          ? 'no ValidationMethod: defaults to EMAIL validation, which needs a person to approve issuance and renewal'
          : `validated by ${V.show(method)}: renewal needs a person to approve it`);
      }
      case LISTENER: {
        const proto = listenerProtocol(index, res);
        if (proto !== 'HTTPS' && proto !== 'TLS') return undefined;
        return certificatesOf(index, index.prop(res, 'Certificates'), 'Properties.Certificates');
      }
      case LISTENER_CERTIFICATE:
        return certificatesOf(index, index.prop(res, 'Certificates'), 'Properties.Certificates');
      case API_DOMAIN: {
        const regional = index.prop(res, 'RegionalCertificateArn');
        if (regional.k !== 'absent') return judgeArn('Properties.RegionalCertificateArn', regional);
        return judgeArn('Properties.CertificateArn', index.prop(res, 'CertificateArn'));
      }
      case CLASSIC_LB:
        // A secure listener without a certificate is ClbHttpsListener's finding.
        return worst(classicListeners(index, res).filter((l) => (l.protocol === 'HTTPS' || l.protocol === 'SSL') && index.field(l.v, 'SSLCertificateId').k !== 'absent')
          .map((l) => judgeArn(`Properties.Listeners.${l.index}.SSLCertificateId`, index.field(l.v, 'SSLCertificateId'))));
      case API_V2_DOMAIN:
        return certificatesOf(index, index.prop(res, 'DomainNameConfigurations'), 'Properties.DomainNameConfigurations');
      case APPSYNC_DOMAIN:
        return judgeArn('Properties.CertificateArn', index.prop(res, 'CertificateArn'));
      default: {
        const vc = 'DistributionConfig.ViewerCertificate';
        const iam = index.prop(res, `${vc}.IamCertificateId`);
        if (iam.k !== 'absent') return fail(`Properties.${vc}.IamCertificateId`, iam, 'IAM server certificate: uploaded by hand and never renewed');
        const acm = index.prop(res, `${vc}.AcmCertificateArn`);
        if (acm.k === 'absent') return undefined; // the default *.cloudfront.net certificate
        return judgeArn(`Properties.${vc}.AcmCertificateArn`, acm);
      }
    }
  },
};
