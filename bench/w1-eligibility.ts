/**
 * W1: eligibility decisions in process, a mix of eligible, ineligible and unclear cases, on one core with no I/O.
 * Goal (PERFORMANCE.md): at least 50,000 a second, p99 under 0.1 ms.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decide, type EligibilityFacts } from '../src/domain/eligibility/index.js';
import { aPractice, aSchool, definitionFrom, lookupsOf } from '../src/domain/eligibility/test-kit.js';
import { summarise } from './stats.js';
import type { Workload } from './workloads.js';

const definition = definitionFrom(
  JSON.parse(readFileSync(resolve(import.meta.dirname, '../service-definitions/llr-childrens-ot.json'), 'utf8')),
);
const lookups = lookupsOf(
  [
    aPractice(),
    aPractice({ code: 'C82040', icbCode: 'QT1', subIcbCode: '52R' }),
    aPractice({ code: 'C82999', status: 'C' }),
  ],
  [aSchool(), aSchool({ urn: '145966', laCode: '925', laName: 'Lincolnshire' })],
);

/** A third of each: eligible, ineligible for different reasons, unclear for missing facts. */
const CASES: [EligibilityFacts, ...EligibilityFacts[]] = [
  {
    child: { dateOfBirth: '2014-05-02', gpPracticeCode: 'C82044' },
    difficulties: ['movement'],
    referrer: { type: 'gp' },
  },
  {
    child: { dateOfBirth: '2009-02-28', inFullTimeEducation: true, schoolUrn: '120345' },
    needsInCurriculumContext: true,
    difficulties: ['functional', 'sensory'],
    conditions: ['developmental-coordination-disorder'],
    referrer: { type: 'education-staff' },
  },
  {
    child: { dateOfBirth: '2005-01-01', gpPracticeCode: 'C82044' },
    difficulties: ['movement'],
    referrer: { type: 'gp' },
  },
  {
    child: { dateOfBirth: '2016-03-01', gpPracticeCode: 'C82040' },
    difficulties: ['perceptual'],
    conditions: ['rheumatology'],
    referrer: { type: 'health-professional' },
  },
  { child: { dateOfBirth: '2018-07-31', gpPracticeCode: 'Z99999' }, difficulties: ['movement'] },
  {
    child: { dateOfBirth: '2012-12-12', schoolUrn: '120345' },
    difficulties: ['independence'],
    referrer: { type: 'parent-carer', childDischargedOn: '2026-08-31' },
  },
];

export const w1: Workload = {
  id: 'W1',
  async run(seconds) {
    const asOf = '2026-11-27';
    const outcomes = new Set(CASES.map((c) => decide(definition, c, lookups, asOf).outcome));
    if (outcomes.size !== 3)
      throw new Error(`W1's cases should cover all three outcomes, got ${[...outcomes].join(', ')}`);
    // Time batches of 100 decisions: one decision is too short for the timer to resolve on its own.
    const batch = 100;
    const perDecision: number[] = [];
    const start = performance.now();
    const end = start + seconds * 1000;
    let i = 0;
    while (performance.now() < end) {
      const t0 = performance.now();
      for (let k = 0; k < batch; k++) decide(definition, CASES[i++ % CASES.length] ?? CASES[0], lookups, asOf);
      perDecision.push((performance.now() - t0) / batch);
    }
    const elapsed = performance.now() - start;
    const summary = { ...summarise(perDecision, elapsed), perSecond: (perDecision.length * batch * 1000) / elapsed };
    const ok = summary.perSecond >= 50_000 && summary.p99Ms < 0.1;
    return await Promise.resolve({
      id: 'W1',
      what: 'eligibility decisions in process (eligible, ineligible, unclear mix); p-values per decision over batches of 100',
      summary,
      goal: '≥ 50,000/s, p99 < 0.1 ms',
      verdict: ok ? 'yes' : 'no',
    });
  },
};
