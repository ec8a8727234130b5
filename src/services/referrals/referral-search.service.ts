/**
 * Finding a referral someone telephones about: by its reference, by the child's family name (and given name) with
 * their date of birth, or by the child's NHS number; and the read-only summary an admin officer opens from the
 * results. Only the active service's referrals are searched. Every search is audited with what kind it was and how
 * many it found, never with what was searched for: a name or NHS number typed here stays out of the audit trail.
 */
import {
  referralSummary,
  referralsByDateOfBirth,
  referralsByNhsNumber,
  referralsByReference,
  type FoundReferral,
} from '../../data/referrals/search.repository.js';
import type { Executor } from '../../data/executor.js';
import { ADDRESS_FIELDS } from '../../domain/letters/compose.js';
import { referralChildAddressSealed } from '../../data/record/child-alerts.repository.js';
import { nameKey } from '../../domain/referrals/child-match.js';
import type { Answers } from '../../domain/forms/fields.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RequestContext } from '../shared/context.js';

export type { FoundReferral };

/** The most results a search shows; more than this and the person is asked to narrow it. */
export const SEARCH_RESULT_LIMIT = 50;
/**
 * Referrals of children born on one day that a name search compares. A service sees a handful a day; this bounds the
 * work if a date is shared by many (test data, a placeholder date of birth).
 */
const BIRTH_DATE_CANDIDATES = 2000;

export type SearchKind = 'reference' | 'name' | 'nhs-number';

export type ReferralSearch =
  | { kind: 'reference'; reference: string }
  | { kind: 'nhs-number'; nhsNumber: string }
  | { kind: 'name'; familyName: string; givenName: string | null; dateOfBirth: string };

export interface SearchOutcome {
  referrals: FoundReferral[];
  /** More matched than are shown. */
  more: boolean;
}

export interface ReferralSummary extends FoundReferral {
  source: string;
  receivedAt: string;
  referrerType: string;
  referrer: {
    name: string;
    role: string | null;
    organisation: string | null;
    email: string | null;
    phone: string | null;
  };
  /** The child's address lines, or null when it is sealed (not to be disclosed). */
  address: string[] | null;
}

/** Names as people mean them: "O'Brien", "obrien" and "O’BRIEN" are one name, as are "Zoë" and "Zoe". */
function nameMatches(found: FoundReferral, familyName: string, givenName: string | null): boolean {
  if (nameKey(found.child.familyName) !== nameKey(familyName)) return false;
  if (givenName === null) return true;
  const given = nameKey(givenName);
  return (
    nameKey(found.child.givenName) === given || (found.child.knownAs !== null && nameKey(found.child.knownAs) === given)
  );
}

function parseAnswers(text: string): Answers {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Answers) : {};
  } catch {
    return {};
  }
}

const answerText = (answers: Answers, name: string): string | null => {
  const value = answers[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
};

export function createReferralSearch(deps: { db: Executor; audit: AuditService }) {
  const { db, audit } = deps;

  async function find(serviceId: string, search: ReferralSearch): Promise<SearchOutcome> {
    const limit = SEARCH_RESULT_LIMIT;
    switch (search.kind) {
      case 'reference':
        return { referrals: await referralsByReference(db, serviceId, search.reference), more: false };
      case 'nhs-number': {
        const rows = await referralsByNhsNumber(db, serviceId, search.nhsNumber, limit + 1);
        return { referrals: rows.slice(0, limit), more: rows.length > limit };
      }
      case 'name': {
        const candidates = await referralsByDateOfBirth(db, serviceId, search.dateOfBirth, BIRTH_DATE_CANDIDATES);
        const rows = candidates.filter((r) => nameMatches(r, search.familyName, search.givenName));
        return { referrals: rows.slice(0, limit), more: rows.length > limit };
      }
    }
  }

  return {
    /** Searches the service's referrals, newest first, and records the search (its kind and count only). */
    async search(ctx: RequestContext, serviceId: string, search: ReferralSearch): Promise<SearchOutcome> {
      const outcome = await find(serviceId, search);
      await audit.record(db, ctx, {
        action: 'referral.searched',
        serviceId,
        outcome: 'success',
        detail: {
          kind: search.kind,
          results: outcome.referrals.length,
          more: outcome.more,
          ...(search.kind === 'name' && { givenName: search.givenName !== null }),
        },
      });
      return outcome;
    },

    /** A search refused for its input (400): recorded too, with its kind when one was chosen, and nothing typed. */
    async refused(ctx: RequestContext, serviceId: string, kind: SearchKind | null): Promise<void> {
      await audit.record(db, ctx, {
        action: 'referral.searched',
        serviceId,
        outcome: 'failure',
        detail: { kind: kind ?? 'none', reason: 'invalid-input' },
      });
    },

    /**
     * One referral of the service, read-only. `sealed` names answer fields not to disclose; the child's address is
     * withheld too when their record has a sealed-address alert in force.
     */
    async summary(
      serviceId: string,
      referralId: string,
      sealed: ReadonlySet<string> = new Set(),
    ): Promise<ReferralSummary | undefined> {
      const row = await referralSummary(db, serviceId, referralId);
      if (row === undefined) return undefined;
      const answers = parseAnswers(row.answers);
      const addressSealed =
        ADDRESS_FIELDS.some((f) => sealed.has(f)) || (await referralChildAddressSealed(db, serviceId, referralId));
      return {
        id: row.id,
        reference: row.reference,
        status: row.status,
        receivedOn: row.receivedOn,
        child: row.child,
        source: row.source,
        receivedAt: row.receivedAt,
        referrerType: row.referrerType,
        referrer: {
          name: row.referrerName,
          role: answerText(answers, 'referrerRole'),
          organisation: answerText(answers, 'referrerOrganisation'),
          email: row.referrerEmail ?? answerText(answers, 'referrerEmail'),
          phone: answerText(answers, 'referrerPhone'),
        },
        address: addressSealed
          ? null
          : [row.address.line1, row.address.line2, row.address.town, row.address.postcode].filter(
              (l): l is string => l !== null && l.trim() !== '',
            ),
      };
    },
  };
}

export type ReferralSearchService = ReturnType<typeof createReferralSearch>;
