/** What checking one audit chain found: how many rows were checked, and the first that does not match, if any. */
export interface ChainCheck {
  chain: string;
  checked: number;
  /** The first row whose hash or link does not match, if any. */
  brokenAtId: number | null;
}
