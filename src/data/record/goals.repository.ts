/**
 * Goals agreed with a child and family, their ratings, and the child's Therapy Outcome Measures ratings, one
 * service's each. A goal moves on only at the version read (`updateGoalAtVersion`), so that an edit made over someone
 * else's changes nothing; ratings are only ever added.
 */
import type { Executor } from '../executor.js';

export interface GoalRow {
  id: string;
  childId: string;
  episodeId: string | null;
  text: string;
  area: string;
  measure: string;
  /** Who agreed it, in the domain's order. */
  agreedWith: string[];
  setOn: string;
  reviewOn: string;
  status: string;
  createdBy: string;
  createdAt: string;
  updatedByName: string;
  updatedAt: string;
  version: number;
}

export interface GoalRatingRow {
  id: string;
  goalId: string;
  ratedOn: string;
  kind: string;
  gasLevel: number | null;
  copmPerformance: number | null;
  copmSatisfaction: number | null;
  byName: string;
  createdAt: string;
}

export interface TomsRow {
  id: string;
  episodeId: string | null;
  stage: string;
  scale: string;
  ratedOn: string;
  impairment: number;
  activity: number;
  participation: number;
  wellbeing: number;
  carerWellbeing: number | null;
  byName: string;
  createdAt: string;
}

export interface GoalFields {
  text: string;
  area: string;
  measure: string;
  agreedWith: readonly string[];
  setOn: string;
  reviewOn: string;
  status: string;
}

export interface ChildSummary {
  childId: string;
  givenName: string;
  familyName: string;
  /** The child's open episode (the latest, if somehow more than one), or null. */
  openEpisodeId: string | null;
}

/** The child of the service, with their open episode; undefined for no such child. */
export async function findChildWithEpisode(
  db: Executor,
  serviceId: string,
  childId: string,
): Promise<ChildSummary | undefined> {
  const child = await db
    .selectFrom('children')
    .select(['id', 'given_name', 'family_name'])
    .where('service_id', '=', serviceId)
    .where('id', '=', childId)
    .executeTakeFirst();
  if (child === undefined) return undefined;
  const episode = await db
    .selectFrom('episodes')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('child_id', '=', childId)
    .where('status', '=', 'open')
    .orderBy('accepted_at', 'desc')
    .orderBy('id')
    .executeTakeFirst();
  return {
    childId: child.id,
    givenName: child.given_name,
    familyName: child.family_name,
    openEpisodeId: episode?.id ?? null,
  };
}

export async function insertGoal(
  db: Executor,
  goal: GoalFields & { id: string; serviceId: string; childId: string; episodeId: string | null; by: string },
  now: string,
): Promise<void> {
  await db
    .insertInto('goals')
    .values({
      id: goal.id,
      service_id: goal.serviceId,
      child_id: goal.childId,
      episode_id: goal.episodeId,
      text: goal.text,
      occupation_area: goal.area,
      measure: goal.measure,
      agreed_with: goal.agreedWith.join(' '),
      set_on: goal.setOn,
      review_on: goal.reviewOn,
      status: goal.status,
      created_by: goal.by,
      created_at: now,
      updated_by: goal.by,
      updated_at: now,
      version: 1,
    })
    .execute();
}

/** Changes a goal at the version read; false when someone changed it first (or there is no such goal). */
export async function updateGoalAtVersion(
  db: Executor,
  serviceId: string,
  goalId: string,
  expectedVersion: number,
  fields: GoalFields,
  by: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('goals')
    .set({
      text: fields.text,
      occupation_area: fields.area,
      measure: fields.measure,
      agreed_with: fields.agreedWith.join(' '),
      set_on: fields.setOn,
      review_on: fields.reviewOn,
      status: fields.status,
      updated_by: by,
      updated_at: now,
      version: expectedVersion + 1,
    })
    .where('service_id', '=', serviceId)
    .where('id', '=', goalId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

function goalsQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('goals as g')
    .innerJoin('users as u', 'u.id', 'g.updated_by')
    .select([
      'g.id',
      'g.child_id',
      'g.episode_id',
      'g.text',
      'g.occupation_area',
      'g.measure',
      'g.agreed_with',
      'g.set_on',
      'g.review_on',
      'g.status',
      'g.created_by',
      'g.created_at',
      'u.display_name as updated_by_name',
      'g.updated_at',
      'g.version',
    ])
    .where('g.service_id', '=', serviceId);
}

type GoalQueryRow = Awaited<ReturnType<ReturnType<typeof goalsQuery>['executeTakeFirstOrThrow']>>;

const toGoal = (r: GoalQueryRow): GoalRow => ({
  id: r.id,
  childId: r.child_id,
  episodeId: r.episode_id,
  text: r.text,
  area: r.occupation_area,
  measure: r.measure,
  agreedWith: r.agreed_with.split(' ').filter((w) => w !== ''),
  setOn: r.set_on,
  reviewOn: r.review_on,
  status: r.status,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedByName: r.updated_by_name,
  updatedAt: r.updated_at,
  version: r.version,
});

export async function findGoal(db: Executor, serviceId: string, goalId: string): Promise<GoalRow | undefined> {
  const row = await goalsQuery(db, serviceId).where('g.id', '=', goalId).executeTakeFirst();
  return row === undefined ? undefined : toGoal(row);
}

/** A child's goals in the order they were set. */
export async function goalsOfChild(db: Executor, serviceId: string, childId: string): Promise<GoalRow[]> {
  const rows = await goalsQuery(db, serviceId)
    .where('g.child_id', '=', childId)
    .orderBy('g.set_on')
    .orderBy('g.created_at')
    .orderBy('g.id')
    .execute();
  return rows.map(toGoal);
}

export async function insertGoalRating(
  db: Executor,
  rating: {
    id: string;
    goalId: string;
    serviceId: string;
    childId: string;
    ratedOn: string;
    kind: string;
    gasLevel: number | null;
    copmPerformance: number | null;
    copmSatisfaction: number | null;
    by: string;
  },
  now: string,
): Promise<void> {
  await db
    .insertInto('goal_ratings')
    .values({
      id: rating.id,
      goal_id: rating.goalId,
      service_id: rating.serviceId,
      child_id: rating.childId,
      rated_on: rating.ratedOn,
      kind: rating.kind,
      gas_level: rating.gasLevel,
      copm_performance: rating.copmPerformance,
      copm_satisfaction: rating.copmSatisfaction,
      by_user_id: rating.by,
      created_at: now,
    })
    .execute();
}

function ratingsQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('goal_ratings as r')
    .innerJoin('users as u', 'u.id', 'r.by_user_id')
    .select([
      'r.id',
      'r.goal_id',
      'r.rated_on',
      'r.kind',
      'r.gas_level',
      'r.copm_performance',
      'r.copm_satisfaction',
      'u.display_name as by_name',
      'r.created_at',
    ])
    .where('r.service_id', '=', serviceId)
    .orderBy('r.rated_on')
    .orderBy('r.created_at')
    .orderBy('r.id');
}

type RatingQueryRow = Awaited<ReturnType<ReturnType<typeof ratingsQuery>['executeTakeFirstOrThrow']>>;

const toRating = (r: RatingQueryRow): GoalRatingRow => ({
  id: r.id,
  goalId: r.goal_id,
  ratedOn: r.rated_on,
  kind: r.kind,
  gasLevel: r.gas_level,
  copmPerformance: r.copm_performance,
  copmSatisfaction: r.copm_satisfaction,
  byName: r.by_name,
  createdAt: r.created_at,
});

/** The ratings of one goal, oldest first. */
export async function ratingsOfGoal(db: Executor, serviceId: string, goalId: string): Promise<GoalRatingRow[]> {
  return (await ratingsQuery(db, serviceId).where('r.goal_id', '=', goalId).execute()).map(toRating);
}

/** Every rating of a child's goals, oldest first, in one query. */
export async function goalRatingsOfChild(db: Executor, serviceId: string, childId: string): Promise<GoalRatingRow[]> {
  return (await ratingsQuery(db, serviceId).where('r.child_id', '=', childId).execute()).map(toRating);
}

export async function insertTomsRating(
  db: Executor,
  rating: {
    id: string;
    serviceId: string;
    childId: string;
    episodeId: string | null;
    stage: string;
    scale: string;
    ratedOn: string;
    impairment: number;
    activity: number;
    participation: number;
    wellbeing: number;
    carerWellbeing: number | null;
    by: string;
  },
  now: string,
): Promise<void> {
  await db
    .insertInto('toms_ratings')
    .values({
      id: rating.id,
      service_id: rating.serviceId,
      child_id: rating.childId,
      episode_id: rating.episodeId,
      stage: rating.stage,
      scale: rating.scale,
      rated_on: rating.ratedOn,
      impairment: rating.impairment,
      activity: rating.activity,
      participation: rating.participation,
      wellbeing: rating.wellbeing,
      carer_wellbeing: rating.carerWellbeing,
      by_user_id: rating.by,
      created_at: now,
    })
    .execute();
}

/** A child's TOMs ratings, oldest first. */
export async function tomsOfChild(db: Executor, serviceId: string, childId: string): Promise<TomsRow[]> {
  const rows = await db
    .selectFrom('toms_ratings as t')
    .innerJoin('users as u', 'u.id', 't.by_user_id')
    .select([
      't.id',
      't.episode_id',
      't.stage',
      't.scale',
      't.rated_on',
      't.impairment',
      't.activity',
      't.participation',
      't.wellbeing',
      't.carer_wellbeing',
      'u.display_name as by_name',
      't.created_at',
    ])
    .where('t.service_id', '=', serviceId)
    .where('t.child_id', '=', childId)
    .orderBy('t.rated_on')
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    episodeId: r.episode_id,
    stage: r.stage,
    scale: r.scale,
    ratedOn: r.rated_on,
    impairment: r.impairment,
    activity: r.activity,
    participation: r.participation,
    wellbeing: r.wellbeing,
    carerWellbeing: r.carer_wellbeing,
    byName: r.by_name,
    createdAt: r.created_at,
  }));
}
