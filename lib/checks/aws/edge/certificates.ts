import { CfnResource, TemplateIndex, Val } from '../../template-index';
import { DISTRIBUTION } from '../../cfn/edge';
import { CLASSIC_LB, LISTENER, LISTENER_CERTIFICATE, listenerProtocol } from '../../cfn/load-balancers';
import { classicListeners } from './classic-lb';
import { API_DOMAIN, API_V2_DOMAIN } from './apigateway';
import { APPSYNC_DOMAIN } from './appsync';

/** The types that serve TLS with a certificate they name (see `certificatesServed`). @internal */
export const CERTIFICATE_USERS = [LISTENER, LISTENER_CERTIFICATE, CLASSIC_LB, DISTRIBUTION, API_DOMAIN, API_V2_DOMAIN, APPSYNC_DOMAIN];

/** One certificate a resource serves TLS with: where it is written and its value. @internal */
export interface CertificateUse {
  readonly property: string;
  readonly v: Val;
  /** Why the list of certificates is decided at deploy time (`v` is that list). */
  readonly list?: string;
  /** A distribution's IAM server certificate (`IamCertificateId`). */
  readonly iam?: true;
}

/** The certificates of a list of `{ CertificateArn }` entries (one entry for a list decided at deploy time). */
function listed(index: TemplateIndex, list: Val, base: string, field = 'CertificateArn'): CertificateUse[] {
  if (list.k === 'unknown') return [{ property: base, v: list, list: list.why }];
  return (index.items(list) ?? []).map((c, i) => ({ property: `${base}.${i}.${field}`, v: index.field(c, field) }));
}

/**
 * The certificates a listener (HTTPS or TLS), listener certificate, Classic Load Balancer (its HTTPS and SSL
 * listeners that name one), distribution (its ACM or IAM certificate; none for the default *.cloudfront.net one), API
 * Gateway or AppSync custom domain serves TLS with; undefined for a resource that serves no TLS of its own (a plain
 * HTTP listener). Shared by EdgeCertificateManaged and AcmCertificateExpiryAlarm. Throws `Undecidable` when a Classic
 * Load Balancer's listeners are decided at deploy time.
 * @internal
 */
export function certificatesServed(index: TemplateIndex, res: CfnResource): CertificateUse[] | undefined {
  switch (res.type) {
    case LISTENER: {
      const proto = listenerProtocol(index, res);
      if (proto !== 'HTTPS' && proto !== 'TLS') return undefined;
      return listed(index, index.prop(res, 'Certificates'), 'Properties.Certificates');
    }
    case LISTENER_CERTIFICATE:
      return listed(index, index.prop(res, 'Certificates'), 'Properties.Certificates');
    case API_DOMAIN: {
      const regional = index.prop(res, 'RegionalCertificateArn');
      if (regional.k !== 'absent') return [{ property: 'Properties.RegionalCertificateArn', v: regional }];
      return [{ property: 'Properties.CertificateArn', v: index.prop(res, 'CertificateArn') }];
    }
    case CLASSIC_LB:
      return classicListeners(index, res).filter((l) => (l.protocol === 'HTTPS' || l.protocol === 'SSL') && index.field(l.v, 'SSLCertificateId').k !== 'absent')
        .map((l) => ({ property: `Properties.Listeners.${l.index}.SSLCertificateId`, v: index.field(l.v, 'SSLCertificateId') }));
    case API_V2_DOMAIN:
      return listed(index, index.prop(res, 'DomainNameConfigurations'), 'Properties.DomainNameConfigurations');
    case APPSYNC_DOMAIN:
      return [{ property: 'Properties.CertificateArn', v: index.prop(res, 'CertificateArn') }];
    case DISTRIBUTION: {
      const vc = 'DistributionConfig.ViewerCertificate';
      const iam = index.prop(res, `${vc}.IamCertificateId`);
      if (iam.k !== 'absent') return [{ property: `Properties.${vc}.IamCertificateId`, v: iam, iam: true }];
      const acm = index.prop(res, `${vc}.AcmCertificateArn`);
      return acm.k === 'absent' ? [] : [{ property: `Properties.${vc}.AcmCertificateArn`, v: acm }];
    }
    default:
      return undefined;
  }
}
