/**
 * A clinician's calendar feed behind a secret address (docs/adr/0039). Making one gives a new random token whose
 * hash alone is kept (the address is shown once, to its owner, on the page after it is made); a new one replaces the
 * old, whose address then answers "not found", as does a revoked feed's or a disabled person's. Reading the feed needs
 * no session: the token is the credential. Each read is audited with the owner as its subject.
 */
import {
  appointmentsForFeed,
  clearFeedHash,
  feedCreatedAt,
  findFeedOwner,
  setFeedHash,
} from '../../data/care/calendar-feed.repository.js';
import { rolesInService } from '../../data/accounts/users.repository.js';
import type { Executor } from '../../data/executor.js';
import { can } from '../../domain/access/roles.js';
import { calendarEventOf, type FeedAppointment } from '../../domain/care/calendar-events.js';
import { writeCalendar } from '../../domain/care/icalendar.js';
import { addDays } from '../../domain/care/london-time.js';
import { londonDate, startOfLondonDay } from '../../domain/shared/dates.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';
import { newToken, sha256 } from '../accounts/secrets.js';

/** The feed shows appointments from this many weeks ago to this many ahead. */
export const FEED_WEEKS_BEHIND = 4;
export const FEED_WEEKS_AHEAD = 26;

/** A token as `newToken` makes them: 32 random bytes, base64url. Anything else is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/u;

export interface CalendarFeedDeps {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  /** The feed's full address for a token. */
  feedUrl: (token: string) => string;
  /** The host named in each event's UID (`<appointment id>@<host>`). */
  host: string;
}

export interface CreatedFeed {
  /** The secret address: shown once, never stored. */
  url: string;
  createdAt: string;
}

function signedIn(ctx: RequestContext): { serviceId: string; userId: string } {
  if (ctx.serviceId === null || ctx.actorUserId === null) throw new Error('A calendar feed needs a signed-in person');
  return { serviceId: ctx.serviceId, userId: ctx.actorUserId };
}

export function createCalendarFeed(deps: CalendarFeedDeps) {
  const { db, clock, audit, registry, feedUrl, host } = deps;
  const hashOf = (token: string) => sha256(`calendar-feed:${token}`);

  /** When the signed-in person's feed in the active service was made; null when they have none. */
  async function status(ctx: RequestContext): Promise<{ createdAt: string | null }> {
    const { serviceId, userId } = signedIn(ctx);
    return { createdAt: await feedCreatedAt(db, serviceId, userId) };
  }

  /** A new secret address for the signed-in person's diary; any earlier address stops working. */
  async function create(ctx: RequestContext): Promise<CreatedFeed> {
    const { serviceId, userId } = signedIn(ctx);
    const pattern = registry.byId(serviceId)?.care.appointments.defaultWorkingPattern ?? {};
    const token = newToken();
    const now = clock().toISOString();
    const replaced = (await feedCreatedAt(db, serviceId, userId)) !== null;
    await db.transaction().execute(async (trx) => {
      await setFeedHash(
        trx,
        { serviceId, userId, tokenHash: hashOf(token), defaultWorkingPattern: JSON.stringify(pattern) },
        now,
      );
      await audit.record(trx, ctx, {
        action: 'calendar-feed.created',
        subjectType: 'user',
        subjectId: userId,
        detail: { replaced },
      });
    });
    return { url: feedUrl(token), createdAt: now };
  }

  /** Stops the signed-in person's feed; false when they had none. */
  async function revoke(ctx: RequestContext): Promise<boolean> {
    const { serviceId, userId } = signedIn(ctx);
    return db.transaction().execute(async (trx) => {
      const cleared = await clearFeedHash(trx, serviceId, userId, clock().toISOString());
      await audit.record(trx, ctx, {
        action: 'calendar-feed.revoked',
        outcome: cleared ? 'success' : 'failure',
        subjectType: 'user',
        subjectId: userId,
        ...(!cleared && { detail: { reason: 'no-feed' } }),
      });
      return cleared;
    });
  }

  /**
   * The calendar a token opens, as text/calendar; null (not found) for a token no feed has, a revoked or replaced
   * feed's, or one whose owner is disabled or no longer reads diaries in the service.
   */
  async function read(token: string, ctx: RequestContext): Promise<string | null> {
    if (!TOKEN.test(token)) return null;
    const owner = await findFeedOwner(db, hashOf(token));
    if (owner?.userStatus !== 'active') return null;
    const service = registry.byId(owner.serviceId);
    if (service === undefined) return null;
    const roles = await rolesInService(db, owner.serviceId, owner.userId);
    if (!can(roles, 'diary:read')) return null;

    const now = clock();
    const today = londonDate(now);
    const from = startOfLondonDay(addDays(today, -7 * FEED_WEEKS_BEHIND)).toISOString();
    const rows = await appointmentsForFeed(db, {
      serviceId: owner.serviceId,
      userId: owner.userId,
      from,
      to: startOfLondonDay(addDays(today, 7 * FEED_WEEKS_AHEAD + 1)).toISOString(),
      cancelledSince: from,
    });
    const labels = new Map(service.care.appointments.types.map((t) => [t.code, t.label]));
    const appointments: FeedAppointment[] = rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      typeLabel: labels.get(r.type) ?? 'Appointment',
      startsAt: r.startsAt,
      endsAt: r.endsAt,
      place: r.place,
      locationName: r.locationName,
      postcode: r.place === 'school' ? r.schoolPostcode : (r.children[0]?.postcode ?? null),
      status: r.status,
      version: r.version,
      children: r.children,
    }));
    const text = writeCalendar({
      product: 'calendar feed',
      name: `${service.serviceName} diary`,
      stamp: now,
      events: appointments.map((a) => calendarEventOf(a, host)),
    });
    // Read by a calendar application, not a person: recorded in the owner's service, about the owner.
    await audit.record(
      db,
      { ...ctx, serviceId: owner.serviceId, actorUserId: null, actorRoles: [] },
      {
        action: 'calendar-feed.read',
        subjectType: 'user',
        subjectId: owner.userId,
        detail: { appointments: appointments.length },
      },
    );
    ctx.recorded.add('calendar-feed.read');
    return text;
  }

  return { status, create, revoke, read };
}

export type CalendarFeed = ReturnType<typeof createCalendarFeed>;
