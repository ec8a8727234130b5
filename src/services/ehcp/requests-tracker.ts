/**
 * The tracker, the report and the escalation (issue 15 item 3): every open request with its days left and its
 * red, amber or green by the service's settings (read in one query); the timeliness report over the requests received
 * or answered in the months chosen (one query, src/domain/ehcp/report.ts's figures); and the scheduled escalation of a
 * request that turns red with no draft to the service manager, as a task, once.
 */
import {
  escalationCandidates,
  markEscalated,
  openRequests,
  reportSource,
  type TrackerFilters,
  type TrackerRow,
} from '../../data/ehcp/requests-tracker.repository.js';
import type { Executor } from '../../data/executor.js';
import { daysLeft, needsEscalation, ragOf, type Rag, type RagSettings } from '../../domain/ehcp/clock.js';
import { exceptionApplies, isExceptionKind } from '../../domain/ehcp/exceptions.js';
import { monthsSpan, timelinessReport, type ReportRequest } from '../../domain/ehcp/report.js';
import { addDays } from '../../domain/care/london-time.js';
import { londonDate } from '../../domain/shared/dates.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TaskRaiser } from '../care/tasks.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import { systemContext, type Clock } from '../shared/context.js';

interface Deps {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  taskRaiser: TaskRaiser;
}

const DEFAULT_RAG: RagSettings = { amberAtDaysLeft: 10, redAtDaysLeft: 5 };

export function ragSettingsOf(registry: ServiceRegistry, serviceId: string): RagSettings {
  const ehcp = registry.byId(serviceId)?.ehcp;
  return ehcp === undefined
    ? DEFAULT_RAG
    : { amberAtDaysLeft: ehcp.amberAtDaysLeft, redAtDaysLeft: ehcp.redAtDaysLeft };
}

export interface TrackerEntry extends TrackerRow {
  daysLeft: number;
  rag: Rag;
  exceptionApplies: boolean;
}

export interface Tracker {
  today: string;
  entries: TrackerEntry[];
  counts: Record<Rag, number>;
  settings: RagSettings;
}

/** The open requests, soonest due first, with days left, RAG and whether an exception applies; filtered by RAG too. */
export async function tracker(
  deps: Deps,
  serviceId: string,
  filters: TrackerFilters & { rag?: Rag },
): Promise<Tracker> {
  const today = londonDate(deps.clock());
  const settings = ragSettingsOf(deps.registry, serviceId);
  const rows = await openRequests(deps.db, serviceId, filters);
  const all = rows.map((r): TrackerEntry => {
    const left = daysLeft(r.dueOn, today);
    return {
      ...r,
      daysLeft: left,
      rag: ragOf(left, settings),
      exceptionApplies: exceptionApplies(r.exceptionKinds.map((kind) => ({ kind, withdrawnAt: null }))),
    };
  });
  const counts: Record<Rag, number> = { red: 0, amber: 0, green: 0 };
  for (const e of all) counts[e.rag] += 1;
  const entries = filters.rag === undefined ? all : all.filter((e) => e.rag === filters.rag);
  return { today, entries, counts, settings };
}

const isStatus = (s: string): s is ReportRequest['status'] => s === 'open' || s === 'answered' || s === 'withdrawn';

/** The report for the months `from` to `to` ('YYYY-MM', inclusive), over the requests read in one query. */
export async function report(deps: Deps, serviceId: string, from: string, to: string) {
  const { firstDay, lastDay } = monthsSpan(from, to);
  const rows = await reportSource(deps.db, serviceId, firstDay, lastDay);
  const requests: ReportRequest[] = rows.map((r) => ({
    kind: r.kind === 'annual-review' ? 'annual-review' : 'needs-assessment',
    receivedOn: r.receivedOn,
    dueOn: r.dueOn,
    status: isStatus(r.status) ? r.status : 'open',
    answeredOn: r.answeredOn,
    exceptionKinds: r.exceptionKinds.filter(isExceptionKind),
  }));
  return timelinessReport(requests, from, to);
}

/**
 * For each open request of each service that has turned red with no advice started and has not been escalated yet: a
 * task for the service manager (detail: the request), escalated_at set, and the audit event, in one transaction per
 * request. Running it again escalates nothing twice.
 */
export async function escalateDue(deps: Deps): Promise<{ escalated: number }> {
  const now = deps.clock();
  const today = londonDate(now);
  let escalated = 0;
  for (const serviceId of deps.registry.ids) {
    const settings = ragSettingsOf(deps.registry, serviceId);
    // Red is `redAtDaysLeft` days left or fewer: nothing due later can be red today.
    const candidates = await escalationCandidates(deps.db, serviceId, addDays(today, settings.redAtDaysLeft));
    for (const c of candidates) {
      const due = needsEscalation(
        { status: c.status, dueOn: c.dueOn, today, hasDraft: c.hasAdvice, escalatedAt: c.escalatedAt },
        settings,
      );
      if (!due) continue;
      const ctx = { ...systemContext('ehcp-escalation'), serviceId };
      const done = await deps.db.transaction().execute(async (trx) => {
        if (!(await markEscalated(trx, serviceId, c.id, now.toISOString()))) return false;
        await deps.taskRaiser.raise(trx, ctx, {
          serviceId,
          kind: 'ehcp-escalation',
          episodeId: null,
          dueOn: c.dueOn,
          detail: { requestId: c.id },
        });
        await deps.audit.record(trx, ctx, {
          action: 'ehcp.escalated',
          subjectType: 'ehcp-request',
          subjectId: c.id,
          detail: { dueOn: c.dueOn, daysLeft: daysLeft(c.dueOn, today) },
        });
        return true;
      });
      if (done) escalated += 1;
    }
  }
  return { escalated };
}
