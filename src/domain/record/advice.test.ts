import { describe, expect, it } from 'vitest';
import { adviceDocument, chooseAdvice, suitsRecipient, type AdviceProgramme } from './advice.js';

const home: AdviceProgramme = {
  code: 'handwriting-home',
  title: 'Handwriting at home',
  audience: 'home',
  difficulties: ['movement'],
  paragraphs: ['Short, regular practice helps.'],
};
const school: AdviceProgramme = { ...home, code: 'classroom', title: 'In the classroom', audience: 'school' };
const both: AdviceProgramme = { ...home, code: 'sensory', title: 'Sensory breaks', audience: 'both' };
const sender = { serviceName: 'Children’s OT', organisationName: 'An NHS trust', telephone: '0116 295 2495' };

describe('advice and strategies', () => {
  it('gives home programmes to the family, school ones to the school, and either to both', () => {
    expect(suitsRecipient(home, 'family')).toBe(true);
    expect(suitsRecipient(home, 'school')).toBe(false);
    expect(suitsRecipient(school, 'school')).toBe(true);
    expect(suitsRecipient(school, 'family')).toBe(false);
    expect(suitsRecipient(both, 'family') && suitsRecipient(both, 'school')).toBe(true);
  });

  it('says what is missing or wrong with a choice', () => {
    const library = [home, school, both];
    expect(chooseAdvice({}, library)).toEqual({
      ok: false,
      problems: [
        { field: 'programme', message: 'Select the advice to give' },
        { field: 'to', message: 'Select who you are giving it to' },
      ],
    });
    expect(chooseAdvice({ programme: 'nope', to: 'family' }, library).ok).toBe(false);
    expect(chooseAdvice({ programme: 'handwriting-home', to: 'school' }, library)).toEqual({
      ok: false,
      problems: [{ field: 'to', message: 'This advice is written for home: give it to the family' }],
    });
    expect(chooseAdvice({ programme: ['classroom'], to: 'school' }, library).ok).toBe(false);
    expect(chooseAdvice({ programme: 'classroom', to: 'school' }, library)).toEqual({
      ok: true,
      value: { programme: school, to: 'school' },
    });
  });

  it('draws the document with the child’s first name only, the date and how to ask', () => {
    const doc = adviceDocument({
      programme: home,
      to: 'family',
      childGivenName: 'Ruby',
      givenOn: '2026-12-03',
      sender,
    });
    expect(doc).toMatchObject({
      recipientName: "For Ruby's family",
      addressLines: [],
      email: null,
      date: '3 December 2026',
      subject: 'Handwriting at home',
    });
    expect(doc.paragraphs).toEqual([
      'Short, regular practice helps.',
      'If you have any questions about this advice, please call Children’s OT on 0116 295 2495.',
    ]);
  });
});
