/**
 * The exceptions of regulation 8(2) (issue 15 item 2): recorded on a request with their dates and evidence (and, for
 * a missed appointment, optionally the appointment the child did not attend), and withdrawn with a reason when
 * recorded in error. They never move the due date: they sit beside it.
 */
import { randomUUID } from 'node:crypto';
import { findRequest } from '../../data/ehcp/requests.repository.js';
import {
  findException,
  insertException,
  missedAppointmentsOf,
  withdrawException,
} from '../../data/ehcp/requests-parts.repository.js';
import type { Executor } from '../../data/executor.js';
import { parseException } from '../../domain/ehcp/exceptions.js';
import { parseFields } from '../../domain/forms/fields.js';
import { londonDate, nextIsoDate, startOfLondonDay } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../shared/context.js';
import { invalid, notFound, type Ctx, type RequestProblem } from './requests-log.js';
import { withdrawExceptionFields } from './requests.fields.js';

interface Deps {
  db: Executor;
  clock: Clock;
  audit: AuditService;
}

/** The child's appointments within the request's period that the child did not attend. */
export async function missedWithin(
  db: Executor,
  serviceId: string,
  request: { childId: string; receivedOn: string; dueOn: string },
) {
  return missedAppointmentsOf(
    db,
    serviceId,
    request.childId,
    startOfLondonDay(request.receivedOn).toISOString(),
    startOfLondonDay(nextIsoDate(request.dueOn)).toISOString(),
  );
}

export async function recordException(
  deps: Deps,
  ctx: Ctx,
  requestId: string,
  sent: Record<string, unknown>,
): Promise<Outcome<{ exceptionId: string }, RequestProblem>> {
  const { db, clock, audit } = deps;
  const request = await findRequest(db, ctx.serviceId, requestId);
  if (request === undefined) return notFound();
  if (request.status !== 'open') {
    return failed(problem('illegal', 'Exceptions are recorded on open requests only.', { problems: [] }));
  }
  const today = londonDate(clock());
  const parsed = parseException(sent, { receivedOn: request.receivedOn, dueOn: request.dueOn }, today);
  if (!parsed.ok) return invalid(parsed.problems);
  let appointmentId: string | null = null;
  const chosen = sent.appointmentId;
  if (parsed.value.kind === 'missed-appointment' && typeof chosen === 'string' && chosen !== '' && chosen !== 'none') {
    const missed = await missedWithin(db, ctx.serviceId, request);
    const found = missed.find((m) => m.id === chosen);
    if (found === undefined) {
      return invalid([{ field: 'appointmentId', message: 'Select one of the appointments listed, or none' }]);
    }
    if (londonDate(new Date(found.startsAt)) !== parsed.value.startsOn) {
      return invalid([
        { field: 'appointmentId', message: 'The appointment chosen must be on the date of the missed appointment' },
      ]);
    }
    appointmentId = found.id;
  }
  const exceptionId = randomUUID();
  await db.transaction().execute(async (trx) => {
    await insertException(trx, {
      id: exceptionId,
      serviceId: ctx.serviceId,
      requestId,
      kind: parsed.value.kind,
      startsOn: parsed.value.startsOn,
      endsOn: parsed.value.endsOn,
      evidence: parsed.value.evidence,
      appointmentId,
      recordedBy: ctx.actorUserId,
      createdAt: clock().toISOString(),
    });
    await audit.record(trx, ctx, {
      action: 'ehcp.exception-recorded',
      subjectType: 'ehcp-request',
      subjectId: requestId,
      detail: { exceptionId, kind: parsed.value.kind, startsOn: parsed.value.startsOn },
    });
  });
  return ok({ exceptionId });
}

export async function withdrawOneException(
  deps: Deps,
  ctx: Ctx,
  exceptionId: string,
  sent: Record<string, unknown>,
): Promise<Outcome<{ requestId: string }, RequestProblem>> {
  const { db, clock, audit } = deps;
  const found = await findException(db, ctx.serviceId, exceptionId);
  if (found === undefined) return notFound('There is no such exception in this service.');
  if (found.withdrawnAt !== null) {
    return failed(problem('illegal', 'This exception has been withdrawn already.', { problems: [] }));
  }
  const parsed = parseFields(withdrawExceptionFields, sent);
  if (!parsed.ok) return invalid(parsed.problems);
  const withdrawn = await db.transaction().execute(async (trx) => {
    const done = await withdrawException(
      trx,
      ctx.serviceId,
      exceptionId,
      ctx.actorUserId,
      parsed.values.reason,
      clock().toISOString(),
    );
    if (!done) return false;
    await audit.record(trx, ctx, {
      action: 'ehcp.exception-withdrawn',
      subjectType: 'ehcp-request',
      subjectId: found.requestId,
      detail: { exceptionId, kind: found.kind },
    });
    return true;
  });
  if (!withdrawn) return failed(problem('illegal', 'This exception has been withdrawn already.', { problems: [] }));
  return ok({ requestId: found.requestId });
}
