import { K8sRule } from '../rule';
import { K8sGatewayHsts } from './gateway-hsts';
import { K8sGatewayHttpsRedirect } from './gateway-redirect';
import { K8sGatewayTls } from './gateway-tls';
import { K8sIngressCertManager } from './ingress-cert-manager';
import { K8sIngressHsts } from './ingress-hsts';
import { K8sIngressHttpsRedirect } from './ingress-redirect';
import { K8sIngressTls } from './ingress-tls';

/** Rules of the edge area. @internal */
export const EDGE_RULES: K8sRule[] = [
  K8sIngressTls,
  K8sIngressCertManager,
  K8sIngressHsts,
  K8sIngressHttpsRedirect,
  K8sGatewayTls,
  K8sGatewayHttpsRedirect,
  K8sGatewayHsts,
];
