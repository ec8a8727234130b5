/**
 * The appointment letters waiting to be printed, and marking one printed. Marking a letter that is not waiting (marked
 * already, e-mailed, another service's, unknown) is not found.
 */
import type { Dependencies } from '../../../composition.js';
import { activeServiceId } from '../../active-service.js';
import { formValues, UnexpectedFieldsError } from '../../forms/form.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';
import { appointmentPrintRows } from './appointment-letters.view-models.js';

export type AppointmentPrintServices = Pick<Dependencies, 'appointmentNotices'>;

type Query = { Querystring: Record<string, unknown> };

export function appointmentPrintController({ appointmentNotices }: AppointmentPrintServices) {
  const list: Handler<Query> = async (request, reply) => {
    const letters = await appointmentNotices.toPrint(activeServiceId(reply));
    const csrfToken = await reply.csrfToken();
    return reply.render('appointment-letters/to-print.njk', {
      rows: appointmentPrintRows(letters, csrfToken),
      printed: request.query.printed === '1',
      columnWidth: 'full',
    });
  };

  const printed: Handler<{ Params: { letterId: string } }> = async (request, reply) => {
    const unexpected = Object.keys(formValues(request.body)).filter((k) => k !== '_csrf');
    if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
    const marked = await appointmentNotices.markPrinted(request.ctx, activeServiceId(reply), request.params.letterId);
    if (!marked) {
      reply.callNotFound();
      return reply;
    }
    return reply.redirect(`${paths.letters.appointmentLetters.build()}?printed=1`, 303);
  };

  return { list, printed };
}
