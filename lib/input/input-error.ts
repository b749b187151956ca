/**
 * Reading untrusted input (templates, manifests, cloud assembly manifests, the
 * attestations file): the error type every bad input raises, and how a file name
 * or a key from the input is shown in its one-line message. A leaf module: both
 * `checks/` and `checklist/` import it.
 * @internal
 */

/** Bad input: the CLI prints the message as one line and exits 2. @internal */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/**
 * A name taken from the input (a file name, a key, a manifest value) fit for a
 * one-line message: control and line-separator characters become `?`, and a
 * long name is cut.
 * @internal
 */
export function shown(text: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const clean = String(text).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
  return clean.length > max ? clean.slice(0, max - 1) + '\u2026' : clean;
}
