/**
 * The EHCP advice pages' view models: the request's advice page (start, re-use, or the advice as it stands with its
 * history, readiness problems and the actions allowed), the form for every section with empty rows to add to (no
 * JavaScript), and the reviewer's page. Plain functions; the templates only place what they give.
 */
import type {
  AddendumRow,
  AdviceChild,
  AdviceRequest,
  AdviceRow,
  ReviewRow,
} from '../../../services/ehcp/advice.service.js';
import {
  fieldName,
  MAX_ROWS,
  NEED_AREA_LABELS,
  NEED_AREAS,
  PROVISION_PART_LABELS,
  PROVISION_SECTIONS,
  readinessToSign,
  SECTION_NAMES,
  type AdviceContent,
  type ProvisionSection,
} from '../../../domain/ehcp/advice.js';
import { sectionsOf } from '../../../domain/ehcp/advice-document.js';
import { isReviewOutcome, REUSE_DATES, REVIEW_OUTCOME_LABELS } from '../../../domain/ehcp/advice-forms.js';
import type { FieldProblem } from '../../../domain/forms/fields.js';
import { dateParts } from '../../../domain/shared/date-input.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import { pageErrors } from '../../forms/field-models.js';
import type { FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';

/** Empty rows offered below the filled ones of each list. */
export const EMPTY_ROWS = 2;

const STATUS_LABELS: Record<AdviceRow['status'], string> = {
  draft: 'Draft',
  'in-review': 'With its reviewer',
  signed: 'Signed',
};

const onDate = (instant: string) => formatLongDate(londonDate(new Date(instant)));

export function requestSummary(request: AdviceRequest, child: AdviceChild) {
  return {
    childName: `${child.givenName} ${child.familyName}`,
    rows: [
      { key: { text: 'Local authority' }, value: { text: request.laName } },
      { key: { text: "Authority's reference" }, value: { text: request.laReference } },
      { key: { text: 'Request received' }, value: { text: formatLongDate(request.receivedOn) } },
      { key: { text: 'Advice due by' }, value: { text: formatLongDate(request.dueOn) } },
    ],
    requestHref: paths.ehcp.request.build({ requestId: request.id }),
  };
}

/** What happened to the advice, in order: started or re-used, each review asked for and its answer, signed. */
function historyOf(a: AdviceRow, reviews: readonly ReviewRow[]): { text: string }[] {
  const how = a.reusedFromAdviceId === null ? 'Started' : 'Re-used from earlier advice';
  const lines = [{ text: `${how} by ${a.authorName} on ${onDate(a.createdAt)}` }];
  for (const r of reviews) {
    lines.push({ text: `Review asked of ${r.reviewerName} on ${onDate(r.requestedAt)}` });
    if (r.reviewedAt !== null && r.outcome !== null) {
      const outcome = isReviewOutcome(r.outcome) ? REVIEW_OUTCOME_LABELS[r.outcome] : r.outcome;
      const comment = r.comment === null ? '' : `: “${r.comment}”`;
      lines.push({ text: `${outcome} by ${r.reviewerName} on ${onDate(r.reviewedAt)}${comment}` });
    }
  }
  if (a.signedAt !== null) lines.push({ text: `Signed by ${a.authorName} on ${onDate(a.signedAt)}` });
  return lines;
}

export function advicePage(
  a: AdviceRow,
  content: AdviceContent,
  me: string,
  options: {
    /** This person may change the child's clinical record (a read-only relationship sees no actions). */
    mayWrite?: boolean;
    reviewRequired: boolean;
    reviewers: { id: string; name: string }[];
    reviews: readonly ReviewRow[];
    addenda: AddendumRow[];
  },
) {
  const id = { adviceId: a.id };
  const problems = a.status === 'signed' ? [] : readinessToSign(content);
  const writes = options.mayWrite ?? true;
  const mine = writes && a.authorId === me;
  const editable = mine && a.status === 'draft';
  const approved = a.status === 'in-review' && a.reviewOutcome === 'approved';
  return {
    status: STATUS_LABELS[a.status],
    version: String(a.version),
    sections: sectionsOf(content),
    history: historyOf(a, options.reviews),
    problems: problems.map((p) => ({ text: p.message, href: `${paths.ehcp.adviceEdit.build(id)}#${p.field}` })),
    editHref: editable ? paths.ehcp.adviceEdit.build(id) : null,
    submit:
      editable && options.reviewRequired && problems.length === 0
        ? {
            action: paths.ehcp.adviceSubmit.build(id),
            reviewers: [
              { value: '', text: 'Choose a clinician' },
              ...options.reviewers.map((r) => ({ value: r.id, text: r.name })),
            ],
          }
        : null,
    reviewHref:
      writes && a.status === 'in-review' && a.reviewOutcome === null && a.reviewerId === me
        ? paths.ehcp.adviceReview.build(id)
        : null,
    signAction:
      mine && problems.length === 0 && (options.reviewRequired ? approved : a.status !== 'signed')
        ? paths.ehcp.adviceSign.build(id)
        : null,
    pdfHref: a.status === 'signed' ? paths.ehcp.advicePdf.build(id) : null,
    addendumAction: writes && a.status === 'signed' ? paths.ehcp.adviceAddendum.build(id) : null,
    addenda: options.addenda.map((d) => ({
      heading: `Addendum of ${onDate(d.createdAt)} by ${d.addedByName}`,
      reason: d.reason,
      text: d.text,
    })),
  };
}

/** The re-use form: the earlier advice to choose from, and the three dates of agreement as date inputs. */
export function reuseForm(earlier: AdviceRow[], errors: FormErrors | undefined, sent: Record<string, unknown>) {
  const sentText = (name: string) => (typeof sent[name] === 'string' ? sent[name] : '');
  return {
    earlier: earlier.map((a) => ({
      value: a.id,
      text: `Advice signed by ${a.authorName} on ${a.signedAt === null ? '' : onDate(a.signedAt)}`,
      checked: a.id === sent.earlierAdvice,
    })),
    earlierError: errors?.fields.earlierAdvice,
    dates: REUSE_DATES.map(([name, , label]) => ({
      name,
      label,
      error: errors?.fields[name],
      items: (['day', 'month', 'year'] as const).map((p) => ({
        name: p,
        label: p.charAt(0).toUpperCase() + p.slice(1),
        value: sentText(`${name}[${p}]`),
        classes: `nhsuk-input--width-${p === 'year' ? '4' : '2'}`,
      })),
    })),
  };
}

interface Box {
  name: string;
  label: string;
  value: string;
  error: { text: string } | undefined;
}

/** The edit form: every section, its filled rows and `EMPTY_ROWS` more of each list (up to `MAX_ROWS`). */
export function editForm(content: AdviceContent, errors: FormErrors | undefined, sent?: Record<string, unknown>) {
  const err = (name: string) => errors?.fields[name];
  const shown = (name: string, stored: string): string => {
    if (sent === undefined) return stored;
    const v = sent[name];
    return typeof v === 'string' ? v : '';
  };
  const box = (name: string, label: string, stored: string): Box => ({
    name,
    label,
    value: shown(name, stored),
    error: err(name),
  });
  const count = (filled: number) => Math.min(MAX_ROWS, filled + EMPTY_ROWS);
  const rows = (filled: number) => Array.from({ length: count(filled) }, (_, i) => i);
  const sources = rows(content.sources.length).map((i) => {
    const s = content.sources[i];
    const on = fieldName.source(i, 'on');
    const parts = dateParts(s?.on === '' ? undefined : s?.on);
    const part = (p: 'day' | 'month' | 'year') => shown(`${on}[${p}]`, parts[p]);
    return {
      n: i + 1,
      what: box(fieldName.source(i, 'what'), `Source ${String(i + 1)}`, s?.what ?? ''),
      on: {
        name: on,
        error: err(on),
        items: (['day', 'month', 'year'] as const).map((p) => ({
          name: p,
          label: p.charAt(0).toUpperCase() + p.slice(1),
          value: part(p),
          classes: `nhsuk-input--width-${p === 'year' ? '4' : '2'}`,
        })),
      },
    };
  });
  const needs = rows(content.needs.length).map((i) => {
    const need = content.needs[i];
    const name = fieldName.need(i, 'area');
    const chosen = shown(name, need?.area ?? '');
    return {
      n: i + 1,
      area: {
        name,
        error: err(name),
        items: [
          { value: '', text: 'Choose an area' },
          ...NEED_AREAS.map((a) => ({ value: a, text: NEED_AREA_LABELS[a], selected: a === chosen })),
        ],
      },
      description: box(fieldName.need(i, 'description'), `Need ${String(i + 1)}: description`, need?.description ?? ''),
    };
  });
  const outcomes = rows(content.outcomes.length).map((i) => {
    const o = content.outcomes[i];
    return {
      n: i + 1,
      text: box(
        fieldName.outcome(i, 'text'),
        `Outcome ${String(i + 1)}: what the child will be able to do`,
        o?.outcome ?? '',
      ),
      by: box(fieldName.outcome(i, 'by'), `Outcome ${String(i + 1)}: by when`, o?.byWhen ?? ''),
    };
  });
  const provision = (s: ProvisionSection) =>
    rows(content[s].length).map((i) => {
      const p = content[s][i];
      const label = `${SECTION_NAMES[s]} provision ${String(i + 1)}`;
      const part = (k: keyof typeof PROVISION_PART_LABELS) =>
        box(fieldName.provision(s, i, k), `${label}: ${PROVISION_PART_LABELS[k]}`, p?.[k] ?? '');
      return {
        n: i + 1,
        heading: label,
        parts: [part('what'), part('who'), part('howOften'), part('sessionLength'), part('period')],
        outcomes: box(
          fieldName.provision(s, i, 'outcomes'),
          `${label}: the numbers of the outcomes it serves`,
          (p?.outcomes ?? []).join(', '),
        ),
      };
    });
  const noG = sent === undefined ? content.noProvisionG : sent.noProvisionG === 'yes';
  return {
    knownTo: box('knownTo', 'How the child is known to the service', content.knownTo),
    childViews: box('childViews', "The child's views, as they gave them", content.childViews),
    familyViews: box('familyViews', "The family's views, as they gave them", content.familyViews),
    other: box('other', 'Anything else the local authority should know (optional)', content.other),
    sources,
    needs,
    outcomes,
    f: provision('f'),
    g: provision('g'),
    noProvisionG: { checked: noG, error: err('noProvisionG') },
    sections: PROVISION_SECTIONS,
  };
}

export const errorsOf = (problems: readonly FieldProblem[]): FormErrors => pageErrors(problems);
