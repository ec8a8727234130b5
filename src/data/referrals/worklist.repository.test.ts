/**
 * The worklist's statuses are written into its statements' text (so that PostgreSQL can keep one plan for a prepared
 * statement, ADR 0052), which is safe only because they come from the closed list of referral statuses: the queries
 * are compiled here for PostgreSQL without a database.
 */
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../database.js';
import { worklistCountQuery, worklistPageQuery, type WorklistQuery } from './worklist.repository.js';

const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const query = (statuses: readonly string[]): WorklistQuery => ({
  serviceId: 'llr-childrens-ot',
  statuses,
  pathways: [],
  priorities: [],
  referrerTypes: [],
  outcomes: [],
  births: [],
  area: null,
  clock: {},
  replyDueBefore: null,
  flags: { possibleDuplicate: false, safeguarding: false },
  order: 'received',
  overdueBefore: '2026-06-01',
  today: '2026-07-01',
});
const page = { offset: 25, limit: 25 };

describe('the worklist queries', () => {
  it('write the statuses asked for into the text, and send the service and dates as values', () => {
    const q = query(['awaiting-triage', 'more-information-requested']);
    const pageQuery = worklistPageQuery(db, q, page).compile();
    const countQuery = worklistCountQuery(db, q).compile();
    for (const compiled of [pageQuery, countQuery]) {
      expect(compiled.sql).toContain(`"r"."status" in ('awaiting-triage', 'more-information-requested')`);
      expect(compiled.parameters).toContain('llr-childrens-ot');
    }
    // (The counts also name statuses in what they sum, as values: that part does not choose the plan.)
    expect(pageQuery.parameters).not.toContain('awaiting-triage');
    expect(pageQuery.parameters).not.toContain('more-information-requested');
  });

  it('refuse a status that is not a referral status, before any text is written', () => {
    for (const status of ["awaiting-triage') or ('1' = '1", 'Awaiting-Triage', '']) {
      const q = query(['awaiting-triage', status]);
      expect(() => worklistPageQuery(db, q, page).compile()).toThrow(RangeError);
      expect(() => worklistCountQuery(db, q).compile()).toThrow(RangeError);
    }
  });
});
