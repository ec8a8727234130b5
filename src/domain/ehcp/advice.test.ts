import { describe, expect, it } from 'vitest';
import { deriveBeeryVmi } from '../record/assessments/beery-vmi.js';
import { deriveMabc2 } from '../record/assessments/mabc2.js';
import { deriveSensoryProfile2, SENSORY_SCALES } from '../record/assessments/sensory-profile-2.js';
import {
  emptyContent,
  parseAdviceForm,
  readinessToSign,
  unexpectedFields,
  vagueWordsIn,
  type AdviceContent,
  type Provision,
} from './advice.js';
import { adviceDocument, type AdviceDocument } from './advice-document.js';
import { draftFromRecord, type RecordForDraft } from './advice-draft.js';
import { parseAddendum, parseReuse, parseReview } from './advice-forms.js';

const provision = (over: Partial<Provision> = {}): Provision => ({
  what: 'Handwriting programme',
  who: 'Teaching assistant trained by the occupational therapist',
  howOften: 'Three times a week',
  sessionLength: '20 minutes',
  period: 'For one school year',
  outcomes: [1],
  ...over,
});

const ready = (over: Partial<AdviceContent> = {}): AdviceContent => ({
  ...emptyContent(),
  knownTo: 'Known since 2025.',
  sources: [{ what: 'Movement ABC-2', on: '2026-11-20' }],
  childViews: 'I want to write faster.',
  needs: [{ area: 'fine-motor', description: 'Slow handwriting.' }],
  outcomes: [{ outcome: 'Will write three sentences in ten minutes', byWhen: 'July 2027' }],
  f: [provision()],
  g: [provision({ who: 'Occupational therapist', howOften: 'Once a term' })],
  ...over,
});

const messages = (content: AdviceContent) => readinessToSign(content).map((p) => p.message);

describe('parseAdviceForm', () => {
  it('reads every section, dropping empty rows and keeping incomplete ones (a draft)', () => {
    const parsed = parseAdviceForm({
      knownTo: '  Known since 2025. ',
      'source-0-what': 'MABC-2',
      'source-0-on[day]': '20',
      'source-0-on[month]': '11',
      'source-0-on[year]': '2026',
      'source-1-what': '',
      'need-0-area': 'sensory-processing',
      'need-0-description': '',
      'outcome-2-text': 'Will dress for PE in five minutes',
      'f-0-what': 'Programme',
      'f-0-outcomes': '2, 1, 2',
      'g-1-who': 'Occupational therapist',
      noProvisionG: 'yes',
    });
    expect(parsed).toEqual({
      ok: true,
      content: {
        ...emptyContent(),
        knownTo: 'Known since 2025.',
        sources: [{ what: 'MABC-2', on: '2026-11-20' }],
        needs: [{ area: 'sensory-processing', description: '' }],
        outcomes: [{ outcome: 'Will dress for PE in five minutes', byWhen: '' }],
        f: [{ what: 'Programme', who: '', howOften: '', sessionLength: '', period: '', outcomes: [1, 2] }],
        g: [{ what: '', who: 'Occupational therapist', howOften: '', sessionLength: '', period: '', outcomes: [] }],
        noProvisionG: true,
      },
    });
  });

  it('refuses what cannot be stored: an area not on the list, an impossible date, over-long text, bad numbers', () => {
    const parsed = parseAdviceForm({
      'need-0-area': 'cooking',
      'source-0-on[day]': '31',
      'source-0-on[month]': '2',
      'source-0-on[year]': '2026',
      knownTo: 'x'.repeat(5001),
      'f-0-outcomes': 'one',
      'g-0-who': ['a', 'b'],
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.message)).toEqual([
      'How the child is known to the service must be 5,000 characters or fewer',
      'Date of source 1 must be a real date',
      'Select the area of need 1 from the list',
      'Section F provision 1: enter the numbers of the outcomes it serves, like 1, 2',
      'Section G provision 1: who delivers it must be one answer',
    ]);
  });

  it('counts lengths in code points: 5,000 emoji are allowed', () => {
    expect(parseAdviceForm({ knownTo: '😀'.repeat(5000) }).ok).toBe(true);
  });

  it('names fields the template does not have, and rows beyond the last', () => {
    expect(
      unexpectedFields({ _csrf: 't', version: '1', knownTo: '', 'f-3-who': '', 'need-25-area': '', x: '' }),
    ).toEqual(['need-25-area', 'x']);
  });
});

describe('vagueWordsIn', () => {
  it.each([
    ['As required', ['as required']],
    ['Regular sessions, as needed', ['regular', 'as needed']],
    ['Access to a sensory room where possible', ['access to', 'where possible']],
    ['Up to three sessions; may benefit from more', ['up to', 'may benefit']],
    ['Staff should check; could help', ['should', 'could']],
    ['Ongoing', ['ongoing']],
    ['Ongoing: 6 sessions', []],
    ['Three times a week for 20 minutes', []],
    ['Irregularly shouldered', []],
  ])('%s', (text, found) => {
    expect(vagueWordsIn(text)).toEqual(found);
  });
});

describe('readinessToSign', () => {
  it('is empty for complete, specific advice', () => {
    expect(readinessToSign(ready())).toEqual([]);
    expect(readinessToSign(ready({ g: [], noProvisionG: true }))).toEqual([]);
  });

  it('lists every missing part of an empty advice', () => {
    expect(messages(emptyContent())).toEqual([
      'Say how the child is known to the service',
      'List the sources of information for the advice',
      "Record the child's views or the family's views, as they gave them",
      'Add at least one health need (section C)',
      'Add at least one outcome sought (section E)',
      'Add the provision that educates or trains (section F)',
      'Add the health provision (section G), or say that there is no provision in section G',
    ]);
  });

  it('names vague words, the field and the provision; missing parts; and outcomes that are not there', () => {
    const found = readinessToSign(
      ready({
        f: [provision({ howOften: 'Regularly, as needed', sessionLength: '', outcomes: [1, 3] })],
        g: [provision({ period: 'Ongoing', outcomes: [] })],
      }),
    );
    expect(found).toEqual([
      {
        field: 'f-0-howOften',
        message:
          'Section F provision 1: how often uses vague wording ("regularly", "as needed"): say exactly what will be done',
      },
      { field: 'f-0-sessionLength', message: 'Section F provision 1: say how long each session lasts' },
      { field: 'f-0-outcomes', message: 'Section F provision 1: there is no outcome 3' },
      {
        field: 'g-0-period',
        message: 'Section G provision 1: for how long uses vague wording ("ongoing"): say exactly what will be done',
      },
      { field: 'g-0-outcomes', message: 'Section G provision 1: say which outcomes it serves' },
    ]);
  });

  it('refuses "no provision in section G" beside provision listed there', () => {
    expect(messages(ready({ noProvisionG: true }))).toEqual([
      'You said there is no provision in section G but listed some: remove one or the other',
    ]);
  });
});

describe('draftFromRecord', () => {
  const derived = <T extends { ok: boolean }>(d: T) => {
    if (!d.ok) throw new Error('bad example');
    return d as Extract<T, { ok: true }>;
  };
  const mabc = derived(deriveMabc2({ manualDexterity: '4', aimingAndCatching: '9', balance: '10', total: '7' }));
  const beery = derived(deriveBeeryVmi({ vmi: '100' }));
  const sp2 = derived(
    deriveSensoryProfile2(
      { form: 'child', seekingRaw: '60', seekingClassification: 'much-more' },
      { child: { seeking: 95 } },
    ),
  );
  const record: RecordForDraft = {
    serviceName: "Children's Occupational Therapy",
    child: { givenName: 'Ruby' },
    knownSince: '2025-03-14',
    assessments: [
      {
        instrument: 'beery-vmi',
        assessedOn: '2026-11-21',
        summary: beery.summary,
        scores: beery.scores,
        derived: beery.derived,
      },
      {
        instrument: 'mabc2',
        assessedOn: '2026-11-20',
        summary: mabc.summary,
        scores: mabc.scores,
        derived: mabc.derived,
      },
      {
        instrument: 'sensory-profile-2',
        assessedOn: '2026-11-22',
        summary: sp2.summary,
        scores: sp2.scores,
        derived: sp2.derived,
      },
    ],
    goals: [
      { text: 'Will fasten buttons', reviewOn: '2027-02-01', status: 'active' },
      { text: 'Achieved already', reviewOn: '2026-10-01', status: 'achieved' },
    ],
    equipment: [
      { itemName: 'Writing slope', sizeLabel: 'A3', reviewEveryMonths: 12, reviewOn: '2027-12-01', status: 'in-use' },
      { itemName: 'Bath seat', sizeLabel: null, reviewEveryMonths: 6, reviewOn: null, status: 'returned' },
    ],
  };

  it('draws sources, needs where results show difficulty, outcomes from active goals, and equipment in use', () => {
    const draft = draftFromRecord(record);
    expect(draft.knownTo).toBe("Ruby has been known to Children's Occupational Therapy since 14 March 2025.");
    expect(draft.sources.map((s) => [s.on, s.what.split(':')[0]])).toEqual([
      ['2026-11-20', 'Movement ABC-2'],
      ['2026-11-21', 'Beery VMI'],
      ['2026-11-22', 'Sensory Profile 2'],
    ]);
    expect(draft.sources[0]?.what).toContain('Manual Dexterity standard score 4 (2nd percentile)');
    expect(draft.sources[1]?.what).toContain('Visual-Motor Integration standard score 100 (50th percentile, average)');
    // Beery VMI at 100 is average: no need drawn from it.
    expect(draft.needs.map((n) => n.area)).toEqual(['fine-motor', 'gross-motor', 'sensory-processing']);
    expect(draft.outcomes).toEqual([{ outcome: 'Will fasten buttons', byWhen: '1 February 2027' }]);
    expect(draft.g).toEqual([
      {
        what: 'Writing slope (A3), provided by the occupational therapy service and used daily',
        who: 'Occupational therapist (review)',
        howOften: 'Reviewed once every 12 months',
        sessionLength: '',
        period: 'Until the review on 1 December 2027',
        outcomes: [],
      },
    ]);
    expect(draft.f).toEqual([]);
  });

  it('draws sources that the form takes back unchanged, however many results an assessment has', () => {
    const all = derived(
      deriveSensoryProfile2(
        Object.fromEntries([
          ['form', 'child'],
          ...SENSORY_SCALES.flatMap((scale) => [
            [`${scale}Raw`, '10'],
            [`${scale}Classification`, 'much-more'],
          ]),
        ]),
        { child: Object.fromEntries(SENSORY_SCALES.map((scale) => [scale, 150])) },
      ),
    );
    const draft = draftFromRecord({
      ...record,
      assessments: [{ instrument: 'sensory-profile-2', assessedOn: '2026-11-22', ...all }],
    });
    const sent = {
      'source-0-what': draft.sources[0]?.what ?? '',
      'need-0-description': draft.needs[0]?.description ?? '',
    };
    expect(parseAdviceForm(sent).ok).toBe(true);
  });

  it('takes nothing the record was not asked for: extra fields (alerts, addresses) never reach the draft', () => {
    const withMore = {
      ...record,
      alerts: [{ kind: 'safeguarding', detail: 'SECRET SAFEGUARDING' }],
      addressLines: ['1 Hidden Road'],
    } as RecordForDraft;
    const json = JSON.stringify(draftFromRecord(withMore));
    expect(json).not.toContain('SECRET');
    expect(json).not.toContain('Hidden Road');
  });
});

describe('adviceDocument', () => {
  const document = (addenda = false): AdviceDocument =>
    adviceDocument({
      serviceName: "Children's Occupational Therapy",
      organisationName: 'Leicestershire Partnership NHS Trust',
      child: {
        givenName: 'Ruby',
        familyName: "O'Neill",
        dateOfBirth: '2016-05-02',
        nhsNumber: '9434765919',
        school: 'Hope Primary School',
      },
      authority: { name: 'Leicester City Council', reference: 'EHC-123' },
      kind: 'needs-assessment',
      receivedOn: '2026-11-26',
      dueOn: '2027-01-07',
      content: ready(),
      author: { name: 'Cerys Clinician', role: 'Clinician' },
      signedOn: '2026-12-03',
      reviewer: { name: 'Rhys Reviewer', reviewedOn: '2026-12-02' },
      reusedFrom: null,
      addenda: addenda
        ? [{ createdOn: '2026-12-10', byName: 'Cerys Clinician', reason: 'Late result', text: 'Repeated.' }]
        : [],
    });

  it('gives the child, the request, every section with provision as lists, and the signature', () => {
    const d = document();
    expect(d.details).toEqual([
      ['Child', "Ruby O'Neill"],
      ['Date of birth', '2 May 2016'],
      ['NHS number', '943 476 5919'],
      ['School', 'Hope Primary School'],
      ['Local authority', 'Leicester City Council'],
      ["Authority's reference", 'EHC-123'],
      ['Request received', '26 November 2026'],
      ['Advice due by', '7 January 2027'],
    ]);
    expect(d.sections.map((s) => s.heading)).toEqual([
      'About this advice',
      'Section C: health needs relating to special educational needs',
      'Section E: outcomes sought',
      'Section F: provision that educates or trains (special educational provision)',
      'Section G: health provision',
    ]);
    expect(d.sections[3]?.blocks[1]).toEqual({
      kind: 'list',
      items: [
        'What: Handwriting programme',
        'Who delivers it: Teaching assistant trained by the occupational therapist',
        'How often: Three times a week',
        'How long: 20 minutes; For one school year',
        'Outcomes it serves: 1. Will write three sentences in ten minutes',
      ],
    });
    expect(d.signature).toEqual([
      'Signed by Cerys Clinician, Clinician, on 3 December 2026.',
      'Reviewed by Rhys Reviewer on 2 December 2026.',
      "Signed electronically in Children's Occupational Therapy, Leicestershire Partnership NHS Trust.",
    ]);
    expect(d.addenda).toEqual([]);
  });

  it('adds the addenda, each dated with its reason, when drawn again', () => {
    expect(document(true).addenda).toEqual([
      {
        heading: 'Addendum of 10 December 2026 by Cerys Clinician',
        blocks: [
          { kind: 'paragraph', text: 'Reason: Late result' },
          { kind: 'paragraph', text: 'Repeated.' },
        ],
      },
    ]);
  });
});

describe('the small forms', () => {
  const day = (name: string, iso: string) => {
    const [y, m, d] = iso.split('-');
    return { [`${name}[day]`]: d, [`${name}[month]`]: m, [`${name}[year]`]: y };
  };

  it('re-use needs the earlier advice and all three dates, none in the future', () => {
    const sent = {
      earlierAdvice: 'a1',
      ...day('authorityAgreedOn', '2026-12-01'),
      ...day('familyAgreedOn', '2026-12-02'),
      ...day('clinicianAgreedOn', '2026-12-04'),
    };
    const refused = parseReuse(sent, ['a1'], '2026-12-03');
    expect(refused.ok ? [] : refused.problems.map((p) => p.message)).toEqual([
      'Date you agreed must be today or in the past',
    ]);
    expect(parseReuse({ ...sent, ...day('clinicianAgreedOn', '2026-12-03') }, ['a1'], '2026-12-03')).toEqual({
      ok: true,
      value: {
        earlierAdviceId: 'a1',
        authorityAgreedOn: '2026-12-01',
        familyAgreedOn: '2026-12-02',
        clinicianAgreedOn: '2026-12-03',
      },
    });
    const other = parseReuse(sent, ['a2'], '2026-12-03');
    expect(other.ok ? [] : other.problems[0]?.message).toBe('Select the earlier advice to re-use');
  });

  it('a review sent back needs a comment; an addendum needs text and a reason', () => {
    expect(parseReview({ outcome: 'approved' })).toEqual({ ok: true, value: { outcome: 'approved', comment: '' } });
    const back = parseReview({ outcome: 'changes-requested', comment: ' ' });
    expect(back.ok ? [] : back.problems.map((p) => p.message)).toEqual([
      'Say what needs to change before the advice can be signed',
    ]);
    const odd = parseReview({ outcome: 'toString' });
    expect(odd.ok).toBe(false);
    const addendum = parseAddendum({ text: 'x'.repeat(5001), reason: '' });
    expect(addendum.ok ? [] : addendum.problems.map((p) => p.message)).toEqual([
      'Addendum must be 5,000 characters or fewer',
      'Enter the reason for the addendum',
    ]);
  });
});
