/**
 * Type-ahead search of the reference data for the forms' GP practice and school pickers: public data, JSON out, no
 * session, rate-limited per address. Without JavaScript the same search runs as an ordinary GET form on the page.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Dependencies } from '../../../composition.js';
import type { PracticeFacts, SchoolFacts } from '../../../domain/reference/types.js';
import { paths } from '../../paths.js';
import { PUBLIC_NO_SESSION } from '../../route-access.js';
import { get, routes, type Handler } from '../table.js';

const QUERY_MAX = 100;
const LIMIT_MAX = 20;

type Query = Record<string, unknown>;
type Parsed = { ok: true; q: string; limit: number } | { ok: false; errors: { path: string; message: string }[] };

/** `q` (1 to 100 characters) and an optional `limit` (1 to 20); anything else is refused, naming it. */
export function parseSearchQuery(query: Query): Parsed {
  const errors: { path: string; message: string }[] = [];
  for (const key of Object.keys(query)) {
    if (key !== 'q' && key !== 'limit')
      errors.push({ path: key.slice(0, 100), message: 'This parameter is not recognised.' });
  }
  const q = query.q;
  if (typeof q !== 'string' || q.trim() === '') {
    errors.push({ path: 'q', message: 'Give one search, q, of 1 to 100 characters.' });
  } else if (q.length > QUERY_MAX)
    errors.push({ path: 'q', message: 'The search, q, must be at most 100 characters.' });
  const limitText = query.limit;
  let limit = 10;
  if (limitText !== undefined) {
    if (
      typeof limitText !== 'string' ||
      !/^\d{1,2}$/u.test(limitText) ||
      Number(limitText) < 1 ||
      Number(limitText) > LIMIT_MAX
    ) {
      errors.push({ path: 'limit', message: 'The limit must be a whole number from 1 to 20.' });
    } else limit = Number(limitText);
  }
  if (errors.length > 0 || typeof q !== 'string') return { ok: false, errors };
  return { ok: true, q: q.trim(), limit };
}

const practiceResult = (p: PracticeFacts) => ({
  code: p.code,
  name: p.name,
  town: p.town,
  postcode: p.postcode,
  open: p.status === 'A',
  gpPractice: p.prescribingSetting === 4,
});

const schoolResult = (s: SchoolFacts) => ({
  urn: s.urn,
  name: s.name,
  town: s.town,
  postcode: s.postcode,
  open: s.open,
  localAuthority: s.laName,
});

export function referenceSearchRoutes({ config, referenceData }: Pick<Dependencies, 'config' | 'referenceData'>) {
  const limited = { config: { rateLimit: { max: config.searchRateLimitPerMinute, timeWindow: 60_000 } } };
  // Public data that changes only at an import: a browser may keep an answer for a minute.
  const cacheFor = (reply: FastifyReply) => reply.header('Cache-Control', 'public, max-age=60');

  const practices: Handler = async (request, reply) => {
    const parsed = parseSearchQuery(request.query as Query);
    if (!parsed.ok) return reply.code(400).send({ errors: parsed.errors });
    const results = await referenceData.searchPractices(parsed.q, parsed.limit);
    cacheFor(reply);
    return reply.send({ results: results.map(practiceResult) });
  };

  const schools: Handler = async (request, reply) => {
    const parsed = parseSearchQuery(request.query as Query);
    if (!parsed.ok) return reply.code(400).send({ errors: parsed.errors });
    const results = await referenceData.searchSchools(parsed.q, parsed.limit);
    cacheFor(reply);
    return reply.send({ results: results.map(schoolResult) });
  };

  return async (app: FastifyInstance) => {
    routes(app, [
      get(paths.api.practices.pattern, PUBLIC_NO_SESSION, practices, limited),
      get(paths.api.schools.pattern, PUBLIC_NO_SESSION, schools, limited),
    ]);
  };
}
