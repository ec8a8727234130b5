/**
 * The waiting list's query parameters (the list page and the export take the same ones). Each value comes from an
 * allow-list built from the domain and the service definition: a value off its list is a field error (400 with the
 * form), a parameter the page does not know is refused outright (400), and only the mapped values reach the service.
 * Filters that may be ticked together take the parameter repeated (`?priority=urgent&priority=soon`).
 */
import { z } from 'zod';
import { WAIT_BAND_IDS, type WaitBand } from '../../../domain/care/waiting-list.js';
import { PRIORITIES, SETTINGS, type Priority, type Setting } from '../../../domain/referrals/lifecycle.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import {
  WAITING_SORTS,
  type WaitingListFilters,
  type WaitingSort,
} from '../../../services/care/waiting-list.service.js';

/** Over the target or not: `overTarget=yes` or `overTarget=no`; absent for either. */
export const OVER_TARGET_VALUES = ['yes', 'no'] as const;

const MAX_VALUES = 50;
const PAGE_NUMBER = /^\d{1,9}$/u;

export function allowLists(definition: ServiceDefinition) {
  return {
    pathway: definition.pathways.map((p) => p.id),
    priority: PRIORITIES as readonly string[],
    setting: SETTINGS as readonly string[],
    band: WAIT_BAND_IDS as readonly string[],
    overTarget: OVER_TARGET_VALUES as readonly string[],
    sort: WAITING_SORTS as readonly string[],
  };
}

export const MESSAGES = {
  pathway: 'Select pathways from the list',
  priority: 'Select priorities from the list',
  setting: 'Select where the child is seen first from the list',
  band: 'Select how long children have waited from the list',
  overTarget: 'Select whether over the target from the list',
  sort: 'Select an order from the list',
  page: 'Enter a page number, like 2',
} as const;

export type WaitingListParam = keyof typeof MESSAGES;

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

function buildSchema(definition: ServiceDefinition) {
  const lists = allowLists(definition);
  return z.object({
    pathway: several(lists.pathway, MESSAGES.pathway),
    priority: several(lists.priority, MESSAGES.priority),
    setting: several(lists.setting, MESSAGES.setting),
    band: several(lists.band, MESSAGES.band),
    overTarget: one((v) => lists.overTarget.includes(v), MESSAGES.overTarget),
    sort: one((v) => lists.sort.includes(v), MESSAGES.sort),
    page: one((v) => PAGE_NUMBER.test(v), MESSAGES.page),
  });
}

export type WaitingListSchema = ReturnType<typeof buildSchema>;
export type WaitingListQueryInput = z.output<WaitingListSchema>;

const schemas = new WeakMap<ServiceDefinition, WaitingListSchema>();

export function waitingListQuery(definition: ServiceDefinition): WaitingListSchema {
  let schema = schemas.get(definition);
  if (schema === undefined) {
    schema = buildSchema(definition);
    schemas.set(definition, schema);
  }
  return schema;
}

/** The checked values only: each has passed its allow-list, so the narrowing casts hold. */
export function toFilters(q: WaitingListQueryInput): WaitingListFilters {
  return {
    pathways: q.pathway ?? [],
    priorities: (q.priority ?? []) as Priority[],
    settings: (q.setting ?? []) as Setting[],
    bands: (q.band ?? []) as WaitBand[],
    overTarget: q.overTarget === undefined ? null : q.overTarget === 'yes',
    sort: (q.sort ?? 'next') as WaitingSort,
    page: q.page === undefined ? 1 : Number(q.page),
  };
}

/** The query string of a set of filters, in a fixed order, leaving out defaults; `page` only past the first. */
export function queryString(f: WaitingListFilters, page: number): string {
  const params = new URLSearchParams();
  for (const v of f.pathways) params.append('pathway', v);
  for (const v of f.priorities) params.append('priority', v);
  for (const v of f.settings) params.append('setting', v);
  for (const v of f.bands) params.append('band', v);
  if (f.overTarget !== null) params.set('overTarget', f.overTarget ? 'yes' : 'no');
  if (f.sort !== 'next') params.set('sort', f.sort);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** An episode id as our links make them (a UUID); anything else is refused before the database is asked. */
export const EPISODE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
