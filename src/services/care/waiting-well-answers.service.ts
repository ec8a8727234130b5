/**
 * The family's side of waiting well (docs/adr/0038): what their one-time link opens (where their child is on the
 * list, the strategies for them, the three answers), and their answer, recorded once. An answer resets the count of
 * unanswered contacts and reaches the team as a task (src/domain/care/waiting-well.ts ANSWER_TASKS), in one
 * transaction with the link's compare-and-set, so a link answered twice at once makes one task. "No longer needed"
 * removes no one: a clinician confirms it (waiting-list-removal.service.ts).
 */
import { findEpisode, updateEpisodeAtVersion } from '../../data/care/episodes.repository.js';
import { contactFacts } from '../../data/care/waiting-well.repository.js';
import type { Executor } from '../../data/executor.js';
import {
  ANSWER_TASKS,
  difficultiesOf,
  firstNameOf,
  placeOnList,
  strategiesFor,
  weeksWaited,
  type WaitingWellAnswer,
} from '../../domain/care/waiting-well.js';
import type { Answers } from '../../domain/forms/fields.js';
import type { Strategy } from '../../domain/service/care-settings.js';
import { addDays } from '../../domain/care/london-time.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock, RequestContext } from '../shared/context.js';
import type { FamilyLinks } from './family-links.service.js';
import type { TaskRaiser } from './tasks.service.js';

export const LINK_CANNOT_BE_USED = 'This link cannot be used.';

/** What the family's page shows: only what the family already knows, and the child's first name. */
export interface WaitingWellPage {
  serviceName: string;
  telephone: string;
  firstName: string;
  placeOnList: string;
  strategies: Strategy[];
  /** The last day the link works (an ISO date). */
  answerBy: string;
}

/** How to reach each hosted service: for the page that says a link cannot be used (it says nothing about why). */
export interface ServiceContact {
  serviceName: string;
  telephone: string;
}

const parseAnswers = (json: string): Answers => {
  try {
    return JSON.parse(json) as Answers;
  } catch {
    return {};
  }
};

export function createWaitingWellAnswers(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  registry: ServiceRegistry;
  familyLinks: FamilyLinks;
  taskRaiser: TaskRaiser;
}) {
  const { db, clock } = deps;

  /** The link's waiting-well page, or undefined for a forged, used, expired or other-purpose link. */
  async function open(token: string): Promise<WaitingWellPage | undefined> {
    const link = await deps.familyLinks.describe(token);
    if (link?.purpose !== 'waiting-well') return undefined;
    const definition = deps.registry.byId(link.serviceId);
    const facts = await contactFacts(db, link.serviceId, link.episodeId);
    if (definition === undefined || facts === undefined) return undefined;
    const today = londonDate(clock());
    const firstName = firstNameOf(facts);
    return {
      serviceName: definition.serviceName,
      telephone: definition.contact.telephone,
      firstName,
      placeOnList: placeOnList(
        firstName,
        weeksWaited(facts.waitFrom, today),
        facts.priority,
        definition.care.waitingList.targetWeeks,
      ),
      strategies: strategiesFor(definition.care.waitingWell, difficultiesOf(parseAnswers(facts.answers))),
      // The link expires at the start of the London day after its last day.
      answerBy: addDays(londonDate(new Date(link.expiresAt)), -1),
    };
  }

  /** Resets the count of unanswered contacts, at the version read, trying again if a contact was written meanwhile. */
  async function resetUnanswered(trx: Executor, serviceId: string, episodeId: string, now: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const episode = await findEpisode(trx, serviceId, episodeId);
      if (episode === undefined || episode.unansweredContacts === 0) return;
      if (await updateEpisodeAtVersion(trx, serviceId, episodeId, episode.version, { unansweredContacts: 0 }, now)) {
        return;
      }
    }
  }

  /** Records the family's answer once; a used, expired or forged link is `invalid-token` and changes nothing. */
  async function answer(
    ctx: RequestContext,
    token: string,
    given: WaitingWellAnswer,
    whatChanged: string | null,
  ): Promise<Outcome<object, Problem<'invalid-token'>>> {
    const link = await deps.familyLinks.describe(token);
    if (link?.purpose !== 'waiting-well') return failed(problem('invalid-token', LINK_CANNOT_BE_USED));
    const text = given === 'worse' ? whatChanged : null;
    return db.transaction().execute(async (trx) => {
      if (!(await deps.familyLinks.answer(trx, token, given, text))) {
        return failed(problem('invalid-token', LINK_CANNOT_BE_USED));
      }
      const now = clock().toISOString();
      await resetUnanswered(trx, link.serviceId, link.episodeId, now);
      await deps.taskRaiser.raise(trx, ctx, {
        serviceId: link.serviceId,
        kind: ANSWER_TASKS[given],
        episodeId: link.episodeId,
        detail: { answer: given, linkId: link.id, ...(text !== null && { whatChanged: text }) },
      });
      await deps.audit.record(trx, ctx, {
        action: 'waiting-well.answered',
        serviceId: link.serviceId,
        subjectType: 'episode',
        subjectId: link.episodeId,
        detail: { answer: given },
      });
      return ok();
    });
  }

  /** Every hosted service's name and telephone number, for the page that says a link cannot be used. */
  const contacts = (): ServiceContact[] =>
    deps.registry.all.map((d) => ({ serviceName: d.serviceName, telephone: d.contact.telephone }));

  return { open, answer, contacts };
}

export type WaitingWellAnswers = ReturnType<typeof createWaitingWellAnswers>;
