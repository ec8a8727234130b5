/**
 * Equipment issued to children and what was recorded against it (docs/adr/0044), one service's each. An issue keeps
 * the catalogue entry as it was on the day; its `status` and `review_on` are where it stands after its events, moved
 * on with its version, so that a change made over someone else's (a stale version) changes nothing.
 */
import type { Executor } from '../executor.js';

export interface IssueRow {
  id: string;
  childId: string;
  episodeId: string | null;
  itemCode: string;
  itemName: string;
  itemSupplier: string;
  ageMinMonths: number | null;
  ageMaxMonths: number | null;
  reviewEveryMonths: number;
  sizeLabel: string | null;
  terms: string;
  issuedOn: string;
  fittedByUserId: string;
  fittedByName: string;
  firstReviewOn: string;
  reviewOn: string | null;
  status: string;
  notes: string | null;
  version: number;
  child: { givenName: string; familyName: string; dateOfBirth: string };
}

export interface EventRow {
  id: string;
  issueId: string;
  kind: string;
  on: string;
  byUserId: string;
  byName: string;
  outcome: string | null;
  notes: string | null;
  nextReviewOn: string | null;
  /** The issue's version it was recorded on: the order of one day's events. */
  issueVersion: number;
  createdAt: string;
}

export interface NewIssue {
  id: string;
  serviceId: string;
  childId: string;
  episodeId: string | null;
  itemCode: string;
  itemName: string;
  itemSupplier: string;
  ageMinMonths: number | null;
  ageMaxMonths: number | null;
  reviewEveryMonths: number;
  sizeLabel: string | null;
  terms: string;
  issuedOn: string;
  fittedByUserId: string;
  reviewOn: string;
  notes: string | null;
  createdBy: string;
}

export interface NewEvent {
  id: string;
  serviceId: string;
  issueId: string;
  kind: string;
  on: string;
  byUserId: string;
  outcome: string | null;
  notes: string | null;
  nextReviewOn: string | null;
  /** The issue's version it is recorded on. */
  issueVersion: number;
}

/** The child an episode of the service is for; undefined for another service's episode or none. */
export interface EpisodeChild {
  episodeId: string;
  childId: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
}

export async function findEpisodeChild(
  db: Executor,
  serviceId: string,
  episodeId: string,
): Promise<EpisodeChild | undefined> {
  return db
    .selectFrom('episodes as e')
    .innerJoin('children as c', 'c.id', 'e.child_id')
    .select([
      'e.id as episodeId',
      'c.id as childId',
      'c.given_name as givenName',
      'c.family_name as familyName',
      'c.date_of_birth as dateOfBirth',
    ])
    .where('e.service_id', '=', serviceId)
    .where('e.id', '=', episodeId)
    .executeTakeFirst();
}

/** The service's active staff who may fit equipment (clinicians and triage clinicians), by name. */
export async function fittersOf(db: Executor, serviceId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select(['users.id as id', 'users.display_name as name'])
    .distinct()
    .where('user_roles.service_id', '=', serviceId)
    .where('user_roles.role', 'in', ['clinician', 'triage-clinician'])
    .where('users.status', '=', 'active')
    .orderBy('users.display_name')
    .orderBy('users.id')
    .execute();
}

export async function insertIssue(db: Executor, issue: NewIssue, now: string): Promise<void> {
  await db
    .insertInto('equipment_issues')
    .values({
      id: issue.id,
      service_id: issue.serviceId,
      child_id: issue.childId,
      episode_id: issue.episodeId,
      item_code: issue.itemCode,
      item_name: issue.itemName,
      item_supplier: issue.itemSupplier,
      item_age_min_months: issue.ageMinMonths,
      item_age_max_months: issue.ageMaxMonths,
      item_review_every_months: issue.reviewEveryMonths,
      size_label: issue.sizeLabel,
      loan_or_keep: issue.terms,
      issued_on: issue.issuedOn,
      fitted_by_user_id: issue.fittedByUserId,
      first_review_on: issue.reviewOn,
      review_on: issue.reviewOn,
      status: 'in-use',
      notes: issue.notes,
      created_by: issue.createdBy,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .execute();
}

function issuesQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('equipment_issues as i')
    .innerJoin('children as c', 'c.id', 'i.child_id')
    .innerJoin('users as u', 'u.id', 'i.fitted_by_user_id')
    .select([
      'i.id',
      'i.child_id',
      'i.episode_id',
      'i.item_code',
      'i.item_name',
      'i.item_supplier',
      'i.item_age_min_months',
      'i.item_age_max_months',
      'i.item_review_every_months',
      'i.size_label',
      'i.loan_or_keep',
      'i.issued_on',
      'i.fitted_by_user_id',
      'u.display_name as fitted_by_name',
      'i.first_review_on',
      'i.review_on',
      'i.status',
      'i.notes',
      'i.version',
      'c.given_name',
      'c.family_name',
      'c.date_of_birth',
    ])
    .where('i.service_id', '=', serviceId);
}

type IssueQueryRow = Awaited<ReturnType<ReturnType<typeof issuesQuery>['executeTakeFirstOrThrow']>>;

const toIssue = (r: IssueQueryRow): IssueRow => ({
  id: r.id,
  childId: r.child_id,
  episodeId: r.episode_id,
  itemCode: r.item_code,
  itemName: r.item_name,
  itemSupplier: r.item_supplier,
  ageMinMonths: r.item_age_min_months,
  ageMaxMonths: r.item_age_max_months,
  reviewEveryMonths: r.item_review_every_months,
  sizeLabel: r.size_label,
  terms: r.loan_or_keep,
  issuedOn: r.issued_on,
  fittedByUserId: r.fitted_by_user_id,
  fittedByName: r.fitted_by_name,
  firstReviewOn: r.first_review_on,
  reviewOn: r.review_on,
  status: r.status,
  notes: r.notes,
  version: r.version,
  child: { givenName: r.given_name, familyName: r.family_name, dateOfBirth: r.date_of_birth },
});

export async function findIssue(db: Executor, serviceId: string, issueId: string): Promise<IssueRow | undefined> {
  const row = await issuesQuery(db, serviceId).where('i.id', '=', issueId).executeTakeFirst();
  return row === undefined ? undefined : toIssue(row);
}

/** A child's equipment, the most recently issued first. */
export async function issuesOfChild(db: Executor, serviceId: string, childId: string): Promise<IssueRow[]> {
  const rows = await issuesQuery(db, serviceId)
    .where('i.child_id', '=', childId)
    .orderBy('i.issued_on', 'desc')
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id')
    .execute();
  return rows.map(toIssue);
}

/** The service's items still with a child (in use, or a loan awaiting return): what the dashboard counts. */
export async function openIssues(db: Executor, serviceId: string): Promise<IssueRow[]> {
  const rows = await issuesQuery(db, serviceId)
    .where('i.status', 'in', ['in-use', 'awaiting-return'])
    .orderBy('i.review_on')
    .orderBy('i.id')
    .execute();
  return rows.map(toIssue);
}

function eventsQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('equipment_events as e')
    .innerJoin('users as u', 'u.id', 'e.by_user_id')
    .select([
      'e.id',
      'e.issue_id',
      'e.kind',
      'e.on_date',
      'e.by_user_id',
      'u.display_name as by_name',
      'e.outcome',
      'e.notes',
      'e.next_review_on',
      'e.issue_version',
      'e.created_at',
    ])
    .where('e.service_id', '=', serviceId)
    .orderBy('e.on_date')
    .orderBy('e.issue_version');
}

type EventQueryRow = Awaited<ReturnType<ReturnType<typeof eventsQuery>['executeTakeFirstOrThrow']>>;

const toEvent = (r: EventQueryRow): EventRow => ({
  id: r.id,
  issueId: r.issue_id,
  kind: r.kind,
  on: r.on_date,
  byUserId: r.by_user_id,
  byName: r.by_name,
  outcome: r.outcome,
  notes: r.notes,
  nextReviewOn: r.next_review_on,
  issueVersion: r.issue_version,
  createdAt: r.created_at,
});

/** The events of one issue, or of a child's issues, in the order they happened. */
export async function eventsOf(db: Executor, serviceId: string, issueIds: readonly string[]): Promise<EventRow[]> {
  if (issueIds.length === 0) return [];
  const rows = await eventsQuery(db, serviceId).where('e.issue_id', 'in', issueIds).execute();
  return rows.map(toEvent);
}

/** The events of every item still with a child, in one query (the dashboard's). */
export async function eventsOfOpenIssues(db: Executor, serviceId: string): Promise<EventRow[]> {
  const rows = await eventsQuery(db, serviceId)
    .where('e.issue_id', 'in', (q) =>
      q
        .selectFrom('equipment_issues')
        .select('id')
        .where('service_id', '=', serviceId)
        .where('status', 'in', ['in-use', 'awaiting-return']),
    )
    .execute();
  return rows.map(toEvent);
}

export async function insertEvent(db: Executor, event: NewEvent, now: string): Promise<void> {
  await db
    .insertInto('equipment_events')
    .values({
      id: event.id,
      service_id: event.serviceId,
      issue_id: event.issueId,
      kind: event.kind,
      on_date: event.on,
      by_user_id: event.byUserId,
      outcome: event.outcome,
      notes: event.notes,
      next_review_on: event.nextReviewOn,
      issue_version: event.issueVersion,
      created_at: now,
    })
    .execute();
}

/** Moves an issue on to where its events leave it, at the version read; false when someone changed it first. */
export async function moveIssue(
  db: Executor,
  serviceId: string,
  issueId: string,
  expectedVersion: number,
  state: { status: string; reviewOn: string | null },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('equipment_issues')
    .set({ status: state.status, review_on: state.reviewOn, updated_at: now, version: expectedVersion + 1 })
    .where('service_id', '=', serviceId)
    .where('id', '=', issueId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
