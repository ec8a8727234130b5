/**
 * The waiting-well job (docs/adr/0038), registered as `waiting-well-contacts`: for each child still waiting whose
 * contact is due (next_contact_on on or before today in London), one transaction that
 *
 * 1. claims the episode by moving next_contact_on on by the interval at the version it read (two servers, or the
 *    server and the command line, running at once: exactly one claim succeeds, and only that one writes anything);
 * 2. counts the previous contact as unanswered if its link was never used, and when the count reaches
 *    `care.waitingWell.unansweredToFlag`, raises one `waiting-well-unanswered` task for a clinician to validate the
 *    child's place (never removing the child; never a second open task of that kind for the episode);
 * 3. opens a new family link and queues the message that carries it (e-mail, else a text to a mobile; with neither, a
 *    task at once, see src/domain/care/waiting-well.ts), and, with the family's recorded consent to share with the
 *    school and a school contact on the referral, an e-mail to the school without a link;
 * 4. records `waiting-well.contact-sent` in the system's name, with no name or address in its detail.
 *
 * An episode that fails is logged and left as it was (its claim rolled back) for the next pass.
 */
import type { BaseLogger } from 'pino';
import { updateEpisodeAtVersion } from '../../data/care/episodes.repository.js';
import { familyLinksOfEpisode } from '../../data/care/family-links.repository.js';
import { openTaskOfKind } from '../../data/care/task-lists.repository.js';
import { contactFacts, dueWaitingWellContacts, type DueContact } from '../../data/care/waiting-well.repository.js';
import type { Executor } from '../../data/executor.js';
import { addDays } from '../../domain/care/london-time.js';
import {
  difficultiesOf,
  familyChannel,
  firstNameOf,
  nextContactAfter,
  placeOnList,
  schoolContact,
  strategiesFor,
  strategiesText,
  weeksWaited,
} from '../../domain/care/waiting-well.js';
import type { Answers } from '../../domain/forms/fields.js';
import { linkPlaceholder } from '../../domain/notifications/one-time-links.js';
import type { ServiceDefinition } from '../../domain/service/definition.js';
import { formatLongDate, londonDate, startOfLondonDay } from '../../domain/shared/dates.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NewMessage } from '../outbox/outbox.service.js';
import type { ServiceRegistry } from '../service-registry.js';
import { systemContext, type Clock } from '../shared/context.js';
import { FAMILY_LINK_SUBJECT, type FamilyLinks } from './family-links.service.js';
import type { TaskRaiser } from './tasks.service.js';

/** The most contacts one pass writes; the rest are still due at the next pass. */
export const CONTACT_BATCH = 200;

export interface WaitingWellDeps {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  outbox: { enqueue(executor: Executor, message: NewMessage): Promise<string> };
  registry: ServiceRegistry;
  familyLinks: FamilyLinks;
  taskRaiser: TaskRaiser;
  logger: Pick<BaseLogger, 'warn'>;
  /** The family's page address up to where the token goes. */
  linkAddress: string;
}

const parseJson = <T>(value: string | null, fallback: T): T => {
  if (value === null) return fallback;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
};

/** The sharing list recorded with the referral's consent. */
export function sharingOf(sharing: string | null): string[] {
  const list = parseJson<unknown>(sharing, []);
  return Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string') : [];
}

export function createWaitingWell(deps: WaitingWellDeps) {
  const { db, clock } = deps;
  const ctx = () => systemContext('waiting-well');

  /** Writes one contact, if this pass claims the episode first; false when another pass had it or it moved on. */
  async function contactOne(candidate: DueContact, definition: ServiceDefinition): Promise<boolean> {
    const settings = definition.care.waitingWell;
    return db.transaction().execute(async (trx): Promise<boolean> => {
      const now = clock().toISOString();
      const today = londonDate(clock());
      const facts = await contactFacts(trx, candidate.serviceId, candidate.id);
      if (facts?.status !== 'waiting' || facts.version !== candidate.version) return false;

      const [previous] = await familyLinksOfEpisode(trx, candidate.serviceId, candidate.id, 'waiting-well');
      const unanswered = previous?.usedAt === null;
      const count = unanswered ? facts.unansweredContacts + 1 : facts.unansweredContacts;
      const claimed = await updateEpisodeAtVersion(
        trx,
        candidate.serviceId,
        candidate.id,
        candidate.version,
        {
          nextContactOn: nextContactAfter(candidate.nextContactOn, today, settings.everyWeeks),
          unansweredContacts: count,
        },
        now,
      );
      if (!claimed) return false;

      const system = ctx();
      const raiseUnanswered = async (detail: Record<string, unknown>) => {
        if ((await openTaskOfKind(trx, candidate.serviceId, candidate.id, 'waiting-well-unanswered')) !== undefined) {
          return false;
        }
        await deps.taskRaiser.raise(trx, system, {
          serviceId: candidate.serviceId,
          kind: 'waiting-well-unanswered',
          episodeId: candidate.id,
          detail,
        });
        return true;
      };
      let flagged = false;
      if (count >= settings.unansweredToFlag) flagged = await raiseUnanswered({ unansweredContacts: count });

      const answers = parseJson<Answers>(facts.answers, {});
      const firstName = firstNameOf(facts);
      const place = placeOnList(
        firstName,
        weeksWaited(facts.waitFrom, today),
        facts.priority,
        definition.care.waitingList.targetWeeks,
      );
      const strategies = strategiesText(strategiesFor(settings, difficultiesOf(answers)));
      const common = {
        child_first_name: firstName,
        service_name: definition.serviceName,
        service_telephone: definition.contact.telephone,
      };

      const to = familyChannel(answers);
      if (to.channel === 'none') {
        if (!flagged) flagged = await raiseUnanswered({ reason: 'no-email-or-mobile' });
      } else {
        const answerBy = addDays(today, settings.answerWithinDays);
        const linkId = await deps.familyLinks.open(trx, {
          serviceId: candidate.serviceId,
          purpose: 'waiting-well',
          episodeId: candidate.id,
          // Usable to the end of the London day it is due by.
          expiresAt: startOfLondonDay(addDays(answerBy, 1)).toISOString(),
        });
        const link = linkPlaceholder(deps.linkAddress);
        await deps.outbox.enqueue(
          trx,
          to.channel === 'email'
            ? {
                serviceId: candidate.serviceId,
                channel: 'email',
                template: 'waiting-well-contact',
                recipient: to.to,
                personalisation: {
                  ...common,
                  place_on_list: place,
                  strategies,
                  answer_by: formatLongDate(answerBy),
                  link,
                },
                subject: { type: FAMILY_LINK_SUBJECT, id: linkId },
              }
            : {
                serviceId: candidate.serviceId,
                channel: 'sms',
                template: 'waiting-well-check-in',
                recipient: to.to,
                personalisation: { ...common, answer_by: formatLongDate(answerBy), link },
                subject: { type: FAMILY_LINK_SUBJECT, id: linkId },
              },
        );
      }

      const school = schoolContact(facts.referrerType, facts.referrerEmail, sharingOf(facts.sharing));
      if (school !== null) {
        await deps.outbox.enqueue(trx, {
          serviceId: candidate.serviceId,
          channel: 'email',
          template: 'waiting-well-school',
          recipient: school,
          personalisation: { ...common, reference: facts.reference, place_on_list: place, strategies },
          subject: { type: 'episode', id: candidate.id },
        });
      }

      await deps.audit.record(trx, system, {
        action: 'waiting-well.contact-sent',
        serviceId: candidate.serviceId,
        subjectType: 'episode',
        subjectId: candidate.id,
        detail: {
          family: to.channel,
          school: school !== null,
          unansweredContacts: count,
          flagged,
          due: candidate.nextContactOn,
        },
      });
      return true;
    });
  }

  return {
    /**
     * One pass over every hosted service: writes each due contact (up to CONTACT_BATCH), soonest due first. An
     * episode that fails is logged, counted and left for the next pass; the others go ahead.
     */
    async sendDueContacts(): Promise<{ sent: number; failed: number }> {
      const today = londonDate(clock());
      const due = await dueWaitingWellContacts(db, deps.registry.ids, today, CONTACT_BATCH);
      let sent = 0;
      let failed = 0;
      for (const candidate of due) {
        const definition = deps.registry.byId(candidate.serviceId);
        if (definition === undefined) continue;
        try {
          if (await contactOne(candidate, definition)) sent++;
        } catch (err) {
          failed++;
          deps.logger.warn({ err, episodeId: candidate.id }, 'could not write the waiting-well contact');
        }
      }
      return { sent, failed };
    },
  };
}

export type WaitingWell = ReturnType<typeof createWaitingWell>;
