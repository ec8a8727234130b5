/**
 * The print queue: decision letters that go by post, for admin officers to print, post and mark as printed. Seeing
 * the queue, downloading a letter and marking it printed are each audited.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { activeServiceId } from '../../active-service.js';
import { formValues, UnexpectedFieldsError } from '../../forms/form.js';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { printQueueRows, sendPdf } from './letters.view-models.js';

const QUEUE = needs('letters:print', { action: 'letters.print-queue-viewed' });
const PDF = needs('letters:print', {
  action: 'referral.letter-viewed',
  subjectType: 'letter',
  subjectParam: 'letterId',
});
const PRINTED = needs('letters:print', {
  action: 'referral.letter-printed',
  subjectType: 'letter',
  subjectParam: 'letterId',
  byUseCase: true,
});

type Params = { letterId: string };

export function printQueueRoutes(deps: Dependencies) {
  const notFound = (reply: FastifyReply) => {
    reply.callNotFound();
    return reply;
  };

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: Record<string, unknown> }>(
      paths.letters.printQueue.pattern,
      { config: { routeAccess: QUEUE } },
      async (request, reply) => {
        const queue = await deps.letters.printQueue(activeServiceId(reply));
        return reply.render('letters/print-queue.njk', {
          rows: printQueueRows(queue.letters, await reply.csrfToken()),
          total: queue.total,
          printed: request.query.printed === '1',
          columnWidth: 'full',
        });
      },
    );

    app.get<{ Params: Params }>(
      paths.letters.printPdf.pattern,
      { config: { routeAccess: PDF } },
      async (request, reply) => {
        const serviceId = activeServiceId(reply);
        const letter = await deps.letters.printLetter(serviceId, request.params.letterId);
        if (letter === undefined) return notFound(reply);
        return sendPdf(reply, await deps.letters.pdf(letter, serviceId));
      },
    );

    app.post<{ Params: Params }>(
      paths.letters.printed.pattern,
      { config: { routeAccess: PRINTED } },
      async (request, reply) => {
        const unexpected = Object.keys(formValues(request.body));
        if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
        const serviceId = activeServiceId(reply);
        const letter = await deps.letters.printLetter(serviceId, request.params.letterId);
        if (letter === undefined) return notFound(reply);
        // Marking one already marked (a second click, a colleague first) changes nothing and lands in the same place.
        await deps.letters.markPrinted(request.ctx, serviceId, letter.id);
        return reply.redirect(`${paths.letters.printQueue.build()}?printed=1`, 303);
      },
    );
  };
}
