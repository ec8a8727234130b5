/**
 * The episodes of care that acceptance opens (issue 13), for a data set loaded in bulk (the benchmarks' and the demo's):
 * one INSERT ... SELECT, as the care migration's backfill writes them, fast at L and the same rows as accepting each
 * referral would have made. A child accepted in the 78 weeks before the data set's date is still waiting (wait_from:
 * the triage clock's start, the received date moved on by any pause); one accepted earlier has been seen and is on a
 * caseload (status open), so the list is the service's recent acceptances, not its whole history.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.js';

/** How far back an accepted child is still waiting, in days (78 weeks). */
export const WAITING_DAYS = 78 * 7;

/**
 * Opens an episode for each accepted referral that has none: waiting when accepted since `waitingSince`, otherwise on
 * a caseload. Returns how many are waiting.
 */
export async function openEpisodes(db: Kysely<Database>, waitingSince: string): Promise<number> {
  await sql`insert into episodes (id, service_id, child_id, referral_id, pathway, priority, setting, status,
              wait_from, accepted_at, left_list_at, unanswered_contacts, created_at, updated_at, version)
            select r.id, r.service_id, r.child_id, r.id, coalesce(r.pathway, 'coordination'),
              coalesce(r.priority, 'routine'), coalesce(r.setting, 'clinic'),
              case when r.clock_from >= ${waitingSince} then 'waiting' else 'open' end,
              r.clock_from, coalesce(r.decided_at, r.updated_at),
              case when r.clock_from >= ${waitingSince} then null else coalesce(r.decided_at, r.updated_at) end,
              0, coalesce(r.decided_at, r.updated_at), coalesce(r.decided_at, r.updated_at), 1
            from referrals r
            where r.status = 'accepted' and not exists (select 1 from episodes x where x.referral_id = r.id)`.execute(
    db,
  );
  const row = await db
    .selectFrom('episodes')
    .where('status', '=', 'waiting')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
