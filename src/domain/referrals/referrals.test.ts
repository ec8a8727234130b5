import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import llrJson from '../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import { definitionFrom } from '../eligibility/test-kit.js';
import { boundedInflate } from '../../services/referrals/inflate.js';
import { checkUpload, safeFileName, sniffType } from './attachments.js';
import {
  answersFor,
  isUnresolvedMatch,
  matchChild,
  matchStateOf,
  MATCH_STATES,
  nameKey,
  resolveMatch,
  SAME_CHILD_ANSWERS,
} from './child-match.js';
import { referralFacts } from './eligibility-facts.js';
import { parseField, type Field } from '../forms/fields.js';
import { answerPage, firstUnanswered, pagesFor, reachable, referralPages, type QuestionContext } from './questions.js';
import { newReference, normaliseReference } from './reference.js';

const definition = definitionFrom(llrJson);
const ctx: QuestionContext = { definition, today: '2026-11-27', practicesLoaded: true, schoolsLoaded: true };
const TODAY = '2026-11-27';
/** A field of any kind with defaults for the parts each kind needs (a test's only use of a loose object). */
function field(f: Record<string, unknown> & { kind: Field['kind'] }): Field {
  const loose: unknown = {
    name: 'x',
    label: 'Thing',
    missing: 'Enter the thing',
    max: 10,
    what: 'Date',
    options: [],
    declared: [],
    ...f,
  };
  return loose as Field;
}

describe('referral fields', () => {
  it('keep text as typed, NFC and trimmed, counting code points', () => {
    const text = field({ kind: 'text', max: 5 });
    expect(parseField(text, { x: '  Zoë  ' }, TODAY)).toEqual({ value: 'Zoë' });
    expect(parseField(text, { x: 'Zoe\u0308' }, TODAY)).toEqual({ value: 'Zoë' });
    expect(parseField(text, { x: '👩‍👧👩‍👧' }, TODAY)).toEqual({
      field: 'x',
      message: 'Thing must be 5 characters or fewer',
    });
    expect(parseField(text, { x: '\u202Eabc' }, TODAY)).toEqual({ value: 'abc' });
    expect(parseField(text, { x: ['a', 'b'] }, TODAY)).toEqual({ field: 'x', message: 'Enter one answer only' });
    expect(parseField(text, {}, TODAY)).toEqual({ field: 'x', message: 'Enter the thing' });
    expect(parseField({ ...text, optional: true }, { x: ' ' }, TODAY)).toEqual({ value: null });
  });

  it('check NHS numbers by their check digit and keep the ten digits', () => {
    const nhs = field({ kind: 'nhs-number' });
    expect(parseField(nhs, { x: '943 476 5919' }, TODAY)).toEqual({ value: '9434765919' });
    expect(parseField(nhs, { x: '943-476-5919' }, TODAY)).toEqual({ value: '9434765919' });
    expect(parseField(nhs, { x: '9434765918' }, TODAY)).toMatchObject({ message: 'Enter a valid NHS number' });
    expect(parseField(nhs, { x: '943476591' }, TODAY)).toMatchObject({ message: 'NHS number must be 10 digits' });
    expect(parseField(nhs, { x: '٩٤٣٤٧٦٥٩١٩' }, TODAY)).toMatchObject({ message: 'NHS number must be 10 digits' });
  });

  it('accept UK postcodes, telephone numbers and e-mail addresses in their usual forms', () => {
    expect(parseField(field({ kind: 'postcode' }), { x: 'le1 6th' }, TODAY)).toEqual({ value: 'LE1 6TH' });
    expect(parseField(field({ kind: 'postcode' }), { x: 'LE16TH' }, TODAY)).toEqual({ value: 'LE1 6TH' });
    expect(parseField(field({ kind: 'postcode' }), { x: 'LE1' }, TODAY)).toMatchObject({
      message: 'Enter a full UK postcode, like LE1 6TH',
    });
    expect(parseField(field({ kind: 'phone' }), { x: '0116 295 2495' }, TODAY)).toEqual({ value: '0116 295 2495' });
    expect(parseField(field({ kind: 'phone' }), { x: '+44 7700 900982' }, TODAY)).toEqual({ value: '+44 7700 900982' });
    expect(parseField(field({ kind: 'phone' }), { x: '999' }, TODAY)).toMatchObject({ field: 'x' });
    expect(parseField(field({ kind: 'email' }), { x: 'a.b@nhs.net' }, TODAY)).toEqual({ value: 'a.b@nhs.net' });
    expect(parseField(field({ kind: 'email' }), { x: 'a@b' }, TODAY)).toMatchObject({ field: 'x' });
    expect(parseField(field({ kind: 'email' }), { x: '"><script>@x.com' }, TODAY)).toMatchObject({ field: 'x' });
  });

  it('read dates from three boxes and refuse future ones', () => {
    const date = field({ kind: 'date', what: 'Date of birth' });
    const sent = (d: string, m: string, y: string) => ({ 'x[day]': d, 'x[month]': m, 'x[year]': y });
    expect(parseField(date, sent('29', '2', '2016'), TODAY)).toEqual({ value: '2016-02-29' });
    expect(parseField(date, sent('29', '2', '2017'), TODAY)).toMatchObject({
      message: 'Date of birth must be a real date',
    });
    expect(parseField(date, sent('28', '11', '2026'), TODAY)).toMatchObject({
      message: 'Date of birth must be today or in the past',
    });
    expect(parseField(date, sent('1', '1', '20'), TODAY)).toMatchObject({
      message: 'Year must include 4 numbers',
      part: 'year',
    });
  });

  it('never throw, whatever is sent (property)', () => {
    const kinds: Field['kind'][] = [
      'text',
      'textarea',
      'email',
      'phone',
      'postcode',
      'nhs-number',
      'date',
      'radios',
      'checkboxes',
      'practice',
      'school',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...kinds),
        fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.array(fc.string()), fc.integer())),
        (kind, sent) => {
          const result = parseField(field({ kind, options: [{ value: 'a', text: 'A' }] }), sent, TODAY);
          expect('value' in result || 'message' in result).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the referral pages', () => {
  it('ask each referrer type the right questions', () => {
    const ids = (referrerType: string) => pagesFor(ctx, { referrerType }).map((p) => p.id);
    expect(ids('gp')).toContain('your-practice');
    expect(ids('gp')).toContain('child-nhs-number');
    expect(ids('education-staff')).toContain('your-school');
    expect(ids('education-staff')).toContain('child-nhs-number-optional');
    expect(ids('social-care')).toContain('your-organisation');
    expect(ids('parent-carer')).toContain('your-contact-details');
    expect(ids('parent-carer')).toContain('discharge');
    expect(ids('gp')).not.toContain('discharge');
    expect(ids('gp')).not.toContain('second-parent');
    expect(pagesFor(ctx, { referrerType: 'gp', anotherParent: 'yes' }).map((p) => p.id)).toContain('second-parent');
    // Without reference data, a GP names the practice in words.
    const fresh = { ...ctx, practicesLoaded: false };
    expect(pagesFor(fresh, { referrerType: 'gp' }).map((p) => p.id)).toContain('your-organisation');
  });

  it('never offers self or other as referrers', () => {
    const first = referralPages(ctx).find((p) => p.id === 'who-is-referring');
    const options = first?.fields[0]?.kind === 'radios' ? first.fields[0].options.map((o) => o.value) : [];
    expect(options).not.toContain('self');
    expect(options).not.toContain('other');
    expect(options).toContain('parent-carer');
  });

  it('keep the answers of other pages when one is answered, and report every problem at once', () => {
    const page = referralPages(ctx).find((p) => p.id === 'child-name');
    if (page === undefined) throw new Error('no page');
    const answered = answerPage(
      page,
      { childGivenName: 'Amara', childFamilyName: 'Ndiaye', childKnownAs: '' },
      { referrerType: 'gp' },
      TODAY,
    );
    expect(answered).toEqual({
      ok: true,
      answers: { referrerType: 'gp', childGivenName: 'Amara', childFamilyName: 'Ndiaye' },
    });
    expect(answerPage(page, {}, {}, TODAY)).toEqual({
      ok: false,
      problems: [
        { field: 'childGivenName', message: 'Enter the child’s first name' },
        { field: 'childFamilyName', message: 'Enter the child’s last name' },
      ],
    });
  });

  it('know the first page still to answer', () => {
    expect(firstUnanswered(ctx, {}, new Set())?.id).toBe('who-is-referring');
    expect(firstUnanswered(ctx, { referrerType: 'gp' }, new Set(['who-is-referring']))?.id).toBe('your-details');
  });

  describe('reachable: no skipping ahead by URL', () => {
    const gp = { referrerType: 'gp' };
    const child = { childGivenName: 'Amara', childFamilyName: 'Ndiaye' };
    const details = { referrerName: 'Sam', referrerRole: 'GP', referrerEmail: 'sam@nhs.test', referrerPhone: '0116' };

    it('opens the first page still to answer and every page before it, and no page after it', () => {
      expect(reachable(ctx, {}, new Set(), 'who-is-referring')).toBe(true);
      expect(reachable(ctx, {}, new Set(), 'child-name')).toBe(false);
      const asked = new Set(['who-is-referring']);
      expect(reachable(ctx, gp, asked, 'who-is-referring')).toBe(true);
      expect(reachable(ctx, gp, asked, 'your-details')).toBe(true);
      expect(reachable(ctx, gp, asked, 'child-name')).toBe(false);
      expect(reachable(ctx, gp, asked, 'attachments')).toBe(false);
    });

    it('needs each page before to have been through, and to hold every answer it needs', () => {
      // The answers alone are not enough (they may be left from another path), nor is having been through a page.
      expect(reachable(ctx, { ...gp, ...details }, new Set(['who-is-referring']), 'your-practice')).toBe(false);
      const through = new Set(['who-is-referring', 'your-details']);
      expect(reachable(ctx, { ...gp, referrerName: 'Sam' }, through, 'your-practice')).toBe(false);
      expect(reachable(ctx, { ...gp, ...details }, through, 'your-practice')).toBe(true);
    });

    it('keeps a page with its own answer open, even after an earlier change adds a page before it', () => {
      const through = new Set(['who-is-referring', 'your-details', 'your-practice', 'child-name']);
      const answers = { ...gp, ...details, referrerPractice: 'C82044', ...child };
      expect(reachable(ctx, answers, through, 'child-name')).toBe(true);
      expect(reachable(ctx, answers, through, 'child-date-of-birth')).toBe(true);
      expect(reachable(ctx, answers, through, 'child-nhs-number')).toBe(false);
      // A parent now: their contact details page is the gap; the child's name, answered, stays open; what is new waits.
      const parent = { ...answers, referrerType: 'parent-carer' };
      expect(firstUnanswered(ctx, parent, through)?.id).toBe('your-contact-details');
      expect(reachable(ctx, parent, through, 'your-contact-details')).toBe(true);
      expect(reachable(ctx, parent, through, 'child-name')).toBe(true);
      expect(reachable(ctx, parent, through, 'discharge')).toBe(false);
    });

    it('never opens a page that does not apply, or that the form does not have', () => {
      const everything = new Set(referralPages(ctx).map((p) => p.id));
      expect(reachable(ctx, gp, everything, 'discharge')).toBe(false);
      expect(reachable(ctx, gp, everything, 'received')).toBe(false);
      expect(reachable(ctx, gp, everything, 'no-such-page')).toBe(false);
      expect(reachable({ ...ctx, staff: true }, {}, new Set(), 'received')).toBe(true);
      expect(reachable({ ...ctx, staff: true }, {}, new Set(), 'who-is-referring')).toBe(false);
    });
  });
});

describe('the eligibility facts of a referral', () => {
  it('are what the API would be sent for the same answers', () => {
    expect(
      referralFacts(
        {
          referrerType: 'parent-carer',
          childDateOfBirth: '2009-05-02',
          inFullTimeEducation: 'yes',
          childGp: 'C82044',
          childSchool: 'in-area',
          curriculum: 'not-known',
          difficulties: ['none'],
          conditions: ['rheumatology'],
          communityIssue: 'yes',
          otherNeeds: ['acute-surgery'],
          childDischargedOn: '2026-08-31',
        },
        ctx,
      ),
    ).toEqual({
      child: { dateOfBirth: '2009-05-02', inFullTimeEducation: true, gpPracticeCode: 'C82044', schoolInArea: true },
      difficulties: [],
      conditions: ['rheumatology'],
      overridingCommunityIssue: true,
      shortTermAcuteIllness: false,
      acuteSurgicalRecovery: true,
      requestsAyresSensoryIntegration: false,
      referrer: { type: 'parent-carer', childDischargedOn: '2026-08-31' },
    });
  });
});

describe('references', () => {
  it('look like OT-7K3M-9QX2, with no letters that look like digits, and differ each time', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 5, maxLength: 5 }), (bytes) => {
        const reference = newReference('OT', () => bytes);
        expect(reference).toMatch(/^OT-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/u);
        expect(normaliseReference(reference.toLowerCase().replaceAll('-', ' '), 'OT')).toBe(reference);
        seen.add(reference);
      }),
    );
    expect(seen.size).toBeGreaterThan(90);
    expect(normaliseReference('ot-7k3m-9qxo', 'OT')).toBe('OT-7K3M-9QX0');
    expect(normaliseReference('OT-7K3M-9QX', 'OT')).toBeNull();
  });
});

describe('matching a child', () => {
  const known = [
    {
      id: 'a',
      nhsNumber: '9434765919',
      givenName: 'Amara',
      familyName: 'Ndiaye',
      dateOfBirth: '2016-05-02',
      postcode: 'LE1 6FB',
    },
    {
      id: 'b',
      nhsNumber: null,
      givenName: 'Théo',
      familyName: "O'Brien",
      dateOfBirth: '2015-03-03',
      postcode: 'LE2 1AA',
    },
  ];
  it('reuses a record with the same NHS number only when the name and date of birth agree', () => {
    expect(matchChild({ ...known[0]!, givenName: 'amara ', postcode: 'LE5 0AA' }, known)).toEqual({
      kind: 'nhs-number',
      childId: 'a',
    });
  });

  it('never attaches a referral to the record of an NHS number whose name or date of birth differs', () => {
    // Oliver's number given for Leo: a typing slip or a sibling's number. Leo is not Oliver.
    const oliver = {
      id: 'oliver',
      nhsNumber: '9434765919',
      givenName: 'Oliver',
      familyName: 'Bennett',
      dateOfBirth: '2019-05-10',
      postcode: 'LE1 1AA',
    };
    const leo = {
      nhsNumber: '9434765919',
      givenName: 'Leo',
      familyName: 'Smith',
      dateOfBirth: '2014-09-21',
      postcode: 'LE1 1AA',
    };
    expect(matchChild(leo, [oliver])).toEqual({ kind: 'nhs-number-conflict', childId: 'oliver' });
    for (const differs of [{ dateOfBirth: '2019-05-11' }, { familyName: 'Bennet' }, { givenName: 'Olivia' }]) {
      expect(matchChild({ ...oliver, ...differs }, [oliver])).toEqual({
        kind: 'nhs-number-conflict',
        childId: 'oliver',
      });
    }
    // While the conflict waits, Leo has a record of his own with that number: a second referral for Leo is his, and
    // one for Oliver is Oliver's.
    const leoRecord = { ...leo, id: 'leo' };
    expect(matchChild(leo, [oliver, leoRecord])).toEqual({ kind: 'nhs-number', childId: 'leo' });
    expect(matchChild(oliver, [leoRecord, oliver])).toEqual({ kind: 'nhs-number', childId: 'oliver' });
    expect(matchStateOf(matchChild(leo, [oliver]))).toBe('nhs-number-conflict');
    expect(matchStateOf({ kind: 'none' })).toBe('new');
  });

  it('only suggests a match on name, date of birth and postcode, ignoring accents, case and punctuation', () => {
    expect(
      matchChild(
        { nhsNumber: null, givenName: 'theo', familyName: 'OBRIEN', dateOfBirth: '2015-03-03', postcode: 'le21aa' },
        known,
      ),
    ).toEqual({ kind: 'possible', childId: 'b' });
    expect(
      matchChild(
        { nhsNumber: null, givenName: 'theo', familyName: 'OBRIEN', dateOfBirth: '2015-03-04', postcode: 'LE2 1AA' },
        known,
      ),
    ).toEqual({ kind: 'none' });
    expect(nameKey('  Zoë-Anne ')).toBe('zoeanne');
  });
});

describe('attachments', () => {
  const PDF = new TextEncoder().encode('%PDF-1.7\n%%EOF');
  it('are judged by their first bytes', () => {
    expect(sniffType(PDF)).toBe('application/pdf');
    expect(sniffType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffType(new TextEncoder().encode('<html>'))).toBeNull();
  });
  it('have safe names', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd');
    expect(safeFileName('C:\\Users\\me\\report.pdf')).toBe('report.pdf');
    expect(safeFileName(`${'a'.repeat(200)}.pdf`)).toBe(`${'a'.repeat(96)}.pdf`);
    expect(safeFileName('re\u202Eport.pdf')).toBe('report.pdf');
  });
  it('are refused when the name and the content disagree', () => {
    expect(checkUpload('a.pdf', PDF, boundedInflate)).toEqual({ ok: true, type: 'application/pdf', fileName: 'a.pdf' });
    expect(checkUpload('a.png', PDF, boundedInflate).ok).toBe(false);
    expect(checkUpload('a.PDF', PDF, boundedInflate).ok).toBe(true);
  });
});

describe('resolveMatch', () => {
  const none = { merge: false, rename: false, clearNhsNumber: false };
  it('merges a possible match confirmed, and keeps the two apart when rejected', () => {
    expect(resolveMatch('possible', 'same')).toEqual({ ok: true, to: 'confirmed-same', ...none, merge: true });
    expect(resolveMatch('possible', 'not-same')).toEqual({ ok: true, to: 'not-same', ...none });
    // The names of a possible match are the same: there is no new name to take.
    expect(answersFor('possible')).toEqual(['same', 'not-same']);
    expect(resolveMatch('possible', 'same-new-name').ok).toBe(false);
  });

  it('takes every answer to an NHS number conflict: merged, merged with the new name, or the number taken off', () => {
    expect(answersFor('nhs-number-conflict')).toEqual(['same', 'same-new-name', 'not-same']);
    expect(resolveMatch('nhs-number-conflict', 'same')).toEqual({
      ok: true,
      to: 'confirmed-same',
      ...none,
      merge: true,
    });
    expect(resolveMatch('nhs-number-conflict', 'same-new-name')).toEqual({
      ok: true,
      to: 'confirmed-same',
      ...none,
      merge: true,
      rename: true,
    });
    expect(resolveMatch('nhs-number-conflict', 'not-same')).toEqual({
      ok: true,
      to: 'nhs-number-wrong',
      ...none,
      clearNhsNumber: true,
    });
  });

  it('has nothing to resolve once answered, or when there was no match to check', () => {
    for (const state of MATCH_STATES.filter((s) => !isUnresolvedMatch(s))) {
      expect(answersFor(state)).toEqual([]);
      for (const answer of SAME_CHILD_ANSWERS) expect(resolveMatch(state, answer).ok).toBe(false);
    }
    // Every answer offered for a flagged match can be taken, and leaves a state the worklist no longer flags.
    for (const state of MATCH_STATES.filter(isUnresolvedMatch)) {
      for (const answer of answersFor(state)) {
        const done = resolveMatch(state, answer);
        expect(done.ok).toBe(true);
        expect(done.ok && isUnresolvedMatch(done.to)).toBe(false);
      }
    }
  });
});
