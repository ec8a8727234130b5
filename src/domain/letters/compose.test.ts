import { describe, expect, it } from 'vitest';
import llrJson from '../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import physioJson from '../../../test/fixtures/service-definitions/test-paediatric-physio.json' with { type: 'json' };
import { definitionFrom } from '../eligibility/test-kit.js';
import type { Answers } from '../referrals/fields.js';
import type { ReferralAction } from '../referrals/lifecycle.js';
import { parseServiceDefinition } from '../service/definition.js';
import { composeLetters, WITHHELD, type Letter, type LetterRecord } from './compose.js';
import { deliveryOf } from './delivery.js';
import { letterHtml, letterText } from './render.js';

const llr = definitionFrom(llrJson);

const SAFEGUARDING = 'Father must not know where they live; social worker Dana Reyes 0116 454 1004';
const SAFEGUARDING_CONTACT = 'Dana Reyes, Leicester City children’s social care';
const SECOND_PARENT = {
  parent2Name: 'Marcus Whitby',
  parent2Email: 'marcus@example.com',
  parent2Phone: '07700 900111',
};

const ANSWERS: Answers = {
  referrerType: 'health-professional',
  referrerName: 'Sam Okafor',
  referrerRole: 'Health visitor',
  referrerEmail: 'sam.okafor@nhs.test',
  referrerOrganisation: 'Leicestershire Partnership NHS Trust',
  childGivenName: 'Ivy',
  childFamilyName: 'Okoro',
  childAddressLine1: '12 Granby Street',
  childTown: 'Leicester',
  childPostcode: 'LE1 6FB',
  childGp: 'C82044',
  parent1Name: 'Grace Okoro',
  parent1Phone: '07700 900982',
  parent1Email: '',
  anotherParent: 'yes',
  ...SECOND_PARENT,
  consentSharing: ['gp', 'school'],
  safeguarding: 'yes',
  safeguardingDetails: SAFEGUARDING,
  safeguardingContact: SAFEGUARDING_CONTACT,
};

const GP = { code: 'C82044', name: 'EMPINGHAM MEDICAL CENTRE', addressLines: ['MAIN STREET', 'EMPINGHAM', 'LE15 8PR'] };

function record(action: ReferralAction, changes: Partial<LetterRecord> = {}): LetterRecord {
  return {
    definition: llr,
    action,
    reference: 'OT-7K3M-9QX2',
    child: { givenName: 'Ivy', familyName: 'Okoro', dateOfBirth: '2016-05-02' },
    answers: ANSWERS,
    today: '2026-11-27',
    gpPractice: GP,
    referrerPlace: null,
    sealed: new Set(),
    ...changes,
  };
}

const ACCEPT: ReferralAction = {
  type: 'accept',
  pathway: 'coordination',
  priority: 'soon',
  setting: 'school',
  override: 'Confirmed by telephone with the practice manager',
};
const DECLINE: ReferralAction = {
  type: 'decline',
  reason: 'not-significant',
  signposting: ['SENDIASS Leicester', 'Leicester SEND Local Offer'],
};
const REDIRECT: ReferralAction = { type: 'redirect', to: 'physiotherapy', note: 'The main need is gross motor.' };
const REQUEST: ReferralAction = {
  type: 'request-information',
  whatIsNeeded: 'The school’s report on handwriting',
  replyBy: '2026-12-11',
};
const ADVICE: ReferralAction = { type: 'give-advice', advice: 'Try the handwriting strategies leaflet.' };

/** Everything a letter puts anywhere: subject, addressee, paragraphs, and both renderings. */
const allText = (letter: Letter) =>
  [
    letter.subject,
    letter.recipientName,
    ...letter.addressLines,
    ...letter.paragraphs,
    letterHtml(letter),
    letterText(letter),
  ].join('\n');
const lettersFor = (action: ReferralAction, changes: Partial<LetterRecord> = {}) =>
  composeLetters(record(action, changes)).letters;
const byRecipient = (letters: Letter[], recipient: string) => {
  const letter = letters.find((l) => l.recipient === recipient);
  if (letter === undefined) throw new Error(`no letter to ${recipient}`);
  return letter;
};

describe('composeLetters', () => {
  it('sends each decision’s letters to the recipients its wording names', () => {
    const recipients = (action: ReferralAction) => lettersFor(action).map((l) => l.recipient);
    expect(recipients(ACCEPT)).toEqual(['referrer', 'family', 'gp']);
    expect(recipients(DECLINE)).toEqual(['referrer', 'family', 'gp']);
    expect(recipients(REDIRECT)).toEqual(['referrer', 'family', 'gp']);
    expect(recipients(REQUEST)).toEqual(['referrer', 'family']);
    expect(recipients(ADVICE)).toEqual(['referrer', 'family', 'gp']);
    expect(recipients({ type: 'information-received', note: 'Report arrived' })).toEqual([]);
    expect(recipients({ type: 'withdraw', reason: 'Moved away' })).toEqual([]);
  });

  it('addresses each letter: the referrer and family by name, the GP by the practice’s name and address', () => {
    const [referrer, family, gp] = lettersFor(ACCEPT);
    expect(referrer).toMatchObject({
      recipientName: 'Sam Okafor',
      email: 'sam.okafor@nhs.test',
      addressLines: ['Leicestershire Partnership NHS Trust'],
    });
    expect(family).toMatchObject({
      recipientName: 'Grace Okoro',
      email: null,
      addressLines: ['12 Granby Street', 'Leicester', 'LE1 6FB'],
    });
    expect(gp).toMatchObject({ recipientName: 'EMPINGHAM MEDICAL CENTRE', email: null, addressLines: GP.addressLines });
    expect(referrer?.paragraphs[0]).toBe('Dear Sam Okafor,');
    expect(family?.paragraphs[0]).toBe('Dear Grace Okoro,');
    expect(gp?.paragraphs[0]).toBe('Dear colleague,');
  });

  it('says what was accepted: the pathway, the priority and the setting, with the child and the service', () => {
    const family = byRecipient(lettersFor(ACCEPT), 'family');
    const text = allText(family);
    for (const expected of [
      'Ivy Okoro',
      '2 May 2016',
      'OT-7K3M-9QX2',
      'Physical Disability: Coordination pathway',
      'a priority of soon',
      'first at school',
      '0116 295 2495',
      "Children's Occupational Therapy",
      'Leicestershire Partnership NHS Trust',
    ]) {
      expect(text).toContain(expected);
    }
    expect(family.date).toBe('27 November 2026');
    expect(family.subject).toBe('We can help Ivy Okoro: reference OT-7K3M-9QX2');
    // The clinician's reason for going ahead is for the record, not the letter.
    expect(text).not.toContain('practice manager');
  });

  it('gives the reason for not accepting and the signposting chosen, and leaves the signposting out when none was', () => {
    const referrer = byRecipient(lettersFor(DECLINE), 'referrer');
    expect(allText(referrer)).toContain(
      'The reason for our decision: The difficulties are not significant enough to need occupational therapy.',
    );
    expect(referrer.paragraphs).toContain(
      'These services may be able to help instead:\n' +
        '• SENDIASS Leicester (SENDIASS Leicester (managed by School Development Support Agency; funded by Leicester City Council)): https://sendiassleicester.org.uk/\n' +
        '• Leicester SEND Local Offer (Leicester City Council): https://families.leicester.gov.uk/send-local-offer/',
    );
    const none = byRecipient(lettersFor({ ...DECLINE, signposting: [] }), 'family');
    expect(none.paragraphs.join('\n')).not.toContain('may be able to help you');
    expect(none.paragraphs.join('\n')).not.toContain('((');
  });

  it('names the service redirected to with the note, and asks for information with the reply-by date', () => {
    const redirect = byRecipient(lettersFor(REDIRECT), 'family');
    expect(allText(redirect)).toContain("Children's physiotherapy is the right service");
    expect(allText(redirect)).toContain('The main need is gross motor.');
    const [referrer, family] = lettersFor(REQUEST);
    expect(allText(referrer!)).toContain('The school’s report on handwriting');
    expect(allText(referrer!)).toContain('by 11 December 2026');
    // The family are told that we asked, and by when, not what the clinician asked the referrer.
    expect(allText(family!)).toContain('11 December 2026');
    expect(allText(family!)).not.toContain('handwriting');
  });

  it('sends the advice to the referrer and the family, and only a note of it to the GP', () => {
    const [referrer, family, gp] = lettersFor(ADVICE);
    expect(allText(referrer!)).toContain('Try the handwriting strategies leaflet.');
    expect(allText(family!)).toContain('Try the handwriting strategies leaflet.');
    expect(allText(gp!)).not.toContain('handwriting');
  });

  it('never shows safeguarding details, the other parent, or anything else the wording does not name', () => {
    for (const action of [ACCEPT, DECLINE, REDIRECT, REQUEST, ADVICE]) {
      for (const letter of lettersFor(action)) {
        const text = allText(letter);
        for (const secret of [SAFEGUARDING, SAFEGUARDING_CONTACT, 'Dana Reyes', ...Object.values(SECOND_PARENT)]) {
          expect(text, `${action.type} to ${letter.recipient}`).not.toContain(secret);
        }
        expect(text).not.toContain('07700 900982');
        expect(text).not.toContain('((');
      }
    }
  });

  it('takes safeguarding details out of anything a clinician typed into the decision', () => {
    const typed = { ...ADVICE, advice: `Please note: ${SAFEGUARDING_CONTACT}. Try the leaflet.` };
    const family = byRecipient(lettersFor(typed), 'family');
    expect(allText(family)).not.toContain(SAFEGUARDING_CONTACT);
    expect(family.paragraphs).toContain(`Please note: ${WITHHELD}. Try the leaflet.`);
  });

  it('withholds a sealed address from every letter, and never sends to a sealed e-mail address', () => {
    const sealed = new Set(['childPostcode', 'parent1Email']);
    const answers = { ...ANSWERS, parent1Email: 'grace@example.com' };
    const typed = { ...ADVICE, advice: 'We will post a leaflet to 12 Granby Street, LE1 6FB.' };
    const letters = lettersFor(typed, { sealed, answers });
    const family = byRecipient(letters, 'family');
    // Sealing part of the address withholds all of it: a street and town still say where the child lives.
    expect(family.addressLines).toEqual([]);
    expect(family.email).toBeNull();
    expect(deliveryOf(family)).toEqual({ channel: 'print' });
    for (const letter of letters) {
      const text = allText(letter);
      for (const value of ['12 Granby Street', 'LE1 6FB', 'grace@example.com']) expect(text).not.toContain(value);
    }
    expect(family.paragraphs).toContain(`We will post a leaflet to ${WITHHELD}, ${WITHHELD}.`);
    // Without the seal the same family letter is addressed and e-mailed.
    const open = byRecipient(lettersFor(ADVICE, { answers }), 'family');
    expect(open.addressLines).toContain('12 Granby Street');
    expect(deliveryOf(open)).toEqual({ channel: 'email', to: 'grace@example.com' });
  });

  it('writes no GP letter without the family’s agreement to share, an open practice, or when the GP referred', () => {
    const noConsent = composeLetters(record(ACCEPT, { answers: { ...ANSWERS, consentSharing: ['school'] } }));
    expect(noConsent.letters.map((l) => l.recipient)).toEqual(['referrer', 'family']);
    expect(noConsent.skipped).toEqual([
      { recipient: 'gp', reason: 'the family did not agree to share information with the GP' },
    ]);
    const unknown = composeLetters(record(ACCEPT, { gpPractice: null }));
    expect(unknown.skipped[0]?.reason).toBe('the child’s GP practice is not known, or is not open');
    const gpReferred = composeLetters(
      record(ACCEPT, {
        answers: { ...ANSWERS, referrerType: 'gp', referrerPractice: 'C82044' },
        referrerPlace: { name: GP.name, addressLines: GP.addressLines },
      }),
    );
    expect(gpReferred.letters.map((l) => l.recipient)).toEqual(['referrer', 'family']);
    expect(gpReferred.letters[0]?.addressLines).toEqual([GP.name, ...GP.addressLines]);
  });

  it('sends one letter, the family’s, to a parent who referred their own child', () => {
    const answers = { ...ANSWERS, referrerType: 'parent-carer', referrerName: 'Grace Okoro' };
    const { letters, skipped } = composeLetters(record(ACCEPT, { answers }));
    expect(letters.map((l) => l.recipient)).toEqual(['family', 'gp']);
    expect(skipped).toEqual([
      { recipient: 'referrer', reason: 'the referrer is the family, who get their own letter' },
    ]);
  });

  it('keeps a name with markup or template syntax exactly as typed, and escapes it in the HTML', () => {
    const child = { givenName: '<script>alert(1)</script>', familyName: '{{7*7}}', dateOfBirth: '2016-05-02' };
    const family = byRecipient(lettersFor(ACCEPT, { child }), 'family');
    expect(family.subject).toBe('We can help <script>alert(1)</script> {{7*7}}: reference OT-7K3M-9QX2');
    const html = letterHtml(family);
    expect(html).toContain('We can help &lt;script&gt;alert(1)&lt;/script&gt; {{7*7}}');
    expect(html).not.toContain('<script>');
    // Not evaluated: the braces are still there, where 49 would have been.
    expect(html).toContain('Child: &lt;script&gt;alert(1)&lt;/script&gt; {{7*7}}, born 2 May 2016');
    expect(letterText(family)).toContain('<script>alert(1)</script> {{7*7}}');
  });

  it('fills a value that looks like a placeholder as plain text, once', () => {
    const child = { givenName: '((reference))', familyName: '((today))', dateOfBirth: '2016-05-02' };
    const family = byRecipient(lettersFor(ACCEPT, { child }), 'family');
    expect(family.paragraphs).toContain('Dear Grace Okoro,');
    expect(family.subject).toBe('We can help ((reference)) ((today)): reference OT-7K3M-9QX2');
  });

  it('uses the other service’s own wording and lists, with no GP letter where it has none', () => {
    const physio = definitionFrom(physioJson);
    const letters = composeLetters(
      record({ type: 'accept', pathway: 'neuro', priority: 'urgent', setting: 'home' }, { definition: physio }),
    ).letters;
    expect(letters.map((l) => l.recipient)).toEqual(['referrer', 'family']);
    expect(allText(letters[0]!)).toContain('Neurological physiotherapy pathway, priority urgent, seen first at home');
  });
});

describe('deliveryOf', () => {
  it('e-mails a letter with a usable address, and prints one without, or too long for one e-mail', () => {
    const [referrer, family, gp] = lettersFor(ACCEPT);
    expect(deliveryOf(referrer!)).toEqual({ channel: 'email', to: 'sam.okafor@nhs.test' });
    expect(deliveryOf(family!)).toEqual({ channel: 'print' });
    expect(deliveryOf(gp!)).toEqual({ channel: 'print' });
    expect(deliveryOf({ ...referrer!, email: 'not an address' })).toEqual({ channel: 'print' });
    const long = byRecipient(lettersFor({ ...ADVICE, advice: 'Practise every day. '.repeat(200) }), 'referrer');
    expect(deliveryOf(long)).toEqual({ channel: 'print' });
  });
});

describe('letter wording in a service definition', () => {
  it('refuses a placeholder the decision cannot show, naming where it is', () => {
    const json = structuredClone(llrJson) as unknown as {
      letters: Record<string, Record<string, { subject: string; paragraphs: string[] }>>;
    };
    json.letters.accept!.family!.paragraphs.push('Details: ((safeguarding_details))');
    json.letters.decline!.gp!.subject = 'About ((advice))';
    const result = parseServiceDefinition(json);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^letters\.accept\.family\.paragraphs\.7: \(\(safeguarding_details\)\) is not a detail the "accept" letters can show/u,
    );
    expect(problems[1]).toMatch(
      /^letters\.decline\.gp\.subject: \(\(advice\)\) is not a detail the "decline" letters/u,
    );
  });
});
