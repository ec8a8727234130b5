import { describe, expect, it } from 'vitest';
import { waitStartsOn } from './wait-start.js';

describe('waitStartsOn', () => {
  it('is the day the referral was received when triage never paused', () => {
    expect(waitStartsOn('2026-09-01', [])).toBe('2026-09-01');
    expect(waitStartsOn('2026-09-01', [{ occurredAt: '2026-09-03T10:00:00Z', action: 'accept' }])).toBe('2026-09-01');
  });

  it('moves on by the calendar days from the request for information to its arrival', () => {
    const events = [
      { occurredAt: '2026-09-14T10:00:00Z', action: 'information-received' },
      { occurredAt: '2026-09-04T10:00:00Z', action: 'request-information' },
      { occurredAt: '2026-09-15T10:00:00Z', action: 'accept' },
    ];
    expect(waitStartsOn('2026-09-01', events)).toBe('2026-09-11');
  });

  it('adds up each pause, and dates them in London (23:30 UTC in summer is the next day)', () => {
    const events = [
      { occurredAt: '2026-06-01T23:30:00Z', action: 'request-information' },
      { occurredAt: '2026-06-04T09:00:00Z', action: 'information-received' },
      { occurredAt: '2026-06-10T09:00:00Z', action: 'request-information' },
      { occurredAt: '2026-06-11T09:00:00Z', action: 'information-received' },
    ];
    // Paused 2 June to 4 June (2 days) and 10 to 11 June (1 day).
    expect(waitStartsOn('2026-05-20', events)).toBe('2026-05-23');
  });

  it('does not count a pause that never ended', () => {
    expect(waitStartsOn('2026-05-20', [{ occurredAt: '2026-06-01T09:00:00Z', action: 'request-information' }])).toBe(
      '2026-05-20',
    );
  });
});
