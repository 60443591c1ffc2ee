/**
 * File access confined to the project root (SPEC §7: paths given by clients
 * stay inside the root). Storage implements it; services that read or write
 * project files (report, export, legacy import) receive it through
 * `ServiceEnv.files`.
 */
export interface ProjectFiles {
  /** Absolute project root. */
  readonly root: string;
  /**
   * Resolves a client-given path (relative to the root, or absolute) and
   * throws `ValidationError` when it escapes the root (`..`, symlinks).
   */
  resolve(path: string): string;
  exists(path: string): Promise<boolean>;
  /**
   * The file as UTF-8 text, without a leading byte order mark. Bytes that are
   * not UTF-8 are a `ValidationError` naming the file and the first bad
   * byte's offset and line, never U+FFFD.
   */
  readText(path: string): Promise<string>;
  /** Atomic: written to a temp file beside the target, then renamed over it. */
  writeTextAtomic(path: string, content: string): Promise<void>;
}
