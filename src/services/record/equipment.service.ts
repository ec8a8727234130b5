/**
 * Equipment issued to children (issue 14 item 7, docs/adr/0044): issuing an item from the service definition's
 * catalogue, recording its reviews, repairs and return, a child's equipment with where each item stands, and the
 * team's dashboard with its recall list (reviews overdue, items outgrown or soon to be), 25 a page. The rules are the
 * domain's (`src/domain/record/equipment.ts`); each change is audited in the transaction that makes it, and a change
 * made on a stale reading of an item (its version moved on) changes nothing.
 */
import { randomUUID } from 'node:crypto';
import {
  eventsOf,
  eventsOfOpenIssues,
  findEpisodeChild,
  findIssue,
  fittersOf,
  insertEvent,
  insertIssue,
  issuesOfChild,
  moveIssue,
  openIssues,
  type EpisodeChild,
  type EventRow,
  type IssueRow,
} from '../../data/record/equipment.repository.js';
import type { Executor } from '../../data/executor.js';
import type { AuditAction } from '../../domain/audit/event.js';
import type { FieldProblem } from '../../domain/forms/fields.js';
import {
  checkEquipmentEvent,
  equipmentStatus,
  issueEquipment,
  recallList,
  type EquipmentEvent,
  type EquipmentIssue,
  type EquipmentStatus,
  type EventInput,
  type RecallEntry,
} from '../../domain/record/equipment.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { CatalogueItem, EquipmentTerms } from '../../domain/service/record-settings.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';

export type { EpisodeChild, EventRow, IssueRow };

export const EQUIPMENT_PAGE_SIZE = 25;

/** A refusal, with the messages to show beside the form's fields. */
export type EquipmentProblem = Problem<'not-found' | 'invalid-input' | 'stale-version'> & {
  problems: FieldProblem[];
};

export interface IssueInput {
  itemCode: string;
  sizeLabel: string | null;
  terms: EquipmentTerms;
  issuedOn: string;
  fittedByUserId: string;
  reviewOn: string | null;
  notes: string | null;
}

export interface ItemWithStatus {
  issue: IssueRow;
  status: EquipmentStatus;
}

export interface RecallRow extends ItemWithStatus {
  reasons: RecallEntry['reasons'];
}

export interface EquipmentDashboard {
  counts: { inUse: number; reviewOverdue: number; likelyOutgrown: number; awaitingReturn: number };
  recall: RecallRow[];
  total: number;
  page: number;
  pageCount: number;
}

type Ctx = RequestContext & { serviceId: string };

export const NO_EPISODE = 'There is no such child in this service.';
export const NO_ITEM = 'There is no such item of equipment in this service.';
export const STALE_ITEM =
  'Someone else recorded something against this item while you were editing it. Check its history and try again';

const EVENT_ACTIONS: Readonly<Record<EquipmentEvent['kind'], AuditAction>> = {
  review: 'equipment.reviewed',
  repair: 'equipment.repaired',
  return: 'equipment.returned',
};

/** The catalogue entry as issued, from the issue's row. */
export function itemOf(row: IssueRow): CatalogueItem {
  return {
    code: row.itemCode,
    name: row.itemName,
    supplier: row.itemSupplier,
    reviewEveryMonths: row.reviewEveryMonths,
    terms: row.terms === 'loan' ? 'loan' : 'keep',
    ...(row.ageMinMonths !== null &&
      row.ageMaxMonths !== null && { ageMonths: { min: row.ageMinMonths, max: row.ageMaxMonths } }),
    ...(row.sizeLabel !== null && { sizeLabel: row.sizeLabel }),
  };
}

/** The domain's issue for a row. */
export function issueOf(row: IssueRow): EquipmentIssue {
  const item = itemOf(row);
  return {
    item,
    childId: row.childId,
    issuedOn: row.issuedOn,
    fittedBy: row.fittedByName,
    terms: item.terms,
    reviewOn: row.firstReviewOn,
  };
}

/** The domain's event for a row; a row of an unknown kind or outcome (none is written) is left out. */
export function eventOf(row: EventRow): EquipmentEvent | null {
  if (row.kind === 'repair') return { kind: 'repair', on: row.on, note: row.notes ?? '' };
  if (row.kind === 'return') return { kind: 'return', on: row.on };
  const outcome = row.outcome;
  if (
    row.kind !== 'review' ||
    (outcome !== 'suitable' &&
      outcome !== 'adjusted' &&
      outcome !== 'needs-replacing' &&
      outcome !== 'no-longer-needed')
  ) {
    return null;
  }
  return { kind: 'review', on: row.on, outcome, ...(row.nextReviewOn !== null && { nextReviewOn: row.nextReviewOn }) };
}

const eventsFor = (rows: readonly EventRow[], issueId: string): EquipmentEvent[] =>
  rows.filter((e) => e.issueId === issueId).flatMap((e) => eventOf(e) ?? []);

/** What is stored for where an item stands: an overdue review is still in use, with its date past. */
const storedStatus = (status: EquipmentStatus) => ({
  status: status.state === 'review-overdue' ? 'in-use' : status.state,
  reviewOn: status.nextReviewOn,
});

const refused = (code: EquipmentProblem['code'], message: string, problems: FieldProblem[] = []) =>
  failed({ ...problem(code, message), problems });

export function createEquipment(deps: { db: Executor; clock: Clock; audit: AuditService; registry: ServiceRegistry }) {
  const { db, clock, audit, registry } = deps;
  const today = () => londonDate(clock());
  const settingsOf = (serviceId: string) => registry.byId(serviceId)?.record;

  return {
    /** The service's catalogue and the staff who may fit an item, for the issue form; undefined for no episode. */
    async issueOptions(serviceId: string, episodeId: string) {
      const child = await findEpisodeChild(db, serviceId, episodeId);
      if (child === undefined) return undefined;
      return {
        child,
        catalogue: settingsOf(serviceId)?.equipmentCatalogue ?? [],
        fitters: await fittersOf(db, serviceId),
      };
    },

    /** The child of an episode and all their equipment (of every episode), each with where it stands today. */
    async childEquipment(
      serviceId: string,
      episodeId: string,
    ): Promise<{ child: EpisodeChild; items: ItemWithStatus[]; today: string } | undefined> {
      const child = await findEpisodeChild(db, serviceId, episodeId);
      if (child === undefined) return undefined;
      const issues = await issuesOfChild(db, serviceId, child.childId);
      const events = await eventsOf(
        db,
        serviceId,
        issues.map((i) => i.id),
      );
      const on = today();
      return {
        child,
        today: on,
        items: issues.map((issue) => ({
          issue,
          status: equipmentStatus(issueOf(issue), eventsFor(events, issue.id), on),
        })),
      };
    },

    /** Issues an item of the catalogue to the episode's child, audited as `equipment.issued`. */
    async issue(
      ctx: Ctx,
      episodeId: string,
      input: IssueInput,
    ): Promise<Outcome<{ issueId: string }, EquipmentProblem>> {
      const child = await findEpisodeChild(db, ctx.serviceId, episodeId);
      if (child === undefined) return refused('not-found', NO_EPISODE);
      const fitter = (await fittersOf(db, ctx.serviceId)).find((f) => f.id === input.fittedByUserId);
      const checked = issueEquipment(
        {
          itemCode: input.itemCode,
          childId: child.childId,
          issuedOn: input.issuedOn,
          fittedBy: fitter?.name ?? '',
          terms: input.terms,
          ...(input.reviewOn !== null && { reviewOn: input.reviewOn }),
        },
        settingsOf(ctx.serviceId)?.equipmentCatalogue ?? [],
        today(),
      );
      const problems = checked.ok ? [] : checked.problems.filter((p) => p.field !== 'fittedBy');
      if (fitter === undefined) problems.push({ field: 'fittedBy', message: 'Select who fitted it from the list' });
      if (!checked.ok || problems.length > 0) {
        return refused('invalid-input', problems.map((p) => p.message).join('. '), problems);
      }
      const issue = checked.value;
      const issueId = randomUUID();
      await db.transaction().execute(async (trx) => {
        await insertIssue(
          trx,
          {
            id: issueId,
            serviceId: ctx.serviceId,
            childId: child.childId,
            episodeId: child.episodeId,
            itemCode: issue.item.code,
            itemName: issue.item.name,
            itemSupplier: issue.item.supplier,
            ageMinMonths: issue.item.ageMonths?.min ?? null,
            ageMaxMonths: issue.item.ageMonths?.max ?? null,
            reviewEveryMonths: issue.item.reviewEveryMonths,
            sizeLabel: input.sizeLabel ?? issue.item.sizeLabel ?? null,
            terms: issue.terms,
            issuedOn: issue.issuedOn,
            fittedByUserId: input.fittedByUserId,
            reviewOn: issue.reviewOn,
            notes: input.notes,
            createdBy: ctx.actorUserId ?? input.fittedByUserId,
          },
          clock().toISOString(),
        );
        await audit.record(trx, ctx, {
          action: 'equipment.issued',
          serviceId: ctx.serviceId,
          subjectType: 'equipment-issue',
          subjectId: issueId,
          detail: { item: issue.item.code, terms: issue.terms, episode: child.episodeId },
        });
      });
      return ok({ issueId });
    },

    /** One item with its history and where it stands today; undefined for another service's or none. */
    async item(
      serviceId: string,
      issueId: string,
    ): Promise<{ issue: IssueRow; events: EventRow[]; status: EquipmentStatus; today: string } | undefined> {
      const issue = await findIssue(db, serviceId, issueId);
      if (issue === undefined) return undefined;
      const events = await eventsOf(db, serviceId, [issueId]);
      const on = today();
      return { issue, events, status: equipmentStatus(issueOf(issue), eventsFor(events, issueId), on), today: on };
    },

    /**
     * Records a review, a repair or a return against an item at the version read, audited as `equipment.reviewed`,
     * `equipment.repaired` or `equipment.returned`; a stale version, or a refusal by the rules, records nothing.
     */
    async record(
      ctx: Ctx,
      issueId: string,
      version: number,
      input: EventInput,
    ): Promise<Outcome<object, EquipmentProblem>> {
      const on = today();
      return db.transaction().execute(async (trx) => {
        const issue = await findIssue(trx, ctx.serviceId, issueId);
        if (issue === undefined) return refused('not-found', NO_ITEM);
        if (issue.version !== version) {
          return refused('stale-version', STALE_ITEM, [{ field: 'on', message: STALE_ITEM }]);
        }
        const history = eventsFor(await eventsOf(trx, ctx.serviceId, [issueId]), issueId);
        const domainIssue = issueOf(issue);
        const checked = checkEquipmentEvent(input, domainIssue, history, on);
        if (!checked.ok) {
          return refused('invalid-input', checked.problems.map((p) => p.message).join('. '), checked.problems);
        }
        const event = checked.value;
        const now = clock().toISOString();
        const moved = await moveIssue(
          trx,
          ctx.serviceId,
          issueId,
          version,
          storedStatus(equipmentStatus(domainIssue, [...history, event], on)),
          now,
        );
        if (!moved) return refused('stale-version', STALE_ITEM, [{ field: 'on', message: STALE_ITEM }]);
        await insertEvent(
          trx,
          {
            id: randomUUID(),
            serviceId: ctx.serviceId,
            issueId,
            kind: event.kind,
            on: event.on,
            byUserId: ctx.actorUserId ?? issue.fittedByUserId,
            outcome: event.kind === 'review' ? event.outcome : null,
            notes: event.kind === 'repair' ? event.note : null,
            nextReviewOn: event.kind === 'review' ? (event.nextReviewOn ?? null) : null,
            issueVersion: version,
          },
          now,
        );
        await audit.record(trx, ctx, {
          action: EVENT_ACTIONS[event.kind],
          serviceId: ctx.serviceId,
          subjectType: 'equipment-issue',
          subjectId: issueId,
          detail: { item: issue.itemCode, ...(event.kind === 'review' && { outcome: event.outcome }) },
        });
        return ok();
      });
    },

    /**
     * The team's dashboard today: how many items are in use, overdue for review, likely outgrown and awaiting return,
     * and one page of the recall list (most overdue first). A page past the last shows the last.
     */
    async dashboard(serviceId: string, page: number): Promise<EquipmentDashboard> {
      const [issues, events] = await Promise.all([openIssues(db, serviceId), eventsOfOpenIssues(db, serviceId)]);
      const on = today();
      const pairs = issues.map((row) => ({ row, issue: issueOf(row) }));
      const byIssue = new Map(pairs.map((p) => [p.issue, p.row]));
      const withEvents = pairs.map((p) => ({ issue: p.issue, events: eventsFor(events, p.row.id) }));
      const statuses = withEvents.map((w) => equipmentStatus(w.issue, w.events, on));
      const children = issues.map((r) => ({ id: r.childId, dateOfBirth: r.child.dateOfBirth }));
      const entries = recallList(withEvents, children, on, {
        outgrowWithinMonths: settingsOf(serviceId)?.outgrowWithinMonths ?? 0,
      });
      const pageCount = Math.max(1, Math.ceil(entries.length / EQUIPMENT_PAGE_SIZE));
      const shown = Math.min(Math.max(1, page), pageCount);
      const start = (shown - 1) * EQUIPMENT_PAGE_SIZE;
      return {
        counts: {
          inUse: statuses.filter((s) => s.state === 'in-use' || s.state === 'review-overdue').length,
          reviewOverdue: statuses.filter((s) => s.state === 'review-overdue').length,
          likelyOutgrown: entries.filter((e) => e.reasons.some((r) => r.kind === 'outgrown')).length,
          awaitingReturn: statuses.filter((s) => s.state === 'awaiting-return').length,
        },
        recall: entries.slice(start, start + EQUIPMENT_PAGE_SIZE).flatMap((e) => {
          const row = byIssue.get(e.issue);
          return row === undefined ? [] : [{ issue: row, status: e.status, reasons: e.reasons }];
        }),
        total: entries.length,
        page: shown,
        pageCount,
      };
    },
  };
}

export type Equipment = ReturnType<typeof createEquipment>;
