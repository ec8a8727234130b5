/**
 * Runs the migrations, listed here in order. Each is frozen once shipped and named by its timestamp.
 */
import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import * as foundation from './migrations/2026-11-27T09-00-00-foundation.js';
import * as referenceData from './migrations/2026-11-27T12-00-00-reference-data.js';
import * as outbox from './migrations/2026-11-28T09-00-00-outbox.js';
import * as referrals from './migrations/2026-11-28T10-00-00-referrals.js';
import * as referralAttachments from './migrations/2026-11-28T11-00-00-referral-attachments.js';
import * as triage from './migrations/2026-11-28T12-00-00-triage.js';
import * as worklistIndexes from './migrations/2026-11-28T13-00-00-worklist-indexes.js';
import * as letters from './migrations/2026-11-28T14-00-00-letters.js';
import * as triageClock from './migrations/2026-11-29T09-00-00-triage-clock.js';
import * as referenceSnapshot from './migrations/2026-12-02T10-00-00-reference-snapshot.js';
import * as typedPlaces from './migrations/2026-12-02T12-00-00-typed-places.js';
import * as nhsNumberConflicts from './migrations/2026-12-02T11-00-00-nhs-number-conflicts.js';
import * as outboxLinksAndRetention from './migrations/2026-12-03T09-10-00-outbox-links-and-retention.js';
import * as auditSubjectIndex from './migrations/2026-12-03T09-20-00-audit-subject-index.js';
import * as sharedCounters from './migrations/2026-12-03T09-30-00-shared-counters.js';
import * as twoFactor from './migrations/2026-12-03T09-40-00-two-factor.js';
import * as oidcIdentities from './migrations/2026-12-03T09-50-00-oidc-identities.js';
import * as care from './migrations/2026-12-04T09-00-00-care.js';
import * as appointmentNotices from './migrations/2026-12-04T10-30-00-appointment-notices.js';
import * as equipment from './migrations/2026-12-05T09-00-00-equipment.js';
import * as contactNotes from './migrations/2026-12-05T10-00-00-contact-notes.js';
import * as assessments from './migrations/2026-12-06T10-00-00-assessments.js';
import * as goalsOutcomes from './migrations/2026-12-06T11-00-00-goals-outcomes.js';
import * as consentDischarge from './migrations/2026-12-06T12-00-00-consent-discharge.js';
import * as recordAccess from './migrations/2026-12-06T09-00-00-record-access.js';
import * as advice from './migrations/2026-12-06T13-00-00-advice.js';
import * as ehcp from './migrations/2026-12-07T09-00-00-ehcp.js';
import * as ehcpDeliveryAddress from './migrations/2026-12-07T09-50-00-ehcp-delivery-address.js';
import * as ehcpAdviceReviews from './migrations/2026-12-07T09-55-00-ehcp-advice-reviews.js';
import * as dropReferralsChildIdx from './migrations/2026-12-08T09-00-00-drop-referrals-child-idx.js';

const MIGRATIONS: Record<string, Migration> = {
  '2026-11-27T09-00-00-foundation': foundation,
  '2026-11-27T12-00-00-reference-data': referenceData,
  '2026-11-28T09-00-00-outbox': outbox,
  '2026-11-28T10-00-00-referrals': referrals,
  '2026-11-28T11-00-00-referral-attachments': referralAttachments,
  '2026-11-28T12-00-00-triage': triage,
  '2026-11-28T13-00-00-worklist-indexes': worklistIndexes,
  '2026-11-28T14-00-00-letters': letters,
  '2026-11-29T09-00-00-triage-clock': triageClock,
  '2026-12-02T10-00-00-reference-snapshot': referenceSnapshot,
  '2026-12-02T11-00-00-nhs-number-conflicts': nhsNumberConflicts,
  '2026-12-02T12-00-00-typed-places': typedPlaces,
  '2026-12-03T09-10-00-outbox-links-and-retention': outboxLinksAndRetention,
  '2026-12-03T09-20-00-audit-subject-index': auditSubjectIndex,
  '2026-12-03T09-30-00-shared-counters': sharedCounters,
  '2026-12-03T09-40-00-two-factor': twoFactor,
  '2026-12-03T09-50-00-oidc-identities': oidcIdentities,
  '2026-12-04T09-00-00-care': care,
  '2026-12-04T10-30-00-appointment-notices': appointmentNotices,
  '2026-12-05T09-00-00-equipment': equipment,
  '2026-12-05T10-00-00-contact-notes': contactNotes,
  '2026-12-06T10-00-00-assessments': assessments,
  '2026-12-06T11-00-00-goals-outcomes': goalsOutcomes,
  '2026-12-06T12-00-00-consent-discharge': consentDischarge,
  '2026-12-06T13-00-00-advice': advice,
  '2026-12-07T09-00-00-ehcp': ehcp,
  '2026-12-07T09-50-00-ehcp-delivery-address': ehcpDeliveryAddress,
  '2026-12-07T09-55-00-ehcp-advice-reviews': ehcpAdviceReviews,
  '2026-12-08T09-00-00-drop-referrals-child-idx': dropReferralsChildIdx,
  '2026-12-06T09-00-00-record-access': recordAccess,
};

export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    throw result.error instanceof Error ? result.error : new Error('A migration failed.', { cause: result.error });
  }
  return result;
}
