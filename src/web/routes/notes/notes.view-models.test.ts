import { describe, expect, it } from 'vitest';
import type { NoteRow, NotesPage } from '../../../services/record/notes.service.js';
import { readForm } from '../../forms/read-form.js';
import { paths } from '../../paths.js';
import { addendumFields, draftFields, isRecordId } from './notes.forms.js';
import { dateTime, draftAnswers, listPage, notePage, paragraphs, typeLabel } from './notes.view-models.js';

const NOTE = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const CHILD = '11111111-2222-4333-8444-555555555555';

const aNote = (over: Partial<NoteRow> = {}): NoteRow => ({
  id: NOTE,
  childId: CHILD,
  episodeId: 'e1',
  authorUserId: 'u1',
  authorName: 'Cerys Clinician',
  contactType: 'therapy',
  contactOn: '2026-12-02',
  status: 'draft',
  signedAt: null,
  signedBy: null,
  createdAt: '2026-12-02T09:00:00.000Z',
  updatedAt: '2026-12-02T09:00:00.000Z',
  version: 2,
  text: 'Worked on pencil grip.',
  ...over,
});

const SIGNED = { status: 'signed', signedAt: '2026-07-01T13:05:00.000Z', signedBy: 'u1' } as const;

describe('contact notes view models', () => {
  it('names the type of contact, or says it is not given yet', () => {
    expect(typeLabel('school-visit')).toBe('School visit');
    expect(typeLabel(null)).toBe('Type not given yet');
    expect(typeLabel('séance')).toBe('Type not given yet');
  });

  it('shows instants on London’s clocks', () => {
    expect(dateTime('2026-12-03T10:00:00.000Z')).toBe('3 December 2026 at 10:00');
    // British Summer Time: an hour ahead of UTC.
    expect(dateTime('2026-07-01T13:05:00.000Z')).toBe('1 July 2026 at 14:05');
  });

  it('keeps the shape of typed text as paragraphs of lines', () => {
    expect(paragraphs('One\r\ntwo\n\n\nThree  \n')).toEqual([
      ['One', 'two'],
      ['Three', ''],
    ]);
    expect(paragraphs('')).toEqual([]);
  });

  it('lists notes with their status, author, addenda and the link each person should follow', () => {
    const page: NotesPage = {
      notes: [
        { ...aNote(), addenda: [] },
        {
          ...aNote({ ...SIGNED, id: 'n2', authorUserId: 'u2', authorName: 'Dev Colleague', contactOn: null }),
          addenda: [
            {
              id: 'a1',
              noteId: 'n2',
              text: 'Correct date 1 Dec.',
              reason: 'Wrong date',
              authorUserId: 'u1',
              authorName: 'Cerys Clinician',
              createdAt: '2026-12-03T10:00:00.000Z',
            },
          ],
        },
      ],
      total: 41,
      page: 2,
      pageCount: 3,
    };
    const model = listPage(page, CHILD, 'u1', true);
    expect(model.notes.map((n) => [n.type, n.date, n.author, n.status.text, n.linkText])).toEqual([
      ['Therapy session', '2 December 2026', 'Cerys Clinician', 'Draft', 'Continue the draft'],
      ['Therapy session', 'Date not given yet', 'Dev Colleague', 'Signed', 'View note'],
    ]);
    expect(model.notes[0]?.href).toBe(paths.notes.edit.build({ noteId: NOTE }));
    expect(model.notes[1]?.addenda).toEqual([
      { text: [['Correct date 1 Dec.']], reason: 'Wrong date', by: 'Cerys Clinician', at: '3 December 2026 at 10:00' },
    ]);
    expect(model.addAction).toBe(paths.notes.add.build({ childId: CHILD }));
    expect(model.pagination?.previous?.href).toBe(paths.notes.child.build({ childId: CHILD }));
    expect(model.pagination?.next?.href).toBe(`${paths.notes.child.build({ childId: CHILD })}?page=3`);

    // Read-only access (after discharge): no button, and one's own draft opens as a page.
    const readOnly = listPage(page, CHILD, 'u1', false);
    expect(readOnly.addAction).toBeNull();
    expect(readOnly.notes[0]?.href).toBe(paths.notes.note.build({ noteId: NOTE }));
  });

  it('shows a signed note with who signed it when, every version, and the addendum form to those who may write', () => {
    const found = {
      note: aNote(SIGNED),
      versions: [
        { noteId: NOTE, version: 1, text: '', savedAt: '2026-07-01T12:00:00.000Z', savedBy: 'u1', savedByName: 'C' },
        {
          noteId: NOTE,
          version: 2,
          text: 'Final',
          savedAt: '2026-07-01T13:00:00.000Z',
          savedBy: 'u1',
          savedByName: 'C',
        },
      ],
      addenda: [],
    };
    const model = notePage(found, 'u2', true);
    expect(model.title).toBe('Therapy session: 2 December 2026');
    expect(model.summary.at(-1)).toEqual({ key: 'Signed', value: 'By Cerys Clinician on 1 July 2026 at 14:05' });
    expect(model.versions.map((v) => [v.version, v.savedAt, v.current])).toEqual([
      [1, '1 July 2026 at 13:00', false],
      [2, '1 July 2026 at 14:00', true],
    ]);
    expect(model.editHref).toBeNull();
    expect(model.addendumAction).toBe(paths.notes.addendum.build({ noteId: NOTE }));
    expect(notePage(found, 'u2', false).addendumAction).toBeNull();

    const draft = notePage({ ...found, note: aNote() }, 'u1', true);
    expect(draft.summary.at(-1)).toEqual({ key: 'Status', value: 'Draft, not signed' });
    expect(draft.editHref).toBe(paths.notes.edit.build({ noteId: NOTE }));
    expect(draft.addendumAction).toBeNull();
    expect(notePage({ ...found, note: aNote() }, 'u2', true).editHref).toBeNull();
  });

  it('gives the draft form its saved answers at its version', () => {
    expect(draftAnswers(aNote())).toEqual({
      contactType: 'therapy',
      contactOn: '2026-12-02',
      text: 'Worked on pencil grip.',
      version: '2',
    });
    expect(draftAnswers(aNote({ contactType: null, contactOn: null, text: '' }))).toEqual({ text: '', version: '2' });
  });
});

describe('contact notes forms', () => {
  const today = '2026-12-03';
  const date = (day: string, month: string, year: string) => ({
    'contactOn[day]': day,
    'contactOn[month]': month,
    'contactOn[year]': year,
  });

  it('reads a draft with every part left empty', () => {
    const form = readForm(draftFields, { ...date('', '', ''), text: '', version: '3' }, { today });
    expect(form).toMatchObject({ ok: true, data: { version: 3 } });
    if (form.ok)
      expect([form.data.contactType, form.data.contactOn, form.data.text]).toEqual([undefined, undefined, undefined]);
  });

  it('refuses a type not on the list, a half date, a future date and a missing version', () => {
    const bad = readForm(
      draftFields,
      { contactType: 'visit', ...date('2', '', '2026'), text: 'x', version: '1' },
      { today },
    );
    expect(bad.ok ? [] : bad.errors.summary).toEqual([
      { text: 'Select the type of contact from the list', href: '#contactType' },
      { text: expect.stringMatching(/month/u) as string, href: '#contactOn-month' },
    ]);
    const future = readForm(draftFields, { ...date('4', '12', '2026'), version: '1' }, { today });
    expect(future.ok ? [] : future.errors.summary.map((e) => e.text)).toEqual([
      'Date of contact must be today or in the past',
    ]);
    const noVersion = readForm(draftFields, { text: 'x' }, { today });
    expect(noVersion.ok ? {} : noVersion.errors.fields).toHaveProperty('version');
  });

  it('needs both the addendum and its reason', () => {
    const form = readForm(addendumFields, { text: ' ', reason: '' });
    expect(form.ok ? [] : form.errors.summary.map((e) => e.text)).toEqual([
      'Enter the addendum',
      'Enter the reason for the addendum',
    ]);
  });

  it('takes only UUIDs as ids', () => {
    expect(isRecordId(NOTE)).toBe(true);
    expect(isRecordId('../etc')).toBe(false);
  });
});
