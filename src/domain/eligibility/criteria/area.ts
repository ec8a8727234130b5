/**
 * The area: met if any route is met; else unknown if any route is unknown; else not met if any route is not met;
 * else, when no route applies because no area facts were given at all, unknown.
 */
import { met, notMet, unknown, type Evaluation } from '../decision.js';
import type { CriterionContext } from './context.js';
import { gpRoute } from './gp-route.js';
import { schoolRoute } from './school-route.js';

const GP_FACTS = ['child.gpPracticeCode', 'child.gpPracticeInArea'];
const SCHOOL_FACTS = ['child.schoolUrn', 'child.schoolInArea'];

export function area(context: CriterionContext): Evaluation {
  const gp = gpRoute(context);
  const school = schoolRoute(context);
  const routes = [gp, school].filter((r): r is Evaluation => r !== null);
  const reasons = (of: Evaluation[]) => of.map((r) => r.reason).join(' ');

  // One met route settles it; the first (the GP route) is the one explained.
  const routeMet = routes.find((r) => r.result === 'met');
  if (routeMet !== undefined) return met(routeMet.reason);
  if (routes.some((r) => r.result === 'unknown')) {
    // What would settle it: the unknown routes' own facts, or the facts of a route not yet tried.
    const missing = [
      ...routes.flatMap((r) => r.missing),
      ...(gp === null ? GP_FACTS : []),
      ...(school === null ? SCHOOL_FACTS : []),
    ];
    return unknown(reasons(routes), [...new Set(missing)]);
  }
  if (routes.length > 0) return notMet(reasons(routes));
  const where = context.definition.eligibility.areaName;
  return unknown(`No GP practice or school was given, so we cannot tell whether either is in ${where}.`, [
    ...GP_FACTS,
    ...SCHOOL_FACTS,
  ]);
}
