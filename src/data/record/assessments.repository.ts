/**
 * Standardised and functional assessments on a child's record (issue 14 item 4), one service's each. A row keeps the
 * scores as entered and the values derived from them at save time (JSON text); a correction moves it on only from the
 * version it was read at (compare and set), so that a correction made over someone else's changes nothing.
 */
import type { Executor } from '../executor.js';

export interface AssessmentRow {
  id: string;
  childId: string;
  episodeId: string | null;
  instrument: string;
  assessedOn: string;
  /** The scores as entered, parsed from their JSON. */
  scores: unknown;
  /** The values derived at save time, parsed from their JSON. */
  derived: unknown;
  summary: string;
  recordedBy: string;
  recordedByName: string;
  recordedAt: string;
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: string;
  version: number;
}

export interface NewAssessment {
  id: string;
  serviceId: string;
  childId: string;
  episodeId: string | null;
  instrument: string;
  assessedOn: string;
  scores: unknown;
  derived: unknown;
  summary: string;
  recordedBy: string;
}

export interface AssessmentChange {
  assessedOn: string;
  scores: unknown;
  derived: unknown;
  summary: string;
  updatedBy: string;
}

/** The child of the service a record page names, with what an assessment needs of them; undefined for none. */
export interface AssessedChild {
  childId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

export async function findAssessedChild(
  db: Executor,
  serviceId: string,
  childId: string,
): Promise<AssessedChild | undefined> {
  return db
    .selectFrom('children')
    .select(['id as childId', 'given_name as givenName', 'family_name as familyName', 'date_of_birth as dateOfBirth'])
    .where('service_id', '=', serviceId)
    .where('id', '=', childId)
    .executeTakeFirst();
}

/** The child's open episode of care (the latest accepted, were there two), or undefined when none is open. */
export async function openEpisodeOf(db: Executor, serviceId: string, childId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('episodes')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('child_id', '=', childId)
    .where('status', '=', 'open')
    .orderBy('accepted_at', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  return row?.id;
}

export async function insertAssessment(db: Executor, a: NewAssessment, now: string): Promise<void> {
  await db
    .insertInto('assessments')
    .values({
      id: a.id,
      service_id: a.serviceId,
      child_id: a.childId,
      episode_id: a.episodeId,
      instrument: a.instrument,
      assessed_on: a.assessedOn,
      scores_json: JSON.stringify(a.scores),
      derived_json: JSON.stringify(a.derived),
      summary: a.summary,
      recorded_by: a.recordedBy,
      recorded_at: now,
      updated_by: null,
      updated_at: now,
      version: 1,
    })
    .execute();
}

function assessmentsQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('assessments as a')
    .innerJoin('users as r', 'r.id', 'a.recorded_by')
    .leftJoin('users as u', 'u.id', 'a.updated_by')
    .select([
      'a.id',
      'a.child_id',
      'a.episode_id',
      'a.instrument',
      'a.assessed_on',
      'a.scores_json',
      'a.derived_json',
      'a.summary',
      'a.recorded_by',
      'r.display_name as recorded_by_name',
      'a.recorded_at',
      'a.updated_by',
      'u.display_name as updated_by_name',
      'a.updated_at',
      'a.version',
    ])
    .where('a.service_id', '=', serviceId);
}

type AssessmentQueryRow = Awaited<ReturnType<ReturnType<typeof assessmentsQuery>['executeTakeFirstOrThrow']>>;

const toAssessment = (r: AssessmentQueryRow): AssessmentRow => ({
  id: r.id,
  childId: r.child_id,
  episodeId: r.episode_id,
  instrument: r.instrument,
  assessedOn: r.assessed_on,
  scores: JSON.parse(r.scores_json) as unknown,
  derived: JSON.parse(r.derived_json) as unknown,
  summary: r.summary,
  recordedBy: r.recorded_by,
  recordedByName: r.recorded_by_name,
  recordedAt: r.recorded_at,
  updatedBy: r.updated_by,
  updatedByName: r.updated_by_name,
  updatedAt: r.updated_at,
  version: r.version,
});

/** One assessment of the service; undefined for another service's or none. */
export async function findAssessment(
  db: Executor,
  serviceId: string,
  assessmentId: string,
): Promise<AssessmentRow | undefined> {
  const row = await assessmentsQuery(db, serviceId).where('a.id', '=', assessmentId).executeTakeFirst();
  return row === undefined ? undefined : toAssessment(row);
}

/** A child's assessments, the most recent first (by the date done, then the order recorded); at most `limit`. */
export async function assessmentsOfChild(
  db: Executor,
  serviceId: string,
  childId: string,
  limit?: number,
): Promise<AssessmentRow[]> {
  let query = assessmentsQuery(db, serviceId)
    .where('a.child_id', '=', childId)
    .orderBy('a.assessed_on', 'desc')
    .orderBy('a.recorded_at', 'desc')
    .orderBy('a.id');
  if (limit !== undefined) query = query.limit(limit);
  const rows = await query.execute();
  return rows.map(toAssessment);
}

/** Corrects an assessment at the version read; false when someone changed it first (nothing is changed). */
export async function correctAssessment(
  db: Executor,
  serviceId: string,
  assessmentId: string,
  expectedVersion: number,
  change: AssessmentChange,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('assessments')
    .set({
      assessed_on: change.assessedOn,
      scores_json: JSON.stringify(change.scores),
      derived_json: JSON.stringify(change.derived),
      summary: change.summary,
      updated_by: change.updatedBy,
      updated_at: now,
      version: expectedVersion + 1,
    })
    .where('service_id', '=', serviceId)
    .where('id', '=', assessmentId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
