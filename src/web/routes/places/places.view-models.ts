/**
 * What the places pages show: teams, locations with their rooms, the clinicians with their team, base and working
 * pattern, and the forms' boxes. Pure: unit-tested in places.view-models.test.ts.
 */
import type { Answers, Field } from '../../../domain/forms/fields.js';
import { WEEKDAYS, type WorkingPattern } from '../../../domain/service/care-settings.js';
import type { Clinician, PlacesOverview } from '../../../services/care/places.service.js';
import { fieldModels, problemsFrom } from '../../forms/field-models.js';
import type { FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';
import { DAY_NAMES, NO_TEAM } from './places.forms.js';

/** The days worked and their hours, one line a day; "No days worked" for an empty pattern. */
export function patternLines(pattern: WorkingPattern): string[] {
  const lines = WEEKDAYS.flatMap((day) => {
    const hours = pattern[day];
    return hours === undefined ? [] : [`${DAY_NAMES[day]} ${hours.start} to ${hours.end}`];
  });
  return lines.length === 0 ? ['No days worked'] : lines;
}

/** The places page; a room's diary is linked only for those who may read diaries (an administrator may not). */
export function placesView(overview: PlacesOverview, options: { mayReadDiaries: boolean }) {
  return {
    teams: overview.teams.map((t) => t.name),
    locations: overview.locations.map((l) => ({
      name: l.name,
      address: [l.addressLine1, l.addressLine2, l.town, l.postcode].filter((x) => x !== null && x !== '').join(', '),
      use: l.isClinic ? 'Clinic' : 'Office base',
      isClinic: l.isClinic,
      rooms: l.rooms.map((r) => ({
        name: r.name,
        capacity: `${String(r.capacity)} ${r.capacity === 1 ? 'child' : 'children'}`,
        diaryHref: options.mayReadDiaries ? paths.diary.room.build({ roomId: r.id }) : null,
      })),
      addRoomHref: paths.places.room.build({ locationId: l.id }),
    })),
    clinicians: overview.clinicians.map((c) => clinicianRow(c)),
    mayReadDiaries: options.mayReadDiaries,
    addTeamHref: paths.places.team.build(),
    addLocationHref: paths.places.location.build(),
  };
}

export function clinicianRow(c: Clinician) {
  return {
    name: c.name,
    inactive: !c.active,
    team: c.team?.name ?? 'No team',
    base: c.base?.name ?? 'No base',
    pattern: patternLines(c.workingPattern),
    defaultPattern: !c.ownPattern,
    editHref: paths.places.staff.build({ userId: c.id }),
  };
}

/** A form's boxes: what was sent when it had problems, else the saved answers. */
export function boxes(
  fields: readonly Field[],
  saved: Answers,
  sent: Record<string, unknown> | undefined,
  errors: FormErrors | undefined,
) {
  const drawn = fields.filter((f) => f.kind !== 'hidden-number');
  return fieldModels(drawn, saved, sent, problemsFrom(errors), {}, { ownHeading: true });
}

/** The profile's saved answers: team, base and each day's hours (empty for a day not worked). */
export function profileAnswers(c: Clinician): Answers {
  const answers: Answers = { team: c.team?.id ?? NO_TEAM, base: c.base?.id ?? NO_TEAM };
  for (const day of WEEKDAYS) {
    const hours = c.workingPattern[day];
    if (hours !== undefined) {
      answers[`${day}-start`] = hours.start;
      answers[`${day}-end`] = hours.end;
    }
  }
  return answers;
}

/** The day rows of the pattern form: each day's two boxes from the models, with the day's name as its legend. */
export function dayRows(models: ReturnType<typeof boxes>) {
  return WEEKDAYS.map((day) => ({
    day: DAY_NAMES[day],
    start: models.find((m) => m.name === `${day}-start`),
    end: models.find((m) => m.name === `${day}-end`),
  }));
}
