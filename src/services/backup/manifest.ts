/**
 * The manifest every backup archive ends with: what was copied, from which database, and what the restored copy must
 * hold. Read back through this schema, so an archive from a later, unknown format is refused by name.
 */
import { z } from 'zod';

const sha256 = z.string().regex(/^[0-9a-f]{64}$/u);
const digest = z.object({ size: z.number().int().min(0), sha256 });

export const MANIFEST_VERSION = 1;

export const manifestSchema = z.object({
  format: z.literal('otway-backup'),
  version: z.literal(MANIFEST_VERSION),
  dialect: z.enum(['sqlite', 'postgres']),
  createdAt: z.string(),
  database: digest.extend({ entry: z.enum(['database.sqlite', 'database.dump']) }),
  /** Rows in each table, read in the same snapshot as the copy. */
  counts: z.record(z.string(), z.number().int().min(0)),
  /** Each audit chain's last event, in the same snapshot. */
  chainHeads: z.array(z.object({ chain: z.string(), lastId: z.number().int(), lastHash: z.string() })),
  /** Every file copied from the store, `folder/name`, with its size and SHA-256. */
  files: z.array(digest.extend({ path: z.string() })),
  /**
   * Files the database referred to at the snapshot that were deleted before they could be copied (an unsent draft's
   * upload, removed by its owner or by the purge, just after the snapshot); the restored rows still name them.
   */
  removedAfterSnapshot: z.array(z.string()),
});

export type Manifest = z.infer<typeof manifestSchema>;
