/**
 * The worklist's query parameters. Each one's values come from an allow-list built from the domain and the service
 * definition; a value off the list is a field error (400), a parameter the page does not know is refused outright
 * (400), and only the mapped values go on to the service. Filters that may be ticked together take the parameter
 * repeated (`?status=a&status=b`), as a GET form with checkboxes sends them.
 */
import { z } from 'zod';
import {
  PRIORITIES,
  REFERRAL_STATUSES,
  type Priority,
  type ReferralStatus,
} from '../../../domain/referrals/lifecycle.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import type { Outcome } from '../../../domain/eligibility/decision.js';
import {
  AGE_BANDS,
  AREA_NOT_KNOWN,
  ELIGIBILITY_OUTCOMES,
  FLAGS,
  SORTS,
  WAITING_FILTERS,
  type AgeBand,
  type Flag,
  type Sort,
  type WaitingFilter,
  type WorklistFilters,
} from '../../../services/referrals/worklist.service.js';

/** `status=all` lists every status. */
export const ALL_STATUSES = 'all';

/** More values than any list has, even with each sent twice: refused before the allow-list is consulted. */
const MAX_VALUES = 100;
/** A page number of more digits than this is not one a link of ours made. */
const PAGE_NUMBER = /^-?\d{1,12}$/u;

/** The values each filter accepts, for one service. */
export function allowLists(definition: ServiceDefinition) {
  return {
    status: [...REFERRAL_STATUSES, ALL_STATUSES] as readonly string[],
    pathway: definition.pathways.map((p) => p.id),
    priority: PRIORITIES as readonly string[],
    referrer: definition.referrers.map((r) => r.id),
    eligibility: ELIGIBILITY_OUTCOMES as readonly string[],
    age: AGE_BANDS.map((b) => b.id) as readonly string[],
    area: [...definition.eligibility.school.localAuthorities.map((la) => la.code), AREA_NOT_KNOWN],
    flag: FLAGS as readonly string[],
    waiting: WAITING_FILTERS as readonly string[],
    sort: SORTS as readonly string[],
  };
}

const several = (allowed: readonly string[], message: string) =>
  z
    .unknown()
    .transform((raw, ctx) => {
      const values = raw === undefined ? [] : Array.isArray(raw) ? (raw as unknown[]) : [raw];
      const fine =
        values.length <= MAX_VALUES && values.every((v) => typeof v === 'string' && (v === '' || allowed.includes(v)));
      if (!fine) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return [...new Set(values as string[])].filter((v) => v !== '');
    })
    .optional();

const one = (check: (v: string) => boolean, message: string) =>
  z
    .unknown()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return undefined;
      if (typeof raw !== 'string' || !check(raw)) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return raw;
    })
    .optional();

/** The error messages, by parameter: each says what to do, as the NHS service manual asks. */
export const MESSAGES = {
  status: 'Select statuses from the list',
  pathway: 'Select pathways from the list',
  priority: 'Select priorities from the list',
  referrer: 'Select who referred from the list',
  eligibility: 'Select eligibility results from the list',
  age: 'Select age groups from the list',
  area: 'Select areas from the list',
  flag: 'Select flags from the list',
  waiting: 'Select how long referrals have waited from the list',
  sort: 'Select an order from the list',
  page: 'Enter a page number, like 2',
} as const;

export type WorklistParam = keyof typeof MESSAGES;

function buildSchema(definition: ServiceDefinition) {
  const lists = allowLists(definition);
  return z.object({
    status: several(lists.status, MESSAGES.status),
    pathway: several(lists.pathway, MESSAGES.pathway),
    priority: several(lists.priority, MESSAGES.priority),
    referrer: several(lists.referrer, MESSAGES.referrer),
    eligibility: several(lists.eligibility, MESSAGES.eligibility),
    age: several(lists.age, MESSAGES.age),
    area: several(lists.area, MESSAGES.area),
    flag: several(lists.flag, MESSAGES.flag),
    waiting: one((v) => lists.waiting.includes(v), MESSAGES.waiting),
    sort: one((v) => lists.sort.includes(v), MESSAGES.sort),
    page: one((v) => PAGE_NUMBER.test(v), MESSAGES.page),
  });
}

export type WorklistSchema = ReturnType<typeof buildSchema>;
export type WorklistQueryInput = z.output<WorklistSchema>;

// A service's lists do not change while the application runs, so each schema is built once.
const schemas = new WeakMap<ServiceDefinition, WorklistSchema>();

export function worklistQuery(definition: ServiceDefinition): WorklistSchema {
  let schema = schemas.get(definition);
  if (schema === undefined) {
    schema = buildSchema(definition);
    schemas.set(definition, schema);
  }
  return schema;
}

/** The checked values only: every value here has passed its allow-list, so the narrowing casts hold. */
export function toFilters(q: WorklistQueryInput): WorklistFilters {
  const statuses = q.status ?? [];
  return {
    statuses: statuses.includes(ALL_STATUSES) ? REFERRAL_STATUSES : (statuses as ReferralStatus[]),
    pathways: q.pathway ?? [],
    priorities: (q.priority ?? []) as Priority[],
    referrerTypes: q.referrer ?? [],
    outcomes: (q.eligibility ?? []) as Outcome[],
    ageBands: (q.age ?? []) as AgeBand[],
    areas: q.area ?? [],
    flags: (q.flag ?? []) as Flag[],
    waiting: (q.waiting ?? null) as WaitingFilter | null,
    sort: (q.sort ?? 'received') as Sort,
    page: q.page === undefined ? 1 : Number(q.page),
  };
}

/** The query string for a set of filters, in a fixed order, leaving out defaults; `page` only when past the first. */
export function queryString(f: WorklistFilters, page: number): string {
  const params = new URLSearchParams();
  const add = (name: WorklistParam, values: readonly string[]) => {
    for (const v of values) params.append(name, v);
  };
  add('status', f.statuses.length === REFERRAL_STATUSES.length ? [ALL_STATUSES] : f.statuses);
  add('pathway', f.pathways);
  add('priority', f.priorities);
  add('referrer', f.referrerTypes);
  add('eligibility', f.outcomes);
  add('age', f.ageBands);
  add('area', f.areas);
  add('flag', f.flags);
  if (f.waiting !== null) params.set('waiting', f.waiting);
  if (f.sort !== 'received') params.set('sort', f.sort);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
