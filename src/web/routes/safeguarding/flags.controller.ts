/**
 * The safeguarding lead's page: the open safeguarding flags (Was Not Brought in a row, or a pattern of late
 * cancellations by the family), each with the child, the reason, the appointments behind it and its task.
 */
import type { Dependencies } from '../../../composition.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import type { SafeguardingFlagView } from '../../../services/care/outcomes.service.js';
import { activeServiceId } from '../../active-service.js';
import { paths } from '../../paths.js';
import { whenInWords } from '../appointment-outcomes/outcome.view-models.js';
import type { Handler } from '../table.js';

export type SafeguardingServices = Pick<Dependencies, 'outcomes'>;

export function flagRows(flags: readonly SafeguardingFlagView[]) {
  return flags.map((f) => ({
    childName: f.childName,
    reason: f.reason,
    appointments: f.appointments.map((a) => ({
      reference: a.reference,
      when: a.startsAt === null ? '' : whenInWords(a.startsAt),
    })),
    raised: formatLongDate(londonDate(new Date(f.raisedAt))),
    due: f.dueOn === null ? null : formatLongDate(f.dueOn),
    taskHref: paths.tasks.task.build({ taskId: f.taskId }),
  }));
}

export function safeguardingController({ outcomes }: SafeguardingServices) {
  const flags: Handler = async (_request, reply) => {
    const open = await outcomes.openFlags(activeServiceId(reply));
    return reply.render('safeguarding/flags.njk', { rows: flagRows(open), columnWidth: 'full' });
  };
  return { flags };
}
