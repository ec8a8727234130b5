/** Advice and strategies given to a child's family or school (`advice_given`): added, listed, found. */
import type { Executor } from '../executor.js';

export interface AdviceGivenRow {
  id: string;
  childId: string;
  programmeCode: string;
  programmeTitle: string;
  givenTo: string;
  givenOn: string;
  givenByName: string;
  storedAs: string;
  createdAt: string;
}

export async function insertAdviceGiven(
  db: Executor,
  a: {
    id: string;
    serviceId: string;
    childId: string;
    episodeId: string | null;
    programmeCode: string;
    programmeTitle: string;
    givenTo: string;
    givenOn: string;
    givenBy: string;
    storedAs: string;
    createdAt: string;
  },
): Promise<void> {
  await db
    .insertInto('advice_given')
    .values({
      id: a.id,
      service_id: a.serviceId,
      child_id: a.childId,
      episode_id: a.episodeId,
      programme_code: a.programmeCode,
      programme_title: a.programmeTitle,
      given_to: a.givenTo,
      given_on: a.givenOn,
      given_by: a.givenBy,
      stored_as: a.storedAs,
      created_at: a.createdAt,
    })
    .execute();
}

function query(db: Executor, serviceId: string) {
  return db
    .selectFrom('advice_given as a')
    .innerJoin('users as u', 'u.id', 'a.given_by')
    .select([
      'a.id',
      'a.child_id',
      'a.programme_code',
      'a.programme_title',
      'a.given_to',
      'a.given_on',
      'u.display_name',
      'a.stored_as',
      'a.created_at',
    ])
    .where('a.service_id', '=', serviceId);
}

type Selected = Awaited<ReturnType<ReturnType<typeof query>['execute']>>[number];

const toRow = (r: Selected): AdviceGivenRow => ({
  id: r.id,
  childId: r.child_id,
  programmeCode: r.programme_code,
  programmeTitle: r.programme_title,
  givenTo: r.given_to,
  givenOn: r.given_on,
  givenByName: r.display_name,
  storedAs: r.stored_as,
  createdAt: r.created_at,
});

/** The advice given to a child, the most recent first. */
export async function adviceOfChild(db: Executor, serviceId: string, childId: string): Promise<AdviceGivenRow[]> {
  const rows = await query(db, serviceId)
    .where('a.child_id', '=', childId)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id')
    .execute();
  return rows.map(toRow);
}

export async function findAdviceGiven(
  db: Executor,
  serviceId: string,
  id: string,
): Promise<AdviceGivenRow | undefined> {
  const row = await query(db, serviceId).where('a.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toRow(row);
}

/** The child's first name and open episode, for the document and the row. */
export async function adviceChild(
  db: Executor,
  serviceId: string,
  childId: string,
): Promise<{ givenName: string; familyName: string; episodeId: string | null } | undefined> {
  const row = await db
    .selectFrom('children as c')
    .select((eb) => [
      'c.given_name',
      'c.family_name',
      eb
        .selectFrom('episodes as e')
        .select('e.id')
        .where('e.service_id', '=', serviceId)
        .whereRef('e.child_id', '=', 'c.id')
        .where('e.status', '!=', 'closed')
        .limit(1)
        .as('episode_id'),
    ])
    .where('c.service_id', '=', serviceId)
    .where('c.id', '=', childId)
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : { givenName: row.given_name, familyName: row.family_name, episodeId: row.episode_id ?? null };
}
