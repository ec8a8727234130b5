/**
 * An anchor: where one audit chain's head stood at a moment, written outside the database and signed with a key the
 * database does not hold. Whoever can write to the database can rewrite a chain and recompute every hash after the
 * change, but cannot make the row an anchor names carry the hash the anchor recorded: the rewrite shows.
 * Pure: the text that is signed, and a line of the anchor file read back.
 */
import { z } from 'zod';

export interface AuditAnchor {
  chain: string;
  /** The id of the chain's last row when the anchor was taken. */
  lastId: number;
  lastHash: string;
  anchoredAt: string;
}

/** An anchor with its signature (Ed25519, base64), one line of the anchor file as JSON. */
export interface SignedAnchor extends AuditAnchor {
  signature: string;
}

/** The exact text that is signed: versioned, one field a line, so that no two anchors share a text. */
export function anchorText(anchor: AuditAnchor): string {
  return ['otway-audit-anchor/1', anchor.chain, String(anchor.lastId), anchor.lastHash, anchor.anchoredAt].join('\n');
}

const lineSchema = z.strictObject({
  chain: z.string().min(1).max(63),
  lastId: z.number().int().min(1),
  lastHash: z.string().regex(/^[0-9a-f]{64}$/u),
  anchoredAt: z.iso.datetime(),
  signature: z.string().min(1).max(200),
});

export function anchorLine(anchor: SignedAnchor): string {
  const { chain, lastId, lastHash, anchoredAt, signature } = anchor;
  return JSON.stringify({ chain, lastId, lastHash, anchoredAt, signature });
}

/** A line of the anchor file as an anchor, or null when it is not one (a torn last line, an edit by hand). */
export function parseAnchorLine(line: string): SignedAnchor | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = lineSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
