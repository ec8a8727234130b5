/**
 * A clinician's calendar feed (docs/adr/0039): the page that says whether they have one, makes a new secret address
 * (shown once, on the page that answers the form), or stops it; and the feed itself, read by a calendar application
 * with the token in the address and no session. An unknown, replaced or revoked token is "not found", the same page
 * as any other missing address.
 */
import type { Dependencies } from '../../../composition.js';
import { londonWallTime } from '../../../domain/care/london-time.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import { sendErrorPage } from '../../outcome.js';
import { paths } from '../../paths.js';
import type { Handler } from '../table.js';

export type CalendarFeedServices = Pick<Dependencies, 'calendarFeed'>;

const MANAGE = 'calendar-feed/manage.njk';

/** "3 December 2026 at 08:15", London time. */
export function whenMade(iso: string): string {
  const at = new Date(iso);
  return `${formatLongDate(londonDate(at))} at ${londonWallTime(at).time}`;
}

export function calendarFeedController({ calendarFeed }: CalendarFeedServices) {
  const actions = async (reply: Parameters<Handler>[1]) => ({
    createAction: paths.calendarFeed.manage.build(),
    revokeAction: paths.calendarFeed.revoke.build(),
    csrfToken: await reply.csrfToken(),
  });

  const show: Handler = async (request, reply) => {
    // One query parameter, from the redirect after stopping the feed; anything else is a bad request.
    const query = (request.query ?? {}) as Record<string, unknown>;
    const keys = Object.keys(query);
    if (keys.some((k) => k !== 'revoked') || (keys.length === 1 && query.revoked !== '1'))
      return sendErrorPage(request, reply, 400);
    const revoked = query.revoked === '1';
    const { createdAt } = await calendarFeed.status(request.ctx);
    return reply.render(MANAGE, {
      ...(await actions(reply)),
      madeOn: createdAt === null ? null : whenMade(createdAt),
      revoked,
    });
  };

  const create: Handler = async (request, reply) => {
    const made = await calendarFeed.create(request.ctx);
    return reply.render('calendar-feed/created.njk', {
      ...(await actions(reply)),
      feedUrl: made.url,
      webcalUrl: made.url.replace(/^https?:/u, 'webcal:'),
      madeOn: whenMade(made.createdAt),
      manageHref: paths.calendarFeed.manage.build(),
    });
  };

  const revoke: Handler = async (request, reply) => {
    await calendarFeed.revoke(request.ctx);
    return reply.redirect(`${paths.calendarFeed.manage.build()}?revoked=1`, 303);
  };

  const feed: Handler<{ Params: { token: string } }> = async (request, reply) => {
    const text = await calendarFeed.read(request.params.token, request.ctx);
    reply.header('Cache-Control', 'no-store');
    if (text === null) return sendErrorPage(request, reply, 404);
    return reply
      .type('text/calendar; charset=utf-8')
      .header('Content-Disposition', 'inline; filename="otway-diary.ics"')
      .header('X-Robots-Tag', 'noindex, nofollow')
      .send(text);
  };

  return { show, create, revoke, feed };
}
