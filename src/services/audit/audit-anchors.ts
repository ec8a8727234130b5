/**
 * Anchoring the audit chains outside the database. Every so often (a job) each chain's head is signed with the anchor
 * key (Ed25519; a file the database does not hold) and appended to the anchor file. Checking a chain then holds it
 * against every anchor whose signature is good: a chain rewritten by someone who could write to the database, with
 * every later hash recomputed, no longer has the anchored hash at the anchored row (docs/adr/0027).
 */
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { anchorLine, anchorText, parseAnchorLine, type SignedAnchor } from '../../domain/audit/anchor.js';
import type { AnchorFile } from '../../data/audit/anchor-file.js';
import { chainHeads } from '../../data/audit/audit.repository.js';
import type { Executor } from '../../data/executor.js';
import type { Clock } from '../shared/context.js';

/** What the anchor file says of one chain: the anchored hashes by row id, and the lines whose signature is bad. */
export interface ChainAnchors {
  hashes: Map<number, string>;
  /** The row ids named by lines that are not signed by the anchor key (or are not anchors at all: 0). */
  badSignatures: number[];
}

export function createAuditAnchors(deps: { db: Executor; clock: Clock; file: AnchorFile; privateKey: KeyObject }) {
  const { db, clock, file, privateKey } = deps;
  const publicKey = createPublicKey(privateKey);
  /** The head last anchored for each chain, so that a quiet chain is not anchored again and again. */
  let lastAnchored: Map<string, number> | null = null;

  function signatureIsGood(anchor: SignedAnchor): boolean {
    try {
      return verify(null, Buffer.from(anchorText(anchor)), publicKey, Buffer.from(anchor.signature, 'base64'));
    } catch {
      return false;
    }
  }

  /** Every chain's anchors, read from the file and checked against the key. */
  async function read(): Promise<Map<string, ChainAnchors>> {
    const byChain = new Map<string, ChainAnchors>();
    const of = (chain: string) => {
      let anchors = byChain.get(chain);
      if (anchors === undefined) {
        anchors = { hashes: new Map(), badSignatures: [] };
        byChain.set(chain, anchors);
      }
      return anchors;
    };
    const lines = await file.lines();
    lines.forEach((line, i) => {
      const anchor = parseAnchorLine(line);
      // A torn last line (a crash mid-write) is not a forgery; any other line that is not an anchor is.
      if (anchor === null) {
        if (i < lines.length - 1) of('*').badSignatures.push(0);
        return;
      }
      if (!signatureIsGood(anchor)) of(anchor.chain).badSignatures.push(anchor.lastId);
      else of(anchor.chain).hashes.set(anchor.lastId, anchor.lastHash);
    });
    return byChain;
  }

  /** Signs and appends the head of every chain that moved since it was last anchored. How many were anchored. */
  async function anchorHeads(): Promise<number> {
    if (lastAnchored === null) {
      lastAnchored = new Map();
      for (const [chain, anchors] of await read()) {
        const ids = [...anchors.hashes.keys()];
        if (ids.length > 0) lastAnchored.set(chain, Math.max(...ids));
      }
    }
    const anchoredAt = clock().toISOString();
    const moved = (await chainHeads(db)).filter((h) => lastAnchored?.get(h.chain) !== h.lastId);
    const lines = moved.map((head) => {
      const anchor = { chain: head.chain, lastId: head.lastId, lastHash: head.lastHash, anchoredAt };
      const signature = sign(null, Buffer.from(anchorText(anchor)), privateKey).toString('base64');
      return anchorLine({ ...anchor, signature });
    });
    await file.append(lines);
    for (const head of moved) lastAnchored.set(head.chain, head.lastId);
    return moved.length;
  }

  return { read, anchorHeads, path: file.path };
}

export type AuditAnchors = ReturnType<typeof createAuditAnchors>;
