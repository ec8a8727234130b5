import { describe, expect, it } from 'vitest';
import { safeErrorText } from './notify-provider.js';

const MESSAGE = {
  recipient: 'jane.doe@example.com',
  personalisation: { reference: 'OT-7KQ4-M2XD', child_initials: 'J D', service_name: 'LLR OT' },
};

describe('safeErrorText', () => {
  it('keeps what Notify says about fields and limits', () => {
    expect(
      safeErrorText('Sending: Notify answered 400 (ValidationError: email_address Not a valid email address)', MESSAGE),
    ).toBe('Sending: Notify answered 400 (ValidationError: email_address Not a valid email address)');
  });

  it('takes out the recipient, the personalisation, and anything shaped like an address or a phone number', () => {
    expect(
      safeErrorText(
        'Notify answered 400 (BadRequestError: jane.doe@example.com, OT-7KQ4-M2XD, someone@else.test, 07700 900123, LLR OT)',
        MESSAGE,
      ),
    ).toBe('Notify answered 400 (BadRequestError: [redacted], [redacted], [redacted], [redacted], [redacted])');
  });

  it('is short: at most 200 characters on one line', () => {
    const long = safeErrorText(`Notify answered 400 (${'word '.repeat(100)}\nmore)`, MESSAGE);
    expect(long).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
    expect(long).not.toContain('\n');
  });
});
