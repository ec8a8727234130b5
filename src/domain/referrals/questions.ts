/**
 * The referral form's questions, one thing per page (GOV.UK), built from the service definition: who is referring,
 * the child, the people with parental responsibility, consent, and the reason for the referral. The same pages serve
 * every referrer type (a page applies or not by the answers so far) and staff registering a paper referral.
 *
 * Pure: the web layer renders each page from this and sends back what was typed; `answerPage` checks it.
 */
import { reReferralWindow } from '../eligibility/index.js';
import { answerFields, sentNamesOf, type Answers, type FieldsAnswer } from '../forms/fields.js';
import { pageKit } from './questions/kit.js';
import { childPages } from './questions/child.js';
import { consentPages } from './questions/consent.js';
import { familyPages } from './questions/family.js';
import { needsPages } from './questions/needs.js';
import { receivedPages } from './questions/received.js';
import { referrerPages } from './questions/referrer.js';
import { text, type Page, type QuestionContext } from './questions/shared.js';

export * from './questions/shared.js';

/** Every page of the form for this context, section by section, in order (each page says when it applies). */
export function referralPages(ctx: QuestionContext): Page[] {
  const kit = pageKit(ctx);
  return [
    ...receivedPages(kit),
    ...referrerPages(kit),
    ...childPages(kit),
    ...familyPages(kit),
    ...consentPages(kit),
    ...needsPages(kit),
  ];
}

/**
 * When a parent or carer's discharge date is past the re-referral window, by the eligibility engine's own rule: the
 * referral could not be sent, so the form says so straight after the date rather than at check your answers.
 * Undefined when the discharge page does not apply, has no date yet, or the date is within the window.
 */
export function dischargeWindowEnded(
  ctx: QuestionContext,
  answers: Answers,
): { dischargedOn: string; lastDay: string; months: number } | undefined {
  const dischargedOn = text(answers, 'childDischargedOn');
  const page = pagesFor(ctx, answers).find((p) => p.id === 'discharge');
  if (page === undefined || dischargedOn === undefined) return undefined;
  const months = ctx.definition.eligibility.parentReReferralWindowMonths;
  const window = reReferralWindow(dischargedOn, months, ctx.today);
  return window.state === 'ended' ? { dischargedOn, lastDay: window.lastDay, months } : undefined;
}

/** The pages that apply to the answers so far, in order. */
export function pagesFor(ctx: QuestionContext, answers: Answers): Page[] {
  return referralPages(ctx).filter((p) => p.applies?.(answers) ?? true);
}

/**
 * Whether a page has its answer: the person has been through it (`visited`, since an optional page left empty leaves
 * no answer behind) and every field it needs has a value.
 */
export function isAnswered(page: Page, answers: Answers, visited: ReadonlySet<string>): boolean {
  return visited.has(page.id) && page.fields.every((f) => f.optional === true || answers[f.name] !== undefined);
}

/** The first page that applies and has no answer yet, or undefined when every page has one. */
export function firstUnanswered(
  ctx: QuestionContext,
  answers: Answers,
  visited: ReadonlySet<string>,
): Page | undefined {
  return pagesFor(ctx, answers).find((p) => !isAnswered(p, answers, visited));
}

/**
 * Whether a page may be shown and answered now (no skipping ahead by typing a later page's address, as the checker's
 * `reachable`): it applies, and every page before it that applies has its answer, or it has its own answer already
 * (going back to change one, a "Change" link from check your answers, a page answered before an earlier change added
 * a page). Otherwise the person is sent to `firstUnanswered`.
 */
export function reachable(
  ctx: QuestionContext,
  answers: Answers,
  visited: ReadonlySet<string>,
  pageId: string,
): boolean {
  const pages = pagesFor(ctx, answers);
  const index = pages.findIndex((p) => p.id === pageId);
  const page = pages[index];
  if (page === undefined) return false;
  return isAnswered(page, answers, visited) || pages.slice(0, index).every((p) => isAnswered(p, answers, visited));
}

export type PageAnswer = FieldsAnswer;

/** Every form field name a page may send. */
export function pageFieldNames(page: Page): string[] {
  return sentNamesOf(page.fields);
}

/**
 * The answers after a page is sent: its fields' clean values replace what was there (a field left empty is removed),
 * or every problem on the page at once.
 */
export function answerPage(page: Page, sent: Record<string, unknown>, answers: Answers, today: string): PageAnswer {
  return answerFields(page.fields, sent, answers, today);
}
