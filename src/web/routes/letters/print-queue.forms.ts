/**
 * The print queue's "print them all" forms: the ids of the letters listed on the page, carried in the form (one
 * `letter` field each), so that the PDF and the marking cover the letters the person saw, not any that arrived since.
 */
import { PRINT_QUEUE_SIZE } from '../../../services/letters/decision-letters.service.js';
import { UnexpectedFieldsError } from '../../forms/form.js';

const LETTER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

export const LETTERS_FIELD = 'letter';

export type LetterIds = { ok: true; ids: string[] } | { ok: false; message: string };

/** The letter ids of a form or query, each once, in the order sent; refuses anything that is not a list of them. */
export function parseLetterIds(values: Record<string, unknown>): LetterIds {
  const unexpected = Object.keys(values).filter((k) => k !== LETTERS_FIELD);
  if (unexpected.length > 0) throw new UnexpectedFieldsError(unexpected);
  const sent: unknown = values[LETTERS_FIELD];
  const list: unknown[] = sent === undefined ? [] : Array.isArray(sent) ? sent : [sent];
  if (list.length === 0) return { ok: false, message: 'There were no letters listed to print' };
  if (list.length > PRINT_QUEUE_SIZE) {
    return { ok: false, message: `Print at most ${String(PRINT_QUEUE_SIZE)} letters at a time` };
  }
  if (!list.every((id): id is string => typeof id === 'string' && LETTER_ID.test(id))) {
    return {
      ok: false,
      message: 'The list of letters was not complete. Go back to the letters to print and try again',
    };
  }
  return { ok: true, ids: [...new Set(list)] };
}

/** How many letters were marked printed together, from the queue's address; null when it says nothing valid. */
export function markedCount(value: unknown): number | null {
  return typeof value === 'string' && /^\d{1,3}$/u.test(value) ? Number(value) : null;
}
