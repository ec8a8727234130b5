/**
 * A stand-in for GOV.UK Notify's v2 API: a real HTTP server on 127.0.0.1 that the official client talks to. It
 * checks the Authorization header as Notify does (an HS256 JWT signed with the API key's secret, `iss` the service id,
 * `iat` within 30 seconds of now), checks each request body against the template it names, answers with Notify's
 * shapes and error JSON, and records every notification it accepts, so a test can assert exactly what was sent and
 * that nothing was sent twice.
 *
 * Files sent by e-mail ("send a file by email"): a personalisation value that is an object is checked as Notify checks
 * the client's prepareUpload result (base64 of a file of at most 2 MB, a filename with an extension, a boolean
 * confirm_email_before_download, a retention period of 1 to 78 weeks), and only a PDF is accepted here; the decoded
 * bytes are recorded (`files`), and the message renders with a download link in the field's place. A template's file
 * field (templates.ts `file`) must hold such an object.
 *
 * Failure injection on demand: fail the next N requests, fail a fraction at random, delay every answer, drop the
 * connection, or accept a notification and then answer too late (or never), which is the ambiguous case the outbox
 * must survive without sending twice.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { notifyTemplateVariable } from '../../src/config.js';
import type { Channel } from '../../src/domain/notifications/message.js';
import { isValidRecipient } from '../../src/domain/notifications/recipient.js';
import { renderMessage } from '../../src/domain/notifications/render.js';
import { fileField, TEMPLATES, templateSlots, type TemplateKey } from '../../src/domain/notifications/templates.js';

export type Fault =
  /** 500, as Notify answers an unhandled exception. */
  | 'server-error'
  /** 503: Notify or its load balancer is down. */
  | 'unavailable'
  /** 429 RateLimitError. */
  | 'rate-limit'
  /** 400 BadRequestError: a permanent refusal. */
  | 'bad-request'
  /** 403 AuthError: a permanent refusal. */
  | 'auth'
  /** The connection is closed before anything is done. */
  | 'drop'
  /** The request is handled (a notification accepted), and the answer comes only after `slowMs`. */
  | 'slow-accept'
  /** The request is handled (a notification accepted), then the connection is closed without an answer. */
  | 'accept-then-drop';

export const TRANSIENT_FAULTS: readonly Fault[] = [
  'server-error',
  'unavailable',
  'rate-limit',
  'drop',
  'slow-accept',
  'accept-then-drop',
];

export interface FakeTemplate {
  id: string;
  template: TemplateKey;
  type: Channel;
}

/** A file as Notify received it, decoded: what the recipient downloads from the link. */
export interface ReceivedFile {
  bytes: Buffer;
  filename: string | null;
  confirmEmailBeforeDownload: boolean | null;
  retentionPeriod: string | null;
  /** The link put in the message in the file's place. */
  link: string;
}

export interface ReceivedNotification {
  id: string;
  type: Channel;
  templateId: string;
  recipient: string;
  /** Each value as text; a file's value is its download link. */
  personalisation: Record<string, string>;
  /** The files sent, by personalisation field. */
  files: Record<string, ReceivedFile>;
  reference: string | null;
  subject: string | null;
  body: string;
  createdAt: string;
}

export interface RequestRecord {
  method: string;
  path: string;
  /** The status answered, or what happened instead. */
  outcome: number | 'dropped' | 'answered-late' | 'accepted-then-dropped';
}

const GENERAL_TOKEN_ERROR =
  'Invalid token: make sure your API token matches the example at https://docs.notifications.service.gov.uk/rest-api.html#authorisation-header';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/iu;

type Answer = { status: number; body: unknown };

const notifyError = (status: number, error: string, message: string): Answer => ({
  status,
  body: { status_code: status, errors: [{ error, message }] },
});

function base64urlJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

/** A small seeded generator (mulberry32), so a test's "random" failures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class FakeNotify {
  readonly serviceId = randomUUID();
  readonly secret = randomUUID();
  readonly templates: FakeTemplate[] = templateSlots().map((s) => ({
    id: randomUUID(),
    template: s.template,
    type: s.channel,
  }));
  readonly received: ReceivedNotification[] = [];
  readonly requests: RequestRecord[] = [];
  /** How long a `slow-accept` answer waits: set it above the client's time-out. */
  slowMs = 1_000;

  private queued: Fault[] = [];
  private random: { fraction: number; faults: readonly Fault[]; random: () => number } | null = null;
  private delayRange: { minMs: number; maxMs: number; random: () => number } | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private port = 0;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeNotify> {
    const server = createServer();
    const fake = new FakeNotify(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      void fake.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('The fake Notify has no TCP address');
    fake.port = address.port;
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${String(this.port)}`;
  }

  /** A key in Notify's format: {key name}-{service id}-{secret}. */
  get apiKey(): string {
    return `otway_test-${this.serviceId}-${this.secret}`;
  }

  templateId(template: TemplateKey, channel: Channel): string {
    const found = this.templates.find((t) => t.template === template && t.type === channel);
    if (found === undefined) throw new Error(`No fake template for ${template} by ${channel}`);
    return found.id;
  }

  /** The settings that point Otway at this fake, every template configured. */
  env(overrides: Record<string, string> = {}): Record<string, string> {
    return {
      NOTIFY_API_KEY: this.apiKey,
      NOTIFY_BASE_URL: this.baseUrl,
      ...Object.fromEntries(this.templates.map((t) => [notifyTemplateVariable(t.template, t.type), t.id])),
      ...overrides,
    };
  }

  /** The next `count` requests, whatever they are, fail with `fault`. */
  failNext(count: number, fault: Fault = 'server-error'): void {
    for (let i = 0; i < count; i++) this.queued.push(fault);
  }

  /** From now on, `fraction` of requests fail with one of `faults`, chosen by `random`. */
  failRandomly(fraction: number, faults: readonly Fault[], random: () => number): void {
    this.random = { fraction, faults, random };
  }

  /** Every answer waits between minMs and maxMs first. */
  delay(minMs: number, maxMs: number, random: () => number = Math.random): void {
    this.delayRange = { minMs, maxMs, random };
  }

  /** Back to answering every request at once and correctly; what was received is kept. */
  heal(): void {
    this.queued = [];
    this.random = null;
    this.delayRange = null;
  }

  timesReceived(reference: string): number {
    return this.received.filter((n) => n.reference === reference).length;
  }

  countRequests(method: string, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.server.close(() => {
        resolve();
      });
    });
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private nextFault(): Fault | null {
    const queued = this.queued.shift();
    if (queued !== undefined) return queued;
    if (this.random !== null && this.random.random() < this.random.fraction) {
      const { faults, random } = this.random;
      return faults[Math.floor(random() * faults.length)] ?? null;
    }
    return null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const record: RequestRecord = { method: req.method ?? '', path: url.pathname, outcome: 0 };
    this.requests.push(record);
    const body = await readBody(req);
    const fault = this.nextFault();
    if (fault === 'drop') {
      record.outcome = 'dropped';
      req.socket.destroy();
      return;
    }
    if (this.delayRange !== null) {
      const { minMs, maxMs, random } = this.delayRange;
      await this.wait(minMs + random() * (maxMs - minMs));
    }
    const answer = this.faultAnswer(fault) ?? this.route(req, url, body);
    if (fault === 'accept-then-drop') {
      record.outcome = 'accepted-then-dropped';
      req.socket.destroy();
      return;
    }
    if (fault === 'slow-accept') {
      record.outcome = 'answered-late';
      await this.wait(this.slowMs);
    } else {
      record.outcome = answer.status;
    }
    // The client may have given up and closed the connection while we waited.
    if (res.destroyed || req.socket.destroyed) return;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  }

  private faultAnswer(fault: Fault | null): Answer | null {
    switch (fault) {
      case 'server-error':
        return notifyError(500, 'Exception', 'Internal server error');
      case 'unavailable':
        return notifyError(503, 'Exception', 'Service Unavailable');
      case 'rate-limit':
        return notifyError(
          429,
          'RateLimitError',
          'Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds',
        );
      case 'bad-request':
        return notifyError(400, 'BadRequestError', "Can't send to this recipient using a team-only API key");
      case 'auth':
        return notifyError(403, 'AuthError', 'Invalid token: API key not found');
      default:
        return null;
    }
  }

  private route(req: IncomingMessage, url: URL, body: string): Answer {
    const refused = this.authenticate(req.headers.authorization);
    if (refused !== null) return refused;
    const path = url.pathname;
    if (req.method === 'POST' && (path === '/v2/notifications/email' || path === '/v2/notifications/sms')) {
      return this.send(path.endsWith('email') ? 'email' : 'sms', body);
    }
    if (req.method === 'GET' && path === '/v2/notifications') return this.list(url);
    const one = /^\/v2\/notifications\/([^/]+)$/u.exec(path);
    if (req.method === 'GET' && one !== null) {
      const found = this.received.find((n) => n.id === one[1]);
      return found === undefined
        ? notifyError(404, 'NoResultFound', 'No result found')
        : { status: 200, body: this.describe(found) };
    }
    return notifyError(404, 'NoResultFound', 'No result found');
  }

  /** Notify's checks of the Authorization header, in Notify's order and with its messages. */
  private authenticate(header: string | undefined): Answer | null {
    if (header === undefined || header === '') {
      return notifyError(401, 'AuthError', 'Unauthorized: authentication token must be provided');
    }
    if (header.slice(0, 7).toLowerCase() !== 'bearer ') {
      return notifyError(401, 'AuthError', 'Unauthorized: authentication bearer scheme must be used');
    }
    const parts = header.slice(7).split('.');
    if (parts.length !== 3) return notifyError(403, 'AuthError', GENERAL_TOKEN_ERROR);
    const [head, payload, signature] = parts as [string, string, string];
    const jwtHeader = base64urlJson(head) as { alg?: unknown } | null;
    const claims = base64urlJson(payload) as { iss?: unknown; iat?: unknown } | null;
    if (jwtHeader === null || claims === null) return notifyError(403, 'AuthError', GENERAL_TOKEN_ERROR);
    if (typeof claims.iss !== 'string') return notifyError(403, 'AuthError', 'Invalid token: iss field not provided');
    if (!UUID.test(claims.iss)) {
      return notifyError(403, 'AuthError', 'Invalid token: service id is not the right data type');
    }
    if (claims.iss !== this.serviceId) return notifyError(403, 'AuthError', 'Invalid token: service not found');
    if (jwtHeader.alg !== 'HS256') return notifyError(403, 'AuthError', 'Invalid token: algorithm used is not HS256');
    const expected = createHmac('sha256', this.secret).update(`${head}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected) || typeof claims.iat !== 'number') {
      return notifyError(403, 'AuthError', 'Invalid token: API key not found');
    }
    if (Math.abs(Date.now() / 1000 - claims.iat) > 30) {
      return notifyError(403, 'AuthError', 'Error: Your system clock must be accurate to within 30 seconds');
    }
    return null;
  }

  private send(type: Channel, raw: string): Answer {
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return notifyError(400, 'ValidationError', 'Invalid JSON supplied in POST data');
    }
    const to = type === 'email' ? 'email_address' : 'phone_number';
    const problems: string[] = [];
    if (body.template_id === undefined) problems.push('template_id is a required property');
    else if (typeof body.template_id !== 'string' || !UUID.test(body.template_id)) {
      problems.push('template_id is not a valid UUID');
    }
    if (body[to] === undefined) problems.push(`${to} is a required property`);
    else if (typeof body[to] !== 'string' || !isValidRecipient(type, body[to])) {
      problems.push(
        type === 'email' ? 'email_address Not a valid email address' : 'phone_number Not a UK mobile number',
      );
    }
    const personalisation: unknown = body.personalisation === undefined ? {} : body.personalisation;
    if (typeof personalisation !== 'object' || personalisation === null || Array.isArray(personalisation)) {
      problems.push('personalisation is not of type object');
    }
    if (body.reference !== undefined && (typeof body.reference !== 'string' || body.reference.length > 1000)) {
      problems.push('reference is not a string of at most 1000 characters');
    }
    if (problems.length > 0) {
      return {
        status: 400,
        body: { status_code: 400, errors: problems.map((message) => ({ error: 'ValidationError', message })) },
      };
    }
    const template = this.templates.find((t) => t.id === body.template_id);
    if (template === undefined) return notifyError(400, 'BadRequestError', 'Template not found');
    if (template.type !== type) {
      return notifyError(400, 'BadRequestError', `${template.type} template is not suitable for ${type} notification`);
    }
    const files: Record<string, ReceivedFile> = {};
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(personalisation as Record<string, unknown>)) {
      if (typeof v === 'object' && v !== null) {
        const file = this.fileOf(v as Record<string, unknown>);
        if ('error' in file) return file.error;
        files[k] = file;
        values[k] = file.link;
      } else {
        values[k] = String(v);
      }
    }
    const field = fileField(template.template);
    if (field !== null && field in values && files[field] === undefined) {
      return notifyError(
        400,
        'BadRequestError',
        `${field} must be a file upload (the fake's check of Otway's template)`,
      );
    }
    const required: readonly string[] = TEMPLATES[template.template].fields;
    const missing = required.filter((f) => !(f in values));
    if (missing.length > 0) {
      return notifyError(400, 'BadRequestError', `Missing personalisation: ${missing.join(', ')}`);
    }
    const rendered = renderMessage(template.template, type, values);
    const notification: ReceivedNotification = {
      id: randomUUID(),
      type,
      templateId: template.id,
      recipient: body[to] as string,
      personalisation: values,
      files,
      reference: typeof body.reference === 'string' ? body.reference : null,
      subject: rendered.subject,
      body: rendered.body,
      createdAt: new Date().toISOString(),
    };
    this.received.push(notification);
    const templateRef = { id: template.id, version: 1, uri: `${this.baseUrl}/v2/template/${template.id}` };
    return {
      status: 201,
      body: {
        id: notification.id,
        reference: notification.reference,
        content:
          type === 'email'
            ? { body: rendered.body, subject: rendered.subject, from_email: 'otway@notifications.service.gov.uk' }
            : { body: rendered.body, from_number: 'GOVUK' },
        uri: `${this.baseUrl}/v2/notifications/${notification.id}`,
        template: templateRef,
      },
    };
  }

  /** A file in the personalisation, checked as Notify checks it (with its messages), or the answer refusing it. */
  private fileOf(value: Record<string, unknown>): ReceivedFile | { error: Answer } {
    const refuse = (message: string) => ({ error: notifyError(400, 'BadRequestError', message) });
    const { file, filename, confirm_email_before_download: confirm, retention_period: retention } = value;
    if (typeof file !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/u.test(file) || file.length % 4 !== 0) {
      return refuse('File is not valid base64');
    }
    const bytes = Buffer.from(file, 'base64');
    if (bytes.length === 0) return refuse('File is empty');
    if (bytes.length > 2 * 1024 * 1024) return refuse('File is larger than 2MB');
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
      return refuse('Unsupported file type. Supported file types are: .pdf (the fake accepts PDFs only)');
    }
    if (
      filename !== null &&
      filename !== undefined &&
      (typeof filename !== 'string' || !/\.[A-Za-z0-9]+$/u.test(filename))
    ) {
      return refuse('filename must end with a file extension');
    }
    if (confirm !== null && confirm !== undefined && typeof confirm !== 'boolean') {
      return refuse(
        `Unsupported value for confirm_email_before_download: '${JSON.stringify(confirm)}'. Use a boolean true or false value.`,
      );
    }
    if (retention !== null && retention !== undefined) {
      const weeks = typeof retention === 'string' ? /^(\d{1,2}) weeks?$/u.exec(retention) : null;
      if (weeks === null || Number(weeks[1]) < 1 || Number(weeks[1]) > 78) {
        return refuse(
          `Unsupported value for retention_period '${typeof retention === 'string' ? retention : JSON.stringify(retention)}'. Supported periods are from 1 to 78 weeks.`,
        );
      }
    }
    return {
      bytes,
      filename: typeof filename === 'string' ? filename : null,
      confirmEmailBeforeDownload: typeof confirm === 'boolean' ? confirm : null,
      retentionPeriod: typeof retention === 'string' ? retention : null,
      link: `https://documents.service.gov.uk/d/${this.serviceId}/${randomUUID()}`,
    };
  }

  /** GET /v2/notifications with Notify's filters: template_type, status, reference, older_than. */
  private list(url: URL): Answer {
    const reference = url.searchParams.get('reference');
    const type = url.searchParams.get('template_type');
    const olderThan = url.searchParams.get('older_than');
    let found = [...this.received].reverse();
    if (olderThan !== null) {
      const at = found.findIndex((n) => n.id === olderThan);
      found = at === -1 ? [] : found.slice(at + 1);
    }
    found = found.filter(
      (n) => (reference === null || n.reference === reference) && (type === null || n.type === type),
    );
    return {
      status: 200,
      body: {
        notifications: found.slice(0, 250).map((n) => this.describe(n)),
        links: { current: `${this.baseUrl}${url.pathname}${url.search}` },
      },
    };
  }

  private describe(n: ReceivedNotification) {
    return {
      id: n.id,
      reference: n.reference,
      type: n.type,
      status: 'created',
      template: { id: n.templateId, version: 1, uri: `${this.baseUrl}/v2/template/${n.templateId}` },
      body: n.body,
      subject: n.subject,
      created_at: n.createdAt,
      is_cost_data_ready: false,
      ...(n.type === 'email' ? { email_address: n.recipient } : { phone_number: n.recipient }),
    };
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    // Notify takes a file of up to 2 MB as base64 in the JSON body.
    if (size > 4_000_000) break;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
