import { describe, expect, it } from 'vitest';
import { qrCodeSvg, recoveryCodesDownload } from './two-factor.view-models.js';

describe('the set-up page', () => {
  it('draws the QR code as an SVG with a title, and nothing of markup from the address', async () => {
    const svg = await qrCodeSvg('otpauth://totp/Otway:a%3Cb%3E%40nhs.test?secret=GEZDGNBV&issuer=Otway');
    expect(svg.startsWith('<svg role="img" aria-labelledby="qr-title"')).toBe(true);
    expect(svg).toContain('<title id="qr-title">QR code to scan with your authenticator app</title>');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toMatch(/<script|on\w+=/iu);
  });
});

describe('the recovery codes', () => {
  it('download as a text file made in the page, one code a line', () => {
    const href = recoveryCodesDownload(['abcd-efgh', 'ijkl-mnop'], 'ada@nhs.test');
    expect(href.startsWith('data:text/plain;charset=utf-8,')).toBe(true);
    const text = decodeURIComponent(href.slice('data:text/plain;charset=utf-8,'.length));
    expect(text.split('\n')).toEqual(
      expect.arrayContaining(['Otway recovery codes for ada@nhs.test', 'abcd-efgh', 'ijkl-mnop']),
    );
  });
});
