/**
 * An open request for EHCP health advice about a child the service knows (matched by NHS number, name and date of
 * birth, so it is that child's record), received today, with an exception and a document: through the use cases, as
 * the log form, the exception form and the upload would make them.
 */
import { randomUUID } from 'node:crypto';
import type { Dependencies } from '../../src/composition.js';
import { createFileStore } from '../../src/data/files/file-store.js';
import { emptyContent } from '../../src/domain/ehcp/advice.js';
import { londonDate } from '../../src/domain/shared/dates.js';
import { systemContext } from '../../src/services/shared/context.js';
import { LLR } from './test-app.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const dateParts = (name: string, iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year };
};

export async function anEhcpRequestFor(
  deps: Dependencies,
  childId: string,
  actorUserId: string,
  serviceId = LLR,
): Promise<{ requestId: string; exceptionId: string; documentId: string }> {
  const child = await deps.database.db
    .selectFrom('children')
    .selectAll()
    .where('service_id', '=', serviceId)
    .where('id', '=', childId)
    .executeTakeFirstOrThrow();
  const ctx = { ...systemContext('ehcp-requests-world'), serviceId, actorUserId };
  const today = londonDate(deps.clock());
  const logged = await deps.ehcpRequests.log(ctx, {
    kind: 'needs-assessment',
    laCode: deps.registry.byId(serviceId)?.eligibility.school.localAuthorities[0]?.code ?? '',
    laReference: 'EHC/WORLD/1',
    laContactName: 'Priya Shah',
    laContactEmail: 'send.team@example.gov.uk',
    ...dateParts('receivedOn', today),
    familyCopy: 'no',
    childNhsNumber: child.nhs_number ?? '',
    childGivenName: child.given_name,
    childFamilyName: child.family_name,
    ...dateParts('childDateOfBirth', child.date_of_birth),
    childSex: child.sex,
    childAddressLine1: child.address_line_1,
    childTown: child.town,
    childPostcode: child.postcode,
  });
  if (!logged.ok) throw new Error(`The EHCP request was not logged: ${logged.problem.message}`);
  const stored = await deps.database.db
    .selectFrom('ehcp_requests')
    .select('child_id')
    .where('id', '=', logged.requestId)
    .executeTakeFirstOrThrow();
  if (stored.child_id !== childId) throw new Error('The EHCP request was not matched to the child’s record');
  const recorded = await deps.ehcpRequests.recordException(ctx, logged.requestId, {
    kind: 'personal-circumstances',
    ...dateParts('startsOn', today),
    evidence: 'A letter from the family about a bereavement',
  });
  if (!recorded.ok) throw new Error(`The exception was not recorded: ${recorded.problem.message}`);
  const added = await deps.ehcpRequests.addDocument(ctx, logged.requestId, 'request-letter.pdf', PDF);
  if (!added.ok) throw new Error(`The document was not added: ${added.problem.message}`);
  return { requestId: logged.requestId, exceptionId: recorded.exceptionId, documentId: added.documentId };
}

/**
 * Advice in each state a page needs, on new requests about the same child: a draft written by `clinicianId` (through
 * the use case), advice with `clinicianId` as its reviewer (written by `otherClinicianId`), signed advice with its
 * PDF in the file store and a delivery by post waiting to be printed, and a request with no advice yet. Rows of the
 * reviewed and signed advice are written directly: their flows are the advice tests' to drive.
 */
export async function ehcpAdviceInEveryState(
  deps: Dependencies,
  childId: string,
  people: { officerId: string; clinicianId: string; otherClinicianId: string },
  serviceId = LLR,
): Promise<{ draftId: string; inReviewId: string; signedId: string; deliveryId: string; noAdviceRequestId: string }> {
  const db = deps.database.db;
  const now = deps.clock().toISOString();
  const ctx = {
    ...systemContext('ehcp-requests-world'),
    serviceId,
    actorUserId: people.clinicianId,
    actorRoles: ['clinician' as const],
  };
  const forDraft = await anEhcpRequestFor(deps, childId, people.officerId, serviceId);
  const started = await deps.ehcpAdvice.start(ctx, forDraft.requestId);
  if (!started.ok) throw new Error(`The draft advice was not started: ${started.problem.message}`);
  const row = (requestId: string, status: 'in-review' | 'signed', storedAs: string | null) => ({
    id: randomUUID(),
    service_id: serviceId,
    request_id: requestId,
    child_id: childId,
    author_id: status === 'signed' ? people.clinicianId : people.otherClinicianId,
    status,
    content: JSON.stringify(emptyContent()),
    reused_from_advice_id: null,
    reuse_agreement: null,
    reviewer_id: status === 'in-review' ? people.clinicianId : null,
    review_requested_at: status === 'in-review' ? now : null,
    reviewed_at: null,
    review_outcome: null,
    review_comment: null,
    signed_by: status === 'signed' ? people.clinicianId : null,
    signed_at: status === 'signed' ? now : null,
    stored_as: storedAs,
    created_at: now,
    updated_at: now,
    version: 1,
  });
  const inReview = row(
    (await anEhcpRequestFor(deps, childId, people.officerId, serviceId)).requestId,
    'in-review',
    null,
  );
  const forSigned = (await anEhcpRequestFor(deps, childId, people.officerId, serviceId)).requestId;
  const signed = row(forSigned, 'signed', await createFileStore(deps.config.attachmentsDir).put(serviceId, PDF));
  await db.insertInto('ehcp_advice').values([inReview, signed]).execute();
  const deliveryId = randomUUID();
  await db
    .insertInto('ehcp_deliveries')
    .values({
      id: deliveryId,
      service_id: serviceId,
      request_id: forSigned,
      advice_id: signed.id,
      recipient: 'authority',
      method: 'post',
      to_name: 'SEND Assessment Team',
      to_email: null,
      to_address: JSON.stringify({ lines: ['County Hall', 'Glenfield'], postcode: 'LE3 8RA' }),
      outbox_message_id: null,
      printed_at: null,
      sent_on: londonDate(deps.clock()),
      sent_by: people.officerId,
      created_at: now,
    })
    .execute();
  const noAdvice = await anEhcpRequestFor(deps, childId, people.officerId, serviceId);
  return {
    draftId: started.adviceId,
    inReviewId: inReview.id,
    signedId: signed.id,
    deliveryId,
    noAdviceRequestId: noAdvice.requestId,
  };
}
