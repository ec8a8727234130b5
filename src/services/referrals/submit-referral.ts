/**
 * Submitting a referral: one transaction writes the child (matched, never merged silently), the referral with its
 * eligibility decision and rules version, the consent, the audit event and the acknowledgements in the outbox, or
 * nothing at all. The draft's idempotency key, under a unique constraint, makes a double click, a back-button
 * resubmission or a retry after a time-out return the same reference.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../data/errors.js';
import type { Executor } from '../../data/executor.js';
import { attachDraftFilesToReferral } from '../../data/referrals/attachments.repository.js';
import { insertChild } from '../../data/referrals/children.repository.js';
import {
  childCandidates,
  insertConsent,
  insertReferral,
  markDraftSubmitted,
  referenceTaken,
  referralById,
  referralByIdempotencyKey,
} from '../../data/referrals/referrals.repository.js';
import type { EligibilityDecision } from '../../domain/eligibility/index.js';
import { matchChild, matchStateOf } from '../../domain/referrals/child-match.js';
import type { Draft } from '../../domain/referrals/draft.js';
import { referralFacts } from '../../domain/referrals/eligibility-facts.js';
import {
  recordsOfSameChild,
  refersWithinWindow,
  withRecordedDischarge,
} from '../../domain/referrals/re-referral-from-record.js';
import { latestDischargeOf } from '../../data/record/discharge.repository.js';
import type { Answers } from '../../domain/forms/fields.js';
import { firstUnanswered, type Page, type QuestionContext } from '../../domain/referrals/questions.js';
import { newReference } from '../../domain/referrals/reference.js';
import { typedPlace, typedPlaceJson } from '../../domain/referrals/typed-places.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type ProblemWith } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CheckEligibilityService } from '../eligibility/check-eligibility.js';
import type { Clock, RequestContext } from '../shared/context.js';
import type { OutboxPort } from './ports.js';

/** Sent (or sent before: `repeated`); or a page still to answer; or an online referral the rules turn away. */
export type Submission = Outcome<
  { referralId: string; reference: string; repeated: boolean },
  ProblemWith<'incomplete', { page: Page }> | ProblemWith<'ineligible', { decision: EligibilityDecision }>
>;

const incomplete = (page: Page) => failed(problem('incomplete', 'There are questions still to answer.', { page }));

export interface SubmitOptions {
  /** Staff registering a referral that came by post, e-mail or telephone, and the day it arrived (starts the clock). */
  received?: { source: 'post' | 'email' | 'telephone'; on: string };
  referencePrefix?: string;
}

const text = (answers: Answers, name: string): string | null => {
  const value = answers[name];
  return typeof value === 'string' ? value : null;
};

const MOBILE = /^(?:07\d{9}|\+447\d{9})$/u;

const graphemes = new Intl.Segmenter('en-GB', { granularity: 'grapheme' });

/** True for a UTF-16 code unit in ASCII (NaN, past the end of a string, is not). */
const isAscii = (code: number) => code < 0x80;

/** "AN" for Amara Ndiaye: the first character as people see it, so an accent or an emoji stays whole. */
export function initials(given: string, family: string): string {
  const first = (name: string) => {
    const trimmed = name.trim();
    // Two ASCII characters are always two graphemes (the one exception, CR LF, cannot start a trimmed name), so a
    // name that starts with them needs no segmenter, which costs some microseconds a call (the worklist makes 50).
    if (isAscii(trimmed.charCodeAt(0)) && (trimmed.length === 1 || isAscii(trimmed.charCodeAt(1)))) {
      return trimmed.charAt(0).toUpperCase();
    }
    for (const { segment } of graphemes.segment(trimmed)) return segment.toUpperCase();
    return '';
  };
  return `${first(given)}${first(family)}`;
}

export function createSubmitReferral(deps: {
  db: Executor;
  clock: Clock;
  audit: AuditService;
  eligibility: CheckEligibilityService;
  outbox: OutboxPort;
}) {
  const { db, clock } = deps;

  /**
   * The discharge date of the referred child's latest discharge on the record (issue 14 item 8), found by the same
   * name and date of birth (and no other NHS number) in this service; null when the service knows of none.
   */
  async function recordedDischarge(answers: Answers, qctx: QuestionContext): Promise<string | null> {
    const child = {
      nhsNumber: text(answers, 'childNhsNumber'),
      givenName: text(answers, 'childGivenName') ?? '',
      familyName: text(answers, 'childFamilyName') ?? '',
      dateOfBirth: text(answers, 'childDateOfBirth') ?? '',
      postcode: text(answers, 'childPostcode'),
    };
    if (child.dateOfBirth === '') return null;
    const serviceId = qctx.definition.id;
    const candidates = await childCandidates(db, serviceId, child.nhsNumber, child.dateOfBirth);
    return latestDischargeOf(db, serviceId, recordsOfSameChild(child, candidates), qctx.today);
  }

  /**
   * The decision the answers give now; the same use case as the API and the checker. For a parent or carer
   * re-referring a child the service has discharged, the discharge date is the record's, not the one remembered.
   */
  async function decisionFor(answers: Answers, qctx: QuestionContext): Promise<EligibilityDecision | undefined> {
    const given = referralFacts(answers, qctx);
    if (given === undefined) return undefined;
    const facts = refersWithinWindow(given, qctx.definition)
      ? withRecordedDischarge(given, qctx.definition, await recordedDischarge(answers, qctx))
      : given;
    const checked = await deps.eligibility.check(qctx.definition.id, facts);
    return checked.ok ? checked.decision : undefined;
  }

  async function existing(serviceId: string, draft: Draft) {
    if (draft.submittedReferralId !== null) {
      const row = await referralById(db, serviceId, draft.submittedReferralId);
      if (row !== undefined) return { id: row.id, reference: row.reference };
    }
    return referralByIdempotencyKey(db, serviceId, draft.idempotencyKey);
  }

  async function write(
    trx: Executor,
    ctx: RequestContext,
    draft: Draft,
    qctx: QuestionContext,
    decision: EligibilityDecision,
    options: SubmitOptions,
  ): Promise<{ id: string; reference: string }> {
    const { answers } = draft;
    const serviceId = qctx.definition.id;
    const now = clock();
    const nowIso = now.toISOString();
    const given = text(answers, 'childGivenName') ?? '';
    const family = text(answers, 'childFamilyName') ?? '';
    const child = {
      nhsNumber: text(answers, 'childNhsNumber'),
      givenName: given,
      familyName: family,
      dateOfBirth: text(answers, 'childDateOfBirth') ?? '',
      postcode: text(answers, 'childPostcode'),
    };
    const match = matchChild(child, await childCandidates(trx, serviceId, child.nhsNumber, child.dateOfBirth));
    // Only a record with this NHS number, name and date of birth is this child. For any other match, the referral
    // gets a record of the child as the referrer described them, so that it never names another child.
    let childId: string;
    if (match.kind === 'nhs-number') childId = match.childId;
    else {
      childId = randomUUID();
      const gp = text(answers, 'childGp');
      const school = text(answers, 'childSchool');
      await insertChild(trx, {
        id: childId,
        service_id: serviceId,
        nhs_number: child.nhsNumber,
        given_name: given,
        family_name: family,
        known_as: text(answers, 'childKnownAs'),
        date_of_birth: child.dateOfBirth,
        sex: text(answers, 'childSex') ?? 'unknown',
        address_line_1: text(answers, 'childAddressLine1') ?? '',
        address_line_2: text(answers, 'childAddressLine2'),
        town: text(answers, 'childTown') ?? '',
        postcode: child.postcode ?? '',
        // A typed practice or school keeps its code too, so that an import that lists it later matches it.
        gp_practice_code:
          gp !== null && /^[A-Z0-9]{3,8}$/u.test(gp) ? gp : (typedPlace(answers, 'childGp')?.code ?? null),
        school_urn:
          school !== null && /^\d{5,8}$/u.test(school) ? school : (typedPlace(answers, 'childSchool')?.code ?? null),
        gp_practice_typed: typedPlaceJson(answers, 'childGp'),
        school_typed: typedPlaceJson(answers, 'childSchool'),
        language: text(answers, 'childLanguage'),
        interpreter_needed: text(answers, 'interpreterNeeded') === 'yes' ? 1 : 0,
        access_needs: text(answers, 'accessNeeds'),
        created_at: nowIso,
        updated_at: nowIso,
        version: 1,
      });
    }

    const prefix = options.referencePrefix ?? 'OT';
    let reference = newReference(prefix, (n) => randomBytes(n));
    // 40 random bits make a clash rare; checking first keeps a PostgreSQL transaction from aborting on one.
    for (let tries = 0; tries < 5; tries += 1) {
      if (!(await referenceTaken(trx, reference))) break;
      reference = newReference(prefix, (n) => randomBytes(n));
    }
    const id = randomUUID();
    const received = options.received;
    const receivedOn = received?.on ?? londonDate(now);
    await insertReferral(trx, {
      id,
      service_id: serviceId,
      reference,
      child_id: childId,
      status: 'awaiting-triage',
      source: received?.source ?? 'online',
      received_at: nowIso,
      received_on: receivedOn,
      referrer_type: text(answers, 'referrerType') ?? '',
      referrer_name: text(answers, 'referrerName') ?? '',
      referrer_email: text(answers, 'referrerEmail'),
      answers: JSON.stringify(answers),
      eligibility_outcome: decision.outcome,
      eligibility: JSON.stringify(decision),
      policy_version: decision.policyVersion,
      child_match: matchStateOf(match),
      // The record that may be this child (possible), or that has this NHS number with other details (conflict).
      possible_child_id: match.kind === 'possible' || match.kind === 'nhs-number-conflict' ? match.childId : null,
      safeguarding_concern: text(answers, 'safeguarding') === 'yes' ? 1 : 0,
      idempotency_key: draft.idempotencyKey,
      created_by: ctx.actorUserId,
      created_at: nowIso,
      updated_at: nowIso,
      version: 1,
      // Triage sets these when it decides.
      pathway: null,
      priority: null,
      setting: null,
      reply_due_on: null,
      decided_at: null,
      overridden: 0,
      // The triage clock starts when the referral arrived (for one registered by staff, the day it came).
      clock_from: receivedOn,
      reply_reminded_at: null,
    });

    const sharing = answers.consentSharing;
    await insertConsent(trx, {
      referral_id: id,
      service_id: serviceId,
      given_by: text(answers, 'consentGivenBy') === 'young-person' ? 'young-person' : 'parent',
      given_by_name: text(answers, 'consentName') ?? '',
      given_on: text(answers, 'consentDate') ?? londonDate(now),
      sharing: JSON.stringify(Array.isArray(sharing) ? sharing.filter((s) => s !== 'none') : []),
      recorded_by: text(answers, 'referrerName') ?? '',
      recorded_at: nowIso,
    });

    await deps.audit.record(trx, ctx, {
      action: 'referral.submitted',
      subjectType: 'referral',
      subjectId: id,
      serviceId,
      detail: { source: received?.source ?? 'online', eligibility: decision.outcome, childMatch: match.kind },
    });

    const personalisation = {
      reference,
      child_initials: initials(given, family),
      service_name: qctx.definition.serviceName,
      service_telephone: qctx.definition.contact.telephone,
    };
    const about = { subject: { type: 'referral', id } };
    const referrerEmail = text(answers, 'referrerEmail');
    if (referrerEmail !== null) {
      await deps.outbox.enqueue(trx, {
        serviceId,
        channel: 'email',
        template: 'referral-received-referrer',
        recipient: referrerEmail,
        personalisation,
        ...about,
      });
    }
    // The family hears too, unless the referrer is the parent who will already have the e-mail above.
    const familyEmail = text(answers, 'parent1Email');
    const familyPhone = text(answers, 'parent1Phone')?.replace(/[\s\-()]/gu, '') ?? null;
    if (familyEmail !== null && familyEmail !== referrerEmail) {
      await deps.outbox.enqueue(trx, {
        serviceId,
        channel: 'email',
        template: 'referral-received-family',
        recipient: familyEmail,
        personalisation,
        ...about,
      });
    } else if (familyEmail === null && familyPhone !== null && MOBILE.test(familyPhone) && referrerEmail === null) {
      await deps.outbox.enqueue(trx, {
        serviceId,
        channel: 'sms',
        template: 'referral-received-family',
        recipient: familyPhone,
        personalisation,
        ...about,
      });
    }

    await attachDraftFilesToReferral(trx, serviceId, draft.id, id);
    await markDraftSubmitted(trx, draft.id, id, nowIso);
    return { id, reference };
  }

  return {
    decisionFor,

    async submit(
      ctx: RequestContext,
      draft: Draft,
      qctx: QuestionContext,
      options: SubmitOptions = {},
    ): Promise<Submission> {
      const serviceId = qctx.definition.id;
      const before = await existing(serviceId, draft);
      if (before !== undefined) return ok({ referralId: before.id, reference: before.reference, repeated: true });
      const missing = firstUnanswered(qctx, draft.answers, new Set(draft.visited));
      if (missing !== undefined) return incomplete(missing);
      const decision = await decisionFor(draft.answers, qctx);
      if (decision === undefined) {
        const first = firstUnanswered(qctx, {}, new Set());
        if (first === undefined) throw new Error('The referral form has no pages.');
        return incomplete(first);
      }
      // A referral that already arrived by post, e-mail or telephone is registered whatever the rules say: it goes to
      // triage with its decision, for a clinician to answer. Only one made online can be stopped before it is sent.
      if (decision.outcome === 'ineligible' && options.received === undefined) {
        return failed(problem('ineligible', 'The referral criteria found this referral ineligible.', { decision }));
      }
      try {
        const written = await db.transaction().execute(async (trx) => {
          // Inside the transaction too: on SQLite the write lock makes a second submission wait for the first, then
          // see its referral here.
          const raced = await referralByIdempotencyKey(trx, serviceId, draft.idempotencyKey);
          if (raced !== undefined) return { ...raced, repeated: true };
          return { ...(await write(trx, ctx, draft, qctx, decision, options)), repeated: false };
        });
        return ok({ referralId: written.id, reference: written.reference, repeated: written.repeated });
      } catch (err) {
        // Two submissions at once on PostgreSQL: the unique key lets one in; the other gets the same reference.
        if (!isUniqueViolation(err)) throw err;
        const winner = await referralByIdempotencyKey(db, serviceId, draft.idempotencyKey);
        if (winner === undefined) throw err;
        return ok({ referralId: winner.id, reference: winner.reference, repeated: true });
      }
    },
  };
}

export type SubmitReferralService = ReturnType<typeof createSubmitReferral>;
