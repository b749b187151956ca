/* eslint-disable @typescript-eslint/no-explicit-any */
import { Severity } from '../../model';
import { AwsRule, Verdict, fail, pass, unknown } from '../../rule';
import { TemplateIndex, Val, V } from '../../template-index';
import { CERTIFICATE, DISTRIBUTION, LISTENER, LISTENER_CERTIFICATE, listenerProtocol, worst } from './util';

/** The verdict on one certificate ARN used by a listener or distribution. */
function judgeArn(property: string, v: Val): Verdict {
  if (v.k === 'ref') {
    if (v.target.type === CERTIFICATE) return pass(property, v, `ACM certificate ${v.target.logicalId}`);
    return unknown(property, v, `certificate comes from ${v.target.type} ${v.target.logicalId}; cannot tell whether it is ACM-issued`);
  }
  if (v.k === 'unknown') return unknown(property, v, `certificate decided at deploy time (${v.why})`);
  if (v.k === 'absent') return fail(property, v, 'no certificate');
  const text = V.show(v);
  if (/:acm:/.test(text)) return pass(property, v, 'ACM certificate (renewed by ACM)');
  if (text.includes(':iam:') && text.indexOf('server-certificate/', text.indexOf(':iam:')) !== -1) return fail(property, v, 'IAM server certificate: uploaded by hand and never renewed');
  if (v.k === 'expr' && v.refs.some((r) => r.type === CERTIFICATE)) return pass(property, v, 'ACM certificate');
  return unknown(property, v, 'certificate ARN is neither ACM nor IAM');
}

function certificatesOf(index: TemplateIndex, list: Val, base: string): Verdict[] {
  if (list.k === 'unknown') return [unknown(base, list, `certificates decided at deploy time (${list.why})`)];
  return worst((V.list(list) ?? []).map((c: any, i: number) => judgeArn(`${base}.${i}.CertificateArn`, index.at(c, 'CertificateArn'))));
}

/** EDGE-CERTIFICATE-MANAGED: TLS certificates are issued by ACM and validated by DNS. */
export const EdgeCertificateManaged: AwsRule = {
  id: 'EdgeCertificateManaged',
  items: ['EDGE-CERTIFICATE-MANAGED'],
  types: [CERTIFICATE, LISTENER, LISTENER_CERTIFICATE, DISTRIBUTION],
  severity: Severity.MEDIUM,
  description: 'ACM certificates are DNS-validated (renewed without a person); listeners and distributions use ACM certificates, not IAM server certificates.',
  fix: 'Use acm.Certificate with CertificateValidation.fromDns(hostedZone) and reference it from the listener or distribution.',
  fsbp: ['ACM.1'],
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
