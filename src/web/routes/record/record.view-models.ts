/**
 * What the child's record page and its forms show: the banner of alerts (safeguarding first, with who to contact),
 * break-glass and read-only notices, who the child is, their family, GP and school, episodes, upcoming appointments,
 * the retention review date, and the timeline with its pages. Dates as "3 December 2026", times in London. Pure.
 */
import { londonWallTime } from '../../../domain/care/london-time.js';
import { ALERT_HINTS, ALERT_KINDS, ALERT_LABELS, isAlertKind } from '../../../domain/record/alerts.js';
import type { RecordAccess } from '../../../domain/record/access.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import { formatNhsNumber } from '../../../domain/shared/nhs-number.js';
import { ASSESSMENT_LABELS, isAssessmentKind } from '../../../domain/record/assessments/index.js';
import { AGENCY_LABELS, KIND_LABELS as KIND_LABELS_CONSENT } from '../../../domain/record/consent.js';
import { GOAL_MEASURE_LABELS } from '../../../domain/record/goals.js';
import { TOMS_STAGE_LABELS } from '../../../domain/record/toms.js';
import { CONTACT_TYPE_LABELS } from '../../../domain/record/notes.js';
import { ADVICE_RECIPIENTS, RECIPIENT_LABELS, type AdviceProgramme } from '../../../domain/record/advice.js';
import type { AdviceGivenRow } from '../../../services/record/advice.service.js';
import type { BreakGlassRow } from '../../../services/record/record-access.service.js';
import type { ChildRecordView, TimelineEntry } from '../../../services/record/child-record.service.js';
import type { RecordScope } from '../../../services/record/record-scope.js';
import { paths } from '../../paths.js';

const at = (iso: string) => {
  const wall = londonWallTime(new Date(iso));
  return `${formatLongDate(wall.date)} at ${wall.time}`;
};

const STATUS_LABELS: Record<string, string> = { waiting: 'On the waiting list', open: 'Being seen', closed: 'Closed' };
const PLACE_LABELS: Record<string, string> = { clinic: 'Clinic', home: 'Home visit', school: 'School visit' };
const KIND_LABELS: Record<TimelineEntry['kind'], string> = {
  note: 'Contact note',
  equipment: 'Equipment',
  letter: 'Letter',
  'appointment-letter': 'Appointment letter',
  assessment: 'Assessment',
  goal: 'Goal set',
  'goal-rating': 'Goal rated',
  toms: 'Therapy Outcome Measures',
  consent: 'Consent',
  discharge: 'Discharge',
  'discharge-letter': 'Discharge letter',
  advice: 'Advice given',
  ehcp: 'EHCP health advice requested',
};
const label = (labels: Record<string, string>, value: string | null) =>
  value === null ? '' : (labels[value] ?? value);
const RATING_KINDS: Record<string, string> = { set: 'Baseline', review: 'Review' };
const NOTE_TYPES: Record<string, string> = CONTACT_TYPE_LABELS;
const EQUIPMENT_STATES: Record<string, string> = {
  'in-use': 'In use',
  'awaiting-return': 'Awaiting return',
  finished: 'No longer needed',
  returned: 'Returned',
};

export interface AlertModel {
  id: string;
  label: string;
  detail: string;
  contact: string | null;
  added: string;
  safeguarding: boolean;
  endHref: string | null;
}

/** The banner every page of the record shows: the alerts, and how this person is reading it. */
export function bannerOf(scope: RecordScope, alerts: ChildRecordView['alerts'], mayEnd: boolean, now: Date) {
  const access: RecordAccess = scope.access;
  return {
    alerts: alerts.map((a): AlertModel => ({
      id: a.id,
      label: isAlertKind(a.kind) ? ALERT_LABELS[a.kind] : a.kind,
      detail: a.detail,
      contact: a.contact,
      added: `Added by ${a.createdByName} on ${formatLongDate(londonWallTime(new Date(a.createdAt)).date)}`,
      safeguarding: a.kind === 'safeguarding',
      endHref: mayEnd ? paths.record.alert.build({ childId: scope.childId, alertId: a.id }) : null,
    })),
    breakGlass:
      scope.breakGlassEndsAt === null
        ? null
        : {
            endsAt: londonWallTime(scope.breakGlassEndsAt).time,
            minutesLeft: Math.max(0, Math.ceil((scope.breakGlassEndsAt.getTime() - now.getTime()) / 60_000)),
          },
    readOnly:
      access.level === 'clinical' && access.readOnly
        ? access.basis === 'safeguarding'
          ? 'You are reading this record as the safeguarding lead: you cannot change it.'
          : access.basis === 'ehcp-advice'
            ? 'The EHCP advice you wrote or reviewed has been sent: you can read the record, but not change it.'
            : 'This child was discharged: you can read the record, but not change it.'
        : null,
    demographicsOnly: access.level === 'demographics',
  };
}

/** Where an entry of the timeline leads, and how it reads. */
function timelineRow(e: TimelineEntry, childId: string) {
  let href: string | null = null;
  let title = e.title;
  let state = e.state ?? '';
  switch (e.kind) {
    case 'note':
      href = paths.notes.note.build({ noteId: e.id });
      title = NOTE_TYPES[e.title] ?? 'Note (type not chosen yet)';
      state = e.state === 'signed' ? 'Signed' : 'Draft (yours)';
      break;
    case 'equipment':
      href = paths.equipment.item.build({ issueId: e.id });
      state = label(EQUIPMENT_STATES, e.state);
      break;
    case 'letter':
    case 'discharge-letter':
      state = `To the ${e.state === 'gp' ? 'GP' : (e.state ?? '')}`;
      if (e.kind === 'discharge-letter') href = paths.consentDischarge.one.build({ dischargeId: e.id });
      break;
    case 'assessment':
      href = paths.assessments.one.build({ assessmentId: e.id });
      // The one-line result stored with it ("MABC-2 total 6 (9th percentile, amber)"), or the test's name.
      title = isAssessmentKind(e.title) ? ASSESSMENT_LABELS[e.title] : e.title;
      state = e.state === null ? '' : `Assessed ${formatLongDate(e.state)}`;
      break;
    case 'goal':
    case 'goal-rating':
      href = paths.goals.child.build({ childId });
      state = e.kind === 'goal' ? label(GOAL_MEASURE_LABELS, e.state) : label(RATING_KINDS, e.state);
      break;
    case 'toms':
      href = paths.goals.child.build({ childId });
      state = label(TOMS_STAGE_LABELS, e.state);
      break;
    case 'consent':
      href = paths.consentDischarge.consents.build({ childId });
      title = label({ ...KIND_LABELS_CONSENT, ...AGENCY_LABELS }, e.title);
      state = e.state === 'withdrawn' ? 'Withdrawn' : 'Given';
      break;
    case 'discharge':
      href = paths.consentDischarge.one.build({ dischargeId: e.id });
      title = 'Discharged';
      state = e.state === null ? '' : formatLongDate(e.state);
      break;
    case 'advice':
      href = paths.record.advicePdf.build({ adviceId: e.id });
      state = `To ${label({ family: 'the family', school: 'the school' }, e.state)}`;
      break;
    case 'ehcp':
      href = paths.ehcp.advice.build({ requestId: e.id });
      title = `By ${e.title}`;
      state = label({ open: 'Advice not sent yet', answered: 'Advice sent', withdrawn: 'Withdrawn' }, e.state);
      break;
    case 'appointment-letter':
      break;
  }
  return { kind: KIND_LABELS[e.kind], when: at(e.at), title, state, by: e.by ?? '', href };
}

/** The parts of the record, each with its own pages; the clinical ones only with clinical access. */
function partsOf(scope: RecordScope, equipmentEpisodeId: string | null) {
  if (scope.access.level !== 'clinical') return [];
  const childId = scope.childId;
  return [
    { text: 'Contact notes', href: paths.notes.child.build({ childId }) },
    { text: 'Assessments', href: paths.assessments.child.build({ childId }) },
    { text: 'Goals and outcomes', href: paths.goals.child.build({ childId }) },
    { text: 'Consent', href: paths.consentDischarge.consents.build({ childId }) },
    { text: 'Advice and strategies', href: paths.record.advice.build({ childId }) },
    ...(equipmentEpisodeId === null
      ? []
      : [{ text: 'Equipment', href: paths.equipment.child.build({ episodeId: equipmentEpisodeId }) }]),
    ...(scope.access.readOnly
      ? []
      : [{ text: 'Discharge', href: paths.consentDischarge.discharge.build({ childId }) }]),
  ];
}

export function recordPage(view: ChildRecordView, scope: RecordScope, options: { mayWrite: boolean; now: Date }) {
  const h = view.header;
  const name = `${h.givenName} ${h.familyName}`;
  const timeline = view.timeline;
  const pageHref = (page: number) => `${paths.record.child.build({ childId: scope.childId })}?page=${String(page)}`;
  return {
    name,
    banner: bannerOf(scope, view.alerts, options.mayWrite, options.now),
    addAlertHref: options.mayWrite ? paths.record.alerts.build({ childId: scope.childId }) : null,
    parts: partsOf(scope, view.episodes[0]?.id ?? null),
    summary: [
      { key: 'NHS number', value: h.nhsNumber === null ? 'Not known' : formatNhsNumber(h.nhsNumber) },
      { key: 'Date of birth', value: formatLongDate(h.dateOfBirth) },
      ...(h.knownAs === null ? [] : [{ key: 'Known as', value: h.knownAs }]),
      {
        key: 'Address',
        value:
          view.address === null
            ? 'Sealed: not shown'
            : [...view.address.lines, view.address.postcode].join(', ') +
              (view.addressSealed ? ' (sealed: do not disclose)' : ''),
      },
      { key: 'GP practice', value: h.gp.name ?? (h.gp.typed === null ? 'Not known' : typedName(h.gp.typed)) },
      { key: 'School', value: h.school.name ?? (h.school.typed === null ? 'Not known' : typedName(h.school.typed)) },
      {
        key: 'Language',
        value: `${h.language ?? 'English'}${h.interpreterNeeded ? ' (needs an interpreter)' : ''}`,
      },
      ...(h.accessNeeds === null ? [] : [{ key: 'Access needs', value: h.accessNeeds }]),
    ],
    parents: view.parents.map((p) => ({
      name: p.name,
      relationship: p.relationship ?? '',
      phone: p.phone ?? 'None given',
      email: p.email ?? 'None given',
      prefers: p.prefers === 'email' ? 'Letters by e-mail; texts to their mobile' : 'Letters by post',
    })),
    episodes: view.episodes.map((e) => ({
      reference: e.reference,
      status: STATUS_LABELS[e.status] ?? e.status,
      accepted: formatLongDate(londonWallTime(new Date(e.acceptedAt)).date),
      closed: e.closedAt === null ? '' : formatLongDate(londonWallTime(new Date(e.closedAt)).date),
      lead: e.leadClinicianName ?? 'Not yet allocated',
      equipmentHref:
        options.mayWrite || scope.access.level === 'clinical' ? paths.equipment.child.build({ episodeId: e.id }) : null,
    })),
    upcoming: view.upcoming.map((a) => ({
      when: at(a.startsAt),
      type: a.type,
      place: `${PLACE_LABELS[a.place] ?? a.place}${a.locationName === null ? '' : `: ${a.locationName}`}`,
      with: a.staffNames ?? '',
      href: paths.appointments.appointment.build({ appointmentId: a.id }),
    })),
    retention:
      view.retention === null
        ? null
        : {
            reviewOn: formatLongDate(view.retention.reviewOn),
            birthday: view.retention.birthday,
            adult: view.retention.treatedAsAdult,
          },
    timeline:
      timeline === null
        ? null
        : {
            rows: timeline.entries.map((e) => timelineRow(e, scope.childId)),
            total: timeline.total,
            page: timeline.page,
            pageCount: timeline.pageCount,
            previous: timeline.page > 1 ? pageHref(timeline.page - 1) : null,
            next: timeline.page < timeline.pageCount ? pageHref(timeline.page + 1) : null,
          },
  };
}

function typedName(json: string): string {
  try {
    const parsed = JSON.parse(json) as { name?: unknown };
    return typeof parsed.name === 'string' ? parsed.name : 'Not known';
  } catch {
    return 'Not known';
  }
}

/** The add-an-alert form's radios. */
export function alertKindItems(chosen: unknown) {
  return ALERT_KINDS.map((kind) => ({
    value: kind,
    text: ALERT_LABELS[kind],
    hint: { text: ALERT_HINTS[kind] },
    checked: chosen === kind,
  }));
}

const REVIEW_LABELS: Record<string, string> = { appropriate: 'Appropriate', 'not-appropriate': 'Not appropriate' };

export function breakGlassRows(rows: readonly BreakGlassRow[]) {
  return rows.map((r) => ({
    href: paths.record.breakGlassReview.build({ accessId: r.id }),
    who: r.userName,
    child: r.childName,
    started: at(r.startedAt),
    ends: at(r.endsAt),
    reason: r.reason,
    review:
      r.reviewedAt === null
        ? null
        : `${REVIEW_LABELS[r.reviewOutcome ?? ''] ?? ''}: ${r.reviewedByName ?? ''}, ${at(r.reviewedAt)}`,
    note: r.reviewNote ?? '',
  }));
}

/** The advice page: what was given (with its PDF), and the form to give a programme of the library. */
export function advicePage(
  child: { givenName: string; familyName: string },
  given: readonly AdviceGivenRow[],
  library: readonly AdviceProgramme[],
  mayGive: boolean,
  sent: Record<string, unknown>,
) {
  const audience = { home: 'For home', school: 'For school', both: 'For home and school' } as const;
  return {
    name: `${child.givenName} ${child.familyName}`,
    given: given.map((g) => ({
      title: g.programmeTitle,
      to: label(RECIPIENT_LABELS, g.givenTo),
      on: formatLongDate(g.givenOn),
      by: g.givenByName,
      href: paths.record.advicePdf.build({ adviceId: g.id }),
    })),
    programmes: mayGive
      ? library.map((p) => ({
          value: p.code,
          text: p.title,
          hint: { text: audience[p.audience] },
          checked: sent.programme === p.code,
        }))
      : [],
    recipients: ADVICE_RECIPIENTS.map((r) => ({ value: r, text: RECIPIENT_LABELS[r], checked: sent.to === r })),
  };
}
