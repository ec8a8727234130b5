/**
 * The family's answer about an appointment, in the one form-component model (ADR 0026): come, ask to cancel, ask to
 * rebook; why (needed to cancel or rebook) and which days and times suit (rebook). Every field is shown at once, so
 * the page works without JavaScript.
 */
import type { Field } from '../../../domain/forms/fields.js';

export const REASON_MAX = 1000;

export const familyAnswerFields = [
  {
    kind: 'radios',
    name: 'answer',
    label: 'Can your child come to this appointment?',
    missing: 'Select whether your child can come',
    options: [
      { value: 'confirm', text: 'Yes, we will come' },
      { value: 'cancel', text: 'No, please cancel it' },
      { value: 'rebook', text: 'No, please offer another time' },
    ],
  },
  {
    kind: 'textarea',
    name: 'reason',
    label: 'If you are asking to cancel or for another time, tell us why',
    hint: 'For example, your child is unwell or has something at school that day.',
    missing: 'Tell us why you are asking to cancel or for another time',
    optional: true,
    max: REASON_MAX,
  },
  {
    kind: 'textarea',
    name: 'times',
    label: 'If you would like another time, which days and times suit you? (optional)',
    hint: 'For example, Tuesday or Thursday mornings, or after 3:30pm.',
    missing: 'Tell us which days and times suit you',
    optional: true,
    max: REASON_MAX,
  },
] as const satisfies readonly Field[];
