/**
 * What the referral form's pages show beyond their fields (`web/forms/field-models.ts`): the check-your-answers
 * summary by section, and the page that says a parent's re-referral window has ended.
 */
import type { Answers } from '../../../domain/forms/fields.js';
import { SECTIONS, type Page, type SectionId } from '../../../domain/referrals/questions.js';
import { formatLongDate } from '../../../domain/shared/dates.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import { answerLines } from '../../forms/field-models.js';
import { midSentence, months, referrersWhoMayRefer } from '../public/public.view-models.js';

export interface SummarySection {
  title: string;
  rows: { key: string; lines: string[]; changeHref: string; changeWhat: string }[];
}

/** The check-your-answers summary: each section's questions and answers, with a link to change each. */
export function summarySections(
  pages: readonly Page[],
  answers: Answers,
  placeNames: Record<string, string>,
  hrefFor: (page: Page) => string,
): SummarySection[] {
  const sections: SummarySection[] = [];
  for (const id of Object.keys(SECTIONS) as SectionId[]) {
    const rows = pages
      .filter((p) => p.section === id)
      .flatMap((page) =>
        page.fields
          .filter((f) => !(f.optional === true && answers[f.name] === undefined))
          .map((f) => {
            const key = (f.summary ?? f.label).replace(/\s*\(optional\)$/u, '');
            return {
              key,
              lines: answerLines(f, answers[f.name], placeNames),
              changeHref: hrefFor(page),
              // "Change GP practice", not "Change gP practice": an acronym keeps its capitals.
              changeWhat: midSentence(key),
            };
          }),
      );
    if (rows.length > 0) sections.push({ title: SECTIONS[id], rows });
  }
  return sections;
}

/**
 * The page a parent or carer sees straight after giving a discharge date past the re-referral window: the rule, the
 * dates, and who can refer instead, all from the service definition.
 */
export function windowEndedModel(
  definition: ServiceDefinition,
  answers: Answers,
  ended: { dischargedOn: string; lastDay: string; months: number },
) {
  const referrer = definition.referrers.find((r) => r.id === answers.referrerType);
  return {
    who: referrer?.label ?? 'A parent or carer',
    window: months(ended.months),
    dischargedOn: formatLongDate(ended.dischargedOn),
    lastDay: formatLongDate(ended.lastDay),
    referrers: referrersWhoMayRefer(definition),
  };
}
