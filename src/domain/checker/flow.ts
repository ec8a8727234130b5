/**
 * The checker's flow over its pages: which apply to the answers given so far, which comes next, which criteria are
 * settled, and the eligibility facts the answers amount to (through the one answers-to-facts function, so the checker,
 * the referral form and the API decide from the same facts). Pure: no request, no cookie, no database.
 */
import { factsFromAnswers } from '../eligibility/answer-facts.js';
import type { CriterionId, EligibilityDecision, EligibilityFacts } from '../eligibility/index.js';
import type { Answers } from '../forms/fields.js';
import { type CheckerPage, type QuestionPage } from './pages.js';

/** The pages whose answers settle each criterion. */
const PAGES_OF: Record<CriterionId, readonly QuestionPage[]> = {
  age: ['date-of-birth', 'education'],
  area: ['gp-practice', 'school', 'curriculum'],
  difficulties: ['difficulties'],
  'short-term-illness': ['other-needs'],
  'acute-surgery': ['other-needs'],
  'excluded-conditions': ['conditions', 'community-issue'],
  'ayres-sensory-integration': ['other-needs'],
  referrer: ['who-is-referring', 'discharge', 'discharge-date'],
};

/** The checker's pages with the flow's questions about them; `pages` come from `checkerPages`. */
export function checkerFlow(pages: readonly CheckerPage[]) {
  const order = pages.map((p) => p.id);
  const pageOf = (id: QuestionPage): CheckerPage => {
    const page = pages.find((p) => p.id === id);
    if (page === undefined) throw new Error(`The checker has no page ${id}.`);
    return page;
  };

  /** Whether a page is asked, given the answers so far. A page that does not apply is skipped and its answer ignored. */
  const applies = (id: QuestionPage, answers: Answers) => pageOf(id).applies?.(answers) ?? true;
  /** Whether a page has an answer, whether or not it applies. */
  const answered = (id: QuestionPage, answers: Answers) => answers[pageOf(id).field.name] !== undefined;
  /** The pages that apply and still need an answer, in order. */
  const pendingPages = (answers: Answers): QuestionPage[] =>
    order.filter((p) => applies(p, answers) && !answered(p, answers));
  /** The pages that apply and have their answer, in order: the summary of answers. */
  const answeredPages = (answers: Answers): CheckerPage[] =>
    pages.filter((p) => applies(p.id, answers) && answered(p.id, answers));

  /** A criterion is settled once every page that feeds it and applies has an answer: later pages cannot change it. */
  const settledCriteria = (answers: Answers): CriterionId[] => {
    const pending = new Set(pendingPages(answers));
    return (Object.keys(PAGES_OF) as CriterionId[]).filter((id) => PAGES_OF[id].every((p) => !pending.has(p)));
  };

  return {
    pages,
    order,
    pageOf,
    applies,
    answered,
    pendingPages,
    answeredPages,
    settledCriteria,

    /**
     * Where to go after an answer: the first page that still needs one, or the result once every page has its answer
     * or as soon as a settled criterion is not met (the answer cannot then change, so asking more would waste the
     * person's time).
     */
    nextStep(answers: Answers, decision: EligibilityDecision | undefined): QuestionPage | 'result' {
      const first = pendingPages(answers)[0];
      if (first === undefined) return 'result';
      if (decision === undefined) return first;
      const settled = new Set(settledCriteria(answers));
      const failed = decision.criteria.some((c) => c.result === 'not-met' && settled.has(c.id));
      return failed ? 'result' : first;
    },

    /** The page before this one that applies, for the back link; undefined before the first question. */
    previousPage(id: QuestionPage, answers: Answers): QuestionPage | undefined {
      return order
        .slice(0, order.indexOf(id))
        .filter((p) => applies(p, answers))
        .at(-1);
    },

    /** Whether a page may be shown: every page before it that applies has its answer (no skipping ahead by URL). */
    reachable(id: QuestionPage, answers: Answers): boolean {
      const first = pendingPages(answers)[0];
      return first === undefined || order.indexOf(id) <= order.indexOf(first);
    },

    /** The facts the answers amount to, as the eligibility API takes them: only answers to pages that apply count. */
    facts(answers: Answers): EligibilityFacts | undefined {
      return factsFromAnswers(
        pages.filter((p) => applies(p.id, answers)).map((p) => p.field),
        answers,
      );
    },
  };
}

export type CheckerFlow = ReturnType<typeof checkerFlow>;
