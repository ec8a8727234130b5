/**
 * Standardised and functional assessments on a child's record (issue 14 item 4): a child's assessments, choosing a
 * test, its form, one assessment and its correction. Every route is a page of the child's record (`needsRecord`):
 * reading takes `record:read` and the clinical record, audited as `assessment.viewed` with the child as its subject;
 * forms and changes take `record:write` and the right to change the clinical record, each change audited by its use
 * case in its transaction (`assessment.recorded`, `assessment.corrected`).
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needsRecord } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { assessmentsController, type AssessmentServices } from './assessments.controller.js';

const CHILD = { type: 'child', param: 'childId' } as const;
const ASSESSMENT = { type: 'assessment', param: 'assessmentId' } as const;

const READ_CHILD = needsRecord('record:read', 'clinical-read', CHILD, { action: 'assessment.viewed' });
const READ_ONE = needsRecord('record:read', 'clinical-read', ASSESSMENT, { action: 'assessment.viewed' });
const FORM_CHILD = needsRecord('record:write', 'clinical-write', CHILD, { action: 'assessment.viewed' });
const FORM_ONE = needsRecord('record:write', 'clinical-write', ASSESSMENT, { action: 'assessment.viewed' });
const RECORD = needsRecord('record:write', 'clinical-write', CHILD, { action: 'assessment.recorded', byUseCase: true });
const CORRECT = needsRecord('record:write', 'clinical-write', ASSESSMENT, {
  action: 'assessment.corrected',
  byUseCase: true,
});

export function assessmentRoutes(services: AssessmentServices) {
  const controller = assessmentsController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.assessments.child.pattern, READ_CHILD, controller.child),
      get(paths.assessments.choose.pattern, FORM_CHILD, controller.choose),
      get(paths.assessments.record.pattern, FORM_CHILD, controller.recordForm),
      post(paths.assessments.record.pattern, RECORD, controller.record),
      get(paths.assessments.one.pattern, READ_ONE, controller.one),
      get(paths.assessments.edit.pattern, FORM_ONE, controller.editForm),
      post(paths.assessments.edit.pattern, CORRECT, controller.edit),
    ]);
  };
}
