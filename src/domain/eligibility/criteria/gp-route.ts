/**
 * The GP route to the area: the child's GP practice, looked up in the NHS ODS reference data by its code, or, only
 * when no code is given, the referrer's declaration that the practice is in the area. Null when neither is given.
 */
import type { PracticeFacts } from '../../reference/types.js';
import type { Eligibility } from '../../service/definition.js';
import { met, notMet, unknown, type Evaluation } from '../decision.js';
import type { CriterionContext } from './context.js';

const NOT_OPEN = { C: 'closed', D: 'dormant', P: 'not yet open' } as const;

function practiceInArea(practice: PracticeFacts, gp: Eligibility['gpPractice'], area: string): Evaluation {
  const named = `${practice.name} (${practice.code})`;
  if (practice.prescribingSetting !== gp.prescribingSetting) return notMet(`${named} is not a GP practice.`);
  if (practice.status !== 'A') return notMet(`${named} is ${NOT_OPEN[practice.status]}.`);
  // The ICB decides; the sub-ICB locations stand in only when the record has no ICB.
  const inArea =
    practice.icbCode !== null
      ? practice.icbCode === gp.icbCode
      : practice.subIcbCode !== null && gp.subIcbCodes.includes(practice.subIcbCode);
  if (!inArea) return notMet(`${named} is a GP practice outside ${area}.`);
  return met(`Registered with a GP practice in ${area}.`);
}

export function gpRoute({ definition, facts, lookups }: CriterionContext): Evaluation | null {
  const { areaName: area, gpPractice } = definition.eligibility;
  const { gpPracticeCode, gpPracticeInArea } = facts.child;
  if (gpPracticeCode !== undefined) {
    const code = gpPracticeCode.toUpperCase();
    const practice = lookups.practice(code);
    if (practice === undefined) {
      return unknown(`GP practice ${code} is not in our reference data, so we cannot tell whether it is in ${area}.`, [
        'child.gpPracticeCode',
      ]);
    }
    return practiceInArea(practice, gpPractice, area);
  }
  if (gpPracticeInArea === true) return met(`Registered with a GP practice in ${area} (as declared).`);
  if (gpPracticeInArea === false) return notMet(`Registered with a GP practice outside ${area} (as declared).`);
  return null;
}
