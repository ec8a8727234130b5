/**
 * What the EHCP requests' pages show: the tracker's rows (days left in words, RAG as a tag with words, never colour
 * alone), a request's page (the child, the authority, the statutory due date, the exceptions, the clinician, the
 * documents, the advice's status and its deliveries), and the report's table and CSV.
 */
import { can, type Role } from '../../../domain/access/roles.js';
import { londonWallTime } from '../../../domain/care/london-time.js';
import {
  daysLeftText,
  RAG_LABELS,
  RAG_TAG_CLASSES,
  REQUEST_KIND_LABELS,
  isRequestKind,
  type Rag,
} from '../../../domain/ehcp/clock.js';
import {
  describeException,
  EXCEPTION_KINDS,
  EXCEPTION_LABELS,
  isExceptionKind,
} from '../../../domain/ehcp/exceptions.js';
import type { MonthRow } from '../../../domain/ehcp/report.js';
import { isUnresolvedMatch } from '../../../domain/referrals/child-match.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import { formatNhsNumber } from '../../../domain/shared/nhs-number.js';
import type { EhcpRequestsService } from '../../../services/ehcp/requests.service.js';
import { paths } from '../../paths.js';

/** The report's column for each exception: short, so the table fits a page (the tracker gives the whole wording). */
const EXCEPTION_COLUMNS: Record<(typeof EXCEPTION_KINDS)[number], string> = {
  'personal-circumstances': 'Exception: exceptional circumstances',
  'away-from-area': 'Exception: away 4 weeks or more',
  'missed-appointment': 'Exception: missed appointment',
};

type View = NonNullable<Awaited<ReturnType<EhcpRequestsService['view']>>>;
type Tracker = Awaited<ReturnType<EhcpRequestsService['tracker']>>;
type Report = Awaited<ReturnType<EhcpRequestsService['report']>>;

export const kindLabel = (kind: string) => (isRequestKind(kind) ? REQUEST_KIND_LABELS[kind] : kind);

export const ADVICE_STATUS_LABELS: Record<string, string> = {
  none: 'Not started',
  draft: 'Draft',
  'in-review': 'In review',
  signed: 'Signed',
};

export const adviceStatusLabel = (status: string | null) => ADVICE_STATUS_LABELS[status ?? 'none'] ?? status ?? '';

export function ragTag(rag: Rag) {
  return { text: RAG_LABELS[rag], classes: RAG_TAG_CLASSES[rag] };
}

const childName = (r: { childGivenName: string; childFamilyName: string }) =>
  `${r.childGivenName} ${r.childFamilyName}`;

export function trackerRows(tracker: Tracker) {
  return tracker.entries.map((e) => ({
    href: paths.ehcp.request.build({ requestId: e.id }),
    child: childName(e),
    authority: e.laName,
    reference: e.laReference,
    kind: kindLabel(e.kind),
    received: formatLongDate(e.receivedOn),
    due: formatLongDate(e.dueOn),
    daysLeft: daysLeftText(e.daysLeft),
    rag: ragTag(e.rag),
    exceptionApplies: e.exceptionApplies,
    clinician: e.assignedClinicianName ?? 'Not assigned',
    advice: adviceStatusLabel(e.adviceStatus),
  }));
}

export function trackerFilters(
  query: { rag?: string; mine?: string; la?: string },
  authorities: readonly { code: string; name: string }[],
) {
  const rag = query.rag ?? '';
  const la = query.la ?? '';
  return {
    action: paths.ehcp.tracker.build(),
    rags: [
      { value: '', text: 'All', selected: rag === '' },
      ...(['red', 'amber', 'green'] as const).map((r) => ({
        value: r,
        text: `${RAG_LABELS[r]} (${r})`,
        selected: rag === r,
      })),
    ],
    authorities: [
      { value: '', text: 'All authorities', selected: la === '' },
      ...authorities.map((a) => ({ value: a.code, text: a.name, selected: la === a.code })),
    ],
    mine: [{ value: 'yes', text: 'Only requests assigned to me', checked: query.mine === 'yes' }],
  };
}

export function trackerCounts(tracker: Tracker) {
  return (['red', 'amber', 'green'] as const).map((r) => ({
    rag: ragTag(r),
    count: tracker.counts[r],
    what: r,
  }));
}

export function trackerLinks(roles: readonly Role[]) {
  return {
    logHref: can(roles, 'ehcp:log') ? paths.ehcp.log.build() : null,
    reportHref: can(roles, 'ehcp:report') ? paths.ehcp.report.build() : null,
  };
}

function receivedText(receivedOn: string, receivedAt: string | null): string {
  if (receivedAt === null) return formatLongDate(receivedOn);
  const wall = londonWallTime(new Date(receivedAt));
  return `${formatLongDate(receivedOn)} at ${wall.time}`;
}

const STATUS_LABELS: Record<string, string> = { open: 'Open', answered: 'Answered', withdrawn: 'Withdrawn' };

export function requestPage(view: View, roles: readonly Role[], me: string | null) {
  const r = view.request;
  const open = r.status === 'open';
  const contact = [r.laContactName, r.laContactEmail, r.laContactTelephone].filter((x): x is string => x !== null);
  const signed = view.advice?.status === 'signed';
  return {
    requestId: r.id,
    child: {
      name: childName(r),
      dateOfBirth: formatLongDate(r.childDateOfBirth),
      nhsNumber: r.childNhsNumber === null ? 'Not given' : formatNhsNumber(r.childNhsNumber),
    },
    matchWarning: !isUnresolvedMatch(r.childMatch)
      ? null
      : r.childMatch === 'nhs-number-conflict'
        ? 'The NHS number given is on another child’s record, with a different name or date of birth. Check the NHS number with the authority before the advice is written: this request has a record of its own, as the authority described the child.'
        : 'An older record has the same name, date of birth and postcode: it may be the same child. A clinician must check before the advice is written.',
    status: STATUS_LABELS[r.status] ?? r.status,
    open,
    kind: kindLabel(r.kind),
    authority: `${r.laName} (${r.laCode})`,
    reference: r.laReference,
    contact,
    received: receivedText(r.receivedOn, r.receivedAt),
    due: formatLongDate(r.dueOn),
    daysLeft: open ? daysLeftText(view.daysLeft) : null,
    rag: open ? ragTag(view.rag) : null,
    answered: r.answeredOn === null ? null : formatLongDate(r.answeredOn),
    withdrawnReason: r.withdrawnReason,
    questions: r.questions,
    familyCopy: r.familyCopy ? 'Yes' : 'No',
    loggedBy: r.loggedByName,
    exceptionApplies: view.exceptionApplies,
    exceptions: view.exceptions.map((x) => ({
      label: isExceptionKind(x.kind) ? EXCEPTION_LABELS[x.kind] : x.kind,
      dates: isExceptionKind(x.kind) ? describeException({ kind: x.kind, startsOn: x.startsOn, endsOn: x.endsOn }) : '',
      evidence: x.evidence,
      recordedBy: `${x.recordedByName}, ${formatLongDate(londonDate(new Date(x.createdAt)))}`,
      withdrawn: x.withdrawnAt !== null,
      withdrawnText:
        x.withdrawnAt === null
          ? null
          : `Withdrawn by ${x.withdrawnByName ?? 'someone'} on ${formatLongDate(londonDate(new Date(x.withdrawnAt)))}: ${x.withdrawnReason ?? ''}`,
      withdrawHref:
        x.withdrawnAt === null && open && can(roles, 'ehcp:exceptions')
          ? paths.ehcp.withdrawException.build({ exceptionId: x.id })
          : null,
    })),
    exceptionHref: open && can(roles, 'ehcp:exceptions') ? paths.ehcp.exceptions.build({ requestId: r.id }) : null,
    clinician: r.assignedClinicianName ?? 'Not assigned',
    mine: me !== null && r.assignedClinicianId === me,
    assign:
      open && can(roles, 'ehcp:assign')
        ? {
            action: paths.ehcp.assign.build({ requestId: r.id }),
            version: String(r.version),
            items: [
              { value: 'none', text: 'Not assigned', selected: r.assignedClinicianId === null },
              ...view.clinicians.map((c) => ({
                value: c.id,
                text: c.displayName,
                selected: c.id === r.assignedClinicianId,
              })),
            ],
          }
        : null,
    documents: view.documents.map((d) => ({
      name: d.fileName,
      href: paths.ehcp.document.build({ requestId: r.id, documentId: d.id }),
      size: `${String(Math.max(1, Math.round(d.sizeBytes / 1024)))} KB`,
      added: `${d.uploadedByName}, ${formatLongDate(londonDate(new Date(d.createdAt)))}`,
    })),
    uploadAction: open && can(roles, 'ehcp:log') ? paths.ehcp.documents.build({ requestId: r.id }) : null,
    advice: {
      status: adviceStatusLabel(view.advice?.status ?? null),
      // The advice's page is for clinicians with the child's record (404 otherwise, decided per child).
      href: can(roles, 'ehcp:advise') ? paths.ehcp.advice.build({ requestId: r.id }) : null,
      sendHref: signed && open && can(roles, 'ehcp:send') ? paths.ehcp.send.build({ requestId: r.id }) : null,
    },
    deliveries: view.deliveries.map((d) => ({
      to: `${d.recipient === 'family' ? 'The family' : 'The authority'}: ${d.toName}`,
      method: d.method === 'email' ? `E-mail${d.toEmail === null ? '' : ` to ${d.toEmail}`}` : 'Post',
      sentOn: formatLongDate(d.sentOn),
      by: d.sentByName,
    })),
    withdrawHref: open && can(roles, 'ehcp:log') ? paths.ehcp.withdraw.build({ requestId: r.id }) : null,
    trackerHref: paths.ehcp.tracker.build(),
  };
}

const percent = (share: number | null) => (share === null ? 'None answered' : `${String(share)}%`);

function reportRow(row: MonthRow) {
  return {
    label: row.label,
    received: row.received,
    answered: row.answered,
    within: row.answeredWithinSixWeeks,
    share: percent(row.sharePercent),
    lateWith: row.answeredLateWithException,
    lateWithout: row.answeredLateWithoutException,
    exceptions: EXCEPTION_KINDS.map((k) => row.exceptionsUsed[k]),
  };
}

export function reportPage(report: Report, months: { from: string; to: string }) {
  return {
    rows: report.months.map(reportRow),
    total: reportRow(report.total),
    annualReviews: report.annualReviews,
    exceptionHeaders: EXCEPTION_KINDS.map((k) => EXCEPTION_COLUMNS[k]),
    from: months.from,
    to: months.to,
    action: paths.ehcp.report.build(),
    csvHref: `${paths.ehcp.report.build()}?from=${months.from}&to=${months.to}&format=csv`,
  };
}

export const REPORT_CSV_HEADER = [
  'Month',
  'Received',
  'Answered',
  'Answered within six weeks',
  'Share within six weeks',
  'Late with an exception',
  'Late without an exception',
  ...EXCEPTION_KINDS.map((k) => `Exception used: ${EXCEPTION_LABELS[k]}`),
];

export function reportCsvValues(row: MonthRow): (string | number)[] {
  return [
    row.label,
    row.received,
    row.answered,
    row.answeredWithinSixWeeks,
    row.sharePercent === null ? '' : `${String(row.sharePercent)}%`,
    row.answeredLateWithException,
    row.answeredLateWithoutException,
    ...EXCEPTION_KINDS.map((k) => row.exceptionsUsed[k]),
  ];
}
