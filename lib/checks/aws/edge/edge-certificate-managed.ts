import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { markedRef, subPieces, Val, V } from '../../template-index';
import { CERTIFICATE, worst } from '../../cfn/edge';
import { CERTIFICATE_USERS, certificatesServed } from './certificates';

/**
 * The verdict on one certificate ARN used by a listener, distribution or API domain: a reference to an
 * AWS::CertificateManager::Certificate of the run passes here (that resource is judged itself: DNS validation or a
 * private CA); an IAM server certificate fails. An ACM ARN written as text (a literal, a mapping entry, a Sub of
 * pseudo parameters) is unknown: ACM gives the same kind of ARN to a certificate imported into it, which it never
 * renews, and to one validated by e-mail, whose renewal waits for a person; only an Amazon-issued, DNS-validated
 * certificate renews by itself, and its ARN does not say which it is. An expression that is a certificate's reference
 * alone passes as the reference; one around it with other text (`${Cert}-old`) is not its ARN: unknown.
 */
function judgeArn(property: string, v: Val): Verdict {
  if (v.k === 'ref') {
    if (v.target.type === CERTIFICATE) return pass(property, v, `ACM certificate ${v.target.logicalId}`);
    return unknown(property, v, `certificate comes from ${v.target.type} ${v.target.logicalId}; cannot tell whether it is ACM-issued`);
  }
  if (v.k === 'unknown') return unknown(property, v, `certificate decided at deploy time (${v.why})`);
  if (v.k === 'absent') return fail(property, v, 'no certificate');
  const text = V.show(v);
  if (v.k === 'expr' && v.refs.some((r) => r.type === CERTIFICATE)) {
    // A certificate's Ref is its whole ARN: only the reference alone (`${Cert}`, a Join of it and nothing) is that ARN.
    const pieces = subPieces(v.text);
    const only = pieces.length === 1 && pieces[0].name !== undefined ? markedRef(pieces[0].name) : undefined;
    const cert = v.refs.find((r) => r.type === CERTIFICATE)!;
    if (only === cert.logicalId) return pass(property, v, `ACM certificate ${cert.logicalId}`);
    return unknown(property, v, `the certificate ARN ${text} is built from certificate ${cert.logicalId}'s ARN and other text: it is not that certificate's ARN, and which certificate it names cannot be told`);
  }
  if (text.includes(':iam:') && text.indexOf('server-certificate/', text.indexOf(':iam:')) !== -1) return fail(property, v, 'IAM server certificate: uploaded by hand and never renewed');
  if (/:acm:/.test(text)) {
    return unknown(property, v, `ACM certificate ${text} is not in this template: ACM renews it only if ACM issued it and it is validated by DNS (an imported certificate is never renewed, an e-mail-validated one waits for a person), and its ARN does not say which`);
  }
  return unknown(property, v, 'certificate ARN is neither ACM nor IAM');
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
  types: [CERTIFICATE, ...CERTIFICATE_USERS],
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
      default: {
        // No certificate at all is the HTTPS rules' finding (ElbHttpsListener, ApiGatewayDomainTls), not this one.
        const uses = certificatesServed(index, res);
        if (!uses) return undefined;
        return worst(uses.map((u) => {
          if (u.list) return unknown(u.property, u.v, `certificates decided at deploy time (${u.list})`);
          if (u.iam) return fail(u.property, u.v, 'IAM server certificate: uploaded by hand and never renewed');
          return judgeArn(u.property, u.v);
        }));
      }
    }
  },
};
