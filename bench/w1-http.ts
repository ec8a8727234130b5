/**
 * W1 over HTTP: eligibility decisions through `POST /api/v1/eligibility`, the real application in a process of its own
 * (bench/servers/otway.ts, on a fresh SQLite database with the shipped reference-data snapshot, so the look-ups find
 * the practices and schools) and autocannon here at 10 connections, as R_http is measured. The bodies are the facts of
 * the first referrals of data set S, as a referrer's system would send them, each connection sending them in turn.
 * Goal (PERFORMANCE.md): at least 40% of R_http.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Outcome } from '../src/domain/eligibility/index.js';
import { paths } from '../src/web/paths.js';
import { REFERENCE_DATE } from './data/generate.js';
import { eligibilityRequests, JSON_HEADERS } from './eligibility-requests.js';
import { loadTest } from './http.js';
import { startServer } from './servers/spawn.js';
import { fmt } from './stats.js';
import type { Workload } from './workloads.js';
import { R_HTTP_POST } from './ceilings.js';

const CONNECTIONS = 10;
const GOAL_SHARE_OF_R_HTTP = 0.4;

export const w1Http: Workload = {
  id: 'W1 HTTP',
  async run(seconds, { ceilings }) {
    const rHttp = ceilings.find((c) => c.name === 'R_http')?.summary.perSecond;
    const rHttpPost = ceilings.find((c) => c.name === R_HTTP_POST)?.summary.perSecond;
    const { bodies } = eligibilityRequests();
    const dataDir = mkdtempSync(join(tmpdir(), 'otway-bench-w1-'));
    const server = await startServer('otway', [], {
      DATABASE_URL: `sqlite:${join(dataDir, 'otway.db')}`,
      DATA_DIR: dataDir,
      BENCH_NOW: `${REFERENCE_DATE}T12:00:00.000Z`,
      BENCH_REFERENCE_SNAPSHOT: 'true',
    });
    try {
      const url = `${server.url}${paths.api.eligibility.build()}`;
      const headers = JSON_HEADERS;
      const outcomes: Record<Outcome, number> = { eligible: 0, ineligible: 0, unclear: 0 };
      for (const body of bodies) {
        const response = await fetch(url, { method: 'POST', headers, body });
        if (response.status !== 200) throw new Error(`W1 HTTP: a decision answered ${String(response.status)}`);
        outcomes[((await response.json()) as { outcome: Outcome }).outcome]++;
      }
      const missing = Object.entries(outcomes).filter(([, n]) => n === 0);
      if (missing.length > 0) throw new Error(`W1 HTTP: no ${missing.map(([o]) => o).join(', ')} decision in the mix`);
      const summary = await loadTest(url, seconds, {
        connections: CONNECTIONS,
        requests: bodies.map((body) => ({ method: 'POST' as const, headers, body })),
      });
      const share = rHttp === undefined ? null : summary.perSecond / rHttp;
      const pct = (n: number) => `${String(Math.round((100 * n) / bodies.length))}%`;
      return {
        id: 'W1 HTTP',
        what:
          `eligibility decisions through POST /api/v1/eligibility, server in its own process on SQLite with the ` +
          `reference-data snapshot, ${String(CONNECTIONS)} connections sending the facts of ${String(bodies.length)} ` +
          `referrals of data set S in turn (${pct(outcomes.eligible)} eligible, ${pct(outcomes.ineligible)} ineligible, ` +
          `${pct(outcomes.unclear)} unclear); ` +
          (share === null ? 'R_http not measured' : `throughput ${fmt(100 * share, 0)}% of R_http`) +
          (rHttpPost === undefined ? '' : ` and ${fmt((100 * summary.perSecond) / rHttpPost, 0)}% of ${R_HTTP_POST}`),
        summary,
        goal: `≥ ${String(100 * GOAL_SHARE_OF_R_HTTP)}% of R_http${rHttp === undefined ? '' : ` (${fmt(GOAL_SHARE_OF_R_HTTP * rHttp)}/s)`}`,
        verdict: share !== null && share >= GOAL_SHARE_OF_R_HTTP ? 'yes' : 'no',
      };
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
