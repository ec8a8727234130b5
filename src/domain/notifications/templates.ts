/**
 * The messages Otway sends, by key. Each names the channels it may go by, the personalisation fields it needs, and
 * its wording here. With GOV.UK Notify the wording lives in Notify's own templates (one template for each key and
 * channel, with the same `((field))` placeholders); this wording is the reference for them, and what the local
 * provider records in the embedded mode.
 */
import type { Channel } from './message.js';
import type { OneTimeLinkKind } from './one-time-links.js';

export interface Wording {
  /** E-mail only; text messages have no subject. */
  subject?: string;
  body: string;
}

export interface TemplateDefinition {
  /** How an administrator sees it named. */
  label: string;
  fields: readonly string[];
  /**
   * Fields that hold a one-time link, and what kind: queued as a placeholder, minted at sending from the message's
   * subject, never stored (one-time-links.ts).
   */
  oneTimeLinks?: Readonly<Record<string, OneTimeLinkKind>>;
  /**
   * The field that carries the message's file (a PDF from the file store): queued as ATTACHED_FILE, read at sending,
   * and given to Notify as its "send a file by email" upload, which the recipient gets as a download link.
   */
  file?: string;
  wording: Partial<Record<Channel, Wording>>;
}

/** What a message's file field holds in the outbox: the file itself is read from the file store at sending. */
export const ATTACHED_FILE = '[the attached file]';

const REFERRAL_RECEIVED_FIELDS = ['reference', 'child_initials', 'service_name', 'service_telephone'] as const;

export const TEMPLATES = {
  'referral-received-referrer': {
    label: 'Referral received, to the referrer',
    fields: REFERRAL_RECEIVED_FIELDS,
    wording: {
      email: {
        subject: 'Referral received: ((reference))',
        body: [
          'Thank you for your referral to ((service_name)).',
          'We have received your referral for the child with the initials ((child_initials)). Its reference is ((reference)).',
          'What happens next',
          'An occupational therapist will read the referral and decide what happens next. We will write to you and to the family when they have decided.',
          'If you need to tell us something about this referral, call ((service_telephone)) and give the reference ((reference)).',
          'Do not reply to this email.',
        ].join('\n\n'),
      },
    },
  },
  'referral-received-family': {
    label: 'Referral received, to the family',
    fields: REFERRAL_RECEIVED_FIELDS,
    wording: {
      email: {
        subject: 'We have received a referral for your child',
        body: [
          '((service_name)) has received a referral for your child, initials ((child_initials)).',
          'Your reference is ((reference)).',
          'What happens next',
          'An occupational therapist will read the referral and decide what happens next. We will write to you when they have decided.',
          'If you have a question, call ((service_telephone)) and give the reference ((reference)).',
          'Do not reply to this email.',
        ].join('\n\n'),
      },
      sms: {
        body: '((service_name)) has received a referral for your child, initials ((child_initials)). Your reference is ((reference)). Questions? Call ((service_telephone)).',
      },
    },
  },
  'referral-draft-link': {
    label: 'Link to a saved referral',
    fields: ['link', 'expiry_date', 'service_name'],
    oneTimeLinks: { link: 'referral-draft-resume' },
    wording: {
      email: {
        subject: 'Your saved referral to ((service_name))',
        body: [
          'You saved a referral to ((service_name)) so that you can come back to it later.',
          'Use this link to carry on:',
          '((link))',
          'The link works until ((expiry_date)). After that your answers are deleted and you will need to start again.',
          'If you did not ask for this email, you can ignore it.',
        ].join('\n\n'),
      },
    },
  },
  'password-reset-link': {
    label: 'Link to reset a staff password',
    fields: ['link', 'minutes'],
    oneTimeLinks: { link: 'password-reset' },
    wording: {
      email: {
        subject: 'Reset your Otway password',
        body: [
          'Someone asked to reset the password of the Otway staff account for this email address.',
          'Use this link to choose a new password. It works once, for ((minutes)) minutes:',
          '((link))',
          'If you did not ask for this, you can ignore this email: your password has not changed. Tell your administrator if it keeps happening.',
        ].join('\n\n'),
      },
    },
  },
  'audit-trail-broken': {
    label: 'The audit trail failed its check, to administrators',
    fields: ['service_name', 'trail', 'event', 'reason', 'checked_at'],
    wording: {
      email: {
        subject: 'Otway’s audit trail for ((service_name)) failed its check',
        body: [
          'The scheduled check of ((trail)) for ((service_name)) found a break at event ((event)): ((reason)).',
          'It was checked at ((checked_at)).',
          'This can mean that someone changed the record of who did what in Otway. Do not change anything in the database. Tell your information governance lead and follow your trust’s incident process.',
          'An administrator can see the check on Otway’s “Check the audit trail” page, or run: npm run cli -- verify-audit',
        ].join('\n\n'),
      },
    },
  },
  'decision-letter': {
    label: 'A letter about a triage decision',
    fields: ['subject', 'body'],
    wording: {
      email: {
        subject: '((subject))',
        // The whole letter is the body (src/domain/letters): its wording is the service definition's, not Notify's.
        body: [
          '((body))',
          'This email comes from an address that cannot receive replies. To contact us, call the telephone number in the letter.',
        ].join('\n\n'),
      },
    },
  },
  feedback: {
    label: 'Feedback about the website',
    fields: ['service_name', 'trying_to_do', 'feedback', 'reply_to'],
    wording: {
      email: {
        subject: 'Feedback about the ((service_name)) website',
        // What a visitor typed, as text: Notify and the local provider put it in plain text, never markup.
        body: [
          'Someone left feedback about the ((service_name)) website. It is not a referral.',
          'What they were trying to do',
          '((trying_to_do))',
          'What was good or bad',
          '((feedback))',
          'Where to reply',
          '((reply_to))',
        ].join('\n\n'),
      },
    },
  },
  // Waiting well (docs/adr/0038): only the child's first name; where they are on the list in plain words, never a rank.
  'waiting-well-contact': {
    label: 'Waiting well: how things are while your child waits, to the family',
    fields: [
      'child_first_name',
      'service_name',
      'place_on_list',
      'strategies',
      'answer_by',
      'link',
      'service_telephone',
    ],
    oneTimeLinks: { link: 'family-link' },
    wording: {
      email: {
        subject: '((child_first_name)) is still on our waiting list',
        body: [
          '((service_name)) is writing to you because ((child_first_name)) is on our waiting list for occupational therapy.',
          'Where ((child_first_name)) is on the list',
          '((place_on_list))',
          'Things you can try while you wait',
          '((strategies))',
          'Tell us how things are',
          'Please use this link by ((answer_by)) to tell us whether you still need us, whether things are worse, or whether you no longer need us. It works once and you do not need an account:',
          '((link))',
          'If things change at any time, or you cannot use the link, call us on ((service_telephone)).',
          'Do not reply to this email.',
        ].join('\n\n'),
      },
    },
  },
  'waiting-well-check-in': {
    label: 'Waiting well: how things are while your child waits, to the family by text',
    fields: ['child_first_name', 'service_name', 'answer_by', 'link', 'service_telephone'],
    oneTimeLinks: { link: 'family-link' },
    wording: {
      sms: {
        body: '((service_name)): ((child_first_name)) is still on our waiting list. See where they are on the list and ideas to try while you wait, and tell us how things are, by ((answer_by)): ((link)) Or call ((service_telephone)).',
      },
    },
  },
  'waiting-well-school': {
    label: 'Waiting well: a child still waits, to the school (with the family’s consent)',
    fields: ['child_first_name', 'reference', 'service_name', 'place_on_list', 'strategies', 'service_telephone'],
    wording: {
      email: {
        subject: 'A child you referred is still on our waiting list: ((reference))',
        body: [
          'You referred a child to ((service_name)), reference ((reference)). Their family agreed that we may share information with the school. We are writing to the family too.',
          'Where ((child_first_name)) is on the list',
          '((place_on_list))',
          'Things that may help in school and at home while they wait',
          '((strategies))',
          'If things change for ((child_first_name)) at school, talk to the family, or call us on ((service_telephone)) and give the reference ((reference)).',
          'Do not reply to this email.',
        ].join('\n\n'),
      },
    },
  },
  // Telling families about appointments (docs/adr/0040): only the child's first name, when and where, never more.
  'appointment-booked': {
    label: 'An appointment letter, to the family',
    fields: ['subject', 'body', 'link'],
    oneTimeLinks: { link: 'family-link' },
    wording: {
      email: {
        subject: '((subject))',
        // The letter is the body (src/domain/care/appointment-notice.ts), then the family's one-time link.
        body: [
          '((body))',
          'Confirm, ask to cancel or ask for another time:',
          '((link))',
          'This email comes from an address that cannot receive replies. To contact us, call the telephone number in the letter.',
        ].join('\n\n'),
      },
    },
  },
  'appointment-reminder': {
    label: 'An appointment reminder, to the family by e-mail or text message',
    fields: ['first_name', 'when', 'place', 'service_name', 'service_telephone', 'link'],
    oneTimeLinks: { link: 'family-link' },
    wording: {
      email: {
        subject: 'Reminder: ((first_name))’s appointment on ((when))',
        body: [
          'This is a reminder from ((service_name)) that ((first_name)) has an appointment on ((when)) at ((place)).',
          'Please use this link to confirm that ((first_name)) can come, to ask to cancel or to ask for another time. It works once:',
          '((link))',
          'If you have a question, call us on ((service_telephone)).',
          'This email comes from an address that cannot receive replies.',
        ].join('\n\n'),
      },
      sms: {
        body: '((service_name)): ((first_name)) has an appointment on ((when)) at ((place)). Confirm, cancel or rebook: ((link)) or call ((service_telephone)).',
      },
    },
  },
  'appointment-cancelled': {
    label: 'An appointment cancelled by the service, to the family',
    fields: ['subject', 'body'],
    wording: {
      email: {
        subject: '((subject))',
        body: [
          '((body))',
          'This email comes from an address that cannot receive replies. To contact us, call the telephone number in the letter.',
        ].join('\n\n'),
      },
    },
  },
  // Statutory EHCP health advice (issue 15): the signed advice as a download link, which asks for the recipient's
  // e-mail address before it downloads (health information), to the local authority and to the family.
  'ehcp-advice': {
    label: 'EHCP health advice, to the local authority',
    fields: [
      'child_initials',
      'la_reference',
      'given_by',
      'given_on',
      'service_name',
      'service_telephone',
      'link_to_file',
    ],
    file: 'link_to_file',
    wording: {
      email: {
        subject: 'Health advice for ((child_initials)) (your reference ((la_reference)))',
        body: [
          '((service_name)) has given the health advice you asked for in the education, health and care needs assessment of the child with the initials ((child_initials)), your reference ((la_reference)).',
          'The advice was given by ((given_by)) on ((given_on)).',
          'The advice is attached as a download link. To open it you will be asked to confirm this email address:',
          '((link_to_file))',
          'Save a copy in the child’s file: the link stops working after 26 weeks.',
          'If you have a question about the advice, call ((service_telephone)) and give your reference ((la_reference)).',
          'Do not reply to this email.',
        ].join('\n\n'),
      },
    },
  },
  'ehcp-advice-family': {
    label: 'EHCP health advice, the family’s copy',
    fields: ['child_first_name', 'la_name', 'given_by', 'service_name', 'service_telephone', 'link_to_file'],
    file: 'link_to_file',
    wording: {
      email: {
        subject: 'Your copy of the health advice about ((child_first_name))',
        body: [
          '((service_name)) has sent ((la_name)) the health advice it asked for in ((child_first_name))’s education, health and care needs assessment. This is your copy.',
          'The advice was written by ((given_by)). It is attached as a download link. To open it you will be asked to confirm this email address:',
          '((link_to_file))',
          'Save a copy: the link stops working after 26 weeks.',
          'If you have a question about the advice, call us on ((service_telephone)).',
          'Do not reply to this email.',
        ].join('\n\n'),
      },
    },
  },
} as const satisfies Record<string, TemplateDefinition>;

export type TemplateKey = keyof typeof TEMPLATES;

export const TEMPLATE_KEYS = Object.keys(TEMPLATES) as TemplateKey[];

export function isTemplateKey(value: unknown): value is TemplateKey {
  return typeof value === 'string' && Object.hasOwn(TEMPLATES, value);
}

export function templateDefinition(key: TemplateKey): TemplateDefinition {
  return TEMPLATES[key];
}

export function templateChannels(key: TemplateKey): Channel[] {
  return Object.keys(TEMPLATES[key].wording) as Channel[];
}

/** The fields of a template that carry a one-time link, each with its kind. */
export function oneTimeLinkFields(key: TemplateKey): [string, OneTimeLinkKind][] {
  const definition: TemplateDefinition = TEMPLATES[key];
  return Object.entries(definition.oneTimeLinks ?? {});
}

/** The field of a template that carries its file, or null when it sends none. */
export function fileField(key: TemplateKey): string | null {
  const definition: TemplateDefinition = TEMPLATES[key];
  return definition.file ?? null;
}

/** Every (template, channel) pair: each needs its own Notify template. */
export function templateSlots(): { template: TemplateKey; channel: Channel }[] {
  return TEMPLATE_KEYS.flatMap((template) => templateChannels(template).map((channel) => ({ template, channel })));
}

/** The name of one (template, channel) pair, as configuration keys Notify template ids by it. */
export function slotKey(template: TemplateKey, channel: Channel): string {
  return `${template}:${channel}`;
}

/** The label an administrator reads; an unknown key (from a removed template) is shown as it is. */
export function templateLabel(key: string): string {
  return isTemplateKey(key) ? TEMPLATES[key].label : key;
}
