/**
 * The audit trail by subject: the subject access export (ADR 0030) reads every event that names one child's
 * referrals, letters and messages, and without this index that read would scan the whole trail. An index changes no
 * row, so the append-only rules and the hash chain are untouched.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('audit_subject_idx')
    .on('audit_events')
    .columns(['subject_type', 'subject_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_subject_idx').execute();
}
