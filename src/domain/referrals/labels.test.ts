import { describe, expect, it } from 'vitest';
import {
  DECISION_TITLES,
  eventTitle,
  labelOf,
  PRIORITY_LABELS,
  REPLY_REMINDER_TITLE,
  STATUS_LABELS,
} from './labels.js';
import { PRIORITIES, REFERRAL_STATUSES } from './lifecycle.js';

describe('labels', () => {
  it('names every status once, with no two statuses read alike', () => {
    const words = REFERRAL_STATUSES.map((s) => STATUS_LABELS[s]);
    expect(words.every((w) => w.length > 0)).toBe(true);
    expect(new Set(words).size).toBe(REFERRAL_STATUSES.length);
    expect(STATUS_LABELS.closed).toBe('Closed with advice');
  });

  it('names every priority', () => {
    expect(PRIORITIES.map((p) => PRIORITY_LABELS[p])).toEqual(['Urgent', 'Soon', 'Routine']);
  });

  it('shows a stored code that has no label as it is, and keeps null', () => {
    expect(labelOf(STATUS_LABELS, 'accepted')).toBe('Accepted');
    expect(labelOf(STATUS_LABELS, 'on-hold')).toBe('on-hold');
    expect(labelOf(PRIORITY_LABELS, null)).toBeNull();
    // A name an object has of its own kind is not a label.
    expect(labelOf(STATUS_LABELS, 'toString')).toBe('toString');
  });

  it('titles a history event by its decision, its reminder or its answer about the child', () => {
    expect(eventTitle('give-advice')).toBe(DECISION_TITLES['give-advice']);
    expect(eventTitle('reply-reminder')).toBe(REPLY_REMINDER_TITLE);
    expect(eventTitle('child-match-not-same')).toBe('Confirmed a different child from the possible match');
    expect(eventTitle('something-new')).toBe('something-new');
  });
});
