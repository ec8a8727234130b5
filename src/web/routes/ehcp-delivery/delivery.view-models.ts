/**
 * What the send page and the print list show. The send page: the request, whether its advice can be sent (and why
 * not), the form (the authority's e-mail prefilled from the request), the family's copy and how it will go, and what
 * was sent before, to whom and how (which is also the confirmation after sending). The print list: deliveries by
 * post, each with where it goes; the family's address only to admin officers, who post the letters.
 */
import type { Answers, Field, FieldProblem } from '../../../domain/forms/fields.js';
import { addressOf, SEND_FIELDS } from '../../../domain/ehcp/delivery.js';
import { formatLongDate, londonDate } from '../../../domain/shared/dates.js';
import type { DeliverySummary, DeliveryToPrint, EhcpDeliveryService } from '../../../services/ehcp/delivery.service.js';
import { fieldModels, pageErrors } from '../../forms/field-models.js';
import { paths } from '../../paths.js';

type SendForm = NonNullable<Awaited<ReturnType<EhcpDeliveryService['form']>>>;

const RECIPIENTS: Record<string, string> = { authority: 'The local authority', family: 'The family' };

const MESSAGE_STATUS: Record<string, string> = {
  pending: 'Waiting to be sent',
  sending: 'Being sent',
  sent: 'Sent',
  dead: 'Not sent: an administrator can see why on the Messages page',
};

/** How one delivery went, in words. */
export function howSent(d: Pick<DeliverySummary, 'method' | 'toEmail' | 'printedAt' | 'messageStatus'>): string {
  if (d.method === 'email') {
    const status = MESSAGE_STATUS[d.messageStatus ?? ''] ?? 'Queued';
    return `By email to ${d.toEmail ?? ''} (${status.toLowerCase()})`;
  }
  return d.printedAt === null
    ? 'By post (on the print list)'
    : `By post (printed on ${formatLongDate(londonDate(new Date(d.printedAt)))})`;
}

export function deliveryRows(deliveries: readonly DeliverySummary[]) {
  return deliveries.map((d) => ({
    to: RECIPIENTS[d.recipient] ?? d.recipient,
    name: d.toName,
    how: howSent(d),
    sentOn: formatLongDate(d.sentOn),
    sentBy: d.sentByName,
  }));
}

/** The form's fields: the family's copy only when the authority's process expects one. */
function formFields(view: SendForm): Field[] {
  const f = SEND_FIELDS;
  const fields: Field[] = [f.authorityMethod, f.authorityEmail, f.addressLine1, f.addressLine2, f.town, f.postcode];
  if (view.family !== null) fields.push(f.familyCopy);
  return fields;
}

/** What the family's copy will do, in words (never the postal address: it may be sealed). */
function familyCopyText(view: SendForm): string | null {
  const family = view.family;
  if (family === null) return null;
  const { addressee, hasAddress } = family;
  if (addressee.email !== null) return `By email to ${addressee.name} at ${addressee.email}, as a download link.`;
  return hasAddress
    ? `By post to ${addressee.name}, at the family’s address in the record: it goes on the print list.`
    : `By post to ${addressee.name}: the record holds no postal address for the family, so find it before posting.`;
}

export function sendPage(
  view: SendForm,
  options: {
    sent?: Record<string, unknown>;
    problems?: readonly FieldProblem[];
    done: boolean;
    message?: string;
    csrfToken: string;
  },
) {
  const { request } = view;
  const problems = options.problems ?? [];
  const familySentBefore = view.deliveries.some((d) => d.recipient === 'family');
  const defaults: Answers = {
    ...(request.laContactEmail !== null && { authorityMethod: 'email', authorityEmail: request.laContactEmail }),
    ...(!familySentBefore && { familyCopy: ['yes'] }),
  };
  const errors = problems.length === 0 ? undefined : pageErrors(problems, { familyCopy: 'familyCopy' });
  const fields = fieldModels(formFields(view), defaults, options.sent, problems, {}, { ownHeading: true });
  return {
    pageTitle: 'Send the health advice',
    childName: `${request.childGivenName} ${request.childFamilyName}`,
    authority: { name: request.laName, reference: request.laReference, contact: request.laContactName },
    answeredOn: request.answeredOn === null ? null : formatLongDate(request.answeredOn),
    refusal: view.refusal,
    message: options.message ?? null,
    done: options.done,
    emailFields: fields.filter((f) => ['authorityMethod', 'authorityEmail'].includes(f.name)),
    postFields: fields.filter((f) => ['addressLine1', 'addressLine2', 'town', 'postcode'].includes(f.name)),
    familyField: fields.find((f) => f.name === 'familyCopy') ?? null,
    familyCopy: familyCopyText(view),
    version: String(request.version),
    sentBefore: deliveryRows(view.deliveries),
    errors,
    action: paths.ehcp.send.build({ requestId: request.id }),
    requestHref: paths.ehcp.request.build({ requestId: request.id }),
    printListHref: paths.ehcp.printQueue.build(),
    csrfToken: options.csrfToken,
  };
}

/** Where a delivery by post goes: the authority's address as typed, or the family's from the record. */
function postalLines(d: DeliveryToPrint, showFamilyAddress: boolean): string[] {
  if (d.recipient === 'authority') {
    const address = addressOf(d.toAddress);
    return address === null ? ['No address was given: ask the local authority'] : [...address.lines, address.postcode];
  }
  if (!showFamilyAddress) return ['The family’s address is shown to admin officers, who post the letters'];
  const lines = [...d.childAddressLines, d.childPostcode].filter((l) => l.trim() !== '');
  return lines.length === 0 ? ['No address is held for the family: check the child’s record'] : lines;
}

export function printRows(deliveries: readonly DeliveryToPrint[], showFamilyAddress: boolean) {
  return deliveries.map((d) => ({
    id: d.id,
    to: RECIPIENTS[d.recipient] ?? d.recipient,
    name: d.toName,
    addressLines: postalLines(d, showFamilyAddress),
    about: `${d.childGivenName} ${d.childFamilyName}`,
    reference: `${d.laName}, reference ${d.laReference}`,
    created: formatLongDate(londonDate(new Date(d.createdAt))),
    pdfHref: paths.ehcp.deliveryPdf.build({ deliveryId: d.id }),
    printedAction: paths.ehcp.printed.build({ deliveryId: d.id }),
  }));
}
