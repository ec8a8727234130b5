/**
 * Consent on a child's record (issue 14 item 2): a child's consents with where each stands today, recording one, and
 * withdrawing one (by date and reason, once). The rules and the form's wording are the domain's
 * (`src/domain/record/consent.ts`); each change is audited in its transaction, with the child as its subject; a
 * withdrawal made on a stale reading of the consent (its version moved on) changes nothing.
 */
import { randomUUID } from 'node:crypto';
import {
  consentsOfChild,
  findConsent,
  insertConsent,
  withdrawConsentAtVersion,
  type ConsentRow,
} from '../../data/record/consent.repository.js';
import { findEpisodeOfChild } from '../../data/record/discharge.repository.js';
import type { Executor } from '../../data/executor.js';
import type { FieldProblem } from '../../domain/forms/fields.js';
import {
  consentInForce,
  parseConsent,
  parseWithdrawal,
  type ConsentRecord,
  type SharingAgency,
} from '../../domain/record/consent.js';
import { londonDate } from '../../domain/shared/dates.js';
import { failed, ok, problem, type Outcome, type Problem } from '../../domain/shared/outcome.js';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock, RequestContext } from '../shared/context.js';

export type { ConsentRow };

export type ConsentProblem = Problem<'not-found' | 'invalid-input' | 'stale-version'> & { problems: FieldProblem[] };

type Ctx = RequestContext & { serviceId: string };

export const NO_CONSENT = 'There is no such consent in this service.';
export const STALE_CONSENT =
  'Someone else changed this consent while you were withdrawing it. Check it as it is now and try again';

const refused = (code: ConsentProblem['code'], message: string, problems: FieldProblem[] = []) =>
  failed({ ...problem(code, message), problems });

export interface ConsentWithState extends ConsentRow {
  /** In force today: given and not withdrawn. */
  inForce: boolean;
}

/** Whether consent to share with an agency is in force on a day, from a child's consents. */
export function sharingInForce(rows: readonly ConsentRow[], agency: SharingAgency, on: string): boolean {
  return consentInForce(
    rows.map((r) => r.record),
    'sharing',
    agency,
    on,
  );
}

export function createConsents(deps: { db: Executor; clock: Clock; audit: AuditService }) {
  const { db, clock, audit } = deps;
  const today = () => londonDate(clock());

  return {
    /** A child's consents, the most recently given first, each with whether it is in force today. */
    async ofChild(serviceId: string, childId: string): Promise<{ consents: ConsentWithState[]; today: string }> {
      const rows = await consentsOfChild(db, serviceId, childId);
      const on = today();
      return {
        today: on,
        consents: rows.map((r) => ({
          ...r,
          inForce: r.record.withdrawn === null || r.record.withdrawn.on > on ? r.record.givenOn <= on : false,
        })),
      };
    },

    /** Every consent record of a child, as the domain reads them (for letters). */
    async recordsOfChild(serviceId: string, childId: string): Promise<ConsentRecord[]> {
      return (await consentsOfChild(db, serviceId, childId)).map((r) => r.record);
    },

    find: (serviceId: string, consentId: string) => findConsent(db, serviceId, consentId),

    /** Records a consent from the form, against the child's open episode if there is one; audited. */
    async record(
      ctx: Ctx,
      childId: string,
      sent: Record<string, unknown>,
    ): Promise<Outcome<{ consentId: string }, ConsentProblem>> {
      const parsed = parseConsent(sent, today());
      if (!parsed.ok) {
        return refused('invalid-input', parsed.problems.map((p) => p.message).join('. '), parsed.problems);
      }
      const consentId = randomUUID();
      const recordedBy = ctx.actorUserId;
      if (recordedBy === null) throw new Error('Consent is recorded by a signed-in person');
      await db.transaction().execute(async (trx) => {
        const episode = await findEpisodeOfChild(trx, ctx.serviceId, childId);
        await insertConsent(trx, {
          id: consentId,
          serviceId: ctx.serviceId,
          childId,
          episodeId: episode?.id ?? null,
          record: parsed.value,
          recordedBy,
          now: clock().toISOString(),
        });
        await audit.record(trx, ctx, {
          action: 'consent.recorded',
          serviceId: ctx.serviceId,
          subjectType: 'child',
          subjectId: childId,
          detail: {
            consent: consentId,
            kind: parsed.value.kind,
            ...(parsed.value.agency !== null && { agency: parsed.value.agency.code }),
            givenBy: parsed.value.givenBy.kind,
          },
        });
      });
      return ok({ consentId });
    },

    /** Withdraws a consent, if still at `version` and not withdrawn already; audited. */
    async withdraw(
      ctx: Ctx,
      consentId: string,
      version: number,
      sent: Record<string, unknown>,
    ): Promise<Outcome<{ childId: string }, ConsentProblem>> {
      const found = await findConsent(db, ctx.serviceId, consentId);
      if (found === undefined) return refused('not-found', NO_CONSENT);
      if (found.version !== version) return refused('stale-version', STALE_CONSENT);
      const parsed = parseWithdrawal(sent, found.record, today());
      if (!parsed.ok) {
        return refused('invalid-input', parsed.problems.map((p) => p.message).join('. '), parsed.problems);
      }
      const by = ctx.actorUserId;
      if (by === null) throw new Error('Consent is withdrawn by a signed-in person');
      const done = await db.transaction().execute(async (trx) => {
        const changed = await withdrawConsentAtVersion(
          trx,
          ctx.serviceId,
          consentId,
          version,
          { ...parsed.value, by },
          clock().toISOString(),
        );
        if (!changed) return false;
        await audit.record(trx, ctx, {
          action: 'consent.withdrawn',
          serviceId: ctx.serviceId,
          subjectType: 'child',
          subjectId: found.childId,
          detail: { consent: consentId, kind: found.record.kind, withdrawnOn: parsed.value.on },
        });
        return true;
      });
      if (!done) return refused('stale-version', STALE_CONSENT);
      return ok({ childId: found.childId });
    },
  };
}

export type Consents = ReturnType<typeof createConsents>;
