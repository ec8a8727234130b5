/**
 * What checking one audit chain found: how many rows were checked, how many anchors they were held against, and the
 * first row that does not match, if any, with why.
 */
export interface ChainCheck {
  chain: string;
  checked: number;
  /** The anchors (signed chain heads kept outside the database) the chain was held against. */
  anchorsChecked: number;
  /** The first row whose hash or link does not match, or that an anchor says should hold another hash, if any. */
  brokenAtId: number | null;
  brokenBecause: ChainBreak | null;
}

/**
 * - `hash`: a row's hash is not the hash of its fields, or its link is not the row before's hash;
 * - `head`: the chain's head points past the last row (rows removed from the end);
 * - `anchor`: an anchored row holds another hash, or is gone: the chain was rewritten and its hashes recomputed;
 * - `anchor-signature`: a line of the anchor file is not signed by the anchor key.
 */
export type ChainBreak = 'hash' | 'head' | 'anchor' | 'anchor-signature';

export const CHAIN_BREAK_TEXT: Record<ChainBreak, string> = {
  hash: 'an event does not match its hash or the event before it',
  head: 'events are missing from the end of the trail',
  anchor: 'an event does not match the record of the trail kept outside the database: it was rewritten',
  'anchor-signature': 'a record kept outside the database is not signed by Otway’s anchor key',
};
