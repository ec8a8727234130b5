import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../access/roles.js';
import { mayBreakGlass, readableUntil, recordAccess, type RecordFacts, type Relationship } from './access.js';

const SETTINGS = { readAfterDischargeDays: 90 };
const TODAY = '2026-12-03';
const NOW = new Date('2026-12-03T10:00:00Z');
const NOBODY: Relationship = { onCaseload: false, hasHadAppointment: false, inEpisodeTeam: false };

function facts(over: Partial<RecordFacts> = {}): RecordFacts {
  return {
    episodeOpen: true,
    lastDischargedOn: null,
    safeguardingFlag: false,
    relationship: NOBODY,
    breakGlass: null,
    ehcpAdvice: { open: false, lastAnsweredOn: null },
    ...over,
  };
}

const access = (roles: Role[], f: RecordFacts, today = TODAY, now = NOW) =>
  recordAccess(roles, f, today, now, SETTINGS);

describe('who may see a child’s record', () => {
  it.each<[string, Partial<Relationship>]>([
    ['on the caseload', { onCaseload: true }],
    ['holding or having held an appointment', { hasHadAppointment: true }],
    ['in the team of the current episode', { inEpisodeTeam: true }],
  ])('a clinician %s reads and writes the clinical record while an episode is open', (_, rel) => {
    for (const role of ['clinician', 'triage-clinician'] as const)
      expect(access([role], facts({ relationship: { ...NOBODY, ...rel } }))).toEqual({
        level: 'clinical',
        readOnly: false,
        basis: 'relationship',
      });
  });

  it('a clinician with no relationship sees nothing, and may break the glass', () => {
    const none = access(['clinician'], facts());
    expect(none).toEqual({ level: 'none' });
    expect(mayBreakGlass(['clinician'], none)).toBe(true);
    expect(mayBreakGlass(['admin-officer'], none)).toBe(false);
  });

  it('reads only, for 90 calendar days after the last discharge, then nothing', () => {
    const discharged = facts({
      episodeOpen: false,
      lastDischargedOn: '2026-09-04',
      relationship: { ...NOBODY, hasHadAppointment: true },
    });
    expect(readableUntil('2026-09-04', SETTINGS)).toBe('2026-12-03');
    expect(access(['clinician'], discharged, '2026-12-03')).toEqual({
      level: 'clinical',
      readOnly: true,
      basis: 'after-discharge',
    });
    expect(access(['clinician'], discharged, '2026-12-04')).toEqual({ level: 'none' });
    // A relationship with no open episode and no discharge (a closed, withdrawn episode) gives nothing.
    expect(access(['clinician'], { ...discharged, lastDischargedOn: null })).toEqual({ level: 'none' });
  });

  it('break-glass gives the clinical record while it lasts, not at its expiry', () => {
    const glass = { reason: 'Called by A&E about a fall', startedAt: new Date('2026-12-03T09:00:00Z'), minutes: 60 };
    const f = facts({ breakGlass: glass });
    expect(access(['clinician'], f, TODAY, new Date('2026-12-03T09:59:59Z'))).toEqual({
      level: 'clinical',
      readOnly: false,
      basis: 'break-glass',
    });
    expect(access(['clinician'], f, TODAY, new Date('2026-12-03T10:00:00Z'))).toEqual({ level: 'none' });
    // Break-glass is a clinician's: an admin officer's glass opens nothing clinical.
    expect(access(['admin-officer'], f, TODAY, new Date('2026-12-03T09:30:00Z'))).toEqual({ level: 'demographics' });
  });

  it('an admin officer sees demographics and appointments only, whatever the relationship', () => {
    const rel = { onCaseload: true, hasHadAppointment: true, inEpisodeTeam: true };
    expect(access(['admin-officer'], facts({ relationship: rel, safeguardingFlag: true }))).toEqual({
      level: 'demographics',
    });
  });

  it('an administrator, an auditor and a service manager see nothing of the record', () => {
    const rel = { onCaseload: true, hasHadAppointment: true, inEpisodeTeam: true };
    for (const role of ['admin', 'auditor', 'service-manager'] as const)
      expect(access([role], facts({ relationship: rel, safeguardingFlag: true }))).toEqual({ level: 'none' });
  });

  it('a safeguarding lead reads the record of a flagged child only', () => {
    expect(access(['safeguarding-lead'], facts({ safeguardingFlag: true }))).toEqual({
      level: 'clinical',
      readOnly: true,
      basis: 'safeguarding',
    });
    expect(access(['safeguarding-lead'], facts())).toEqual({ level: 'none' });
  });

  it('takes the widest access of several roles', () => {
    const rel = { ...NOBODY, onCaseload: true };
    expect(access(['admin-officer', 'clinician'], facts({ relationship: rel }))).toEqual({
      level: 'clinical',
      readOnly: false,
      basis: 'relationship',
    });
    expect(access(['admin', 'admin-officer'], facts())).toEqual({ level: 'demographics' });
    expect(
      access(['safeguarding-lead', 'clinician'], facts({ safeguardingFlag: true, relationship: rel })),
    ).toMatchObject({ readOnly: false, basis: 'relationship' });
  });

  it('no role gives clinical access without a reason, a flag or the glass', () => {
    for (const role of ROLES) expect(access([role], facts()).level).not.toBe('clinical');
  });

  it('the clinician writing (or reviewing) a child’s EHCP advice reads and writes the record while the request is open, with no episode', () => {
    const writing = facts({ episodeOpen: false, ehcpAdvice: { open: true, lastAnsweredOn: null } });
    for (const role of ['clinician', 'triage-clinician'] as const)
      expect(access([role], writing)).toEqual({ level: 'clinical', readOnly: false, basis: 'ehcp-advice' });
    // Not a reason for anyone else's role.
    for (const role of ['admin', 'auditor', 'service-manager', 'caldicott-guardian'] as const)
      expect(access([role], writing)).toEqual({ level: 'none' });
  });

  it('after the advice is sent, the clinician reads it for readAfterDischargeDays, then not at all', () => {
    const sent = facts({ episodeOpen: false, ehcpAdvice: { open: false, lastAnsweredOn: '2026-09-04' } });
    expect(access(['clinician'], sent, '2026-12-03')).toEqual({
      level: 'clinical',
      readOnly: true,
      basis: 'ehcp-advice',
    });
    expect(access(['clinician'], sent, '2026-12-04')).toEqual({ level: 'none' });
    // A relationship with an open episode still gives write access.
    expect(
      access(['clinician'], { ...sent, episodeOpen: true, relationship: { ...NOBODY, onCaseload: true } }),
    ).toMatchObject({ readOnly: false, basis: 'relationship' });
  });
});
