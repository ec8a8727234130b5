import { describe, expect, it } from 'vitest';
import {
  CONTACT_TYPES,
  CONTACT_TYPE_LABELS,
  NOTE_TEXT_MAX,
  mayEditDraft,
  maySign,
  noteState,
  parseAddendum,
  parseDraft,
  readyToSign,
  storedDraft,
} from './notes.js';

const TODAY = '2026-12-03';
const problemsOf = (parsed: { ok: true } | { ok: false; problems: { field: string; message: string }[] }) =>
  parsed.ok ? [] : parsed.problems;

describe('contact types', () => {
  it('labels every type once', () => {
    expect(CONTACT_TYPES.map((t) => CONTACT_TYPE_LABELS[t])).toEqual([
      'Assessment',
      'Therapy session',
      'School visit',
      'Telephone call',
      'Advice',
    ]);
  });
});

describe('parseDraft', () => {
  it('reads a complete draft, trimming the text', () => {
    expect(
      parseDraft({ contactType: 'therapy', contactOn: '2026-12-01', text: '  Worked on scissors.\n' }, TODAY),
    ).toEqual({ ok: true, value: { contactType: 'therapy', contactOn: '2026-12-01', text: 'Worked on scissors.' } });
  });

  it('keeps an unfinished draft: nothing filled in yet, or only the text', () => {
    expect(parseDraft({}, TODAY)).toEqual({ ok: true, value: { contactType: null, contactOn: null, text: '' } });
    expect(parseDraft({ contactType: ' ', contactOn: '', text: 'Started' }, TODAY)).toEqual({
      ok: true,
      value: { contactType: null, contactOn: null, text: 'Started' },
    });
  });

  it('takes a contact today, and refuses tomorrow', () => {
    expect(parseDraft({ contactOn: TODAY }, TODAY).ok).toBe(true);
    expect(problemsOf(parseDraft({ contactOn: '2026-12-04' }, TODAY))).toEqual([
      { field: 'contactOn', message: 'Date of contact must be today or in the past' },
    ]);
  });

  it('refuses a date that is not real, and an unknown type', () => {
    expect(problemsOf(parseDraft({ contactOn: '2026-02-30', contactType: 'home-visit' }, TODAY))).toEqual([
      { field: 'contactType', message: 'Select the type of contact from the list' },
      { field: 'contactOn', message: 'Date of contact must be a real date' },
    ]);
    expect(problemsOf(parseDraft({ contactOn: '3/12/2026' }, TODAY))).toHaveLength(1);
  });

  it('takes a text of exactly 20,000 characters (after trimming) and refuses one more', () => {
    const longest = 'a'.repeat(NOTE_TEXT_MAX);
    expect(parseDraft({ text: `  ${longest}  ` }, TODAY)).toMatchObject({ ok: true, value: { text: longest } });
    expect(problemsOf(parseDraft({ text: `${longest}a` }, TODAY))).toEqual([
      { field: 'text', message: 'Note must be 20,000 characters or fewer' },
    ]);
  });
});

describe('readyToSign', () => {
  it('passes a draft with a type, a date and text', () => {
    const draft = { contactType: 'telephone' as const, contactOn: '2026-12-02', text: 'Spoke to mum.' };
    expect(readyToSign(draft)).toEqual({ ok: true, value: draft });
  });

  it('names every part still missing', () => {
    expect(problemsOf(readyToSign({ contactType: null, contactOn: null, text: '  ' }))).toEqual([
      { field: 'contactType', message: 'Select the type of contact' },
      { field: 'contactOn', message: 'Enter the date of contact' },
      { field: 'text', message: 'Enter the note' },
    ]);
    expect(problemsOf(readyToSign({ contactType: 'advice', contactOn: '2026-12-02', text: '' }))).toEqual([
      { field: 'text', message: 'Enter the note' },
    ]);
  });
});

describe('storedDraft', () => {
  it('reads a stored draft, an unknown type as none', () => {
    expect(storedDraft({ contactType: 'school-visit', contactOn: '2026-12-01', text: 'Visited.' })).toEqual({
      contactType: 'school-visit',
      contactOn: '2026-12-01',
      text: 'Visited.',
    });
    expect(storedDraft({ contactType: 'home-visit', contactOn: null, text: '' })).toEqual({
      contactType: null,
      contactOn: null,
      text: '',
    });
  });
});

describe('parseAddendum', () => {
  it('reads the text and the reason, trimmed', () => {
    expect(parseAddendum({ text: ' Date was 2 December. ', reason: ' Wrong date recorded ' })).toEqual({
      ok: true,
      value: { text: 'Date was 2 December.', reason: 'Wrong date recorded' },
    });
  });

  it('needs both', () => {
    expect(problemsOf(parseAddendum({ text: '', reason: null }))).toEqual([
      { field: 'text', message: 'Enter the addendum' },
      { field: 'reason', message: 'Enter the reason for the addendum' },
    ]);
  });

  it('limits the text to 20,000 characters and the reason to 500', () => {
    expect(parseAddendum({ text: 'a'.repeat(NOTE_TEXT_MAX), reason: 'r'.repeat(500) }).ok).toBe(true);
    expect(problemsOf(parseAddendum({ text: 'a'.repeat(NOTE_TEXT_MAX + 1), reason: 'r'.repeat(501) }))).toEqual([
      { field: 'text', message: 'Addendum must be 20,000 characters or fewer' },
      { field: 'reason', message: 'Reason must be 500 characters or fewer' },
    ]);
  });
});

describe('who may sign and edit', () => {
  const draft = { authorUserId: 'u-author', status: 'draft' as const };
  const signed = { authorUserId: 'u-author', status: 'signed' as const };

  it('lets the author sign their draft, and nobody else', () => {
    expect(maySign(draft, 'u-author')).toEqual({ ok: true });
    expect(maySign(draft, 'u-colleague')).toEqual({ ok: false, reason: 'not-author' });
  });

  it('never signs a note twice, even for its author', () => {
    expect(maySign(signed, 'u-author')).toEqual({ ok: false, reason: 'already-signed' });
    expect(maySign(signed, 'u-colleague')).toEqual({ ok: false, reason: 'already-signed' });
  });

  it('lets only the author edit, and only a draft', () => {
    expect(mayEditDraft(draft, 'u-author')).toBe(true);
    expect(mayEditDraft(draft, 'u-colleague')).toBe(false);
    expect(mayEditDraft(signed, 'u-author')).toBe(false);
  });

  it('reads the stored state', () => {
    expect(noteState('signed')).toBe('signed');
    expect(noteState('draft')).toBe('draft');
  });
});
