/**
 * Goals and outcome measures of a child (issue 14 item 5): the goals and outcomes page with its chart, and the forms
 * that set, change and rate a goal and record Therapy Outcome Measures. Every route is a page of the child's record
 * (`needsRecord`): showing takes `record:read` and clinical access to this child, and is audited as `goal.viewed`
 * with the child as its subject; each change takes `record:write` and clinical write access, and is audited by its
 * use case in its transaction.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needsRecord } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { goalsController, type GoalsServices } from './goals.controller.js';

const CHILD = { type: 'child', param: 'childId' } as const;
const GOAL = { type: 'goal', param: 'goalId' } as const;

const PAGE = needsRecord('record:read', 'clinical-read', CHILD, { action: 'goal.viewed' });
const CHILD_FORM = needsRecord('record:write', 'clinical-write', CHILD, { action: 'goal.viewed' });
const GOAL_FORM = needsRecord('record:write', 'clinical-write', GOAL, { action: 'goal.viewed' });
const SET = needsRecord('record:write', 'clinical-write', CHILD, { action: 'goal.set', byUseCase: true });
const EDIT = needsRecord('record:write', 'clinical-write', GOAL, { action: 'goal.edited', byUseCase: true });
const RATE = needsRecord('record:write', 'clinical-write', GOAL, { action: 'goal.rated', byUseCase: true });
const TOMS = needsRecord('record:write', 'clinical-write', CHILD, { action: 'outcome.toms-recorded', byUseCase: true });

export function goalsRoutes(services: GoalsServices) {
  const controller = goalsController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.goals.child.pattern, PAGE, controller.child),
      get(paths.goals.set.pattern, CHILD_FORM, controller.setForm),
      post(paths.goals.set.pattern, SET, controller.set),
      get(paths.goals.edit.pattern, GOAL_FORM, controller.editForm),
      post(paths.goals.edit.pattern, EDIT, controller.edit),
      get(paths.goals.rate.pattern, GOAL_FORM, controller.rateForm),
      post(paths.goals.rate.pattern, RATE, controller.rate),
      get(paths.goals.toms.pattern, CHILD_FORM, controller.tomsForm),
      post(paths.goals.toms.pattern, TOMS, controller.toms),
    ]);
  };
}
