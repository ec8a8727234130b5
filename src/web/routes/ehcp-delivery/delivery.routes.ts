/**
 * Sending the signed EHCP advice (issue 15 item 5). The send page is a page of the child's record at the demographics
 * level (`ehcp:send`: admin officers send it, as do clinicians), its sending audited by the use case with the child as
 * the subject. The print list of advice going by post, its PDFs and marking them printed are admin officers' work
 * (`ehcp:print`, as `letters:print`): the list holds every child's advice, so clinicians do not get it.
 */
import type { FastifyInstance } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { paths } from '../../paths.js';
import { needs, needsRecord } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { deliveryController } from './delivery.controller.js';

const REQUEST = { type: 'ehcp-request', param: 'requestId' } as const;

const SEND_FORM = needsRecord('ehcp:send', 'demographics', REQUEST, { action: 'ehcp.request-viewed' });
const SEND = needsRecord('ehcp:send', 'demographics', REQUEST, { action: 'ehcp.advice-sent', byUseCase: true });
const PRINT_LIST = needs('ehcp:print', { action: 'ehcp.print-list-viewed' });
const PRINT_PDF = needs('ehcp:print', {
  action: 'ehcp.advice-printed',
  subjectType: 'ehcp-delivery',
  subjectParam: 'deliveryId',
});
const PRINTED = needs('ehcp:print', { action: 'ehcp.advice-printed', byUseCase: true });

export function ehcpDeliveryRoutes(deps: Pick<Dependencies, 'ehcpDelivery'>) {
  const controller = deliveryController(deps);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.ehcp.send.pattern, SEND_FORM, controller.sendForm),
      post(paths.ehcp.send.pattern, SEND, controller.send),
      get(paths.ehcp.printQueue.pattern, PRINT_LIST, controller.printList),
      get(paths.ehcp.deliveryPdf.pattern, PRINT_PDF, controller.printPdf),
      post(paths.ehcp.printed.pattern, PRINTED, controller.printed),
    ]);
  };
}
