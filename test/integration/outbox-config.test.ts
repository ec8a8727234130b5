/**
 * The outbox's and GOV.UK Notify's settings, as src/config.ts reads them: defaults for the embedded mode, a key in
 * Notify's format, a template id for each template and channel, and production's refusal to start half configured.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, notifyTemplateVariable } from '../../src/config.js';
import { templateSlots } from '../../src/domain/notifications/templates.js';

const BASE = { NODE_ENV: 'test', SESSION_SECRET: 'a-session-secret-that-is-long-enough-0123456789', DATA_DIR: '.tmp' };
const SERVICE = '26785a09-ab16-4eb0-8407-a37497a57506';
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0';
const KEY = `otway_live-${SERVICE}-${SECRET}`;
const TEMPLATE_ENV = Object.fromEntries(
  templateSlots().map((s, i) => [
    notifyTemplateVariable(s.template, s.channel),
    `${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`,
  ]),
);

describe('outbox and Notify configuration', () => {
  it('records messages locally, polling every 5 seconds with 10 attempts, when no Notify key is given', () => {
    const config = loadConfig(BASE);
    expect(config.notify).toBeNull();
    expect(config.outbox).toEqual({ pollSeconds: 5, maxAttempts: 10, retentionDays: 30 });
  });

  it('names one variable per template and channel', () => {
    expect(templateSlots().map((s) => notifyTemplateVariable(s.template, s.channel))).toEqual([
      'NOTIFY_TEMPLATE_REFERRAL_RECEIVED_REFERRER_EMAIL',
      'NOTIFY_TEMPLATE_REFERRAL_RECEIVED_FAMILY_EMAIL',
      'NOTIFY_TEMPLATE_REFERRAL_RECEIVED_FAMILY_SMS',
      'NOTIFY_TEMPLATE_REFERRAL_DRAFT_LINK_EMAIL',
      'NOTIFY_TEMPLATE_PASSWORD_RESET_LINK_EMAIL',
      'NOTIFY_TEMPLATE_AUDIT_TRAIL_BROKEN_EMAIL',
      'NOTIFY_TEMPLATE_DECISION_LETTER_EMAIL',
      'NOTIFY_TEMPLATE_FEEDBACK_EMAIL',
      'NOTIFY_TEMPLATE_WAITING_WELL_CONTACT_EMAIL',
      'NOTIFY_TEMPLATE_WAITING_WELL_CHECK_IN_SMS',
      'NOTIFY_TEMPLATE_WAITING_WELL_SCHOOL_EMAIL',
      'NOTIFY_TEMPLATE_APPOINTMENT_BOOKED_EMAIL',
      'NOTIFY_TEMPLATE_APPOINTMENT_REMINDER_EMAIL',
      'NOTIFY_TEMPLATE_APPOINTMENT_REMINDER_SMS',
      'NOTIFY_TEMPLATE_APPOINTMENT_CANCELLED_EMAIL',
      'NOTIFY_TEMPLATE_EHCP_ADVICE_EMAIL',
      'NOTIFY_TEMPLATE_EHCP_ADVICE_FAMILY_EMAIL',
    ]);
  });

  it('uses Notify with a key, the live API by default, a 10 second time-out and the template ids given', () => {
    const config = loadConfig({ ...BASE, NOTIFY_API_KEY: KEY, ...TEMPLATE_ENV, OUTBOX_POLL_SECONDS: '30' });
    expect(config.notify).toEqual({
      apiKey: KEY,
      baseUrl: 'https://api.notifications.service.gov.uk',
      timeoutMs: 10_000,
      templateIds: {
        'referral-received-referrer:email': '00000000-0000-4000-8000-000000000000',
        'referral-received-family:email': '00000001-0000-4000-8000-000000000000',
        'referral-received-family:sms': '00000002-0000-4000-8000-000000000000',
        'referral-draft-link:email': '00000003-0000-4000-8000-000000000000',
        'password-reset-link:email': '00000004-0000-4000-8000-000000000000',
        'audit-trail-broken:email': '00000005-0000-4000-8000-000000000000',
        'decision-letter:email': '00000006-0000-4000-8000-000000000000',
        'feedback:email': '00000007-0000-4000-8000-000000000000',
        'waiting-well-contact:email': '00000008-0000-4000-8000-000000000000',
        'waiting-well-check-in:sms': '00000009-0000-4000-8000-000000000000',
        'waiting-well-school:email': '00000010-0000-4000-8000-000000000000',
        'appointment-booked:email': '00000011-0000-4000-8000-000000000000',
        'appointment-reminder:email': '00000012-0000-4000-8000-000000000000',
        'appointment-reminder:sms': '00000013-0000-4000-8000-000000000000',
        'appointment-cancelled:email': '00000014-0000-4000-8000-000000000000',
        'ehcp-advice:email': '00000015-0000-4000-8000-000000000000',
        'ehcp-advice-family:email': '00000016-0000-4000-8000-000000000000',
      },
    });
    expect(config.outbox.pollSeconds).toBe(30);
    expect(
      loadConfig({ ...BASE, NOTIFY_API_KEY: KEY, NOTIFY_BASE_URL: 'http://127.0.0.1:9999/' }).notify?.baseUrl,
    ).toBe('http://127.0.0.1:9999');
  });

  it('refuses a key not in Notify’s format without repeating it, and a template id that is not a UUID', () => {
    const badKey = `${SERVICE}-not-a-secret`;
    let message = '';
    try {
      loadConfig({ ...BASE, NOTIFY_API_KEY: badKey });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toContain('NOTIFY_API_KEY: must be a GOV.UK Notify API key');
    expect(message).not.toContain(SERVICE);
    expect(() =>
      loadConfig({ ...BASE, NOTIFY_API_KEY: KEY, NOTIFY_TEMPLATE_REFERRAL_DRAFT_LINK_EMAIL: 'draft-link' }),
    ).toThrow('NOTIFY_TEMPLATE_REFERRAL_DRAFT_LINK_EMAIL: must be a Notify template id (a UUID)');
    for (const [name, value] of [
      ['OUTBOX_POLL_SECONDS', '0'],
      ['OUTBOX_MAX_ATTEMPTS', '51'],
      ['NOTIFY_TIMEOUT_MS', '5'],
      ['NOTIFY_BASE_URL', 'ftp://notify.test'],
    ] as const) {
      expect(() => loadConfig({ ...BASE, [name]: value }), name).toThrow(ConfigError);
    }
  });

  it('will not start in production with Notify and a template id missing, naming what is missing', () => {
    const production = { ...BASE, NODE_ENV: 'production', BASE_URL: 'https://otway.example' };
    const { NOTIFY_TEMPLATE_REFERRAL_RECEIVED_FAMILY_SMS: _sms, ...allButSms } = TEMPLATE_ENV;
    expect(() => loadConfig({ ...production, NOTIFY_API_KEY: KEY, ...allButSms })).toThrow(
      'Otway cannot start in production with Notify but without NOTIFY_TEMPLATE_REFERRAL_RECEIVED_FAMILY_SMS.',
    );
    expect(loadConfig({ ...production, NOTIFY_API_KEY: KEY, ...TEMPLATE_ENV }).notify).not.toBeNull();
    // Outside production a missing id only stops that template: its messages fail with the reason.
    expect(loadConfig({ ...BASE, NOTIFY_API_KEY: KEY }).notify?.templateIds).toEqual({});
  });
});
