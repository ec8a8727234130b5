/**
 * The assessment pages' handlers: a child's assessments, choosing a test, each test's form, one assessment, and its
 * correction. The record's access hook (`needsRecord`) has already found the child and this person's access to their
 * record (`request.record`); without it the page is not found, as for a child one may not see. A form with problems
 * is shown again with the error summary (400) and nothing is saved; a correction drawn before someone else's is shown
 * again (409) with the assessment as it is now and nothing saved.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { versionField, type FieldProblem } from '../../../domain/forms/fields.js';
import { ASSESSMENT_LABELS, isAssessmentKind, type AssessmentKind } from '../../../domain/record/assessments/index.js';
import { londonDate } from '../../../domain/shared/dates.js';
import {
  ASSESSED_ON,
  type AssessedChild,
  type StoredAssessment,
} from '../../../services/record/assessments.service.js';
import { mayWriteClinical, type RecordScope } from '../../../services/record/record-scope.js';
import { activeServiceId } from '../../active-service.js';
import { fieldModels, problemsFrom } from '../../forms/field-models.js';
import { formValues, parseForm, type FormErrors } from '../../forms/form.js';
import { invalidInput, sendProblem, statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import { isRecordId } from '../equipment/equipment.forms.js';
import type { Handler } from '../table.js';
import {
  assessedOnField,
  assessmentErrors,
  assessmentQuery,
  formOfScores,
  readAssessmentForm,
} from './assessments.forms.js';
import { formSections } from './assessment-form.view-models.js';
import { assessmentPage, childPage, choosePage, valuesView } from './assessments.view-models.js';

export type AssessmentServices = Pick<Dependencies, 'clock' | 'assessments'>;

type ChildParams = { Params: { childId: string } };
type InstrumentParams = { Params: { childId: string; instrument: string } };
type AssessmentParams = { Params: { assessmentId: string } };

const DONE_BANNERS = { recorded: 'Assessment recorded', corrected: 'Assessment corrected' } as const;

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

/** The access hook's finding for this child; null (no access found) answers 404. */
const scopeOf = (request: FastifyRequest, childId?: string): RecordScope | null => {
  const scope = request.record;
  return scope === null || (childId !== undefined && scope.childId !== childId) ? null : scope;
};

/** What the form page draws, besides its sections. */
interface FormPage {
  title: string;
  button: string;
  action: string;
  backHref: string;
  instrument: AssessmentKind;
  child: AssessedChild;
  /** The stored answers the form is drawn from (a correction's), or none for a new assessment. */
  saved: Record<string, string>;
  /** What was just sent, when it had problems. */
  sent?: Record<string, unknown>;
  errors?: FormErrors;
  /** For a correction: the version the form is drawn at. */
  version?: number;
  /** After a conflict: the assessment as it is now. */
  current?: StoredAssessment;
}

export function assessmentsController({ clock, assessments }: AssessmentServices) {
  const today = () => londonDate(clock());

  async function renderForm(reply: FastifyReply, status: number, page: FormPage) {
    const values = page.sent ?? page.saved;
    const problems = problemsFrom(page.errors);
    const own =
      page.version === undefined
        ? [assessedOnField(page.child.dateOfBirth)]
        : [assessedOnField(page.child.dateOfBirth), versionField];
    const saved = { ...page.saved, ...(page.version !== undefined && { version: String(page.version) }) };
    // After a conflict the form is drawn at the assessment's version now: sending it again is a choice made with the
    // assessment as it is now in view. Otherwise it keeps the version it was drawn at, so that fixing a typo never
    // turns a stale reading into a fresh one.
    const sent =
      page.sent === undefined || page.current === undefined
        ? page.sent
        : { ...page.sent, ...(page.version !== undefined && { version: String(page.version) }) };
    return reply.code(status).render('assessments/form.njk', {
      title: page.title,
      button: page.button,
      child: `${page.child.givenName} ${page.child.familyName}`,
      own: fieldModels(own, saved, sent, problems, {}, { ownHeading: true }),
      sections: formSections(page.instrument, values, page.errors),
      errors: page.errors,
      current:
        page.current === undefined ? null : { summary: page.current.row.summary, ...valuesView(page.current.values) },
      action: page.action,
      backHref: page.backHref,
      csrfToken: await reply.csrfToken(),
    });
  }

  const child: Handler<ChildParams> = async (request, reply) => {
    const scope = scopeOf(request, request.params.childId);
    if (scope === null) return notFound(reply);
    const found = await assessments.childAssessments(activeServiceId(reply), scope.childId);
    if (found === undefined) return notFound(reply);
    return reply.render('assessments/child.njk', childPage(found.child, found.assessments, mayWriteClinical(scope)));
  };

  const choose: Handler<ChildParams> = async (request, reply) => {
    const scope = scopeOf(request, request.params.childId);
    if (scope === null) return notFound(reply);
    const found = await assessments.child(activeServiceId(reply), scope.childId);
    if (found === undefined) return notFound(reply);
    return reply.render('assessments/choose.njk', choosePage(found));
  };

  /** The child and the test a new assessment's pages name, or null (not found). */
  async function newAssessment(request: FastifyRequest<InstrumentParams>, reply: FastifyReply) {
    const { childId, instrument } = request.params;
    if (scopeOf(request, childId) === null || !isAssessmentKind(instrument)) return null;
    const found = await assessments.child(activeServiceId(reply), childId);
    return found === undefined ? null : { child: found, instrument };
  }

  const newPage = (child: AssessedChild, instrument: AssessmentKind) => ({
    title: `Record a ${ASSESSMENT_LABELS[instrument]} assessment`,
    button: 'Save assessment',
    action: paths.assessments.record.build({ childId: child.childId, instrument }),
    backHref: paths.assessments.choose.build({ childId: child.childId }),
    instrument,
    child,
    saved: {},
  });

  const recordForm: Handler<InstrumentParams> = async (request, reply) => {
    const found = await newAssessment(request, reply);
    if (found === null) return notFound(reply);
    return renderForm(reply, 200, newPage(found.child, found.instrument));
  };

  const record: Handler<InstrumentParams> = async (request, reply) => {
    const found = await newAssessment(request, reply);
    if (found === null) return notFound(reply);
    const { child: assessed, instrument } = found;
    const page = newPage(assessed, instrument);
    const sent = formValues(request.body);
    const form = readAssessmentForm(instrument, request.body, {
      dateOfBirth: assessed.dateOfBirth,
      today: today(),
      withVersion: false,
    });
    if (!form.ok) return renderForm(reply, 400, { ...page, sent, errors: assessmentErrors(form.problems) });
    const serviceId = activeServiceId(reply);
    const recorded = await assessments.record({ ...request.ctx, serviceId }, assessed.childId, instrument, {
      assessedOn: form.assessedOn,
      fields: form.fields,
    });
    if (!recorded.ok) {
      if (recorded.problem.code === 'not-found') return notFound(reply);
      return renderForm(reply, statusOf(recorded.problem), {
        ...page,
        sent,
        errors: assessmentErrors(recorded.problem.problems),
      });
    }
    return reply.redirect(`${paths.assessments.one.build({ assessmentId: recorded.assessmentId })}?done=recorded`, 303);
  };

  /** The assessment a page names, when it is about the child the access hook found; else null (not found). */
  async function named(request: FastifyRequest<AssessmentParams>, reply: FastifyReply) {
    const scope = scopeOf(request);
    const { assessmentId } = request.params;
    if (scope === null || !isRecordId(assessmentId)) return null;
    const found = await assessments.assessment(activeServiceId(reply), assessmentId);
    if (found?.assessment.row.childId !== scope.childId) return null;
    return { ...found, scope };
  }

  const one: Handler<AssessmentParams> = async (request, reply) => {
    const found = await named(request, reply);
    if (found === null) return notFound(reply);
    const query = parseForm(assessmentQuery, request.query);
    if (!query.ok) return sendProblem(reply, invalidInput(query.errors));
    const done = query.data.done === undefined ? null : DONE_BANNERS[query.data.done];
    return reply.render('assessments/assessment.njk', {
      ...assessmentPage(found, mayWriteClinical(found.scope)),
      done,
    });
  };

  const editPage = (assessment: StoredAssessment, assessed: AssessedChild) => ({
    title: `Correct the ${ASSESSMENT_LABELS[assessment.values.instrument]} assessment`,
    button: 'Save correction',
    action: paths.assessments.edit.build({ assessmentId: assessment.row.id }),
    backHref: paths.assessments.one.build({ assessmentId: assessment.row.id }),
    instrument: assessment.values.instrument,
    child: assessed,
    saved: { ...formOfScores(assessment.values), [ASSESSED_ON]: assessment.row.assessedOn },
    version: assessment.row.version,
  });

  const editForm: Handler<AssessmentParams> = async (request, reply) => {
    const found = await named(request, reply);
    if (found === null) return notFound(reply);
    return renderForm(reply, 200, editPage(found.assessment, found.child));
  };

  const edit: Handler<AssessmentParams> = async (request, reply) => {
    const found = await named(request, reply);
    if (found === null) return notFound(reply);
    const { assessment, child: assessed } = found;
    const sent = formValues(request.body);
    const form = readAssessmentForm(assessment.values.instrument, request.body, {
      dateOfBirth: assessed.dateOfBirth,
      today: today(),
      withVersion: true,
    });
    if (!form.ok) {
      if (form.versionMissing) return sendProblem(reply, invalidInput(assessmentErrors(form.problems)));
      return renderForm(reply, 400, {
        ...editPage(assessment, assessed),
        sent,
        errors: assessmentErrors(form.problems),
      });
    }
    const serviceId = activeServiceId(reply);
    const corrected = await assessments.correct({ ...request.ctx, serviceId }, assessment.row.id, form.version ?? 0, {
      assessedOn: form.assessedOn,
      fields: form.fields,
    });
    if (!corrected.ok) {
      const { problem } = corrected;
      if (problem.code === 'not-found') return notFound(reply);
      const now = problem.current ?? assessment;
      const errors = assessmentErrors(problem.problems satisfies FieldProblem[]);
      return renderForm(reply, statusOf(problem), {
        ...editPage(now, assessed),
        sent,
        errors,
        ...(problem.code === 'stale-version' && { current: now }),
      });
    }
    return reply.redirect(`${paths.assessments.one.build({ assessmentId: assessment.row.id })}?done=corrected`, 303);
  };

  return { child, choose, recordForm, record, one, editForm, edit };
}
