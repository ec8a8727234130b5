/**
 * Consent on a child's record (`consents`, issue 14 item 2): recorded, then withdrawn by date and reason at most once
 * (the update names the version it read), never removed. Every query names the service.
 */
import type { ConsentGiver, ConsentKind, ConsentRecord, SharingAgency } from '../../domain/record/consent.js';
import type { Executor } from '../executor.js';

export interface ConsentRow {
  id: string;
  childId: string;
  episodeId: string | null;
  record: ConsentRecord;
  recordedBy: string;
  recordedByName: string;
  recordedAt: string;
  version: number;
}

export async function insertConsent(
  db: Executor,
  row: {
    id: string;
    serviceId: string;
    childId: string;
    episodeId: string | null;
    record: ConsentRecord;
    recordedBy: string;
    now: string;
  },
): Promise<void> {
  const { record } = row;
  const giver = record.givenBy;
  await db
    .insertInto('consents')
    .values({
      id: row.id,
      service_id: row.serviceId,
      child_id: row.childId,
      episode_id: row.episodeId,
      kind: record.kind,
      agency_code: record.agency?.code ?? null,
      agency_name: record.agency?.code === 'other' ? record.agency.name : null,
      given_by: giver.kind,
      given_by_name: giver.kind === 'parental-responsibility' ? giver.name : null,
      relationship: giver.kind === 'parental-responsibility' ? giver.relationship : null,
      judged_by: giver.kind === 'competent-young-person' ? giver.judgement.judgedBy : null,
      judged_on: giver.kind === 'competent-young-person' ? giver.judgement.judgedOn : null,
      judgement_note: giver.kind === 'competent-young-person' ? giver.judgement.note : null,
      given_on: record.givenOn,
      withdrawn_on: null,
      withdrawn_reason: null,
      withdrawn_by: null,
      recorded_by: row.recordedBy,
      recorded_at: row.now,
      updated_at: row.now,
      version: 1,
    })
    .execute();
}

function consentQuery(db: Executor, serviceId: string) {
  return db
    .selectFrom('consents')
    .innerJoin('users', 'users.id', 'consents.recorded_by')
    .selectAll('consents')
    .select('users.display_name as recorded_by_name')
    .where('consents.service_id', '=', serviceId);
}

type Row = Awaited<ReturnType<ReturnType<typeof consentQuery>['execute']>>[number];

function agencyOf(row: Row): SharingAgency | null {
  if (row.kind !== 'sharing' || row.agency_code === null) return null;
  if (row.agency_code === 'other') return { code: 'other', name: row.agency_name ?? '' };
  return { code: row.agency_code as Exclude<SharingAgency['code'], 'other'> };
}

function giverOf(row: Row): ConsentGiver {
  return row.given_by === 'competent-young-person'
    ? {
        kind: 'competent-young-person',
        judgement: { judgedBy: row.judged_by ?? '', judgedOn: row.judged_on ?? '', note: row.judgement_note ?? '' },
      }
    : { kind: 'parental-responsibility', name: row.given_by_name ?? '', relationship: row.relationship ?? '' };
}

function toConsent(row: Row): ConsentRow {
  return {
    id: row.id,
    childId: row.child_id,
    episodeId: row.episode_id,
    record: {
      kind: row.kind as ConsentKind,
      agency: agencyOf(row),
      givenBy: giverOf(row),
      givenOn: row.given_on,
      withdrawn: row.withdrawn_on === null ? null : { on: row.withdrawn_on, reason: row.withdrawn_reason ?? '' },
    },
    recordedBy: row.recorded_by,
    recordedByName: row.recorded_by_name,
    recordedAt: row.recorded_at,
    version: row.version,
  };
}

/** A child's consents, the most recently given first. */
export async function consentsOfChild(db: Executor, serviceId: string, childId: string): Promise<ConsentRow[]> {
  const rows = await consentQuery(db, serviceId)
    .where('consents.child_id', '=', childId)
    .orderBy('consents.given_on', 'desc')
    .orderBy('consents.recorded_at', 'desc')
    .execute();
  return rows.map(toConsent);
}

export async function findConsent(db: Executor, serviceId: string, id: string): Promise<ConsentRow | undefined> {
  const row = await consentQuery(db, serviceId).where('consents.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toConsent(row);
}

/** Withdraws a consent not yet withdrawn, if still at `expectedVersion`; false otherwise. */
export async function withdrawConsentAtVersion(
  db: Executor,
  serviceId: string,
  id: string,
  expectedVersion: number,
  withdrawal: { on: string; reason: string; by: string },
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('consents')
    .set({
      withdrawn_on: withdrawal.on,
      withdrawn_reason: withdrawal.reason,
      withdrawn_by: withdrawal.by,
      updated_at: now,
      version: expectedVersion + 1,
    })
    .where('service_id', '=', serviceId)
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('withdrawn_on', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}
