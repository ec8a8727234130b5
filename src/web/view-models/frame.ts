/**
 * The page frame every page shares: the header (service and organisation), the account links and staff
 * navigation for someone signed in, the phase banner and the footer links.
 */
import type { FastifyReply } from 'fastify';
import { can, type Permission } from '../../domain/access/roles.js';
import type { Dependencies } from '../../composition.js';
import { paths, publicPaths } from '../paths.js';
import { feedbackPaths } from '../routes/public/public.view-models.js';

interface NavItem {
  text: string;
  href: string;
  current: boolean;
}

const STAFF_NAV: { text: string; href: string; permission: Permission }[] = [
  { text: 'Home', href: paths.staff.home.build(), permission: 'staff:home' },
  { text: 'Register a referral', href: paths.staff.registerReferral.build(), permission: 'referrals:register' },
  { text: 'Triage', href: paths.triage.worklist.build(), permission: 'triage:read' },
  { text: 'Tasks', href: paths.tasks.list.build(), permission: 'tasks:read' },
  { text: 'Waiting list', href: paths.waitingList.list.build(), permission: 'waiting-list:read' },
  { text: 'Diaries', href: paths.diary.mine.build(), permission: 'diary:read' },
  { text: 'Safeguarding', href: paths.safeguarding.flags.build(), permission: 'safeguarding:read' },
  { text: 'Letters to print', href: paths.letters.printQueue.build(), permission: 'letters:print' },
  { text: 'Staff accounts', href: paths.admin.users.build(), permission: 'users:read' },
  { text: 'Messages', href: paths.admin.outbox.build(), permission: 'outbox:read' },
  { text: 'Audit trail', href: paths.audit.search.build(), permission: 'audit:read' },
];

export async function frameFor(reply: FastifyReply, deps: Dependencies) {
  const request = reply.request;
  const service = request.service();
  const session = request.session;
  const user = session?.user ?? null;
  const url = request.url.split('?')[0] ?? '/';
  const publicLinks = publicPaths(service === null ? '' : deps.registry.prefixOf(service.id));
  const navigation: NavItem[] =
    user === null
      ? []
      : STAFF_NAV.filter((n) => can(session?.roles ?? [], n.permission)).map((n) => ({
          text: n.text,
          href: n.href,
          current: n.href === paths.staff.home.build() ? url === n.href : url.startsWith(n.href),
        }));
  return {
    assetPaths: {
      css: paths.assets.css.build(),
      js: paths.assets.js.build(),
      appJs: paths.assets.appJs.build(),
      appCss: paths.assets.appCss.build(),
    },
    frame: {
      serviceName: service?.serviceName ?? "Children's Occupational Therapy",
      organisationName: service?.organisation.name ?? null,
      homeHref:
        user === null ? (service === null ? paths.servicesIndex.build() : publicLinks.home) : paths.staff.home.build(),
      phase: service?.phase ?? 'beta',
      // "Tell us what you think": the service's feedback form (sent to its contact e-mail or its administrators).
      contactHref: service === null ? publicLinks.contact : feedbackPaths(publicLinks).form,
      footerLinks: [
        { text: 'Accessibility statement', href: publicLinks.accessibility },
        { text: 'Privacy notice', href: publicLinks.privacy },
        { text: 'Contact us', href: publicLinks.contact },
        { text: 'Cookies', href: publicLinks.cookies },
      ],
      signedIn: user !== null,
      userName: user?.displayName ?? null,
      signOutAction: paths.signOut.build(),
      signInHref: paths.signIn.build(),
      csrfToken: user === null ? null : await reply.csrfToken(),
      navigation,
      timeout:
        user === null || session === null
          ? null
          : {
              idleExpiresAt: session.idleExpiresAt,
              extendAction: paths.extendSession.build(),
              signInHref: `${paths.signIn.build()}?returnTo=${encodeURIComponent(url)}`,
              returnTo: url,
            },
    },
  };
}
