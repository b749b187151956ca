/**
 * EdgeCertificateManaged read any expression that mentions a certificate of the template as that certificate: a
 * listener whose CertificateArn is `${Cert}-old` (a Sub or Join around the reference and other text) passed as
 * "ACM certificate", though such text is not the certificate's ARN (its Ref is the whole ARN): it names some other
 * certificate, or none. Now only an expression that is the reference alone passes; others are unknown, naming it.
 */
import { findingsOn } from './judged';

/** A DNS-validated certificate and an HTTPS listener whose certificate ARN is `arn`. */
const template = (arn: unknown) => ({
  Resources: {
    Cert: { Type: 'AWS::CertificateManager::Certificate', Properties: { DomainName: 'shop.example.com', ValidationMethod: 'DNS' } },
    Listener: {
      Type: 'AWS::ElasticLoadBalancingV2::Listener',
      Properties: {
        LoadBalancerArn: 'arn:aws:elasticloadbalancing:eu-west-1:111111111111:loadbalancer/app/shop/1234567890abcdef', Port: 443, Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: arn }], DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
      },
    },
  },
});
const judge = (arn: unknown) => findingsOn(template(arn), 'Listener', ['EdgeCertificateManaged']);

describe('EdgeCertificateManaged: expressions around a certificate reference', () => {
  test.each([[{ Ref: 'Cert' }], [{ 'Fn::Sub': '${Cert}' }], [{ 'Fn::Join': ['', [{ Ref: 'Cert' }, '']] }]])('the reference alone (%j): pass', (arn) => {
    expect(judge(arn)).toEqual([expect.stringMatching(/^EdgeCertificateManaged pass: ACM certificate/)]);
  });

  test.each([[{ 'Fn::Sub': '${Cert}-old' }], [{ 'Fn::Join': ['/', [{ Ref: 'Cert' }, 'v2']] }]])('the reference with other text (%j): unknown (was pass)', (arn) => {
    expect(judge(arn)).toEqual([expect.stringMatching(/^EdgeCertificateManaged unknown: .*built from certificate Cert's ARN and other text/)]);
  });
});
