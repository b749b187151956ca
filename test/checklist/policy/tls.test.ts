import { CLASSIC_PROTOCOLS_BELOW_TLS12, isApiGatewayTls12Policy, isCloudFrontModernTls, isElbTls12Policy, weakDbTlsVersions } from '../../../lib/checklist/policy/tls';

describe('TLS policy lists', () => {
  test.each([
    ['ELBSecurityPolicy-TLS13-1-2-2021-06', true], ['ELBSecurityPolicy-TLS13-1-3-2021-06', true], ['ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04', true],
    ['ELBSecurityPolicy-FS-1-2-Res-2020-10', true], ['ELBSecurityPolicy-TLS-1-2-2017-01', true],
    ['ELBSecurityPolicy-2016-08', false], ['ELBSecurityPolicy-TLS-1-1-2017-01', false], ['ELBSecurityPolicy-FS-2018-06', false], ['ELBSecurityPolicy-TLS13-1-0-2021-06', false],
  ] as [string, boolean][])('ELB %s → TLS 1.2+ %s', (name, ok) => expect(isElbTls12Policy(name)).toBe(ok));

  test.each([
    ['TLSv1.2_2021', true], ['TLSv1.2_2025', true], ['TLSv1.3_2025', true], ['TLSv1.2_2019', false], ['TLSv1', false], ['TLSv1_2016', false], ['', false],
  ] as [string, boolean][])('CloudFront %s → modern %s', (name, ok) => expect(isCloudFrontModernTls(name)).toBe(ok));

  test.each([
    ['TLS_1_2', true], ['SecurityPolicy_TLS13_1_3_2025_09', true], ['SecurityPolicy_TLS13_2025_EDGE', true], ['SecurityPolicy_TLS12_PFS_2025_EDGE', true],
    ['TLS_1_0', false], ['SecurityPolicy_TLS13_1_0_2025', false],
  ] as [string, boolean][])('API Gateway %s → TLS 1.2+ %s', (name, ok) => expect(isApiGatewayTls12Policy(name)).toBe(ok));

  test.each([
    ['TLSv1', ['TLSv1']], ['TLSv1.1', ['TLSv1.1']], ['TLSv1.2', []], ['TLSv1.3', []], ['TLSv1,TLSv1.2', ['TLSv1']], ['TLSv1.2, TLSv1.3', []], ['tlsv1.0', ['tlsv1.0']],
  ] as [string, string[]][])('database TLS setting %s lets in %j', (value, weak) => expect(weakDbTlsVersions(value)).toEqual(weak));

  test('Classic LB protocols below TLS 1.2', () => {
    expect(CLASSIC_PROTOCOLS_BELOW_TLS12).toEqual(['Protocol-SSLv2', 'Protocol-SSLv3', 'Protocol-TLSv1', 'Protocol-TLSv1.1']);
  });
});
