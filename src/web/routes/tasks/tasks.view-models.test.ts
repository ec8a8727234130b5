import { describe, expect, it } from 'vitest';
import { detailLines } from './tasks.view-models.js';

describe('a task’s details', () => {
  it('show a family’s request about an appointment in their words, with the times that suit and a late notice', () => {
    expect(
      detailLines({ reason: 'We are away that week.', times: 'Any Tuesday morning', lateCancellation: true }),
    ).toEqual([
      { key: 'The family’s reason', value: 'We are away that week.' },
      { key: 'Times that suit the family', value: 'Any Tuesday morning' },
      { key: 'Late cancellation', value: 'Yes: less notice than the service asks for' },
    ]);
  });

  it('say what a Was Not Brought follow-up asks, and why the safeguarding lead was flagged, never a code', () => {
    expect(detailLines({ reference: 'OT-A-123456', ask: 'Consider the impact on the child.' })).toEqual([
      { key: 'Appointment', value: 'OT-A-123456' },
      { key: 'What to do', value: 'Consider the impact on the child.' },
    ]);
    expect(
      detailLines({ reason: 'was-not-brought-in-a-row', text: 'Not brought to 2 appointments in a row.' }),
    ).toEqual([{ key: 'Why', value: 'Not brought to 2 appointments in a row.' }]);
  });

  it('say why the team must telephone a family it cannot write to', () => {
    expect(detailLines({ reason: 'no-email-or-mobile' })[0]?.key).toBe('Why');
  });
});
