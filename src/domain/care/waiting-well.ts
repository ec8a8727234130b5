/**
 * Waiting well (docs/adr/0038): what Otway writes to a family (and, with consent, the school) at each interval while
 * their child waits, and what their answer through the one-time link means. Pure: the use cases in
 * src/services/care/waiting-well*.service.ts read and write; this decides the words, the schedule and the channel.
 *
 * - Where the child is on the list is said as the weeks waited and the service's aim for their priority, never as a
 *   rank ("number 212 in the queue"): the order moves as more urgent children join, so a rank would go backwards
 *   between two letters and mislead; the weeks waited only grow, and the aim is the service's own published target.
 * - The family is written to by e-mail when an address was given (room for the strategies and the link), otherwise by
 *   text message to a UK mobile (short: the strategies are on the link's page); a printed letter cannot carry a
 *   one-time link, which is minted at sending and never stored (docs/adr/0029), so a family with neither is not
 *   written to: a clinician is asked at once to validate the child's place by telephone.
 * - Nothing here removes a child from the list: an answer of "no longer needed" becomes a task that a clinician
 *   confirms.
 */
import type { Answers } from '../forms/fields.js';
import type { CareSettings, Strategy } from '../service/care-settings.js';
import { addDays, daysBetween } from './london-time.js';
import type { TaskKind } from './tasks.js';

/** The family's three answers, in the order the page offers them. */
export const WAITING_WELL_ANSWERS = ['no-change', 'worse', 'no-longer-needed'] as const;
export type WaitingWellAnswer = (typeof WAITING_WELL_ANSWERS)[number];

export const WAITING_WELL_ANSWER_LABELS: Record<WaitingWellAnswer, string> = {
  'no-change': 'We still need the service and nothing has changed',
  worse: 'Things are worse',
  'no-longer-needed': 'We no longer need the service',
};

/** The task each answer raises for the team. */
export const ANSWER_TASKS: Record<WaitingWellAnswer, TaskKind> = {
  'no-change': 'waiting-well-no-change',
  worse: 'waiting-well-worse',
  'no-longer-needed': 'waiting-well-no-longer-needed',
};

/** The longest "what has changed" the family may write. */
export const WHAT_CHANGED_MAX = 2000;

export function isWaitingWellAnswer(value: unknown): value is WaitingWellAnswer {
  return typeof value === 'string' && (WAITING_WELL_ANSWERS as readonly string[]).includes(value);
}

/**
 * The day after `due` the next contact is due: one interval on, and again until it is after today, so that a server
 * that was stopped for months sends one catching-up contact, not one for every interval missed.
 */
export function nextContactAfter(due: string, today: string, everyWeeks: number): string {
  let next = addDays(due, everyWeeks * 7);
  while (next <= today) next = addDays(next, everyWeeks * 7);
  return next;
}

/** Completed weeks from the day the wait counts from to today (0 before the first week is up). */
export function weeksWaited(waitFrom: string, today: string): number {
  return Math.max(0, Math.floor(daysBetween(waitFrom, today) / 7));
}

const PRIORITY_WORDS: Record<string, string> = {
  urgent: 'urgent needs',
  soon: 'needs that should be seen soon',
  routine: 'routine needs',
};

const weeks = (n: number) => (n === 1 ? '1 week' : `${String(n)} weeks`);

/**
 * Where the child is on the list, in plain words: "Ava has been waiting 14 weeks. We aim to see children with routine
 * needs within 18 weeks." Over the aim, it says so and says sorry; it never gives a rank.
 */
export function placeOnList(
  firstName: string,
  waited: number,
  priority: string,
  targets: CareSettings['waitingList']['targetWeeks'],
): string {
  const target = (targets as Record<string, number>)[priority] ?? targets.routine;
  const aim = `We aim to see children with ${PRIORITY_WORDS[priority] ?? 'routine needs'} within ${weeks(target)}`;
  const waitedWords = waited < 1 ? 'less than a week' : weeks(waited);
  const over = waited > target ? '. This is longer than we aim for, and we are sorry for the wait' : '';
  return `${firstName} has been waiting ${waitedWords}. ${aim}${over}.`;
}

/** The strategies for the child's difficulties (as the referral gave them), then the ones for any child. */
export function strategiesFor(settings: CareSettings['waitingWell'], difficulties: readonly string[]): Strategy[] {
  const matching = settings.strategies.filter((s) => s.difficulty !== 'any' && difficulties.includes(s.difficulty));
  return [...matching, ...settings.strategies.filter((s) => s.difficulty === 'any')];
}

/** The strategies as plain text for a message: a title, then its text, a blank line between each. */
export function strategiesText(strategies: readonly Strategy[]): string {
  return strategies.map((s) => `${s.title}\n${s.text}`).join('\n\n');
}

const text = (answers: Answers, name: string): string | null => {
  const value = answers[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

const UK_MOBILE = /^(?:07\d{9}|\+447\d{9}|447\d{9})$/u;

export type FamilyChannel = { channel: 'email'; to: string } | { channel: 'sms'; to: string } | { channel: 'none' };

/** How the family is written to: e-mail, else a text to a UK mobile, else not at all (see the header). */
export function familyChannel(answers: Answers): FamilyChannel {
  const email = text(answers, 'parent1Email');
  if (email !== null) return { channel: 'email', to: email };
  const phone = text(answers, 'parent1Phone')?.replace(/[\s\-()]/gu, '') ?? null;
  if (phone !== null && UK_MOBILE.test(phone)) return { channel: 'sms', to: phone };
  return { channel: 'none' };
}

/** Referrers who work at the child's school, college or early years setting: their e-mail is the school's contact. */
export const SCHOOL_REFERRERS: readonly string[] = ['education-staff', 'early-years-setting'];

/**
 * The school's contact, when the family agreed to share information with the school (the referral's recorded
 * consent) and the referral holds one: the e-mail of the member of the school's staff who referred. Null otherwise.
 */
export function schoolContact(referrerType: string, referrerEmail: string | null, sharing: readonly string[]) {
  if (!sharing.includes('school')) return null;
  if (!SCHOOL_REFERRERS.includes(referrerType)) return null;
  return referrerEmail !== null && referrerEmail.trim() !== '' ? referrerEmail.trim() : null;
}

/** The child's first name as the family uses it: the name they are known by, else their given name's first word. */
export function firstNameOf(child: { givenName: string; knownAs: string | null }): string {
  const known = child.knownAs?.trim() ?? '';
  if (known !== '') return known;
  return child.givenName.trim().split(/\s+/u)[0] ?? child.givenName;
}

/** The difficulties the referral gave (checkbox codes), for choosing strategies. */
export function difficultiesOf(answers: Answers): string[] {
  const value = answers.difficulties;
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
}
