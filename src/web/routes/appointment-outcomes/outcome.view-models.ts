/** What the outcome page shows of one child's appointment, and the confirmation once an outcome is recorded. */
import { londonWallTime } from '../../../domain/care/london-time.js';
import { isAppointmentOutcome, OUTCOME_LABELS } from '../../../domain/care/outcomes.js';
import type { FieldProblem } from '../../../domain/forms/fields.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import type { OutcomePlace } from '../../../services/care/outcomes.service.js';
import { fieldModels } from '../../forms/field-models.js';
import { pageErrors } from '../../forms/field-models.js';
import { paths } from '../../paths.js';
import { outcomeFields, RECORDED_FIELD } from './outcome.forms.js';

const PLACE_LABELS: Record<string, string> = { clinic: 'In clinic', home: 'At home', school: 'At school' };

/** An instant as London's clocks show it: "14:30 on 7 December 2026". */
export function whenInWords(instant: string): string {
  const wall = londonWallTime(new Date(instant));
  return `${wall.time} on ${formatLongDate(wall.date)}`;
}

export function outcomeLabel(code: string | null): string | null {
  return code === null ? null : isAppointmentOutcome(code) ? OUTCOME_LABELS[code] : code;
}

export interface OutcomePageOptions {
  sent?: Record<string, unknown>;
  problems?: FieldProblem[];
  /** A message for the whole page (refused: not started, or changed meanwhile). */
  message?: string;
  /** Just recorded: the confirmation. */
  recorded?: boolean;
}

export function outcomePageModel(place: OutcomePlace, definition: ServiceDefinition, options: OutcomePageOptions) {
  const type = definition.care.appointments.types.find((t) => t.code === place.type);
  const correcting = place.outcome !== null;
  const fields = outcomeFields(definition.care.appointments.lateCancellationHours, correcting);
  const stored = {
    ...(place.outcome !== null && { outcome: place.outcome }),
    ...(place.lateCancellation && { late: ['yes'] }),
  };
  const problems = options.problems ?? [];
  const current = outcomeLabel(place.outcome);
  return {
    title:
      options.recorded === true
        ? 'The outcome of the appointment'
        : correcting
          ? 'Change the outcome of the appointment'
          : 'Record the outcome of the appointment',
    caption: `Appointment ${place.reference}`,
    childName: place.childName,
    summary: [
      { key: { text: 'Child' }, value: { text: place.childName } },
      { key: { text: 'Appointment' }, value: { text: type?.label ?? place.type } },
      { key: { text: 'When' }, value: { text: whenInWords(place.startsAt) } },
      { key: { text: 'Where' }, value: { text: PLACE_LABELS[place.place] ?? place.place } },
      {
        key: { text: place.staff.length > 1 ? 'Clinicians' : 'Clinician' },
        value: { text: place.staff.map((s) => s.displayName).join(' and ') || 'None named' },
      },
      ...(current === null
        ? []
        : [
            { key: { text: 'Outcome recorded' }, value: { text: current } },
            ...(place.outcomeAt === null
              ? []
              : [
                  {
                    key: { text: 'Recorded on' },
                    value: { text: formatLongDate(londonDate(new Date(place.outcomeAt))) },
                  },
                ]),
            ...(place.outcomeNote === null ? [] : [{ key: { text: 'Note' }, value: { text: place.outcomeNote } }]),
          ]),
    ],
    started: place.started,
    notStarted: place.started
      ? undefined
      : `This appointment has not started yet. You can record what happened from ${whenInWords(place.startsAt)}.`,
    message: options.message,
    recorded:
      options.recorded === true && current !== null
        ? {
            text: `Outcome recorded: ${current}.`,
            followUp:
              place.outcome === 'was-not-brought' && place.followUpTaskId !== null
                ? { href: paths.tasks.task.build({ taskId: place.followUpTaskId }) }
                : undefined,
            flagged: place.flagTaskId !== null && place.outcome !== 'attended',
          }
        : undefined,
    fields: fieldModels(fields, stored, options.sent, problems, {}, { ownHeading: true }),
    errors: problems.length > 0 ? pageErrors(problems, { late: 'late' }) : undefined,
    recordedField: RECORDED_FIELD,
    recordedValue: place.outcomeAt ?? '',
    action: paths.appointments.outcome.build({ appointmentId: place.appointmentId, episodeId: place.episodeId }),
    appointmentHref: paths.appointments.appointment.build({ appointmentId: place.appointmentId }),
  };
}
