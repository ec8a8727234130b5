/**
 * The goals and outcomes pages' handlers: a child's goals and outcomes with the chart, setting a goal, editing one,
 * rating one, and recording Therapy Outcome Measures. The access hook has already decided that this person may see
 * (or change) this child's clinical record and keeps what it found as `request.record`; without it the page is not
 * found. A form with problems is shown again with the error summary (400) and nothing is saved; an edit drawn before
 * someone else changed the goal is shown again with the goal as it is now (409), and nothing is saved.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Dependencies } from '../../../composition.js';
import type { Field } from '../../../domain/forms/fields.js';
import type { GoalMeasure } from '../../../domain/record/goals.js';
import { mayWriteClinical } from '../../../services/record/record-scope.js';
import type { GoalRow } from '../../../services/record/goals.service.js';
import { activeServiceId } from '../../active-service.js';
import { errorsFromMessages, formValues, parseForm, type FormErrors } from '../../forms/form.js';
import { invalidInput, sendProblem, statusOf } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import {
  editGoalFields,
  isRecordId,
  rateFields,
  setGoalFields,
  tomsFields,
  versionOf,
  VERSION_MISSING,
} from './goals.forms.js';
import {
  boxes,
  childName,
  childOutcomesPage,
  DONE_BANNERS,
  errorsOf,
  goalAnswers,
  goalSummary,
  type DoneKind,
} from './goals.view-models.js';

export type GoalsServices = Pick<Dependencies, 'goals'>;

type ChildParams = { Params: { childId: string } };
type GoalParams = { Params: { goalId: string } };

const doneQuery = z.object({
  done: z.enum(Object.keys(DONE_BANNERS) as [DoneKind, ...DoneKind[]]).optional(),
});

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

/** The access hook's finding for this child, or null when there is none (the page is then not found). */
const scopeOf = (request: FastifyRequest) => request.record;

export function goalsController({ goals }: GoalsServices) {
  const child: Handler<ChildParams> = async (request, reply) => {
    const { childId } = request.params;
    const scope = scopeOf(request);
    if (!isRecordId(childId) || scope?.childId !== childId) return notFound(reply);
    const query = parseForm(doneQuery, request.query);
    if (!query.ok) return sendProblem(reply, invalidInput(query.errors));
    const found = await goals.childOutcomes(activeServiceId(reply), childId);
    if (found === undefined) return notFound(reply);
    const done = query.data.done === undefined ? null : DONE_BANNERS[query.data.done];
    return reply.render('goals/child.njk', childOutcomesPage(found, mayWriteClinical(scope), done));
  };

  async function renderSet(
    reply: FastifyReply,
    childId: string,
    status: number,
    errors?: FormErrors,
    sent?: Record<string, unknown>,
  ) {
    const found = await goals.child(activeServiceId(reply), childId);
    if (found === undefined) return notFound(reply);
    return reply.code(status).render('goals/form.njk', {
      title: 'Set a goal',
      button: 'Set goal',
      child: childName(found),
      fields: boxes(setGoalFields, {}, sent, errors),
      errors,
      action: paths.goals.set.build({ childId }),
      backHref: paths.goals.child.build({ childId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const writableChild = (request: FastifyRequest<ChildParams>) => {
    return isRecordId(request.params.childId) && scopeOf(request)?.childId === request.params.childId;
  };

  const setForm: Handler<ChildParams> = async (request, reply) => {
    if (!writableChild(request)) return notFound(reply);
    return renderSet(reply, request.params.childId, 200);
  };

  const set: Handler<ChildParams> = async (request, reply) => {
    const { childId } = request.params;
    if (!writableChild(request)) return notFound(reply);
    const serviceId = activeServiceId(reply);
    const done = await goals.set({ ...request.ctx, serviceId }, childId, formValues(request.body));
    if (!done.ok) {
      if (done.problem.code === 'not-found') return notFound(reply);
      if (done.problem.code !== 'invalid-input') return sendProblem(reply, done.problem);
      return renderSet(reply, childId, 400, errorsOf(done.problem.problems), formValues(request.body));
    }
    return reply.redirect(`${paths.goals.child.build({ childId })}?done=set#goal-${done.goalId}`, 303);
  };

  /** The goal a goal page names, when the hook found its child; undefined otherwise. */
  async function goalOf(request: FastifyRequest<GoalParams>, reply: FastifyReply) {
    const scope = scopeOf(request);
    if (!isRecordId(request.params.goalId) || scope === null) return undefined;
    const found = await goals.goal(activeServiceId(reply), request.params.goalId);
    return found?.goal.childId === scope.childId ? found : undefined;
  }

  async function renderGoalForm(
    reply: FastifyReply,
    found: { goal: GoalRow; child: { givenName: string; familyName: string; childId: string } },
    page: {
      title: string;
      button: string;
      fields: readonly Field[];
      action: string;
      saved: Record<string, string | string[]>;
    },
    status: number,
    errors?: FormErrors,
    sent?: Record<string, unknown>,
    unsaved?: string | null,
  ) {
    return reply.code(status).render('goals/form.njk', {
      title: page.title,
      button: page.button,
      child: `${found.child.givenName} ${found.child.familyName}`,
      goal: goalSummary(found.goal),
      fields: boxes(page.fields, page.saved, sent, errors),
      errors,
      unsaved: unsaved ?? null,
      action: page.action,
      backHref: paths.goals.child.build({ childId: found.child.childId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const editPage = (goal: GoalRow) => ({
    title: 'Change a goal',
    button: 'Save changes',
    fields: editGoalFields,
    action: paths.goals.edit.build({ goalId: goal.id }),
    saved: goalAnswers(goal),
  });

  const editForm: Handler<GoalParams> = async (request, reply) => {
    const found = await goalOf(request, reply);
    if (found === undefined) return notFound(reply);
    return renderGoalForm(reply, found, editPage(found.goal), 200);
  };

  const edit: Handler<GoalParams> = async (request, reply) => {
    const found = await goalOf(request, reply);
    if (found === undefined) return notFound(reply);
    const sent = formValues(request.body);
    const version = versionOf(sent);
    if (version === null) return sendProblem(reply, invalidInput(errorsFromMessages([['version', VERSION_MISSING]])));
    const edited = await goals.edit(
      { ...request.ctx, serviceId: activeServiceId(reply) },
      found.goal.id,
      version,
      sent,
    );
    if (!edited.ok) {
      const { problem } = edited;
      if (problem.code === 'not-found') return notFound(reply);
      if (problem.code === 'stale-version' && problem.current !== undefined) {
        // The form is drawn again with the goal as it is now (at its new version); what was sent is shown beside it.
        const errors = errorsFromMessages([['text', problem.message]]);
        const unsaved = typeof sent.text === 'string' ? sent.text : null;
        const now = { ...found, goal: problem.current };
        return renderGoalForm(reply, now, editPage(problem.current), statusOf(problem), errors, undefined, unsaved);
      }
      if (problem.code !== 'invalid-input') return sendProblem(reply, problem);
      return renderGoalForm(reply, found, editPage(found.goal), 400, errorsOf(problem.problems), {
        ...sent,
        version: String(found.goal.version),
      });
    }
    return reply.redirect(
      `${paths.goals.child.build({ childId: found.goal.childId })}?done=edited#goal-${found.goal.id}`,
      303,
    );
  };

  const ratePage = (goal: GoalRow) => ({
    title: 'Rate a goal',
    button: 'Save rating',
    fields: rateFields(goal.measure as GoalMeasure),
    action: paths.goals.rate.build({ goalId: goal.id }),
    saved: {},
  });

  const rateForm: Handler<GoalParams> = async (request, reply) => {
    const found = await goalOf(request, reply);
    if (found === undefined) return notFound(reply);
    return renderGoalForm(reply, found, ratePage(found.goal), 200);
  };

  const rate: Handler<GoalParams> = async (request, reply) => {
    const found = await goalOf(request, reply);
    if (found === undefined) return notFound(reply);
    const sent = formValues(request.body);
    const rated = await goals.rate({ ...request.ctx, serviceId: activeServiceId(reply) }, found.goal.id, sent);
    if (!rated.ok) {
      if (rated.problem.code === 'not-found') return notFound(reply);
      if (rated.problem.code !== 'invalid-input') return sendProblem(reply, rated.problem);
      return renderGoalForm(reply, found, ratePage(found.goal), 400, errorsOf(rated.problem.problems), sent);
    }
    return reply.redirect(
      `${paths.goals.child.build({ childId: found.goal.childId })}?done=rated#goal-${found.goal.id}`,
      303,
    );
  };

  async function renderToms(
    reply: FastifyReply,
    childId: string,
    status: number,
    errors?: FormErrors,
    sent?: Record<string, unknown>,
  ) {
    const found = await goals.child(activeServiceId(reply), childId);
    if (found === undefined) return notFound(reply);
    return reply.code(status).render('goals/form.njk', {
      title: 'Record Therapy Outcome Measures',
      button: 'Save ratings',
      child: childName(found),
      fields: boxes(tomsFields, { scale: 'core' }, sent, errors),
      errors,
      action: paths.goals.toms.build({ childId }),
      backHref: paths.goals.child.build({ childId }),
      csrfToken: await reply.csrfToken(),
    });
  }

  const tomsForm: Handler<ChildParams> = async (request, reply) => {
    if (!writableChild(request)) return notFound(reply);
    return renderToms(reply, request.params.childId, 200);
  };

  const toms: Handler<ChildParams> = async (request, reply) => {
    const { childId } = request.params;
    if (!writableChild(request)) return notFound(reply);
    const sent = formValues(request.body);
    const recorded = await goals.recordToms({ ...request.ctx, serviceId: activeServiceId(reply) }, childId, sent);
    if (!recorded.ok) {
      if (recorded.problem.code === 'not-found') return notFound(reply);
      if (recorded.problem.code !== 'invalid-input') return sendProblem(reply, recorded.problem);
      return renderToms(reply, childId, 400, errorsOf(recorded.problem.problems), sent);
    }
    return reply.redirect(`${paths.goals.child.build({ childId })}?done=toms#toms`, 303);
  };

  return { child, setForm, set, editForm, edit, rateForm, rate, tomsForm, toms };
}
