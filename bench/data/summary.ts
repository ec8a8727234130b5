/**
 * `npx tsx bench/data/summary.ts S|M|L [seed]`: generates a data set, then prints its counts, the eligibility outcome
 * mix of its referrals and how long generation took. It streams, as any user of the generator must: L never sits in
 * memory, which the peak heap it prints shows.
 */
import { decide } from '../../src/domain/eligibility/decide.js';
import type { Outcome } from '../../src/domain/eligibility/decision.js';
import { fmt } from '../stats.js';
import { DATA_SETS, DEFAULT_SEED, generateChildrenWithReferrals, isDataSetName, type DataSetSize } from './generate.js';
import { loadBenchReference, loadServiceDefinition, type BenchReference } from './reference.js';

const count = (n: number) => n.toLocaleString('en-GB');
const percent = (part: number, whole: number) => `${(whole === 0 ? 0 : (100 * part) / whole).toFixed(1)}%`;

let peakHeap = 0;
function notePeakHeap(): void {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}

/** The first pass only generates, so that its time is the generator's own. */
function timeGeneration(size: DataSetSize, reference: BenchReference, seed: number) {
  const start = performance.now();
  const counts = {
    children: 0,
    referrals: 0,
    byReferralCount: new Map<number, number>(),
    byService: new Map<number, number>(),
  };
  for (const { child, referrals } of generateChildrenWithReferrals(size, reference, seed)) {
    counts.children++;
    counts.referrals += referrals.length;
    counts.byReferralCount.set(referrals.length, (counts.byReferralCount.get(referrals.length) ?? 0) + 1);
    counts.byService.set(child.serviceIndex, (counts.byService.get(child.serviceIndex) ?? 0) + 1);
    if (counts.children % 10_000 === 0) notePeakHeap();
  }
  return { ...counts, ms: performance.now() - start };
}

/** The second pass decides every referral as of the day it arrived, and counts why the others were not eligible. */
function decideAll(size: DataSetSize, reference: BenchReference, seed: number) {
  const start = performance.now();
  const outcomes: Record<Outcome, number> = { eligible: 0, ineligible: 0, unclear: 0 };
  const notMet = new Map<string, number>();
  const unknown = new Map<string, number>();
  let seen = 0;
  for (const { referrals } of generateChildrenWithReferrals(size, reference, seed)) {
    for (const { facts } of referrals) {
      const decision = decide(reference.definition, facts, reference.lookups, facts.asOf ?? '');
      outcomes[decision.outcome]++;
      for (const c of decision.criteria) {
        if (c.result === 'not-met') notMet.set(c.id, (notMet.get(c.id) ?? 0) + 1);
        if (c.result === 'unknown' && decision.outcome === 'unclear') unknown.set(c.id, (unknown.get(c.id) ?? 0) + 1);
      }
    }
    if (++seen % 10_000 === 0) notePeakHeap();
  }
  return { outcomes, notMet, unknown, ms: performance.now() - start };
}

function listed(counts: Map<string, number>, whole: number): string {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([id, n]) => `${id} ${percent(n, whole)}`)
    .join(', ');
}

function main(): void {
  const [name = '', seedText] = process.argv.slice(2);
  if (!isDataSetName(name)) {
    console.error('Usage: npx tsx bench/data/summary.ts S|M|L [seed]');
    process.exit(2);
  }
  const seed = seedText === undefined ? DEFAULT_SEED : Number(seedText);
  if (!Number.isSafeInteger(seed)) throw new Error(`The seed must be a whole number, not "${String(seedText)}".`);
  const size = DATA_SETS[name];
  const reference = loadBenchReference(loadServiceDefinition());
  const generated = timeGeneration(size, reference, seed);
  notePeakHeap();
  const decided = decideAll(size, reference, seed);
  notePeakHeap();
  const total = generated.referrals;
  const perService = [...generated.byService.values()].sort((a, b) => a - b);
  const { eligible, ineligible, unclear } = decided.outcomes;

  console.log(`Data set ${size.name} (${size.description}), seed ${String(seed)}`);
  console.log(
    `  services ${count(generated.byService.size)} of ${count(size.services)}` +
      (perService.length > 1
        ? ` (children per service from ${count(perService[0] ?? 0)} to ${count(perService.at(-1) ?? 0)})`
        : ''),
  );
  console.log(`  children ${count(generated.children)} of ${count(size.children)}`);
  console.log(
    `  referrals ${count(total)} of ${count(size.referrals)}; children with ` +
      [...generated.byReferralCount.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([referrals, children]) => `${String(referrals)}: ${count(children)}`)
        .join(', '),
  );
  console.log(
    `  not generated yet: appointments (${count(size.appointments)}), notes and letters (${count(size.notesAndLetters)})`,
  );
  console.log(
    `  outcomes: eligible ${percent(eligible, total)}, ineligible ${percent(ineligible, total)}, unclear ${percent(unclear, total)}`,
  );
  console.log(`  criteria not met: ${listed(decided.notMet, total)}`);
  console.log(`  criteria unknown in unclear decisions: ${listed(decided.unknown, total)}`);
  console.log(
    `  generation ${fmt(generated.ms / 1000, 2)} s (${fmt((total * 1000) / generated.ms)} referrals a second, with their children); a second pass generating and deciding them all ${fmt(decided.ms / 1000, 2)} s`,
  );
  console.log(`  peak heap ${fmt(peakHeap / 2 ** 20, 0)} MiB`);
}

main();
