import { imageTag, imageVersionDoubt, isDigestPinned, parseImage, unpinnedImageReason } from '../../../lib/checklist/policy/image';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('image pinning', () => {
  test.each([
    ['ghcr.io/acme/web:1.4.2', undefined],
    [`ghcr.io/acme/web@${DIGEST}`, undefined],
    [`registry:5000/acme/web:1.4.2@${DIGEST}`, undefined],
    ['nginx', 'no tag: it resolves to latest'],
    ['registry:5000/acme/web', 'no tag: it resolves to latest'],
    ['nginx:latest', 'the latest tag moves'],
    ['nginx:LATEST', 'the latest tag moves'],
    ['nginx@sha256:abc', "digest 'sha256:abc' is not sha256: followed by 64 hex digits"],
    ['nginx:-bad', "tag '-bad' is not a valid tag"],
    ['not an image:1', 'not an image reference'],
  ] as [string, string | undefined][])('%s → %s', (ref, reason) => expect(unpinnedImageReason(ref)).toBe(reason));

  test('parts of a reference; a registry port is not a tag', () => {
    expect(parseImage('registry:5000/acme/web')).toEqual({ repository: 'registry:5000/acme/web', digest: undefined });
    expect(parseImage(`web:2@${DIGEST}`)).toEqual({ repository: 'web', tag: '2', digest: DIGEST });
    expect(imageTag('registry:5000/acme/web')).toBeUndefined();
    expect(imageTag('acme/web:')).toBeUndefined();
    expect(imageTag('123.dkr.ecr.eu-west-1.amazonaws.com/web:v3')).toBe('v3');
  });

  test('a tag of three digits reads as a build number, doubtful (was refused as a major version); one or two digits are a major version', () => {
    expect(unpinnedImageReason('ghcr.io/acme/web:457')).toBeUndefined();
    expect(imageVersionDoubt('ghcr.io/acme/web:457')).toMatch(/carries only the number 457/);
    expect(unpinnedImageReason('node:16')).toMatch(/only a major version/);
    expect(unpinnedImageReason('node:20-alpine')).toMatch(/only a major version/);
    expect(unpinnedImageReason('ghcr.io/acme/web:4571')).toBeUndefined();
    expect(imageVersionDoubt('ghcr.io/acme/web:4571')).toBeUndefined();
  });

  test('digest pins', () => {
    expect(isDigestPinned(`web@${DIGEST}`)).toBe(true);
    expect(isDigestPinned(`web@sha256:${'A'.repeat(64)}`)).toBe(false); // OCI: lower-case hex only
    expect(isDigestPinned('web:1.0')).toBe(false);
    expect(isDigestPinned('web@sha256:abc')).toBe(false);
  });
});
