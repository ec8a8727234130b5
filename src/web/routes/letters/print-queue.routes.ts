/**
 * The print queue: decision letters that go by post, for admin officers to print, post and mark as printed. Seeing
 * the queue, downloading a letter and marking it printed are each audited.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { activeServiceId } from '../../active-service.js';
import { errorsFromMessages, formValues, UnexpectedFieldsError, type FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { markedCount, parseLetterIds } from './print-queue.forms.js';
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
const PRINT_ALL = needs('letters:print', { action: 'letters.print-all-downloaded', byUseCase: true });
const PRINTED_ALL = needs('letters:print', { action: 'referral.letter-printed', byUseCase: true });

type Params = { letterId: string };

export function printQueueRoutes(deps: Dependencies) {
  const notFound = (reply: FastifyReply) => {
    reply.callNotFound();
    return reply;
  };

  /** The queue as it stands, with a banner for what was just done, or the problem with what was sent. */
  const renderQueue = async (
    reply: FastifyReply,
    options: { printed?: boolean; marked?: number | null; nothingWaiting?: boolean; errors?: FormErrors } = {},
  ) => {
    const queue = await deps.letters.printQueue(activeServiceId(reply));
    return reply.code(options.errors === undefined ? 200 : 400).render('letters/print-queue.njk', {
      rows: printQueueRows(queue.letters, await reply.csrfToken()),
      total: queue.total,
      printed: options.printed === true,
      marked: options.marked ?? null,
      showMarked: typeof options.marked === 'number',
      nothingWaiting: options.nothingWaiting === true,
      errors: options.errors,
      printAllAction: paths.letters.printAllPdf.build(),
      printedAllAction: paths.letters.printedAll.build(),
      csrfToken: await reply.csrfToken(),
      columnWidth: 'full',
    });
  };

  return async (app: FastifyInstance) => {
    app.get<{ Querystring: Record<string, unknown> }>(
      paths.letters.printQueue.pattern,
      { config: { routeAccess: QUEUE } },
      async (request, reply) =>
        renderQueue(reply, {
          printed: request.query.printed === '1',
          marked: markedCount(request.query.marked),
          nothingWaiting: request.query.nothing === '1',
        }),
    );

    // Every letter listed on the page, as one PDF: the ids come from the page, so it holds what the person saw.
    app.get<{ Querystring: Record<string, unknown> }>(
      paths.letters.printAllPdf.pattern,
      { config: { routeAccess: PRINT_ALL } },
      async (request, reply) => {
        const form = parseLetterIds(formValues(request.query));
        if (!form.ok)
          return renderQueue(reply, { errors: errorsFromMessages([['letters', form.message, 'main-content']]) });
        const pdf = await deps.letters.printTogether(request.ctx, activeServiceId(reply), form.ids);
        if (pdf === undefined) return reply.redirect(`${paths.letters.printQueue.build()}?nothing=1`, 303);
        return sendPdf(reply, pdf);
      },
    );

    // Marks printed the letters that were listed (and so in the PDF), never one that arrived since.
    app.post(paths.letters.printedAll.pattern, { config: { routeAccess: PRINTED_ALL } }, async (request, reply) => {
      const form = parseLetterIds(formValues(request.body));
      if (!form.ok)
        return renderQueue(reply, { errors: errorsFromMessages([['letters', form.message, 'main-content']]) });
      const marked = await deps.letters.markAllPrinted(request.ctx, activeServiceId(reply), form.ids);
      return reply.redirect(`${paths.letters.printQueue.build()}?marked=${String(marked)}`, 303);
    });

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
