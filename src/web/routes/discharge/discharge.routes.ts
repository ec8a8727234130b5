/**
 * Discharge from the service with its summary letters (issue 14 item 8). The form, check and confirmation are pages of
 * the child's record that change it (`record:write`, clinical write access to this child); a discharge and its
 * letters are read with `record:read` and clinical access, with the child as the audit event's subject. The print
 * list of discharge letters is the admin officers' (`letters:print`), beside the other print queues.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs, needsRecord } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { dischargeController, type DischargeServices } from './discharge.controller.js';

const CHILD = { type: 'child', param: 'childId' } as const;
const DISCHARGE = { type: 'discharge', param: 'dischargeId' } as const;

const FORM = needsRecord('record:write', 'clinical-write', CHILD, { action: 'discharge.viewed' });
const CONFIRM = needsRecord('record:write', 'clinical-write', CHILD, { action: 'discharge.recorded', byUseCase: true });
const ONE = needsRecord('record:read', 'clinical-read', DISCHARGE, { action: 'discharge.viewed' });
const LETTER = needsRecord('record:read', 'clinical-read', DISCHARGE, { action: 'discharge.letter-downloaded' });
const PRINT_LIST = needs('letters:print', { action: 'letters.print-queue-viewed' });
const PRINT_PDF = needs('letters:print', {
  action: 'discharge.letter-downloaded',
  subjectType: 'discharge-letter',
  subjectParam: 'letterId',
});
const PRINTED = needs('letters:print', { action: 'discharge.letter-printed', byUseCase: true });

export function dischargeRoutes(services: DischargeServices) {
  const controller = dischargeController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.consentDischarge.discharge.pattern, FORM, controller.form),
      post(paths.consentDischarge.discharge.pattern, FORM, controller.check),
      post(paths.consentDischarge.confirmDischarge.pattern, CONFIRM, controller.confirm),
      get(paths.consentDischarge.one.pattern, ONE, controller.one),
      get(paths.consentDischarge.letterPdf.pattern, LETTER, controller.letterPdf),
      get(paths.consentDischarge.printList.pattern, PRINT_LIST, controller.printList),
      get(paths.consentDischarge.printPdf.pattern, PRINT_PDF, controller.printPdf),
      post(paths.consentDischarge.printed.pattern, PRINTED, controller.printed),
    ]);
  };
}
