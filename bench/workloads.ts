/**
 * The workloads of PERFORMANCE.md that exist so far. Each later issue adds its own (W4 the waiting-list report...)
 * to this list. W3 is a row for each data set asked for (`--sizes`), each on SQLite and on PostgreSQL.
 */
import type { Ceiling } from './ceilings.js';
import type { DataSetName } from './data/generate.js';
import type { Summary } from './stats.js';
import { w1 } from './w1-eligibility.js';
import { w1Http } from './w1-http.js';
import { w2 } from './w2-referral.js';
import { w3 } from './w3-worklist.js';
import { w4 } from './w4-waiting-list.js';
import { w5 } from './w5-record.js';
import { w6 } from './w6-booking.js';

export interface WorkloadResult {
  id: string;
  what: string;
  summary: Summary;
  goal: string;
  verdict: 'yes' | 'no';
  /** The plans the database gave for the workload's hot queries, as it wrote them, recorded under the table. */
  plans?: readonly { query: string; lines: readonly string[] }[];
}

/** What a workload may compare itself with: PERFORMANCE.md sets some goals as a share of a ceiling. */
export interface WorkloadContext {
  /** This machine's ceilings, measured earlier in the same run. */
  ceilings: readonly Ceiling[];
}

export interface Workload {
  id: string;
  run(seconds: number, context: WorkloadContext): Promise<WorkloadResult>;
}

export interface WorkloadOptions {
  /** The data sets W3 runs on. */
  sizes: readonly DataSetName[];
}

export function workloads(options: WorkloadOptions): Workload[] {
  return [w1, w1Http, w2, ...w3(options.sizes), ...w4(options.sizes), ...w5(options.sizes), ...w6(options.sizes)];
}
