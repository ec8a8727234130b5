/**
 * The print queue: decision letters that go by post, for admin officers to print, post and mark as printed. Seeing
 * the queue, downloading a letter and marking it printed are each audited.
 */
import type { FastifyInstance } from 'fastify';
import { paths } from '../../paths.js';
import { needs } from '../../route-access.js';
import { get, post, routes } from '../table.js';
import { printQueueController, type PrintQueueServices } from './print-queue.controller.js';

const letter = { subjectType: 'letter', subjectParam: 'letterId' } as const;
const QUEUE = needs('letters:print', { action: 'letters.print-queue-viewed' });
const PDF = needs('letters:print', { action: 'referral.letter-viewed', ...letter });
const PRINTED = needs('letters:print', { action: 'referral.letter-printed', ...letter, byUseCase: true });
const PRINT_ALL = needs('letters:print', { action: 'letters.print-all-downloaded', byUseCase: true });
const PRINTED_ALL = needs('letters:print', { action: 'referral.letter-printed', byUseCase: true });

export function printQueueRoutes(services: PrintQueueServices) {
  const controller = printQueueController(services);
  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.letters.printQueue.pattern, QUEUE, controller.queue),
      get(paths.letters.printAllPdf.pattern, PRINT_ALL, controller.printAll),
      post(paths.letters.printedAll.pattern, PRINTED_ALL, controller.printedAll),
      get(paths.letters.printPdf.pattern, PDF, controller.pdf),
      post(paths.letters.printed.pattern, PRINTED, controller.printed),
    ]);
  };
}
