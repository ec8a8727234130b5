/**
 * The ceilings' HTTP servers (PERFORMANCE.md), each in a process of its own so that autocannon, in the benchmark's
 * process, never shares their event loop: `fixed` answers a fixed string (R_http), `tpl` renders the staff list in the
 * nhsuk page frame from memory (R_tpl). Writes `listening <url>` when ready; SIGTERM stops it.
 */
import Fastify from 'fastify';
import { createViewEnvironment } from '../../src/web/plugins/views.js';

/** A staff list of 25 people in the real page frame. */
function renderStaffList(): () => string {
  const env = createViewEnvironment();
  const members = Array.from({ length: 25 }, (_, i) => ({
    name: `Member ${String(i)}`,
    href: `/staff/admin/users/${String(i)}`,
    email: `member${String(i)}@nhs.test`,
    roles: 'Clinician, Triage clinician',
    status: { text: 'Active', classes: 'nhsuk-tag--green' },
  }));
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
      userName: 'Bench Admin',
      signOutAction: '/sign-out',
      csrfToken: 'x'.repeat(43),
      navigation: [{ text: 'Home', href: '/staff', current: false }],
      timeout: null,
    },
    cspNonce: 'n'.repeat(32),
    members,
    inviteHref: '/staff/admin/users/invite',
  };
  return () => env.render('admin/users.njk', model);
}

const kind = process.argv[2];
if (kind !== 'fixed' && kind !== 'tpl') throw new Error('Usage: ceiling.ts fixed|tpl');
const [handler, contentType] =
  kind === 'fixed' ? [() => 'ok', 'text/plain'] : [renderStaffList(), 'text/html; charset=utf-8'];
const app = Fastify({ logger: false });
app.get('/', (_req, reply) => reply.type(contentType).send(handler()));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${url}/\n`);
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
