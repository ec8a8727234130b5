/**
 * The EHCP requests' forms as the field models `views/forms/_field.njk` draws (ADR 0026): the log form (its
 * authority as a select, the service's own authorities first), the exception form (with the child's missed
 * appointments, when there are any), and the one-reason forms (withdrawing a request or an exception).
 */
import type { Answers, Field, FieldProblem } from '../../../domain/forms/fields.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import { londonWallTime } from '../../../domain/care/london-time.js';
import type { MissedAppointment, RequestRecord } from '../../../services/ehcp/requests.service.js';
import { dueFields, logFields, receivedFields, type Authority } from '../../../services/ehcp/requests.fields.js';
import { fieldModels, type FieldModel } from '../../forms/field-models.js';
import { exceptionFields } from './requests.forms.js';

function models(
  fields: readonly Field[],
  saved: Answers,
  sent: Record<string, unknown> | undefined,
  problems: readonly FieldProblem[],
) {
  return fieldModels(fields, saved, sent, problems, {}, { ownHeading: true });
}

/** A radios model drawn as a select: the same values, the chosen one selected, and a first empty choice. */
function asSelect(model: FieldModel, empty: string) {
  const items = model.items.flatMap((i) =>
    'value' in i ? [{ value: i.value, text: i.text, selected: i.checked }] : [],
  );
  return {
    id: model.name,
    name: model.name,
    label: model.label,
    error: model.error,
    items: [{ value: '', text: empty, selected: !items.some((i) => i.selected) }, ...items],
  };
}

export function logFormPage(
  authorities: readonly Authority[],
  sent: Record<string, unknown> | undefined,
  problems: readonly FieldProblem[],
) {
  const all = models([...logFields(authorities), ...receivedFields, ...dueFields], {}, sent, problems);
  const byName = new Map(all.map((m) => [m.name, m]));
  const pick = (...names: string[]) =>
    names.flatMap((n) => {
      const m = byName.get(n);
      return m === undefined ? [] : [m];
    });
  const authority = byName.get('laCode');
  return {
    request: pick('kind'),
    authority: authority === undefined ? null : asSelect(authority, 'Choose the local authority'),
    contact: pick('laReference', 'laContactName', 'laContactEmail', 'laContactTelephone'),
    dates: pick('receivedOn', 'receivedTime', 'dueOn'),
    asked: pick('questions', 'familyCopy'),
    child: pick(
      'childNhsNumber',
      'childGivenName',
      'childFamilyName',
      'childDateOfBirth',
      'childSex',
      'childAddressLine1',
      'childTown',
      'childPostcode',
    ),
  };
}

const OUTCOME_WORDS: Record<string, string> = {
  'was-not-brought': 'Was Not Brought',
  'could-not-be-seen': 'Could not be seen',
};

export function exceptionFormPage(
  request: RequestRecord,
  missed: readonly MissedAppointment[],
  sent: Record<string, unknown> | undefined,
  problems: readonly FieldProblem[],
) {
  const choices = missed.map((m) => {
    const at = londonWallTime(new Date(m.startsAt));
    return {
      id: m.id,
      text: `${formatLongDate(at.date)} at ${at.time} (${m.reference}): ${OUTCOME_WORDS[m.outcome] ?? m.outcome}`,
    };
  });
  return {
    caption: `${request.childGivenName} ${request.childFamilyName}`,
    period: `${formatLongDate(request.receivedOn)} to ${formatLongDate(request.dueOn)}`,
    fields: models(exceptionFields(choices), {}, sent, problems),
  };
}

export function simpleFormPage(
  fields: readonly Field[],
  saved: Answers,
  sent: Record<string, unknown> | undefined,
  problems: readonly FieldProblem[],
) {
  return { fields: models(fields, saved, sent, problems) };
}
