/**
 * Standardised and functional assessments on a child's record (issue 14 item 4): one row per assessment recorded,
 * with the instrument, the date it was done, the scores the clinician entered, and the values Otway derived from them
 * (percentiles, zones, bands, results) with the one-line summary for the timeline. Only scores and classifications
 * are stored, never test content (no item wording, no publisher's tables).
 *
 * The derived values are worked out by the domain (`src/domain/record/assessments/`) when the assessment is saved and
 * stored beside the scores, so that a later change of a rule (a corrected table, a new cut-off) never silently alters
 * a result already recorded and acted upon; a correction derives them again from the corrected scores.
 *
 * A row carries a version, so that two clinicians correcting one assessment at once cannot both succeed on the same
 * reading of it. Dates are ISO dates and instants ISO 8601 UTC strings, as elsewhere.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('assessments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(63)', (c) => c.notNull().references('services.id'))
    .addColumn('child_id', 'varchar(36)', (c) => c.notNull().references('children.id'))
    // The episode of care it was recorded in, when there was one open.
    .addColumn('episode_id', 'varchar(36)', (c) => c.references('episodes.id'))
    // mabc2 | beery-vmi | sensory-profile-2 | dcdq07 | functional
    .addColumn('instrument', 'varchar(32)', (c) => c.notNull())
    .addColumn('assessed_on', 'varchar(10)', (c) => c.notNull())
    // The scores as entered (JSON): numbers, classifications and, for a functional assessment, the clinician's text.
    .addColumn('scores_json', 'text', (c) => c.notNull())
    // What was derived from them at save time (JSON), and the timeline's line: kept, never worked out again on reading.
    .addColumn('derived_json', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('recorded_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('recorded_at', 'varchar(30)', (c) => c.notNull())
    // Who made the latest correction, when there was one.
    .addColumn('updated_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  // A child's assessments, by date.
  await db.schema
    .createIndex('assessments_child_idx')
    .on('assessments')
    .columns(['service_id', 'child_id', 'assessed_on'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('assessments').execute();
}
