/**
 * The ceilings' HTTP servers (PERFORMANCE.md), each in a process of its own so that autocannon, in the benchmark's
 * process, never shares their event loop: `fixed` answers a fixed string (R_http), `tpl` renders the triage worklist in
 * the nhsuk page frame from memory (R_tpl), `post` answers a JSON POST with a fixed JSON answer (R_http POST). Writes
 * `listening <url>` when ready; SIGTERM stops it.
 */
import Fastify from 'fastify';
import type { WorklistItem, WorklistView } from '../../src/services/referrals/worklist.service.js';
import type * as WorklistService from '../../src/services/referrals/worklist.service.js';
import type * as Views from '../../src/web/plugins/views.js';
import type * as WorklistViewModels from '../../src/web/routes/triage/worklist.view-models.js';
import { loadServiceDefinition } from '../data/reference.js';
import { compiled } from './compiled.js';

// The page is rendered by the compiled application, as W3's pages are (./compiled.ts).
const { DEFAULT_FILTERS, WORKLIST_PAGE_SIZE } = await compiled<typeof WorklistService>(
  'services/referrals/worklist.service.js',
);
const { createViewEnvironment } = await compiled<typeof Views>('web/plugins/views.js');
const { filterForm, pagination, shownValues, worklistRows, worklistSummary } = await compiled<
  typeof WorklistViewModels
>('web/routes/triage/worklist.view-models.js');

/**
 * The triage worklist as PERFORMANCE.md defines R_tpl: its template rendered in the real page frame from a view model
 * held in memory, built once by the worklist's own view-model functions: 25 rows (with every tag the rows can show),
 * the counts, the filter form and the pagination, as a triage clinician's default list shows them. (Until the
 * worklist existed, the staff list stood in: a 24 KB page against the worklist's 64 KB.)
 */
function renderWorklist(): () => string {
  const env = createViewEnvironment();
  const definition = loadServiceDefinition();
  const statuses = ['awaiting-triage', 'more-information-requested'] as const;
  const referrers = definition.referrers.map((r) => r.id);
  const outcomes = ['eligible', 'ineligible', 'unclear'];
  const rows: WorklistItem[] = Array.from({ length: WORKLIST_PAGE_SIZE }, (_, i) => {
    const paused = i % 5 === 4;
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      reference: `OT-${String(1000 + i)}-ABCD`,
      status: paused ? 'more-information-requested' : 'awaiting-triage',
      receivedOn: `2026-0${String(1 + (i % 6))}-${String(10 + (i % 18))}`,
      childInitials: 'AB',
      childAge: i % 16,
      referrerType: referrers[i % referrers.length] ?? 'gp',
      eligibilityOutcome: outcomes[i % outcomes.length] ?? 'eligible',
      waitingDays: 20 + 7 * i,
      paused,
      replyDueOn: paused ? '2026-07-20' : null,
      replyOverdue: paused && i % 2 === 0,
      decidedAfterDays: null,
      overdue: !paused && i % 3 === 0,
      possibleDuplicate: i % 7 === 0,
      nhsNumberConflict: i % 11 === 0,
      safeguarding: i % 9 === 0,
      pathway: null,
      priority: null,
    };
  });
  const view: WorklistView = {
    today: '2026-07-14',
    targetWorkingDays: 20,
    statuses: [...statuses],
    total: 117,
    byStatus: [
      { status: 'awaiting-triage', count: 96 },
      { status: 'more-information-requested', count: 21 },
    ],
    overdue: 60,
    replyOverdue: 8,
    page: 1,
    lastPage: 5,
    rows,
  };
  const model = {
    assetPaths: { css: '/static/a.css', js: '/static/a.js', appJs: '/static/app.js', appCss: '/static/app.css' },
    frame: {
      serviceName: "Children's Occupational Therapy",
      organisationName: 'Leicestershire Partnership NHS Trust',
      homeHref: '/staff',
      phase: 'beta',
      contactHref: '/contact',
      footerLinks: [{ text: 'Contact us', href: '/contact' }],
      signedIn: true,
      userName: 'Bench Triage',
      signOutAction: '/sign-out',
      csrfToken: 'x'.repeat(43),
      navigation: [
        { text: 'Home', href: '/staff', current: false },
        { text: 'Triage worklist', href: '/staff/triage', current: true },
      ],
      timeout: null,
    },
    cspNonce: 'n'.repeat(32),
    form: filterForm(definition, shownValues(DEFAULT_FILTERS)),
    summary: worklistSummary(view),
    rows: worklistRows(view, definition),
    pagination: pagination(view, DEFAULT_FILTERS),
  };
  return () => env.render('triage/worklist.njk', model);
}

const kind = process.argv[2];
const app = Fastify({ logger: false });
if (kind === 'fixed') {
  app.get('/', (_req, reply) => reply.type('text/plain').send('ok'));
} else if (kind === 'tpl') {
  const render = renderWorklist();
  app.get('/', (_req, reply) => reply.type('text/html; charset=utf-8').send(render()));
} else if (kind === 'post') {
  // The body is read and parsed by fastify's own JSON parser, as Otway's API route has it parsed; the answer is the
  // text of a real decision, given by the benchmark.
  const answer = process.env.BENCH_FIXED_ANSWER ?? '';
  if (answer === '') throw new Error('ceiling.ts post needs BENCH_FIXED_ANSWER');
  app.post('/', (_req, reply) => reply.type('application/json; charset=utf-8').send(answer));
} else {
  throw new Error('Usage: ceiling.ts fixed|tpl|post');
}
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${url}/\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
