/**
 * The EHCP requests' forms as fields of the one form-component model (ADR 0026): logging a request from a local
 * authority (the received date and time are parsed by src/domain/ehcp/clock.ts `parseReceived`), naming its
 * clinician, withdrawing it, and withdrawing an exception. Exceptions themselves are parsed by
 * src/domain/ehcp/exceptions.ts `parseException`.
 */
import {
  DUE_DATE_FIELD,
  RECEIVED_DATE_FIELD,
  RECEIVED_TIME_FIELD,
  REQUEST_KIND_LABELS,
  REQUEST_KINDS,
} from '../../domain/ehcp/clock.js';
import { sentNamesOf, versionField, type Field } from '../../domain/forms/fields.js';

export const QUESTIONS_MAX = 5000;
export const REASON_MAX = 500;

export interface Authority {
  code: string;
  name: string;
}

/** The log form's fields (all but the received date and time), with the authorities to choose from. */
export function logFields(authorities: readonly Authority[]) {
  return [
    {
      kind: 'radios',
      name: 'kind',
      label: 'What is the authority asking for?',
      missing: 'Select whether this is for an EHC needs assessment or an annual review',
      options: REQUEST_KINDS.map((k) => ({
        value: k,
        text: REQUEST_KIND_LABELS[k],
        hint:
          k === 'needs-assessment'
            ? 'The advice is due six weeks (42 days) after the request was received'
            : 'The advice is due on the date the authority gives',
      })),
    },
    {
      kind: 'radios',
      name: 'laCode',
      label: 'Local authority',
      missing: 'Select the local authority that sent the request',
      options: authorities.map((a) => ({ value: a.code, text: `${a.name} (${a.code})` })),
    },
    {
      kind: 'text',
      name: 'laReference',
      label: 'The authority’s reference',
      missing: 'Enter the authority’s reference for this request',
      max: 60,
      width: 'one-half',
      spellcheck: false,
      autocomplete: 'off',
    },
    {
      kind: 'text',
      name: 'laContactName',
      label: 'Contact at the authority',
      missing: 'Enter the name of the contact at the authority',
      max: 120,
      width: 'two-thirds',
      spellcheck: false,
      autocomplete: 'off',
    },
    {
      kind: 'email',
      name: 'laContactEmail',
      label: 'Contact’s email address (optional if you give a telephone number)',
      missing: '',
      optional: true,
      autocomplete: 'off',
    },
    {
      kind: 'phone',
      name: 'laContactTelephone',
      label: 'Contact’s telephone number (optional if you give an email address)',
      missing: '',
      optional: true,
      autocomplete: 'off',
    },
    {
      kind: 'textarea',
      name: 'questions',
      label: 'The questions the authority asks (optional)',
      missing: '',
      optional: true,
      max: QUESTIONS_MAX,
    },
    {
      kind: 'radios',
      name: 'familyCopy',
      label: 'Does the authority expect a copy of the advice to go to the family?',
      missing: 'Select whether a copy of the advice goes to the family',
      options: [
        { value: 'yes', text: 'Yes' },
        { value: 'no', text: 'No' },
      ],
    },
    {
      kind: 'nhs-number',
      name: 'childNhsNumber',
      label: 'The child’s NHS number (optional)',
      hint: 'This is a 10 digit number, like 485 777 3456',
      missing: '',
      optional: true,
    },
    {
      kind: 'text',
      name: 'childGivenName',
      label: 'The child’s first name',
      missing: 'Enter the child’s first name',
      max: 100,
      width: 'two-thirds',
      spellcheck: false,
      autocomplete: 'off',
    },
    {
      kind: 'text',
      name: 'childFamilyName',
      label: 'The child’s last name',
      missing: 'Enter the child’s last name',
      max: 100,
      width: 'two-thirds',
      spellcheck: false,
      autocomplete: 'off',
    },
    {
      kind: 'date',
      name: 'childDateOfBirth',
      label: 'The child’s date of birth',
      what: 'Date of birth',
      hint: 'For example, 27 3 2019',
      missing: 'Enter the child’s date of birth',
    },
    {
      kind: 'radios',
      name: 'childSex',
      label: 'The child’s sex',
      missing: 'Select the child’s sex',
      options: [
        { value: 'female', text: 'Female' },
        { value: 'male', text: 'Male' },
        { value: 'other', text: 'Another way' },
        { value: 'unknown', text: 'Not known' },
      ],
    },
    {
      kind: 'text',
      name: 'childAddressLine1',
      label: 'Address line 1',
      missing: 'Enter the first line of the child’s address',
      max: 100,
      spellcheck: false,
      autocomplete: 'off',
    },
    {
      kind: 'text',
      name: 'childTown',
      label: 'Town or city',
      missing: 'Enter the town or city',
      max: 100,
      width: 'two-thirds',
      spellcheck: false,
      autocomplete: 'off',
    },
    {
      kind: 'postcode',
      name: 'childPostcode',
      label: 'Postcode',
      missing: 'Enter the child’s postcode',
      autocomplete: 'off',
    },
  ] as const satisfies readonly Field[];
}

export type LogFields = ReturnType<typeof logFields>;

/**
 * The log form's dates, drawn as fields but parsed by the domain's rules (clock.ts `parseReceived` and
 * `parseAuthorityDueOn`): when the request was received (and at what time, when known), and an annual review's due date.
 */
export const receivedFields = [
  {
    kind: 'date',
    name: RECEIVED_DATE_FIELD,
    label: 'Date the request was received',
    what: 'Date received',
    hint: 'The day it reached the service, not today’s date if it is logged later. For example, 27 11 2026',
    missing: 'Enter the date the request was received',
  },
  {
    kind: 'text',
    name: RECEIVED_TIME_FIELD,
    label: 'Time received (optional)',
    hint: 'The time on the e-mail, on the 24-hour clock, like 09:30',
    missing: '',
    optional: true,
    max: 5,
    width: 'one-third',
    spellcheck: false,
    autocomplete: 'off',
  },
] as const satisfies readonly Field[];

export const dueFields = [
  {
    kind: 'date',
    name: DUE_DATE_FIELD,
    label: 'For an annual review: the date the authority needs the advice by',
    what: 'Date advice is due',
    hint: 'Leave this empty for an EHC needs assessment: the advice is due six weeks after the date received',
    missing: 'Enter the date the authority needs the advice by',
    optional: true,
    future: true,
  },
] as const satisfies readonly Field[];

/** Every name the log form may send. */
export function logFormNames(authorities: readonly Authority[]): string[] {
  return sentNamesOf([...logFields(authorities), ...receivedFields, ...dueFields]);
}

/** Naming the clinician who writes the advice ('' for no one). */
export function assignFields(clinicians: readonly { id: string; displayName: string }[]) {
  return [
    {
      kind: 'radios',
      name: 'clinician',
      label: 'Clinician writing the advice',
      missing: 'Select a clinician from the list',
      options: [
        { value: 'none', text: 'Not assigned' },
        ...clinicians.map((c) => ({ value: c.id, text: c.displayName })),
      ],
    },
    versionField,
  ] as const satisfies readonly Field[];
}

export const withdrawRequestFields = [
  {
    kind: 'textarea',
    name: 'reason',
    label: 'Why has the authority withdrawn the request?',
    missing: 'Enter why the authority withdrew the request',
    max: REASON_MAX,
  },
  versionField,
] as const satisfies readonly Field[];

export const withdrawExceptionFields = [
  {
    kind: 'textarea',
    name: 'reason',
    label: 'Why was this exception recorded in error?',
    missing: 'Enter why the exception is withdrawn',
    max: REASON_MAX,
  },
] as const satisfies readonly Field[];
