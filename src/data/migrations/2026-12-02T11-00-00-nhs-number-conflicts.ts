/**
 * NHS number conflicts: a referral whose NHS number is recorded for a child with another name or date of birth is no
 * longer attached to that child's record.
 *
 * Before this release such a referral was attached to the record of the NHS number and flagged
 * `nhs-number-details-differ`, so its worklist row, its heading and its letters named the other child. Each one still
 * waiting for a clinician's answer is given a record of its own child, made from what the referrer gave (as a new
 * referral is now), keeps the other record as `possible_child_id`, and is flagged `nhs-number-conflict` for a
 * clinician to resolve. Its version moves on, so a page opened before the upgrade cannot decide on the old child.
 * Answers already given (`nhs-number-checked`) are left as they were: a clinician looked at them.
 * Frozen: never edit a migration that has shipped; add a new one.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

function text(answers: Record<string, unknown>, name: string): string | null {
  const value = answers[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export async function up(db: Kysely<any>): Promise<void> {
  const waiting = (await db
    .selectFrom('referrals')
    .select(['id', 'service_id', 'child_id', 'answers', 'version', 'created_at'])
    .where('child_match', '=', 'nhs-number-details-differ')
    .execute()) as {
    id: string;
    service_id: string;
    child_id: string;
    answers: string;
    version: number;
    created_at: string;
  }[];
  const now = new Date().toISOString();
  for (const referral of waiting) {
    let answers: Record<string, unknown>;
    try {
      answers = JSON.parse(referral.answers) as Record<string, unknown>;
    } catch {
      // Unreadable answers cannot describe a child: leave the referral flagged as it was.
      continue;
    }
    const gp = text(answers, 'childGp');
    const school = text(answers, 'childSchool');
    const childId = randomUUID();
    await db
      .insertInto('children')
      .values({
        id: childId,
        service_id: referral.service_id,
        nhs_number: text(answers, 'childNhsNumber'),
        given_name: text(answers, 'childGivenName') ?? '',
        family_name: text(answers, 'childFamilyName') ?? '',
        known_as: text(answers, 'childKnownAs'),
        date_of_birth: text(answers, 'childDateOfBirth') ?? '',
        sex: text(answers, 'childSex') ?? 'unknown',
        address_line_1: text(answers, 'childAddressLine1') ?? '',
        address_line_2: text(answers, 'childAddressLine2'),
        town: text(answers, 'childTown') ?? '',
        postcode: text(answers, 'childPostcode') ?? '',
        gp_practice_code: gp !== null && /^[A-Z0-9]{3,8}$/u.test(gp) ? gp : null,
        school_urn: school !== null && /^\d{5,8}$/u.test(school) ? school : null,
        language: text(answers, 'childLanguage'),
        interpreter_needed: text(answers, 'interpreterNeeded') === 'yes' ? 1 : 0,
        access_needs: text(answers, 'accessNeeds'),
        created_at: referral.created_at,
        updated_at: now,
        version: 1,
      })
      .execute();
    await db
      .updateTable('referrals')
      .set({
        child_id: childId,
        possible_child_id: referral.child_id,
        child_match: 'nhs-number-conflict',
        // PostgreSQL's integer and SQLite's both arrive as numbers.
        version: referral.version + 1,
        updated_at: now,
      })
      .where('id', '=', referral.id)
      .execute();
  }
}

export async function down(): Promise<void> {
  // The records made for each referral's own child are kept: putting the referrals back on another child's record
  // would bring the hazard back.
}
