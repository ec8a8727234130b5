/**
 * What a discharge would do (issue 14 item 8), read from its form without changing anything: the check page shows it,
 * and `discharge` (discharge.service.ts) does it, reading it again in its transaction. The dates it sets (the last day
 * a parent may re-refer directly, the record's retention review date), and who gets a summary letter, how, and who
 * does not and why (the school only with a sharing consent in force; a withdrawn consent stops the GP's or the
 * school's letter).
 */
import type { Executor } from '../../data/executor.js';
import { openPracticeAddress, schoolAddress } from '../../data/letters/letters.repository.js';
import { consentsOfChild } from '../../data/record/consent.repository.js';
import { findDischargeChild, type DischargeChild } from '../../data/record/discharge.repository.js';
import { parseField, type Answers, type Field, type FieldProblem } from '../../domain/forms/fields.js';
import { ADDRESS_FIELDS, type LetterPlace } from '../../domain/letters/compose.js';
import { isValidRecipient } from '../../domain/notifications/recipient.js';
import {
  dischargeDates,
  dischargeLetterRecipients,
  dischargeReasonLabel,
  parseDischarge,
  type DischargeDates,
  type LetterNotSent,
  type LetterParty,
} from '../../domain/record/discharge.js';
import type { DischargeReason } from '../../domain/service/record-settings.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { ServiceRegistry } from '../service-registry.js';
import type { Clock } from '../shared/context.js';

export const SUMMARY_MAX = 5000;

/** The summary the letters carry: the one field of the discharge form the domain's parser leaves to the page. */
export const SUMMARY_FIELD = {
  kind: 'textarea',
  name: 'summary',
  label: 'Summary for the discharge letters',
  hint: 'What was done, what was achieved, and any advice to carry on with. The family, the GP and (with consent) the school read it.',
  missing: 'Enter a summary for the discharge letters',
  max: SUMMARY_MAX,
} as const satisfies Field;

export type DischargeProblem = Problem<'not-found' | 'invalid-input' | 'stale-version' | 'illegal'> & {
  problems: FieldProblem[];
};

export const NO_CHILD = 'There is no such child in this service.';
export const NO_OPEN_EPISODE = 'This child has no open episode of care to discharge from.';

export const refused = (code: DischargeProblem['code'], message: string, problems: FieldProblem[] = []) =>
  failed({ ...problem(code, message), problems });

/** One party's letter as the check page lists it. */
export interface PlannedLetter {
  to: LetterParty;
  name: string;
  addressLines: string[];
  addressAsTyped: boolean;
  /** email: to the family's address; print: posted from the print list; print-for-file: no address held. */
  delivery: { channel: 'email'; to: string } | { channel: 'print'; forFile: boolean };
}

export interface DischargePlan {
  child: DischargeChild;
  episodeId: string;
  episodeVersion: number;
  reason: { code: string; label: string };
  summary: string;
  dischargedOn: string;
  dates: DischargeDates;
  letters: PlannedLetter[];
  notSent: LetterNotSent[];
}

interface Party {
  name: string;
  addressLines: string[];
  addressAsTyped: boolean;
}

const text = (answers: Answers, name: string): string => {
  const value = answers[name];
  return typeof value === 'string' ? value.trim() : '';
};

function answersOf(json: string): Answers {
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Answers) : {};
  } catch {
    return {};
  }
}

function typedPartyOf(json: string | null): Party | null {
  if (json === null) return null;
  try {
    const parsed = JSON.parse(json) as { name?: unknown; addressLines?: unknown };
    if (typeof parsed.name !== 'string' || parsed.name.trim() === '') return null;
    const lines = Array.isArray(parsed.addressLines)
      ? parsed.addressLines.filter((l): l is string => typeof l === 'string')
      : [];
    return { name: parsed.name, addressLines: lines, addressAsTyped: true };
  } catch {
    return null;
  }
}

const placeParty = (place: LetterPlace | undefined): Party | null =>
  place === undefined ? null : { name: place.name, addressLines: place.addressLines, addressAsTyped: false };

const addressee = (p: Party) => ({
  name: p.name,
  address: p.addressLines.length === 0 ? null : p.addressLines.join(', '),
});

/**
 * The service's definition and discharge reasons, today's London date, and `plan`: what the discharge would do,
 * read with `executor` (the use case's transaction when it discharges).
 */
export function createDischargePlanner(deps: { clock: Clock; registry: ServiceRegistry }) {
  const { clock, registry } = deps;
  const today = () => londonDate(clock());
  const definitionOf = (serviceId: string) => {
    const definition = registry.byId(serviceId);
    if (definition === undefined) throw new Error(`No definition for ${serviceId}`);
    return definition;
  };
  const reasonsOf = (serviceId: string): readonly DischargeReason[] => definitionOf(serviceId).record.dischargeReasons;

  /** The family (from the referral's parent contact and the child's address), the GP and the school. */
  async function partiesOf(executor: Executor, child: DischargeChild, answersJson: string) {
    const answers = answersOf(answersJson);
    const email = text(answers, 'parent1Email');
    const parentName = text(answers, 'parent1Name');
    const family = {
      name: parentName === '' ? `The parent or carer of ${child.givenName} ${child.familyName}` : parentName,
      addressLines: ADDRESS_FIELDS.map((f) => text(answers, f)).filter((l) => l !== ''),
      addressAsTyped: false,
      email: email !== '' && isValidRecipient('email', email) ? email : null,
    };
    const gp =
      child.gpPracticeCode !== null
        ? (placeParty(await openPracticeAddress(executor, child.gpPracticeCode)) ?? typedPartyOf(child.gpPracticeTyped))
        : typedPartyOf(child.gpPracticeTyped);
    const school =
      child.schoolUrn !== null
        ? (placeParty(await schoolAddress(executor, child.schoolUrn)) ?? typedPartyOf(child.schoolTyped))
        : typedPartyOf(child.schoolTyped);
    return { family, gp, school };
  }

  /** Reads the form and works out what the discharge would do; nothing is changed. */
  async function plan(
    executor: Executor,
    serviceId: string,
    childId: string,
    sent: Record<string, unknown>,
  ): Promise<Outcome<{ plan: DischargePlan }, DischargeProblem>> {
    const child = await findDischargeChild(executor, serviceId, childId);
    if (child === undefined) return refused('not-found', NO_CHILD);
    const episode = child.episode;
    if (episode === null) return refused('illegal', NO_OPEN_EPISODE);
    const on = today();
    const reasons = reasonsOf(serviceId);
    const parsed = parseDischarge(sent, {
      reasons,
      episodeStartedOn: londonDate(new Date(episode.acceptedAt)),
      today: on,
    });
    const problems: FieldProblem[] = parsed.ok ? [] : [...parsed.problems];
    const summary = parseField(SUMMARY_FIELD, sent, on);
    if ('message' in summary) problems.splice(1, 0, summary);
    const definition = definitionOf(serviceId);
    let dates: DischargeDates | undefined;
    if (parsed.ok) {
      const computed = dischargeDates({
        dateOfBirth: child.dateOfBirth,
        dischargedOn: parsed.value.dischargedOn,
        parentReReferralWindowMonths: definition.eligibility.parentReReferralWindowMonths,
      });
      if (computed.ok) dates = computed.value;
      else problems.push(...computed.problems);
    }
    if (!parsed.ok || 'message' in summary || dates === undefined || problems.length > 0) {
      return refused('invalid-input', problems.map((p) => p.message).join('. '), problems);
    }
    const { family, gp, school } = await partiesOf(executor, child, episode.answers);
    const consents = (await consentsOfChild(executor, serviceId, childId)).map((r) => r.record);
    const recipients = dischargeLetterRecipients({
      family: addressee(family),
      gp: gp === null ? null : addressee(gp),
      school: school === null ? null : addressee(school),
      consents,
      on: parsed.value.dischargedOn,
    });
    const partyOf = (to: LetterParty): Party => (to === 'family' ? family : to === 'gp' ? gp : school) ?? family;
    const letters = recipients.send.map((r): PlannedLetter => {
      const party = partyOf(r.to);
      const delivery: PlannedLetter['delivery'] =
        r.to === 'family' && family.email !== null
          ? { channel: 'email', to: family.email }
          : { channel: 'print', forFile: r.delivery === 'print-for-file' };
      return {
        to: r.to,
        name: r.name,
        addressLines: party.addressLines,
        addressAsTyped: party.addressAsTyped,
        delivery,
      };
    });
    return ok({
      plan: {
        child,
        episodeId: episode.id,
        episodeVersion: episode.version,
        reason: { code: parsed.value.reason, label: dischargeReasonLabel(reasons, parsed.value.reason) },
        summary: typeof summary.value === 'string' ? summary.value : '',
        dischargedOn: parsed.value.dischargedOn,
        dates,
        letters,
        notSent: recipients.notSent,
      },
    });
  }

  return { today, definitionOf, reasonsOf, plan };
}
