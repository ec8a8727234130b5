/**
 * Consent on a child's record (issue 14 item 2). Each page is a page of the child's record (`needsRecord`): reading
 * takes `record:read` and clinical access to this child, audited as `consent.viewed` with the child as its subject;
 * recording and withdrawing take `record:write` and clinical write access, and are audited by their use case.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needsRecord } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { consentController, type ConsentServices } from './consent.controller.js';

const CHILD = { type: 'child', param: 'childId' } as const;
const CONSENT = { type: 'consent', param: 'consentId' } as const;

const LIST = needsRecord('record:read', 'clinical-read', CHILD, { action: 'consent.viewed' });
const RECORD_FORM = needsRecord('record:write', 'clinical-write', CHILD, { action: 'consent.viewed' });
const RECORD = needsRecord('record:write', 'clinical-write', CHILD, { action: 'consent.recorded', byUseCase: true });
const WITHDRAW_FORM = needsRecord('record:write', 'clinical-write', CONSENT, { action: 'consent.viewed' });
const WITHDRAW = needsRecord('record:write', 'clinical-write', CONSENT, {
  action: 'consent.withdrawn',
  byUseCase: true,
});

export function consentRoutes(services: ConsentServices) {
  const controller = consentController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.consentDischarge.consents.pattern, LIST, controller.list),
      get(paths.consentDischarge.recordConsent.pattern, RECORD_FORM, controller.recordForm),
      post(paths.consentDischarge.recordConsent.pattern, RECORD, controller.record),
      get(paths.consentDischarge.withdrawConsent.pattern, WITHDRAW_FORM, controller.withdrawForm),
      post(paths.consentDischarge.withdrawConsent.pattern, WITHDRAW, controller.withdraw),
    ]);
  };
}
