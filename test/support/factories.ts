/**
 * Referrals in any state, made through the use cases the pages call (never by writing rows), so a test starts from
 * what Otway itself would have stored:
 *
 *   const { id, reference } = await aReferral().from('education-staff').accepted().create(t.deps);
 *   const asked = await aReferral({ childGivenName: 'Ivy' }).moreInformationRequested().create(t.deps);
 *
 * A draft is started, each page the form would ask is answered with the same fields a person sends
 * (`answersFor`, parsed by the page's own rules), the answers are saved to the draft, the draft is submitted, and then
 * each decision is taken by the triage use case as a clinician of the service. The pages' look-ups in the reference data are not made: a test that
 * names a practice or school code must import the reference data itself if the pages are to find it. Tests about the
 * public form itself fill it in over HTTP (`completeReferral`); everything else starts here.
 */
import { randomUUID } from 'node:crypto';
import type { Dependencies } from '../../src/composition.js';
import type { Role } from '../../src/domain/access/roles.js';
import type { ReferralAction } from '../../src/domain/referrals/lifecycle.js';
import { answerPage, firstUnanswered, type QuestionContext } from '../../src/domain/referrals/questions.js';
import { londonDate } from '../../src/domain/shared/dates.js';
import type { RequestContext } from '../../src/services/shared/context.js';
import { answersFor, type ReferralCase, type ReferrerType } from './referral.js';
import { LLR } from './test-app.js';

export interface CreatedReferral {
  id: string;
  reference: string;
  /** The version its page would now post back (each decision moves it on by one). */
  version: number;
}

/** Who takes the factory's decisions: a triage clinician of the service, as the audit trail records. */
function clinicianContext(serviceId: string, actorUserId: string | null): RequestContext {
  const roles: Role[] = ['triage-clinician'];
  return {
    serviceId,
    actorUserId,
    actorRoles: roles,
    ip: null,
    correlationId: `factory-${randomUUID()}`,
    recorded: new Set(),
  };
}

const DECISIONS = {
  accepted: { type: 'accept', pathway: 'coordination', priority: 'routine', setting: 'clinic' },
  declined: { type: 'decline', reason: 'Needs can be met by the school with the advice given.', signposting: [] },
  redirected: { type: 'redirect', to: 'Speech and language therapy', note: 'The difficulties are with speech.' },
  moreInformationRequested: {
    type: 'request-information',
    whatIsNeeded: 'A recent school report describing the handwriting difficulties.',
    replyBy: '',
  },
  withdrawn: { type: 'withdraw', reason: 'The family asked to withdraw the referral.' },
} as const;

export class ReferralFactory {
  private c: ReferralCase;
  private serviceId = LLR;
  private readonly decisions: ((today: string) => ReferralAction)[] = [];
  private files: { name: string; bytes: Uint8Array }[] = [];
  private decidedBy: string | null = null;

  constructor(c: Partial<ReferralCase> = {}) {
    this.c = { referrerType: 'gp', ...c };
  }

  /** Who refers: a GP, a teacher, a parent... (the form asks each its own questions). */
  from(referrerType: ReferrerType): this {
    this.c = { ...this.c, referrerType };
    return this;
  }

  /** The child and the rest of the case, as in `answersFor`. */
  with(c: Partial<ReferralCase>): this {
    this.c = { ...this.c, ...c };
    return this;
  }

  inService(serviceId: string): this {
    this.serviceId = serviceId;
    return this;
  }

  /** A file uploaded with the referral (it is scanned and stored as an upload from the form would be). */
  withFile(name: string, bytes: Uint8Array): this {
    this.files = [...this.files, { name, bytes }];
    return this;
  }

  /** The member of staff named in the audit trail for the decisions (none: the system). */
  decidedByUser(userId: string): this {
    this.decidedBy = userId;
    return this;
  }

  /** Any decision, in order after the ones before it. */
  then(action: ReferralAction | ((today: string) => ReferralAction)): this {
    this.decisions.push(typeof action === 'function' ? action : () => action);
    return this;
  }

  accepted(fields: Partial<Extract<ReferralAction, { type: 'accept' }>> = {}): this {
    return this.then({ ...DECISIONS.accepted, ...fields });
  }

  declined(fields: Partial<Extract<ReferralAction, { type: 'decline' }>> = {}): this {
    return this.then({ ...DECISIONS.declined, signposting: [], ...fields });
  }

  redirected(fields: Partial<Extract<ReferralAction, { type: 'redirect' }>> = {}): this {
    return this.then({ ...DECISIONS.redirected, ...fields });
  }

  /** Asked the referrer for more: the reply is due in 15 days unless `replyBy` says otherwise. */
  moreInformationRequested(fields: Partial<Extract<ReferralAction, { type: 'request-information' }>> = {}): this {
    return this.then((today) => ({
      ...DECISIONS.moreInformationRequested,
      replyBy: addDays(today, 15),
      ...fields,
    }));
  }

  informationReceived(note = 'The school report arrived by post.'): this {
    return this.then({ type: 'information-received', note });
  }

  closedWithAdvice(advice = 'Advice on handwriting sent to the school.', override?: string): this {
    return this.then({ type: 'give-advice', advice, ...(override !== undefined && { override }) });
  }

  withdrawn(reason: string = DECISIONS.withdrawn.reason): this {
    return this.then({ type: 'withdraw', reason });
  }

  async create(deps: Dependencies): Promise<CreatedReferral> {
    const definition = deps.registry.byId(this.serviceId);
    if (definition === undefined) throw new Error(`No service ${this.serviceId} in this test app`);
    const loaded = await deps.referenceData.loaded();
    const qctx: QuestionContext = {
      definition,
      today: londonDate(deps.clock()),
      practicesLoaded: loaded.practices,
      schoolsLoaded: loaded.schools,
    };

    // With the reference data loaded the form asks for a practice and school from it: Empingham Medical Centre and
    // a Leicester school, unless the case names others.
    const c: ReferralCase = {
      ...this.c,
      gp: this.c.gp ?? (loaded.practices ? 'C82044' : undefined),
      school: this.c.school ?? (loaded.schools ? '134809' : undefined),
    };
    const token = await deps.referralDrafts.start(definition.id, 'online', null);
    const started = await deps.referralDrafts.open(definition.id, token);
    if (started === undefined) throw new Error('The draft could not be opened');
    // Each page in turn, as the form asks them, with the answers so far; saved once at the end (the draft a person
    // leaves after the last page, without a write for each page on the way).
    let answers = started.answers;
    const visited = new Set(started.visited);
    for (let step = 0; step < 80; step += 1) {
      const page = firstUnanswered(qctx, answers, visited);
      if (page === undefined) break;
      const answered = answerPage(page, answersFor(page.id, c), answers, qctx.today);
      if (!answered.ok) {
        const problems = answered.problems.map((p) => `${p.field}: ${p.message}`).join('; ');
        throw new Error(`The referral page ${page.id} refused the case's answers: ${problems}`);
      }
      answers = answered.answers;
      visited.add(page.id);
    }
    if (!(await deps.referralDrafts.save(started, answers, [...visited]))) throw new Error('Saving the draft failed');
    const draft = await deps.referralDrafts.open(definition.id, token);
    if (draft === undefined) throw new Error('The draft could not be opened again');
    for (const file of this.files) {
      const added = await deps.referralAttachments.add(definition.id, draft.id, file.name, file.bytes);
      if (!added.ok) throw new Error(`The file ${file.name} was refused: ${added.problem.message}`);
    }

    const submitted = await deps.submitReferral.submit(
      { ...clinicianContext(definition.id, null), actorRoles: [] },
      draft,
      qctx,
      { referencePrefix: definition.referencePrefix },
    );
    if (!submitted.ok) throw new Error(`The referral was not submitted: ${submitted.problem.code}`);

    const ctx = clinicianContext(definition.id, this.decidedBy);
    for (const decision of this.decisions) {
      const current = await deps.triage.referral(definition.id, submitted.referralId);
      if (current === undefined) throw new Error('The submitted referral is not found');
      const action = decision(qctx.today);
      const decided = await deps.triage.decide(ctx, definition.id, submitted.referralId, current.version, action);
      if (!decided.ok) {
        throw new Error(`Deciding "${action.type}" failed: ${decided.problem.message}`);
      }
    }
    const created = await deps.triage.referral(definition.id, submitted.referralId);
    if (created === undefined) throw new Error('The submitted referral is not found');
    return { id: submitted.referralId, reference: submitted.reference, version: created.version };
  }
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A referral for a child, by default Amara Ndiaye referred by her GP; see `ReferralFactory`. */
export function aReferral(c: Partial<ReferralCase> = {}): ReferralFactory {
  return new ReferralFactory(c);
}
