/** A referral's letters, for triage: reading a letter or its PDF is audited as `referral.letter-viewed`. */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, routes } from '../table.js';
import { triageLetterController, type TriageLetterServices } from './letters.controller.js';

const VIEW = needs('triage:read', {
  action: 'referral.letter-viewed',
  subjectType: 'referral',
  subjectParam: 'referralId',
});

export function triageLetterRoutes(services: TriageLetterServices) {
  const controller = triageLetterController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.triage.letter.pattern, VIEW, controller.show),
      get(paths.triage.letterPdf.pattern, VIEW, controller.pdf),
    ]);
  };
}
