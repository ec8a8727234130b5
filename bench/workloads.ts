/**
 * The workloads of PERFORMANCE.md that exist so far. Each later issue adds its own (W2 referral submission, W3 the
 * triage worklist...) to this list.
 */
import type { Summary } from './stats.js';
import { w1 } from './w1-eligibility.js';

export interface WorkloadResult {
  id: string;
  what: string;
  summary: Summary;
  goal: string;
  verdict: 'yes' | 'no';
}

export interface Workload {
  id: string;
  run(seconds: number): Promise<WorkloadResult>;
}

export const WORKLOADS: Workload[] = [w1];
