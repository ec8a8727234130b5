/**
 * Who may see which part of a child's record (issue 14 item 9), as one pure rule that the record's pages, its
 * exports and its API will all ask. A member of staff sees a child's clinical record only with a legitimate
 * relationship to the child, or by break-glass:
 *
 * - A clinician or triage clinician **on the child's caseload**, **holding or having held an appointment** with the
 *   child, or **in the team of the child's current episode** reads and writes the clinical record while an episode is
 *   open. After the last discharge the same relationship gives **read-only** access for the service's
 *   `readAfterDischargeDays` (90), counted in calendar days from the discharge date; after that, none.
 * - **Break-glass**: a clinician or triage clinician without a relationship who has opened the record in an
 *   emergency, while it lasts (`breakGlassActive`), reads and writes it; the banner says so and the Caldicott
 *   guardian reviews it. Writing is allowed so that what was done in the emergency is recorded.
 * - **EHCP health advice** (issue 15): the clinician assigned to write a child's statutory advice, and the second
 *   clinician asked to review it, read and write the clinical record while the request is open, even when the child
 *   has no episode of care (a child not known to the service until the local authority asked); after the advice is
 *   sent, read-only for the same `readAfterDischargeDays`, counted from the date it was sent.
 * - A **safeguarding lead** reads the clinical record of a child with a safeguarding flag, read-only.
 * - An **admin officer** sees demographics and appointments, never clinical notes or scores.
 * - An **administrator** (of accounts), an **auditor** and a **service manager** see no clinical content and no
 *   demographics through the record; outside their own pages the child does not exist for them (the page answers 404
 *   without a name).
 *
 * A person with several roles gets the widest access any of them gives. Pure: `today` and `now` are given.
 */
import type { Role } from '../access/roles.js';
import { addDays } from '../care/london-time.js';
import { breakGlassActive, type BreakGlassAccess } from './break-glass.js';

/** How a clinician is related to the child, as the record knows it today. */
export interface Relationship {
  onCaseload: boolean;
  /** Holds an appointment with the child, or held one (attended, missed or cancelled). */
  hasHadAppointment: boolean;
  /** A member of the team the child's current (or last) episode belongs to. */
  inEpisodeTeam: boolean;
}

export interface RecordFacts {
  /** An episode of care is open (waiting or seen). */
  episodeOpen: boolean;
  /** The date of the last discharge (`YYYY-MM-DD`), or null if the child was never discharged. */
  lastDischargedOn: string | null;
  safeguardingFlag: boolean;
  relationship: Relationship;
  /** This person's latest break-glass access to this child's record, if any. */
  breakGlass: BreakGlassAccess | null;
  /**
   * This person is assigned to write (or asked to review) the statutory EHCP advice of an open request for this child
   * (`open`), or of one answered on `lastAnsweredOn` (the latest such date, `YYYY-MM-DD`, or null).
   */
  ehcpAdvice: { open: boolean; lastAnsweredOn: string | null };
}

export interface AccessSettings {
  readAfterDischargeDays: number;
}

export type AccessBasis = 'relationship' | 'after-discharge' | 'ehcp-advice' | 'break-glass' | 'safeguarding';

export type RecordAccess =
  | { level: 'none' }
  /** Demographics and appointments only: no notes, assessments, goals, outcomes or equipment. */
  | { level: 'demographics' }
  | { level: 'clinical'; readOnly: boolean; basis: AccessBasis };

const CLINICAL_ROLES: readonly Role[] = ['clinician', 'triage-clinician'];

function related(r: Relationship): boolean {
  return r.onCaseload || r.hasHadAppointment || r.inEpisodeTeam;
}

/** The last day of read-only access after a discharge on `dischargedOn`. */
export function readableUntil(dischargedOn: string, settings: AccessSettings): string {
  return addDays(dischargedOn, settings.readAfterDischargeDays);
}

function clinicianAccess(facts: RecordFacts, today: string, now: Date, settings: AccessSettings): RecordAccess {
  if (related(facts.relationship)) {
    if (facts.episodeOpen) return { level: 'clinical', readOnly: false, basis: 'relationship' };
    if (facts.lastDischargedOn !== null && today <= readableUntil(facts.lastDischargedOn, settings))
      return { level: 'clinical', readOnly: true, basis: 'after-discharge' };
  }
  if (facts.ehcpAdvice.open) return { level: 'clinical', readOnly: false, basis: 'ehcp-advice' };
  if (facts.breakGlass !== null && breakGlassActive(facts.breakGlass, now))
    return { level: 'clinical', readOnly: false, basis: 'break-glass' };
  const answered = facts.ehcpAdvice.lastAnsweredOn;
  if (answered !== null && today <= readableUntil(answered, settings))
    return { level: 'clinical', readOnly: true, basis: 'ehcp-advice' };
  return { level: 'none' };
}

const RANK = { none: 0, demographics: 1, 'clinical-read': 2, 'clinical-write': 3 } as const;

function rank(access: RecordAccess): number {
  if (access.level === 'clinical') return access.readOnly ? RANK['clinical-read'] : RANK['clinical-write'];
  return RANK[access.level];
}

/** What this person may see of this child's record today: the widest access any of their roles gives. */
export function recordAccess(
  roles: readonly Role[],
  facts: RecordFacts,
  today: string,
  now: Date,
  settings: AccessSettings,
): RecordAccess {
  const candidates: RecordAccess[] = [{ level: 'none' }];
  if (roles.some((role) => CLINICAL_ROLES.includes(role)))
    candidates.push(clinicianAccess(facts, today, now, settings));
  if (roles.includes('safeguarding-lead') && facts.safeguardingFlag)
    candidates.push({ level: 'clinical', readOnly: true, basis: 'safeguarding' });
  if (roles.includes('admin-officer')) candidates.push({ level: 'demographics' });
  return candidates.reduce((best, next) => (rank(next) > rank(best) ? next : best));
}

/** A clinician with no access who could open the record by break-glass (the page offers it only to them). */
export function mayBreakGlass(roles: readonly Role[], access: RecordAccess): boolean {
  return roles.some((role) => CLINICAL_ROLES.includes(role)) && rank(access) < RANK['clinical-write'];
}

/** Whether this access is enough for a route that needs `need` (src/domain/record/subjects.ts). */
export function satisfies(access: RecordAccess, need: 'demographics' | 'clinical-read' | 'clinical-write'): boolean {
  const wanted = {
    demographics: RANK.demographics,
    'clinical-read': RANK['clinical-read'],
    'clinical-write': RANK['clinical-write'],
  };
  return rank(access) >= wanted[need];
}
