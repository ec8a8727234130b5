/**
 * The print queue's handlers: the queue, every listed letter as one PDF, marking them printed, and one letter's PDF
 * and mark. A letter of another service, or an id that does not exist, is not found.
 */
import type { FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import { activeServiceId } from '../../active-service.js';
import { errorsFromMessages, formValues, UnexpectedFieldsError, type FormErrors } from '../../forms/form.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { printQueueRows, sendPdf } from './letters.view-models.js';
import { markedCount, parseLetterIds } from './print-queue.forms.js';

export type PrintQueueServices = Pick<Dependencies, 'letters'>;

type Params = { letterId: string };
type Query = { Querystring: Record<string, unknown> };

const notFound = (reply: FastifyReply) => {
  reply.callNotFound();
  return reply;
};

export function printQueueController({ letters }: PrintQueueServices) {
  /** The queue as it stands, with a banner for what was just done, or the problem with what was sent. */
  const renderQueue = async (
    reply: FastifyReply,
    options: { printed?: boolean; marked?: number | null; nothingWaiting?: boolean; errors?: FormErrors } = {},
  ) => {
    const queue = await letters.printQueue(activeServiceId(reply));
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

  const idsProblem = (message: string) => errorsFromMessages([['letters', message, 'main-content']]);

  const queue: Handler<Query> = async (request, reply) =>
    renderQueue(reply, {
      printed: request.query.printed === '1',
      marked: markedCount(request.query.marked),
      nothingWaiting: request.query.nothing === '1',
    });

  // Every letter listed on the page, as one PDF: the ids come from the page, so it holds what the person saw.
  const printAll: Handler<Query> = async (request, reply) => {
    const form = parseLetterIds(formValues(request.query));
    if (!form.ok) return renderQueue(reply, { errors: idsProblem(form.message) });
    const pdf = await letters.printTogether(request.ctx, activeServiceId(reply), form.ids);
    if (pdf === undefined) return reply.redirect(`${paths.letters.printQueue.build()}?nothing=1`, 303);
    return sendPdf(reply, pdf);
  };

  // Marks printed the letters that were listed (and so in the PDF), never one that arrived since.
  const printedAll: Handler = async (request, reply) => {
    const form = parseLetterIds(formValues(request.body));
    if (!form.ok) return renderQueue(reply, { errors: idsProblem(form.message) });
    const marked = await letters.markAllPrinted(request.ctx, activeServiceId(reply), form.ids);
    return reply.redirect(`${paths.letters.printQueue.build()}?marked=${String(marked)}`, 303);
  };

  const pdf: Handler<{ Params: Params }> = async (request, reply) => {
    const serviceId = activeServiceId(reply);
    const letter = await letters.printLetter(serviceId, request.params.letterId);
    if (letter === undefined) return notFound(reply);
    return sendPdf(reply, await letters.pdf(letter, serviceId));
  };

  const printed: Handler<{ Params: Params }> = async (request, reply) => {
    const unexpected = Object.keys(formValues(request.body));
    if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
    const serviceId = activeServiceId(reply);
    const letter = await letters.printLetter(serviceId, request.params.letterId);
    if (letter === undefined) return notFound(reply);
    // Marking one already marked (a second click, a colleague first) changes nothing and lands in the same place.
    await letters.markPrinted(request.ctx, serviceId, letter.id);
    return reply.redirect(`${paths.letters.printQueue.build()}?printed=1`, 303);
  };

  return { queue, printAll, printedAll, pdf, printed };
}
