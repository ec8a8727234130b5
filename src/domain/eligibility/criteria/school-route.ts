/**
 * The school route to the area, exactly as criteria.md puts it: a school found, open and in the area, with occupational
 * therapy that must be delivered within the curriculum, is met; in the area but not needed in the curriculum is
 * not-met; in the area with the curriculum question unanswered is unknown; found outside the area or closed is
 * not-met; not found (or no school given) is unknown, whatever the curriculum answer. Without a URN the
 * `schoolInArea` declaration stands in for the look-up. Null when the request says nothing about school at all.
 */
import type { SchoolFacts } from '../../reference/types.js';
import type { Eligibility } from '../../service/definition.js';
import { met, notMet, unknown, type Evaluation } from '../decision.js';
import type { CriterionContext } from './context.js';

function schoolInArea(school: SchoolFacts, rule: Eligibility['school'], area: string): Evaluation {
  const named = `${school.name} (URN ${school.urn})`;
  if (!school.open) return notMet(`${named} is closed.`);
  if (!rule.localAuthorities.some((la) => la.code === school.laCode)) {
    return notMet(`${named} is in ${school.laName ?? `local authority ${school.laCode}`}, outside ${area}.`);
  }
  return met(`Attends ${named}, a school in ${area}.`);
}

function location({ definition, facts, lookups }: CriterionContext): Evaluation | null {
  const { areaName: area, school: rule } = definition.eligibility;
  const { schoolUrn, schoolInArea: declared } = facts.child;
  if (schoolUrn !== undefined) {
    const school = lookups.school(schoolUrn);
    if (school === undefined) {
      return unknown(
        `School URN ${schoolUrn} is not in our reference data, so we cannot tell whether it is in ${area}.`,
        ['child.schoolUrn'],
      );
    }
    return schoolInArea(school, rule, area);
  }
  if (declared === true) return met(`Attends a school in ${area} (as declared).`);
  if (declared === false) return notMet(`Attends a school outside ${area} (as declared).`);
  return null;
}

function curriculum(needed: boolean | undefined): Evaluation {
  if (needed === true) return met('Occupational therapy needs to be delivered within the school curriculum.');
  if (needed === false)
    return notMet('Occupational therapy does not need to be delivered within the school curriculum.');
  return unknown('Not known whether occupational therapy needs to be delivered within the school curriculum.', [
    'needsInCurriculumContext',
  ]);
}

export function schoolRoute(context: CriterionContext): Evaluation | null {
  const where = location(context);
  const needed = context.facts.needsInCurriculumContext;
  if (where === null && needed === undefined) return null;
  const place = where ?? unknown('No school was given.', ['child.schoolUrn', 'child.schoolInArea']);
  // Outside the area or closed: the curriculum cannot change that.
  if (place.result === 'not-met') return place;
  const lesson = curriculum(needed);
  const reason = `${place.reason} ${lesson.reason}`;
  // Not found: unknown, even when the curriculum answer is no (criteria.md: "not found: unknown").
  if (place.result === 'unknown') return unknown(reason, [...place.missing, ...lesson.missing]);
  if (lesson.result === 'not-met') return notMet(reason);
  return lesson.result === 'met' ? met(reason) : unknown(reason, lesson.missing);
}
