import { describe, expect, it } from 'vitest';
import {
  APPOINTMENT_OUTCOMES,
  entryProblems,
  flagReasonText,
  isAppointmentOutcome,
  needsNote,
  OUTCOME_LABELS,
  safeguardingFlag,
  type AppointmentOutcome,
  type PastOutcome,
} from './outcomes.js';

const RULE = { wasNotBroughtInARowToFlag: 2, lateCancellationsToFlag: 3, lateCancellationLookBackWeeks: 26 };
const NOW = new Date('2026-12-07T12:00:00Z');

let n = 0;
function past(outcome: AppointmentOutcome, startsAt: string, lateCancellation = false): PastOutcome {
  n += 1;
  return { appointmentId: `a${String(n)}`, reference: `OT-A-${String(n)}`, startsAt, outcome, lateCancellation };
}

describe('appointment outcomes', () => {
  it('has five outcomes in plain words, "Was Not Brought" and never "Did Not Attend" or "discharge"', () => {
    expect(APPOINTMENT_OUTCOMES).toHaveLength(5);
    const labels = Object.values(OUTCOME_LABELS).join(' ');
    expect(labels).toContain('Was Not Brought');
    expect(labels.toLowerCase()).not.toContain('did not attend');
    expect(labels.toLowerCase()).not.toContain('discharge');
  });

  it('needs a note for Was Not Brought and could not be seen only', () => {
    expect(APPOINTMENT_OUTCOMES.filter(needsNote)).toEqual(['was-not-brought', 'could-not-be-seen']);
  });

  it('knows its outcomes and nothing else', () => {
    expect(isAppointmentOutcome('attended')).toBe(true);
    expect(isAppointmentOutcome('did-not-attend')).toBe(false);
    expect(isAppointmentOutcome('toString')).toBe(false);
    expect(isAppointmentOutcome(undefined)).toBe(false);
  });

  it('checks an entry: the note, late only for the family, and a reason to correct', () => {
    expect(entryProblems({ outcome: 'was-not-brought', note: '  ', late: false, reason: '' }, false)).toEqual([
      expect.objectContaining({ field: 'note' }),
    ]);
    expect(entryProblems({ outcome: 'could-not-be-seen', note: '', late: false, reason: '' }, false)).toHaveLength(1);
    expect(entryProblems({ outcome: 'attended', note: '', late: false, reason: '' }, false)).toEqual([]);
    expect(entryProblems({ outcome: 'attended', note: '', late: true, reason: '' }, false)).toEqual([
      expect.objectContaining({ field: 'late' }),
    ]);
    expect(entryProblems({ outcome: 'cancelled-by-family', note: '', late: true, reason: '' }, false)).toEqual([]);
    expect(entryProblems({ outcome: 'attended', note: '', late: false, reason: '' }, true)).toEqual([
      expect.objectContaining({ field: 'reason' }),
    ]);
  });
});

describe('the safeguarding flag rule', () => {
  it('flags two Was Not Brought in a row, naming both appointments', () => {
    const a = past('was-not-brought', '2026-11-02T10:00:00Z');
    const b = past('was-not-brought', '2026-11-09T10:00:00Z');
    const flag = safeguardingFlag([past('attended', '2026-10-26T10:00:00Z'), a, b], RULE, NOW);
    expect(flag).toEqual({
      kind: 'was-not-brought-in-a-row',
      count: 2,
      appointments: [
        { appointmentId: a.appointmentId, reference: a.reference },
        { appointmentId: b.appointmentId, reference: b.reference },
      ],
    });
    expect(flagReasonText(flag!)).toBe('Was Not Brought to 2 appointments in a row');
  });

  it('does not flag one Was Not Brought, or two with an attended one between', () => {
    expect(safeguardingFlag([past('was-not-brought', '2026-11-02T10:00:00Z')], RULE, NOW)).toBeNull();
    const broken = [
      past('was-not-brought', '2026-11-02T10:00:00Z'),
      past('attended', '2026-11-09T10:00:00Z'),
      past('was-not-brought', '2026-11-16T10:00:00Z'),
    ];
    expect(safeguardingFlag(broken, RULE, NOW)).toBeNull();
  });

  it('takes the appointments in time order, whatever order they come in', () => {
    const history = [
      past('was-not-brought', '2026-11-16T10:00:00Z'),
      past('was-not-brought', '2026-11-02T10:00:00Z'),
      past('attended', '2026-11-09T10:00:00Z'),
    ];
    expect(safeguardingFlag(history, RULE, NOW)).toBeNull();
    const run = [
      past('was-not-brought', '2026-11-16T10:00:00Z'),
      past('attended', '2026-11-02T10:00:00Z'),
      past('was-not-brought', '2026-11-09T10:00:00Z'),
    ];
    expect(safeguardingFlag(run, RULE, NOW)?.kind).toBe('was-not-brought-in-a-row');
  });

  it('lets a cancellation by the service neither count towards a run nor break one', () => {
    const history = [
      past('was-not-brought', '2026-11-02T10:00:00Z'),
      past('cancelled-by-service', '2026-11-09T10:00:00Z'),
      past('was-not-brought', '2026-11-16T10:00:00Z'),
    ];
    expect(safeguardingFlag(history, RULE, NOW)?.count).toBe(2);
    expect(
      safeguardingFlag(
        [past('cancelled-by-service', '2026-11-09T10:00:00Z'), past('was-not-brought', '2026-11-16T10:00:00Z')],
        RULE,
        NOW,
      ),
    ).toBeNull();
  });

  it('follows the setting for how many in a row', () => {
    const two = [past('was-not-brought', '2026-11-02T10:00:00Z'), past('was-not-brought', '2026-11-09T10:00:00Z')];
    expect(safeguardingFlag(two, { ...RULE, wasNotBroughtInARowToFlag: 3 }, NOW)).toBeNull();
    expect(safeguardingFlag(two.slice(1), { ...RULE, wasNotBroughtInARowToFlag: 1 }, NOW)?.count).toBe(1);
  });

  it('flags late cancellations by the family that reach the setting within the look-back, at its boundary', () => {
    // 26 weeks before 7 December 2026 12:00 is 8 June 2026 11:00 (BST is not involved: instants are compared).
    const edge = new Date(NOW.getTime() - 26 * 7 * 86_400_000).toISOString();
    const justBefore = new Date(Date.parse(edge) - 60_000).toISOString();
    const late = (at: string) => past('cancelled-by-family', at, true);
    const two = [late('2026-10-01T10:00:00Z'), late('2026-11-01T10:00:00Z')];
    expect(safeguardingFlag([...two, late(justBefore)], RULE, NOW)).toBeNull();
    const flag = safeguardingFlag([...two, late(edge)], RULE, NOW);
    expect(flag?.kind).toBe('late-cancellations');
    expect(flagReasonText(flag!)).toBe('3 late cancellations by the family in the last 26 weeks');
  });

  it('does not count cancellations in good time, or attended appointments, as late', () => {
    const history = [
      past('cancelled-by-family', '2026-10-01T10:00:00Z', true),
      past('cancelled-by-family', '2026-10-08T10:00:00Z', false),
      past('cancelled-by-family', '2026-11-01T10:00:00Z', true),
      past('attended', '2026-11-08T10:00:00Z', true),
    ];
    expect(safeguardingFlag(history, RULE, NOW)).toBeNull();
  });

  it('gives no flag for no history', () => {
    expect(safeguardingFlag([], RULE, NOW)).toBeNull();
  });
});
