/**
 * The child's record page (issue 14 item 1): who the child is, the people with parental responsibility and how they
 * prefer to be contacted, GP and school, the alerts, the episodes, upcoming appointments, the retention review date
 * once discharged, and the timeline of what was recorded, a page at a time. What is shown follows the person's access
 * (src/domain/record/access.ts), already decided by the route: demographics only, or the clinical record too. A
 * sealed address is shown only with clinical access (the need to know). A fixed number of queries, whatever the
 * history.
 */
import {
  episodesOfChild,
  recordHeader,
  upcomingAppointmentsOfChild,
  type ChildEpisode,
  type RecordHeader,
  type UpcomingAppointment,
} from '../../data/record/child-record.repository.js';
import { countTimeline, timelinePage, type TimelineEntry } from '../../data/record/timeline.repository.js';
import { alertsOf, type AlertRow } from '../../data/record/child-alerts.repository.js';
import type { Executor } from '../../data/executor.js';
import { retentionReviewDate, type RetentionReview } from '../../domain/record/retention.js';
import { londonDate } from '../../domain/shared/dates.js';
import type { Clock } from '../shared/context.js';
import type { RecordScope } from './record-scope.js';

export type { ChildEpisode, TimelineEntry, UpcomingAppointment, AlertRow };

export const TIMELINE_PAGE_SIZE = 25;
export const UPCOMING_LIMIT = 10;

export interface ParentContact {
  name: string;
  relationship: string | null;
  phone: string | null;
  email: string | null;
  /** How letters and messages reach them: e-mail when there is an address, otherwise post; texts to a mobile. */
  prefers: 'email' | 'post';
}

export interface ChildRecordView {
  header: Omit<RecordHeader, 'latestAnswers' | 'addressLines' | 'postcode'>;
  /** The address, or null when it is sealed and this person has no need to know it. */
  address: { lines: string[]; postcode: string } | null;
  addressSealed: boolean;
  parents: ParentContact[];
  alerts: AlertRow[];
  episodes: ChildEpisode[];
  upcoming: UpcomingAppointment[];
  retention: RetentionReview | null;
  /** Null with demographics-only access: the timeline is clinical. */
  timeline: { entries: TimelineEntry[]; page: number; pageCount: number; total: number } | null;
}

function parentsFrom(answersJson: string | null): ParentContact[] {
  if (answersJson === null) return [];
  let answers: Record<string, unknown>;
  try {
    answers = JSON.parse(answersJson) as Record<string, unknown>;
  } catch {
    return [];
  }
  const textOf = (name: string): string | null => {
    const v = answers[name];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
  };
  const parents: ParentContact[] = [];
  for (const n of [1, 2]) {
    const name = textOf(`parent${String(n)}Name`);
    if (name === null) continue;
    const email = textOf(`parent${String(n)}Email`);
    parents.push({
      name,
      relationship: textOf(`parent${String(n)}Relationship`),
      phone: textOf(`parent${String(n)}Phone`),
      email,
      prefers: email === null ? 'post' : 'email',
    });
  }
  return parents;
}

export function createChildRecord(deps: { db: Executor; clock: Clock }) {
  const { db, clock } = deps;
  return {
    /** The record page as this person may see it; undefined when there is no such child. */
    async view(
      serviceId: string,
      viewerId: string,
      scope: RecordScope,
      page: number,
    ): Promise<ChildRecordView | undefined> {
      const clinical = scope.access.level === 'clinical';
      const now = clock();
      const [header, alerts, episodes, upcoming] = await Promise.all([
        recordHeader(db, serviceId, scope.childId),
        alertsOf(db, serviceId, scope.childId),
        episodesOfChild(db, serviceId, scope.childId),
        upcomingAppointmentsOfChild(db, serviceId, scope.childId, now.toISOString(), UPCOMING_LIMIT),
      ]);
      if (header === undefined) return undefined;
      let timeline: ChildRecordView['timeline'] = null;
      if (clinical) {
        const total = await countTimeline(db, serviceId, scope.childId, viewerId);
        const pageCount = Math.max(1, Math.ceil(total / TIMELINE_PAGE_SIZE));
        const current = Math.min(Math.max(1, page), pageCount);
        const entries = await timelinePage(
          db,
          serviceId,
          scope.childId,
          viewerId,
          (current - 1) * TIMELINE_PAGE_SIZE,
          TIMELINE_PAGE_SIZE,
        );
        timeline = { entries, page: current, pageCount, total };
      }
      const addressSealed = alerts.some((a) => a.kind === 'sealed-address');
      const open = episodes.some((e) => e.status !== 'closed');
      const lastClosed = episodes
        .map((e) => e.closedAt)
        .filter((c): c is string => c !== null)
        .sort()
        .at(-1);
      const retention =
        !open && lastClosed !== undefined
          ? retentionReviewDate(header.dateOfBirth, londonDate(new Date(lastClosed)))
          : null;
      const { latestAnswers, addressLines, postcode, ...rest } = header;
      return {
        header: rest,
        address: addressSealed && !clinical ? null : { lines: addressLines, postcode },
        addressSealed,
        parents: parentsFrom(latestAnswers),
        alerts,
        episodes,
        upcoming,
        retention: retention?.ok === true ? retention.value : null,
        timeline,
      };
    },
  };
}

export type ChildRecordService = ReturnType<typeof createChildRecord>;
