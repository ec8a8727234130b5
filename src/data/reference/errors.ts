/**
 * A reference file that cannot be imported. The whole file is refused; `line` (1-based, as an editor counts) names
 * the first bad row, or is null when the problem is the file as a whole.
 */
export class ReferenceFileError extends Error {
  override name = 'ReferenceFileError';
  constructor(
    readonly line: number | null,
    readonly problem: string,
  ) {
    super(line === null ? problem : `Line ${String(line)}: ${problem}`);
  }
}
