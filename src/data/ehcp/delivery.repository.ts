/**
 * Sending the signed EHCP advice (`ehcp_deliveries`, issue 15 item 5): the request as sending needs it (its child, its
 * authority, whether the family gets a copy, and its advice with who signed it), each delivery with how its message
 * is getting on, the print list of deliveries by post, and marking one printed. Deliveries are never changed except
 * to be marked printed, and never deleted. Every query names the service.
 */
import type { Executor } from '../executor.js';

export interface RequestToSend {
  id: string;
  childId: string;
  childGivenName: string;
  childFamilyName: string;
  laName: string;
  laReference: string;
  laContactName: string;
  laContactEmail: string | null;
  familyCopy: boolean;
  /** open | answered | withdrawn */
  status: string;
  answeredOn: string | null;
  version: number;
  /** The request's advice, if any has been started; only signed advice (with its PDF) can be sent. */
  advice: {
    id: string;
    status: string;
    storedAs: string | null;
    signedAt: string | null;
    signedByName: string | null;
  } | null;
}

export async function requestToSend(
  db: Executor,
  serviceId: string,
  requestId: string,
): Promise<RequestToSend | undefined> {
  const r = await db
    .selectFrom('ehcp_requests as r')
    .innerJoin('children as c', (j) => j.onRef('c.id', '=', 'r.child_id').on('c.service_id', '=', serviceId))
    .leftJoin('ehcp_advice as a', (j) => j.onRef('a.request_id', '=', 'r.id').on('a.service_id', '=', serviceId))
    .leftJoin('users as s', 's.id', 'a.signed_by')
    .select([
      'r.id',
      'r.child_id',
      'c.given_name',
      'c.family_name',
      'r.la_name',
      'r.la_reference',
      'r.la_contact_name',
      'r.la_contact_email',
      'r.family_copy',
      'r.status',
      'r.answered_on',
      'r.version',
      'a.id as advice_id',
      'a.status as advice_status',
      'a.stored_as',
      'a.signed_at',
      's.display_name as signed_by_name',
    ])
    .where('r.service_id', '=', serviceId)
    .where('r.id', '=', requestId)
    .executeTakeFirst();
  if (r === undefined) return undefined;
  return {
    id: r.id,
    childId: r.child_id,
    childGivenName: r.given_name,
    childFamilyName: r.family_name,
    laName: r.la_name,
    laReference: r.la_reference,
    laContactName: r.la_contact_name,
    laContactEmail: r.la_contact_email,
    familyCopy: r.family_copy === 1,
    status: r.status,
    answeredOn: r.answered_on,
    version: r.version,
    advice:
      r.advice_id === null || r.advice_status === null
        ? null
        : {
            id: r.advice_id,
            status: r.advice_status,
            storedAs: r.stored_as,
            signedAt: r.signed_at,
            signedByName: r.signed_by_name,
          },
  };
}

/**
 * Moves the request's version on when the page it was sent from was drawn at `version`: two people sending the same
 * advice at once send it once, and the second is told what the first did. False when the version had moved.
 */
export async function claimRequestForSending(
  db: Executor,
  serviceId: string,
  requestId: string,
  version: number,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('ehcp_requests')
    .set((eb) => ({ updated_at: now, version: eb('version', '+', 1) }))
    .where('service_id', '=', serviceId)
    .where('id', '=', requestId)
    .where('version', '=', version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface NewDelivery {
  id: string;
  requestId: string;
  adviceId: string;
  recipient: 'authority' | 'family';
  method: 'email' | 'post';
  toName: string;
  toEmail: string | null;
  /** JSON: the authority's postal address as typed; null otherwise. */
  toAddress: string | null;
  outboxMessageId: string | null;
  sentOn: string;
  sentBy: string;
  createdAt: string;
}

export async function insertDelivery(db: Executor, serviceId: string, d: NewDelivery): Promise<void> {
  await db
    .insertInto('ehcp_deliveries')
    .values({
      id: d.id,
      service_id: serviceId,
      request_id: d.requestId,
      advice_id: d.adviceId,
      recipient: d.recipient,
      method: d.method,
      to_name: d.toName,
      to_email: d.toEmail,
      to_address: d.toAddress,
      outbox_message_id: d.outboxMessageId,
      printed_at: null,
      sent_on: d.sentOn,
      sent_by: d.sentBy,
      created_at: d.createdAt,
    })
    .execute();
}

export interface DeliverySummary {
  id: string;
  recipient: string;
  method: string;
  toName: string;
  toEmail: string | null;
  sentOn: string;
  sentByName: string;
  createdAt: string;
  printedAt: string | null;
  /** The outbox message's status for an e-mail (pending, sending, sent, dead); null for post. */
  messageStatus: string | null;
}

/** A request's deliveries, the latest first. */
export async function deliveriesOfRequest(
  db: Executor,
  serviceId: string,
  requestId: string,
): Promise<DeliverySummary[]> {
  const rows = await db
    .selectFrom('ehcp_deliveries as d')
    .innerJoin('users as u', 'u.id', 'd.sent_by')
    .leftJoin('outbox_messages as m', (j) =>
      j.onRef('m.id', '=', 'd.outbox_message_id').on('m.service_id', '=', serviceId),
    )
    .select([
      'd.id',
      'd.recipient',
      'd.method',
      'd.to_name',
      'd.to_email',
      'd.sent_on',
      'u.display_name',
      'd.created_at',
      'd.printed_at',
      'm.status as message_status',
    ])
    .where('d.service_id', '=', serviceId)
    .where('d.request_id', '=', requestId)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.recipient')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    recipient: r.recipient,
    method: r.method,
    toName: r.to_name,
    toEmail: r.to_email,
    sentOn: r.sent_on,
    sentByName: r.display_name,
    createdAt: r.created_at,
    printedAt: r.printed_at,
    messageStatus: r.message_status ?? null,
  }));
}

export interface DeliveryToPrint {
  id: string;
  requestId: string;
  recipient: string;
  toName: string;
  /** The authority's address as typed (JSON); null for the family's copy. */
  toAddress: string | null;
  laName: string;
  laReference: string;
  childGivenName: string;
  childFamilyName: string;
  /** The child's address in the record: where the family's copy is posted (it may be sealed: see the service). */
  childAddressLines: string[];
  childPostcode: string;
  createdAt: string;
}

/** Deliveries by post not yet printed, oldest first. */
export async function deliveriesToPrint(db: Executor, serviceId: string, limit: number): Promise<DeliveryToPrint[]> {
  const rows = await db
    .selectFrom('ehcp_deliveries as d')
    .innerJoin('ehcp_requests as r', (j) => j.onRef('r.id', '=', 'd.request_id').on('r.service_id', '=', serviceId))
    .innerJoin('children as c', (j) => j.onRef('c.id', '=', 'r.child_id').on('c.service_id', '=', serviceId))
    .select([
      'd.id',
      'd.request_id',
      'd.recipient',
      'd.to_name',
      'd.to_address',
      'r.la_name',
      'r.la_reference',
      'c.given_name',
      'c.family_name',
      'c.address_line_1',
      'c.address_line_2',
      'c.town',
      'c.postcode',
      'd.created_at',
    ])
    .where('d.service_id', '=', serviceId)
    .where('d.method', '=', 'post')
    .where('d.printed_at', 'is', null)
    .orderBy('d.created_at')
    .orderBy('d.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    requestId: r.request_id,
    recipient: r.recipient,
    toName: r.to_name,
    toAddress: r.to_address,
    laName: r.la_name,
    laReference: r.la_reference,
    childGivenName: r.given_name,
    childFamilyName: r.family_name,
    childAddressLines: [r.address_line_1, r.address_line_2, r.town].filter(
      (l): l is string => l !== null && l.trim() !== '',
    ),
    childPostcode: r.postcode,
    createdAt: r.created_at,
  }));
}

/** A delivery by post with its advice's PDF, for printing; undefined when not this service's or not by post. */
export async function findPostalDelivery(
  db: Executor,
  serviceId: string,
  deliveryId: string,
): Promise<{ id: string; storedAs: string; signedAt: string; recipient: string } | undefined> {
  const r = await db
    .selectFrom('ehcp_deliveries as d')
    .innerJoin('ehcp_advice as a', (j) => j.onRef('a.id', '=', 'd.advice_id').on('a.service_id', '=', serviceId))
    .select(['d.id', 'd.recipient', 'a.stored_as', 'a.signed_at'])
    .where('d.service_id', '=', serviceId)
    .where('d.id', '=', deliveryId)
    .where('d.method', '=', 'post')
    .executeTakeFirst();
  if (r?.stored_as == null || r.signed_at === null) return undefined;
  return { id: r.id, storedAs: r.stored_as, signedAt: r.signed_at, recipient: r.recipient };
}

/** Marks a delivery by post printed (and posted); false when it was not waiting to be printed. */
export async function markDeliveryPrinted(
  db: Executor,
  serviceId: string,
  deliveryId: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('ehcp_deliveries')
    .set({ printed_at: now })
    .where('service_id', '=', serviceId)
    .where('id', '=', deliveryId)
    .where('method', '=', 'post')
    .where('printed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
