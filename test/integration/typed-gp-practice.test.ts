/**
 * A GP practice the referrer typed (it could not be found, or no reference data was imported): kept on the child's
 * record, shown on check your answers and at triage, written to when the referral is accepted (addressed as typed),
 * and matched by its ODS code once the publishers' file that lists it is imported.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aStaffMember, type CreatedStaff } from '../support/builders.js';
import { TestClient } from '../support/client.js';
import { movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { text } from '../support/html.js';
import { signIn } from '../support/journeys.js';
import { completeReferral } from '../support/referral.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const SNAPSHOT = resolve(import.meta.dirname, '../../service-definitions/reference-data');

const typed = (code: string) => ({
  childGpName: 'Canal Street Surgery',
  childGpAddressLine1: '1 Canal Street',
  childGpAddressLine2: '',
  childGpTown: 'Oakham',
  childGpPostcode: 'le15 6aa',
  childGpCode: code,
});

let serial = 500;
function freshNhsNumber(): string {
  for (;;) {
    const base = `999${String(serial++).padStart(6, '0')}`;
    const check = 11 - (base.split('').reduce((sum, d, i) => sum + Number(d) * (10 - i), 0) % 11);
    if (check !== 10) return `${base}${String(check === 11 ? 0 : check)}`;
  }
}

describeEachDialect('a GP practice typed by the referrer', (dialect) => {
  let t: TestApp;
  let clinician: CreatedStaff;
  beforeAll(async () => {
    // No reference data (REFERENCE_SNAPSHOT_IMPORT=false): the install that, before, could record no practice at all.
    t = await createTestApp(dialect, { clock: movableClock(new Date('2026-11-27T10:00:00Z')).clock });
    clinician = await aStaffMember().called('Tess Triage').withRoles('triage-clinician').create(t.deps);
  });
  afterAll(async () => {
    await t.close();
  });
  const db = () => t.deps.database.db;

  /**
   * With no reference data the referrer says whether the practice and school are in the area, then types them; with
   * data, "I cannot find it" leads to the same page.
   */
  async function refer(code: string, on: TestApp = t, answer = 'in-area'): Promise<{ id: string; check: string }> {
    const client = new TestClient(on.app);
    const check = await completeReferral(client, {
      referrerType: 'health-professional',
      nhsNumber: freshNhsNumber(),
      gp: answer,
      school: answer,
      override: {
        'child-gp-details': typed(code),
        'child-school-details': {
          childSchoolName: 'Brook Lane Primary',
          childSchoolAddressLine1: 'Brook Lane',
          childSchoolAddressLine2: '',
          childSchoolTown: 'Oakham',
          childSchoolPostcode: 'LE15 6BB',
          childSchoolUrn: '120278',
        },
      },
    });
    const confirmation = await client.follow(await client.post('/refer/check-your-answers'));
    const reference = text(confirmation.document.querySelector('.nhsuk-panel__body strong'));
    const { id } = await on.deps.database.db
      .selectFrom('referrals')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    return { id, check: text(check.document.querySelector('main')) };
  }

  async function accept(id: string) {
    const staff = new TestClient(t.app);
    await signIn(staff, clinician);
    const page = await staff.get(`/staff/triage/referrals/${id}`);
    await staff.get(`/staff/triage/referrals/${id}/decision/accept`);
    const saved = await staff.post(`/staff/triage/referrals/${id}/decision/accept`, {
      version: '1',
      pathway: 'coordination',
      priority: 'soon',
      setting: 'school',
    });
    expect(saved.status).toBe(303);
    const gp = await db()
      .selectFrom('referral_letters')
      .select(['recipient_name', 'content'])
      .where('referral_id', '=', id)
      .where('recipient_role', '=', 'gp')
      .executeTakeFirst();
    return { triage: text(page.document.querySelector('main')), gp };
  }

  it('is recorded on the child, shown on check your answers and at triage, and gets the GP’s letter as typed', async () => {
    const { id, check } = await refer('');
    expect(check).toContain('Canal Street Surgery');
    expect(check).toContain('1 Canal Street');
    const child = await db()
      .selectFrom('referrals as r')
      .innerJoin('children as c', 'c.id', 'r.child_id')
      .select(['c.gp_practice_code', 'c.gp_practice_typed', 'c.school_urn', 'c.school_typed'])
      .where('r.id', '=', id)
      .executeTakeFirstOrThrow();
    expect(child.gp_practice_code).toBeNull();
    const { eligibility_outcome: outcome } = await db()
      .selectFrom('referrals')
      .select('eligibility_outcome')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    // The referrer said both are in the area: the rules take that, as they did before the practice was typed.
    expect(outcome).toBe('eligible');
    expect(JSON.parse(child.gp_practice_typed ?? 'null')).toEqual({
      name: 'Canal Street Surgery',
      addressLines: ['1 Canal Street', 'Oakham', 'LE15 6AA'],
      postcode: 'LE15 6AA',
      code: null,
    });
    // The school is kept in the same way, with its URN so that an import of GIAS matches it.
    expect(child.school_urn).toBe('120278');
    expect(JSON.parse(child.school_typed ?? 'null')).toMatchObject({ name: 'Brook Lane Primary', code: '120278' });
    expect(check).toContain('Brook Lane Primary');
    const { triage, gp } = await accept(id);
    expect(triage).toContain('Canal Street Surgery');
    expect(triage).toContain('Brook Lane Primary');
    expect(gp?.recipient_name).toBe('Canal Street Surgery');
    expect(JSON.parse(gp!.content)).toMatchObject({
      addressLines: ['1 Canal Street', 'Oakham', 'LE15 6AA'],
      addressAsTyped: true,
    });
    // Whoever posts it is told the address is the referrer's, to check first.
    const officer = await aStaffMember().called('Olu Officer').withRoles('admin-officer').create(t.deps);
    const client = new TestClient(t.app);
    await signIn(client, officer);
    const queue = await client.get('/staff/letters/print');
    const row = [...queue.document.querySelectorAll('tbody tr')].find((r) => text(r).includes('Canal Street Surgery'));
    expect(text(row ?? null)).toContain('Address as the referrer typed it. Check it before posting.');
  });

  it('is matched by its ODS code once the practices are imported, and written to at the published address', async () => {
    const { id } = await refer('c82044');
    const child = await db()
      .selectFrom('referrals as r')
      .innerJoin('children as c', 'c.id', 'r.child_id')
      .select(['c.gp_practice_code'])
      .where('r.id', '=', id)
      .executeTakeFirstOrThrow();
    expect(child.gp_practice_code).toBe('C82044');
    const name = 'epraccur-llr-and-neighbours-2025-11.csv';
    await t.deps.referenceImport.importPractices({ name, bytes: readFileSync(resolve(SNAPSHOT, name)) });
    const { gp } = await accept(id);
    expect(gp?.recipient_name).toBe('EMPINGHAM MEDICAL CENTRE');
    expect(JSON.parse(gp!.content)).toMatchObject({ addressLines: ['MAIN STREET', 'EMPINGHAM', 'OAKHAM', 'LE15 8PR'] });
    expect(JSON.parse(gp!.content)).not.toHaveProperty('addressAsTyped');
  });

  it('counts for the rules by its ODS code where the reference data lists it', async () => {
    const withData = await createTestApp(dialect, { referenceSnapshot: true });
    try {
      // Typed, though the practice could have been found: its code puts it in the area.
      const { id } = await refer('C82044', withData, 'not-listed');
      const row = await withData.deps.database.db
        .selectFrom('referrals')
        .select('eligibility_outcome')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.eligibility_outcome).toBe('eligible');
      // Typed without a code, neither place tells the rules the area: the referral is unclear, for triage.
      const unknown = await refer('', withData, 'not-listed');
      const outcome = await withData.deps.database.db
        .selectFrom('referrals')
        .select('eligibility_outcome')
        .where('id', '=', unknown.id)
        .executeTakeFirstOrThrow();
      expect(outcome.eligibility_outcome).toBe('unclear');
    } finally {
      await withData.close();
    }
  });
});
