/** What the caseload pages show: a clinician's children with their next appointment, and the team's counts. */
import { PRIORITY_LABELS } from '../../../domain/referrals/labels.js';
import type { ServiceDefinition } from '../../../domain/service/definition.js';
import type { Caseload, TeamGroup } from '../../../services/care/caseloads.service.js';
import { paths } from '../../paths.js';
import { whenInWords } from '../appointment-outcomes/outcome.view-models.js';

const plural = (n: number, one: string, many: string) => `${String(n)} ${n === 1 ? one : many}`;

export function caseloadModel(caseload: Caseload, definition: ServiceDefinition, own: boolean, mayBook: boolean) {
  const pathway = (id: string) => definition.pathways.find((p) => p.id === id)?.label ?? id;
  return {
    title: own ? 'Your caseload' : `Caseload: ${caseload.clinician.displayName}`,
    clinicianName: caseload.clinician.displayName,
    own,
    count: plural(caseload.entries.length, 'child', 'children'),
    noneBooked: caseload.noneBooked,
    noneBookedText: plural(caseload.noneBooked, 'child has', 'children have'),
    rows: caseload.entries.map((e) => ({
      childName: e.childName,
      pathway: pathway(e.pathway),
      priority: (PRIORITY_LABELS as Record<string, string>)[e.priority] ?? e.priority,
      next: e.nextAt === null ? null : whenInWords(e.nextAt),
      openTasks: e.openTasks,
      bookHref: mayBook ? paths.appointments.book.build({ episodeId: e.episodeId }) : undefined,
    })),
    teamHref: own ? undefined : paths.caseload.team.build(),
  };
}

export function teamModel(groups: readonly TeamGroup[]) {
  return {
    groups: groups.map((g) => ({
      teamName: g.teamName ?? 'No team',
      totals: g.totals,
      clinicians: g.clinicians.map((c) => ({
        name: c.displayName,
        href: paths.caseload.clinician.build({ userId: c.userId }),
        openEpisodes: c.openEpisodes,
        noneBooked: c.noneBooked,
        wasNotBrought: c.wasNotBrought,
      })),
    })),
    clinicians: groups.reduce((n, g) => n + g.clinicians.length, 0),
  };
}
