/**
 * What the second-step pages show (docs/adr/0032): the set-up page's QR code (an SVG made here, on the server) and
 * secret, and the recovery codes shown once.
 */
import QRCode from 'qrcode';
import type { Field } from '../../../domain/forms/fields.js';
import { fieldModels, problemsFrom } from '../../forms/field-models.js';
import type { FormErrors } from '../../forms/form.js';

export const drawnFields = (fields: readonly Field[], values: Record<string, unknown>, errors?: FormErrors) =>
  fieldModels(fields, {}, values, problemsFrom(errors), {}, { ownHeading: true });

/**
 * The QR code of an `otpauth://` address as an SVG, with a title for assistive technology. It is made from our own
 * address and a secret of base32 letters (an e-mail address's characters are percent-encoded in it), never from
 * markup a person typed.
 */
export async function qrCodeSvg(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, width: 200 });
  return svg
    .replace('<svg ', '<svg role="img" aria-labelledby="qr-title" focusable="false" ')
    .replace(/(<svg[^>]*>)/u, '$1<title id="qr-title">QR code to scan with your authenticator app</title>');
}

/** The recovery codes as a text file to download (a data: address, so that nothing of them is kept to serve later). */
export function recoveryCodesDownload(codes: readonly string[], email: string): string {
  const text = [
    `Otway recovery codes for ${email}`,
    'Each code works once, in place of a code from your authenticator app.',
    '',
    ...codes,
    '',
  ].join('\n');
  return `data:text/plain;charset=utf-8,${encodeURIComponent(text)}`;
}
