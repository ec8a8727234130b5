import { describe, expect, it } from 'vitest';
import llrJson from '../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import physioJson from '../../../test/fixtures/service-definitions/test-paediatric-physio.json' with { type: 'json' };
import { definitionFrom } from '../eligibility/test-kit.js';
import type { Answers } from '../forms/fields.js';
import type { ReferralAction } from '../referrals/lifecycle.js';
import { parseServiceDefinition } from '../service/definition.js';
import { composeLetters, WITHHELD, type Letter, type LetterRecord, type ReplyReminder } from './compose.js';
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

function record(action: LetterRecord['action'], changes: Partial<LetterRecord> = {}): LetterRecord {
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
const REMINDER: ReplyReminder = {
  type: 'reply-reminder',
  whatIsNeeded: 'The school’s report on handwriting',
  replyBy: '2026-12-11',
  requestedOn: '2026-11-27',
};

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
const lettersFor = (action: LetterRecord['action'], changes: Partial<LetterRecord> = {}) =>
  composeLetters(record(action, changes)).letters;
const byRecipient = (letters: Letter[], recipient: string) => {
  const letter = letters.find((l) => l.recipient === recipient);
  if (letter === undefined) throw new Error(`no letter to ${recipient}`);
  return letter;
};

describe('composeLetters', () => {
  it('sends each decision’s letters, and the reminder, to the recipients its wording names', () => {
    const recipients = (action: LetterRecord['action']) => lettersFor(action).map((l) => l.recipient);
    expect(recipients(ACCEPT)).toEqual(['referrer', 'family', 'gp']);
    expect(recipients(DECLINE)).toEqual(['referrer', 'family', 'gp']);
    expect(recipients(REDIRECT)).toEqual(['referrer', 'family', 'gp']);
    expect(recipients(REQUEST)).toEqual(['referrer', 'family']);
    expect(recipients(ADVICE)).toEqual(['referrer', 'family', 'gp']);
    expect(recipients(REMINDER)).toEqual(['referrer']);
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
    for (const action of [ACCEPT, DECLINE, REDIRECT, REQUEST, ADVICE, REMINDER]) {
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

  it('asks a parent who referred their own child for the information in the referrer’s words, at their address', () => {
    const answers = { ...ANSWERS, referrerType: 'parent-carer', referrerName: 'Grace Okoro', referrerEmail: '' };
    const request = {
      type: 'request-information',
      whatIsNeeded: 'A photo of handwriting',
      replyBy: '2026-12-18',
    } as const;
    const { letters, skipped } = composeLetters(record(request, { answers }));
    expect(letters.map((l) => [l.recipient, l.recipientName])).toEqual([['referrer', 'Grace Okoro']]);
    expect(allText(letters[0]!)).toContain('A photo of handwriting');
    // Posted to the family's address: a parent has no organisation to write to.
    expect(letters[0]!.addressLines[0]).toBe('12 Granby Street');
    expect(skipped).toContainEqual({
      recipient: 'family',
      reason: 'the family referred, and get the referrer’s letter, which says what is needed',
    });
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

  describe('the reminder when a requested reply is overdue', () => {
    it('reminds the referrer what was asked for, when, and by when, with the telephone number', () => {
      const { letters, skipped } = composeLetters(record(REMINDER, { today: '2026-12-12' }));
      expect(skipped).toEqual([]);
      const [referrer] = letters;
      expect(referrer).toMatchObject({
        recipient: 'referrer',
        recipientName: 'Sam Okafor',
        email: 'sam.okafor@nhs.test',
        date: '12 December 2026',
        subject: 'Reminder: more information needed for Ivy Okoro, reference OT-7K3M-9QX2',
      });
      expect(referrer!.paragraphs).toEqual([
        'Dear Sam Okafor,',
        'Child: Ivy Okoro, born 2 May 2016\nOur reference: OT-7K3M-9QX2',
        'On 27 November 2026 we wrote to ask you for some more information about this referral.',
        'We asked for:\nThe school’s report on handwriting',
        'We asked you to send it by 11 December 2026. We have not had it yet.',
        'We cannot decide about the referral until we have it. Please send it to us as soon as you can, and give the reference OT-7K3M-9QX2.',
        'If you have already sent it, or you cannot send it, please call us on 0116 295 2495.',
        "Yours sincerely,\n\nChildren's Occupational Therapy\nLeicestershire Partnership NHS Trust",
      ]);
      // It does not say that the referral will be closed: the service's definition does not say that it is.
      expect(allText(referrer!)).not.toMatch(/clos/iu);
    });

    it('goes to a parent who referred their own child, as the person who was asked, saying what is needed', () => {
      const answers = { ...ANSWERS, referrerType: 'parent-carer', referrerName: 'Grace Okoro', referrerEmail: '' };
      const { letters } = composeLetters(record(REMINDER, { answers }));
      expect(letters.map((l) => [l.recipient, l.recipientName])).toEqual([['referrer', 'Grace Okoro']]);
      expect(allText(letters[0]!)).toContain('The school’s report on handwriting');
      expect(deliveryOf(letters[0]!)).toEqual({ channel: 'print' });
    });

    it('leaves out a detail that is not known rather than printing it half-empty', () => {
      const [letter] = lettersFor({ ...REMINDER, whatIsNeeded: '', requestedOn: '' });
      const text = letter!.paragraphs.join('\n');
      expect(text).not.toContain('We asked for:');
      expect(text).not.toContain('On  we wrote');
      expect(text).toContain('We asked you to send it by 11 December 2026.');
      expect(allText(letter!)).not.toContain('((');
    });

    it('takes safeguarding details out of what the clinician asked for, and never shows the other parent', () => {
      const [letter] = lettersFor({ ...REMINDER, whatIsNeeded: `A report from ${SAFEGUARDING_CONTACT}` });
      const text = allText(letter!);
      for (const secret of [SAFEGUARDING, SAFEGUARDING_CONTACT, ...Object.values(SECOND_PARENT)]) {
        expect(text).not.toContain(secret);
      }
      expect(letter!.paragraphs).toContain(`We asked for:\nA report from ${WITHHELD}`);
    });

    it('withholds a sealed referrer e-mail address: the reminder is printed instead', () => {
      const [letter] = lettersFor(REMINDER, { sealed: new Set(['referrerEmail']) });
      expect(letter!.email).toBeNull();
      expect(deliveryOf(letter!)).toEqual({ channel: 'print' });
    });

    it('uses the other service’s own wording', () => {
      const physio = definitionFrom(physioJson);
      const [letter] = lettersFor(REMINDER, { definition: physio });
      expect(letter!.subject).toBe('Reminder: more information needed: OT-7K3M-9QX2');
      expect(letter!.paragraphs).toContain('On 27 November 2026 we asked you for this, by 11 December 2026:');
    });
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

  it('lets the reminder use the date of the request, which no decision letter may use', () => {
    const json = structuredClone(llrJson) as unknown as {
      letters: Record<string, Record<string, { subject: string; paragraphs: string[] }>>;
    };
    json.letters['request-information']!.referrer!.paragraphs.push('Asked on ((requested_on))');
    json.letters['reply-reminder']!.referrer!.paragraphs.push('Details: ((safeguarding_details)) ((advice))');
    const result = parseServiceDefinition(json);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(
      /^letters\.request-information\.referrer\.paragraphs\.7: \(\(requested_on\)\) is not a detail the "request-information" letters can show/u,
    );
    expect(problems[1]).toMatch(
      /^letters\.reply-reminder\.referrer\.paragraphs\.8: \(\(safeguarding_details\)\) is not a detail the "reply-reminder" letters can show/u,
    );
    expect(problems[2]).toMatch(/^letters\.reply-reminder\.referrer\.paragraphs\.8: \(\(advice\)\)/u);
  });

  it('sends the reminder to the referrer alone, and needs its wording', () => {
    const json = structuredClone(llrJson) as unknown as {
      letters: Record<string, Record<string, unknown>>;
    };
    json.letters['reply-reminder']!.family = json.letters['reply-reminder']!.referrer;
    const withFamily = parseServiceDefinition(json);
    expect(withFamily.ok).toBe(false);
    expect(withFamily.ok ? [] : withFamily.problems).toEqual([
      expect.stringMatching(/^letters\.reply-reminder: Unrecognized key/u),
    ]);
    delete json.letters['reply-reminder'];
    const without = parseServiceDefinition(json);
    expect(without.ok ? [] : without.problems).toEqual([expect.stringMatching(/^letters\.reply-reminder: /u)]);
  });
});
