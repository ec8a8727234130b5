/**
 * GOV.UK Notify through its official client (notifications-node-client). The outbox id travels as Notify's
 * `reference`; before sending again after an ambiguous failure the dispatcher asks Notify for notifications with that
 * reference (getNotifications with a reference filter), so a message Notify already accepted is never sent twice.
 *
 * The client has no time-out of its own and uses axios' shared default instance, so it is given an axios instance of
 * our own: a socket time-out, a hard deadline per request (an AbortSignal made for each request), no redirects.
 */
import { createRequire } from 'node:module';
import type { AxiosError, CreateAxiosDefaults } from 'axios';
import type { NotifyClient as NotifyClientType } from 'notifications-node-client';
import type { SendFailure } from '../../domain/notifications/retry-policy.js';
import { fileField, slotKey } from '../../domain/notifications/templates.js';
import { ProviderError, type MessageProvider, type OutgoingMessage } from './provider.js';

export interface NotifySettings {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  /** Notify template ids by slotKey(template, channel). */
  templateIds: Readonly<Record<string, string>>;
}

/**
 * The client is CommonJS, and so are its axios and the axios types its setClient expects. Importing axios as an ES
 * module would load a second copy of axios with types TypeScript holds to be different, so it is required the same
 * way the client requires it: one copy, one set of types.
 */
type RestClient = Parameters<InstanceType<typeof NotifyClientType>['setClient']>[0];
const require = createRequire(import.meta.url);

function isAxiosError(err: unknown): err is AxiosError {
  return typeof err === 'object' && err !== null && (err as { isAxiosError?: unknown }).isAxiosError === true;
}

/**
 * How long Notify keeps a file for its link to work (Notify allows 1 to 78 weeks; the templates' wording says 26).
 * The recipient must type their e-mail address before the file downloads: it is health information.
 */
export const FILE_RETENTION_PERIOD = '26 weeks';

const MAX_ERROR_LENGTH = 200;
const EMAIL_LIKE = /[^\s@,;()<>"]+@[^\s@,;()<>"]+/gu;
const LONG_NUMBER = /\+?\d[\d\s-]{4,}\d/gu;

/**
 * Notify's error messages name fields, not people, but nothing guarantees it: anything from the message itself, and
 * anything shaped like an address or a phone number, is taken out before the text is stored.
 */
export function safeErrorText(text: string, message: Pick<OutgoingMessage, 'recipient' | 'personalisation'>): string {
  let safe = text;
  for (const value of [message.recipient, ...Object.values(message.personalisation)]) {
    if (value.length >= 3) safe = safe.split(value).join('[redacted]');
  }
  safe = safe.replace(EMAIL_LIKE, '[redacted]').replace(LONG_NUMBER, '[redacted]').replace(/\s+/gu, ' ').trim();
  return safe.length > MAX_ERROR_LENGTH ? `${safe.slice(0, MAX_ERROR_LENGTH - 1)}…` : safe;
}

interface NotifyErrorBody {
  errors?: { error?: unknown; message?: unknown }[];
}

function failureOf(err: AxiosError): SendFailure {
  if (err.response !== undefined) return { kind: 'rejected', status: err.response.status };
  if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT' || err.code === 'ERR_CANCELED')
    return { kind: 'timeout' };
  if (err.code === 'ECONNREFUSED' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return { kind: 'unreachable' };
  return { kind: 'network' };
}

/** A ProviderError that keeps the failure's kind and a short, safe description, and nothing of the request. */
function toProviderError(err: unknown, message: OutgoingMessage, doing: string): ProviderError {
  if (!isAxiosError(err)) {
    return new ProviderError({ kind: 'network' }, `${doing}: ${err instanceof Error ? err.name : 'unknown error'}`);
  }
  const failure = failureOf(err);
  let text: string;
  switch (failure.kind) {
    case 'rejected': {
      const body = err.response?.data as NotifyErrorBody | undefined;
      const first = Array.isArray(body?.errors) ? body.errors[0] : undefined;
      const detail = [first?.error, first?.message].filter((v): v is string => typeof v === 'string').join(': ');
      text = `${doing}: Notify answered ${String(failure.status)}${detail === '' ? '' : ` (${detail})`}`;
      break;
    }
    case 'timeout':
      text = `${doing}: Notify did not answer in time`;
      break;
    case 'unreachable':
      text = `${doing}: Notify could not be reached (${err.code ?? 'no connection'})`;
      break;
    default:
      text = `${doing}: the connection to Notify failed (${err.code ?? 'network error'})`;
  }
  return new ProviderError(failure, safeErrorText(text, message));
}

export function createNotifyProvider(settings: NotifySettings): MessageProvider {
  // Loaded here, only when Notify is configured, rather than at start-up, where the two would take a tenth of the time.
  const { NotifyClient } = require('notifications-node-client') as { NotifyClient: typeof NotifyClientType };
  const commonJsAxios = require('axios') as { create(config: CreateAxiosDefaults): RestClient };
  const client = new NotifyClient(settings.baseUrl, settings.apiKey);
  const http = commonJsAxios.create({ timeout: settings.timeoutMs, maxRedirects: 0, maxContentLength: 5_000_000 });
  // The socket time-out above only notices silence; this deadline also ends a response that trickles in.
  http.interceptors.request.use((request) => {
    request.signal = AbortSignal.timeout(settings.timeoutMs);
    return request;
  });
  client.setClient(http);

  return {
    name: 'notify',
    async send(message) {
      const templateId = settings.templateIds[slotKey(message.template, message.channel)];
      if (templateId === undefined) {
        throw new ProviderError(
          { kind: 'not-configured' },
          `No Notify template id is configured for ${message.template} by ${message.channel}`,
        );
      }
      const personalisation: Record<string, unknown> = { ...message.personalisation };
      const field = fileField(message.template);
      if (field !== null) {
        if (message.file === undefined || message.file === null) {
          throw new ProviderError({ kind: 'not-configured' }, `Not sent: the ${message.template} message has no file`);
        }
        try {
          personalisation[field] = client.prepareUpload(message.file.bytes, {
            filename: message.file.fileName,
            confirmEmailBeforeDownload: true,
            retentionPeriod: FILE_RETENTION_PERIOD,
          });
        } catch {
          // The client throws a string when the file is over Notify's 2 MB; no attempt can send it.
          throw new ProviderError({ kind: 'rejected', status: 413 }, 'Not sent: the attached file is larger than 2 MB');
        }
      }
      const options = { personalisation, reference: message.id };
      try {
        const response =
          message.channel === 'email'
            ? await client.sendEmail(templateId, message.recipient, options)
            : await client.sendSms(templateId, message.recipient, options);
        return { providerReference: response.data.id };
      } catch (err) {
        throw toProviderError(err, message, 'Sending');
      }
    },
    async findEarlierSend(message) {
      try {
        const response = await client.getNotifications(undefined, undefined, message.id);
        const earlier = response.data.notifications.find((n) => n.reference === message.id);
        return earlier === undefined ? { found: false } : { found: true, providerReference: earlier.id };
      } catch (err) {
        throw toProviderError(err, message, 'Asking whether it was sent');
      }
    },
  };
}
