/**
 * W1: eligibility decisions in process, a mix of eligible, ineligible and unclear cases, on one core with no I/O.
 * Goal (PERFORMANCE.md): at least 50,000 a second, p99 under 0.1 ms.
 *
 * The cases are the referrals of data set S, each decided as of the day it arrived, with look-ups over the real
 * reference data held in memory; all of it is built before the clock starts.
 */
import { decide, type EligibilityFacts, type Outcome } from '../src/domain/eligibility/index.js';
import { DATA_SETS, generateReferrals } from './data/generate.js';
import { loadBenchReference, loadServiceDefinition } from './data/reference.js';
import { summarise } from './stats.js';
import type { Workload } from './workloads.js';

interface Case {
  facts: EligibilityFacts;
  asOf: string;
}

export const w1: Workload = {
  id: 'W1',
  async run(seconds) {
    const reference = loadBenchReference(loadServiceDefinition());
    const { definition, lookups } = reference;
    const cases: Case[] = [];
    for (const { facts, receivedOn } of generateReferrals(DATA_SETS.S, reference)) {
      cases.push({ facts, asOf: receivedOn });
    }
    const outcomes: Record<Outcome, number> = { eligible: 0, ineligible: 0, unclear: 0 };
    for (const c of cases) outcomes[decide(definition, c.facts, lookups, c.asOf).outcome]++;
    const missing = Object.entries(outcomes).filter(([, n]) => n === 0);
    if (missing.length > 0) {
      throw new Error(`W1's cases should cover all three outcomes, but none is ${missing.map(([o]) => o).join(', ')}`);
    }
    const first = cases[0];
    if (first === undefined) throw new Error('W1 has no cases: data set S generated no referrals.');
    const share = (n: number) => `${String(Math.round((100 * n) / cases.length))}%`;

    // Time batches of 100 decisions: one decision is too short for the timer to resolve on its own.
    const batch = 100;
    const perDecision: number[] = [];
    const start = performance.now();
    const end = start + seconds * 1000;
    let i = 0;
    while (performance.now() < end) {
      const t0 = performance.now();
      for (let k = 0; k < batch; k++) {
        const c = cases[i++ % cases.length] ?? first;
        decide(definition, c.facts, lookups, c.asOf);
      }
      perDecision.push((performance.now() - t0) / batch);
    }
    const elapsed = performance.now() - start;
    const summary = { ...summarise(perDecision, elapsed), perSecond: (perDecision.length * batch * 1000) / elapsed };
    const ok = summary.perSecond >= 50_000 && summary.p99Ms < 0.1;
    return await Promise.resolve({
      id: 'W1',
      what: `eligibility decisions in process over the ${cases.length.toLocaleString('en-GB')} referrals of data set S (${share(outcomes.eligible)} eligible, ${share(outcomes.ineligible)} ineligible, ${share(outcomes.unclear)} unclear); p-values per decision over batches of 100`,
      summary,
      goal: '≥ 50,000/s, p99 < 0.1 ms',
      verdict: ok ? 'yes' : 'no',
    });
  },
};
