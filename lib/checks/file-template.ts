/* eslint-disable @typescript-eslint/no-explicit-any */
import { InputError } from '../input/input-error';
import { DEFAULT_MAX_FILE_BYTES, readTextFile } from '../input/read-file';
import { TemplateInput } from './engine';

/** How a `FileTemplate` is made. @internal */
export interface FileTemplateOptions {
  readonly region?: string;
  readonly accountId?: string;
  /** The CloudFormation stack name, when it differs from the stack (a cloud assembly's `stackName`). */
  readonly stackName?: string;
  /** logical id → construct path. */
  readonly paths?: Map<string, string>;
  /** The file's text, already read and checked by the caller (the CLI's loader); read from the file otherwise. */
  readonly text?: string;
  /**
   * Called with the text and the template each time the template is parsed (`validate()` reads the SARIF
   * report's line numbers from the text then).
   */
  readonly onParse?: (text: string, template: any) => void;
  /** The caller checked the template's shape as it read it (see `TemplateInput.checked`). @default false */
  readonly checked?: boolean;
}

/** What to do about a stack template over the size limit at synth (the plugin has no option to raise it). */
const OVER_THE_LIMIT = 'CloudFormation deploys templates of up to 1 MB; check a larger one with cdk-golive check --max-file-size';

/**
 * A template read from a file (a stack of the cloud assembly the CDK hands to `validate()`, or that the CLI
 * reads), parsed when a rule first needs it. A template the engine can judge alone (see `mentions`) is released once judged, so a
 * run over many stacks holds one parsed template at a time: holding all of them made every young-generation
 * collection of the run copy them (about a quarter of a 100-stack run, measured), and a 1,000-stack run held
 * every template in memory.
 *
 * The text is read when the object is made, or given already read and checked (so an unreadable or malformed
 * file stops the run before any rule runs), and is kept until the template is released; a template read again
 * after its release (nothing in a run does so) is read from its file again.
 * @internal
 */
export class FileTemplate implements TemplateInput {
  /** logical id → construct path (given, or set by `validate()` when the app has acknowledgements). */
  public paths?: Map<string, string>;
  public readonly region?: string;
  public readonly accountId?: string;
  public readonly stackName?: string;
  public readonly checked?: boolean;
  private readonly onParse?: (text: string, template: any) => void;
  private text: string | undefined;
  private parsed: any;
  private isParsed = false;
  private escaped: boolean | undefined;
  private readonly found = new Map<string, boolean>();

  constructor(public readonly file: string, public readonly stack: string, options: FileTemplateOptions = {}) {
    this.region = options.region;
    this.accountId = options.accountId;
    this.stackName = options.stackName;
    this.paths = options.paths;
    this.onParse = options.onParse;
    this.checked = options.checked;
    this.text = options.text ?? readTextFile(file, DEFAULT_MAX_FILE_BYTES, OVER_THE_LIMIT);
  }

  public get template(): any {
    if (!this.isParsed) {
      const text = this.text ?? readTextFile(this.file, DEFAULT_MAX_FILE_BYTES, OVER_THE_LIMIT);
      try {
        this.parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch {
        throw new InputError(`${this.file}: malformed JSON`);
      }
      this.isParsed = true;
      this.onParse?.(text, this.parsed);
    }
    return this.parsed;
  }

  /**
   * Whether the text may contain `token`: false only when it surely does not. Text with a `\u` escape may
   * spell any key or value in escapes, so it may contain every token.
   */
  public mentions(token: string): boolean {
    const text = this.text;
    if (text === undefined) return true;
    // Each answer found once: a scan of a 14 MB text takes a few milliseconds, and the engine asks a token twice.
    this.escaped ??= text.includes('\\u');
    if (this.escaped) return true;
    let found = this.found.get(token);
    if (found === undefined) this.found.set(token, (found = text.includes(token)));
    return found;
  }

  /** Forget the parsed template and the text (the engine calls this once the template is judged). */
  public release(): void {
    this.parsed = undefined;
    this.isParsed = false;
    this.text = undefined;
  }
}
