/**
 * Sends what the outbox holds. Each pass claims due messages one at a time (a compare-and-set from pending to
 * sending, with a lease), sends each through the provider and records the outcome: sent, tried again later with
 * backoff, or dead. Several dispatchers may run at once, in one process or many: a message is only ever held by one.
 *
 * No message is sent twice. The outbox id is the provider's reference. When an attempt may have reached the provider
 * without our knowing (a time-out, a broken connection, a 5xx, or a dispatcher that stopped while holding the message
 * and let its lease run out), the next attempt first asks the provider for that reference, and if it is there, records
 * the message as sent without sending it again. See docs/adr/0014.
 *
 * Logs carry message ids, templates and statuses only: never a recipient or personalisation.
 *
 * A one-time link is minted just before the send it goes out with (linkMinters, docs/adr/0029): the outbox row holds a
 * placeholder, the provider gets the link, and nothing of it is kept.
 */
import type { BaseLogger } from 'pino';
import type { FileStore } from '../../data/files/file-store.js';
import type { Executor } from '../../data/executor.js';
import {
  claimMessage,
  findDue,
  recordAttempt,
  type AttemptOutcome,
  type Claim,
} from '../../data/outbox/outbox.repository.js';
import {
  classifyFailure,
  DEFAULT_RETRY_POLICY,
  nextAttempt,
  type RetryPolicy,
  type SendFailure,
} from '../../domain/notifications/retry-policy.js';
import { fillLink, isLinkPlaceholder } from '../../domain/notifications/one-time-links.js';
import { isTemplateKey, oneTimeLinkFields, templateChannels } from '../../domain/notifications/templates.js';
import type { Clock } from '../shared/context.js';
import type { LinkMinters } from './link-minter.js';
import { ProviderError, type MessageProvider, type OutgoingMessage } from './provider.js';

export interface DispatcherPolicy extends RetryPolicy {
  /** How long a claim holds a message: longer than a look-up and a send together can take. */
  leaseMs: number;
  /** The pause between passes of the polling loop. */
  pollMs: number;
  /** The most messages one pass sends; the loop runs again at once when a pass was full. */
  batchSize: number;
  /** Messages in flight at once within one pass. */
  concurrency: number;
  /** In [0, 1): the jitter of the backoff. Math.random unless a test gives its own. */
  random: () => number;
}

export const DEFAULT_DISPATCHER_POLICY: DispatcherPolicy = {
  ...DEFAULT_RETRY_POLICY,
  leaseMs: 60_000,
  pollMs: 5_000,
  batchSize: 100,
  concurrency: 4,
  random: Math.random,
};

export interface DispatchReport {
  /** Messages this pass claimed. */
  claimed: number;
  sent: number;
  /** Found already accepted by the provider after an ambiguous attempt: recorded as sent, not sent again. */
  alreadySent: number;
  retrying: number;
  dead: number;
  /** Claimed but taken over by another dispatcher before the outcome was recorded (an expired lease). */
  lostLease: number;
}

export type DispatcherLogger = Pick<BaseLogger, 'info' | 'warn' | 'error' | 'debug'>;

export interface DispatcherDeps {
  db: Executor;
  clock: Clock;
  provider: MessageProvider;
  logger: DispatcherLogger;
  /** Mint one-time links at sending. Without them, a message that carries one is not sent (it dies, saying why). */
  linkMinters?: Partial<LinkMinters>;
  /** Where a message's file is read from at sending. Without it, a message that carries one dies, saying why. */
  files?: Pick<FileStore, 'get'>;
  policy?: Partial<DispatcherPolicy>;
}

type Attempt = { outcome: AttemptOutcome; kind: 'sent' | 'already-sent' | 'retrying' | 'dead' };

export function createOutboxDispatcher(deps: DispatcherDeps) {
  const { db, clock, provider, logger } = deps;
  const policy: DispatcherPolicy = { ...DEFAULT_DISPATCHER_POLICY, ...deps.policy };

  function failed(claim: Claim, failure: SendFailure, error: string, mayHaveArrived: boolean): Attempt {
    const { permanent, ambiguous } = classifyFailure(failure);
    const checkBeforeSend = mayHaveArrived || ambiguous;
    const next = permanent
      ? { kind: 'dead' as const }
      : nextAttempt(claim.message.attempts, clock(), policy.random, policy);
    return next.kind === 'dead'
      ? { kind: 'dead', outcome: { status: 'dead', lastError: error, checkBeforeSend } }
      : {
          kind: 'retrying',
          outcome: { status: 'pending', nextAttemptAt: next.at.toISOString(), lastError: error, checkBeforeSend },
        };
  }

  async function attempt(claim: Claim): Promise<Attempt> {
    const { message } = claim;
    const template = message.template;
    if (!isTemplateKey(template) || !templateChannels(template).includes(message.channel)) {
      return failed(
        claim,
        { kind: 'not-configured' },
        `Otway has no ${template} template by ${message.channel}`,
        false,
      );
    }
    const outgoing: OutgoingMessage = { ...message, template, shownPersonalisation: message.personalisation };
    // Whether an earlier attempt may have reached the provider; cleared once the provider says it has not.
    let mayHaveArrived = message.checkBeforeSend;
    try {
      if (mayHaveArrived) {
        const earlier = await provider.findEarlierSend(outgoing);
        if (earlier.found) {
          return { kind: 'already-sent', outcome: { status: 'sent', providerReference: earlier.providerReference } };
        }
        mayHaveArrived = false;
      }
      // Only a reclaimed message can be past its last attempt: a dispatcher stopped while holding it, every time.
      if (message.attempts > policy.maxAttempts) {
        return {
          kind: 'dead',
          outcome: { status: 'dead', lastError: 'Given up: every attempt was interrupted', checkBeforeSend: false },
        };
      }
      const attachment = await readAttachment(claim);
      if (attachment.kind === 'dead') {
        return { kind: 'dead', outcome: { status: 'dead', lastError: attachment.error, checkBeforeSend: false } };
      }
      if (attachment.kind === 'unreadable') {
        return failed(claim, { kind: 'unreachable' }, 'The attached file could not be read', false);
      }
      const minted = await mintLinks({ ...outgoing, file: attachment.file });
      if (typeof minted === 'string') {
        return { kind: 'dead', outcome: { status: 'dead', lastError: minted, checkBeforeSend: false } };
      }
      const sent = await provider.send(minted);
      return { kind: 'sent', outcome: { status: 'sent', providerReference: sent.providerReference } };
    } catch (err) {
      if (err instanceof ProviderError) return failed(claim, err.failure, err.message, mayHaveArrived);
      // Anything else (a bug, the local provider's database) may have happened after the message went.
      const name = err instanceof Error ? err.name : 'unknown error';
      return failed(claim, { kind: 'network' }, `The attempt failed: ${name}`, true);
    }
  }

  /**
   * The message's file, read from the file store now (the outbox holds only its name). A file that is not there any
   * more can never be sent: the message dies, saying so and naming no one. Any other failure to read it may pass.
   */
  async function readAttachment(
    claim: Claim,
  ): Promise<{ kind: 'ok'; file: OutgoingMessage['file'] } | { kind: 'dead'; error: string } | { kind: 'unreadable' }> {
    const { attachment } = claim;
    if (attachment === null) return { kind: 'ok', file: null };
    if (deps.files === undefined) return { kind: 'dead', error: 'Otway cannot read the attached file here' };
    try {
      const bytes = await deps.files.get(claim.message.serviceId, attachment.storedAs);
      return { kind: 'ok', file: { fileName: attachment.fileName, bytes } };
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'ENOENT' || (err instanceof Error && err.message === 'Not a stored file name.')) {
        return { kind: 'dead', error: 'Not sent: the attached file is no longer there' };
      }
      return { kind: 'unreadable' };
    }
  }

  /**
   * The message with a fresh one-time link in each field that carries one, or why it cannot be made. Minting stores
   * the new secret's hash in place of any earlier one, so only the link this attempt sends works.
   */
  async function mintLinks(message: OutgoingMessage): Promise<OutgoingMessage | string> {
    const links = oneTimeLinkFields(message.template);
    if (links.length === 0) return message;
    const personalisation = { ...message.personalisation };
    for (const [field, kind] of links) {
      const placeholder = personalisation[field];
      const mint = deps.linkMinters?.[kind];
      if (placeholder === undefined || !isLinkPlaceholder(placeholder) || mint === undefined) {
        return `Otway cannot make the one-time link for ${field}`;
      }
      const secret = await mint({
        serviceId: message.serviceId,
        subjectType: message.subjectType,
        subjectId: message.subjectId,
      });
      if (secret === null) return 'Not sent: what the one-time link opened is no longer there';
      personalisation[field] = fillLink(placeholder, secret);
    }
    return { ...message, personalisation };
  }

  /** Claims the next due message, trying the next candidate when another dispatcher takes one first. */
  async function claimNext(): Promise<Claim | undefined> {
    for (;;) {
      const now = clock();
      const candidates = await findDue(db, now.toISOString(), policy.concurrency * 2);
      if (candidates.length === 0) return undefined;
      const leaseUntil = new Date(now.getTime() + policy.leaseMs).toISOString();
      for (const candidate of candidates) {
        const claim = await claimMessage(db, candidate, now.toISOString(), leaseUntil);
        if (claim !== undefined) return claim;
      }
    }
  }

  /** One pass: sends what is due now (up to batchSize), with `concurrency` messages in flight. */
  async function runOnce(): Promise<DispatchReport> {
    const report: DispatchReport = { claimed: 0, sent: 0, alreadySent: 0, retrying: 0, dead: 0, lostLease: 0 };
    let budget = policy.batchSize;
    const worker = async () => {
      while (budget > 0) {
        budget--;
        const claim = await claimNext();
        if (claim === undefined) return;
        report.claimed++;
        const result = await attempt(claim);
        const { id, version, attempts, template } = claim.message;
        if (!(await recordAttempt(db, { id, version }, result.outcome, clock().toISOString()))) {
          report.lostLease++;
          logger.warn({ messageId: id, template }, 'outbox message was taken over before its outcome was recorded');
          continue;
        }
        const lastError = result.outcome.status === 'sent' ? undefined : result.outcome.lastError;
        switch (result.kind) {
          case 'sent':
            report.sent++;
            logger.info({ messageId: id, template, attempts, provider: provider.name }, 'outbox message sent');
            break;
          case 'already-sent':
            report.alreadySent++;
            logger.info({ messageId: id, template, attempts }, 'outbox message had already been accepted');
            break;
          case 'retrying':
            report.retrying++;
            logger.warn({ messageId: id, template, attempts, lastError }, 'outbox message will be tried again');
            break;
          case 'dead':
            report.dead++;
            logger.error({ messageId: id, template, attempts, lastError }, 'outbox message is dead');
            break;
        }
      }
    };
    await Promise.all(Array.from({ length: policy.concurrency }, worker));
    return report;
  }

  let timer: NodeJS.Timeout | null = null;
  let pass: Promise<void> | null = null;
  let running = false;

  function schedule(delayMs: number): void {
    timer = setTimeout(() => {
      timer = null;
      pass = runOnce()
        .then((report) => (report.claimed >= policy.batchSize ? 0 : policy.pollMs))
        .catch((err: unknown) => {
          // The database may be down; the next pass tries again. Only the error's kind is logged.
          logger.warn(
            { errName: err instanceof Error ? err.name : 'unknown', errCode: (err as { code?: unknown }).code },
            'outbox dispatch pass failed',
          );
          return policy.pollMs;
        })
        .then((next) => {
          pass = null;
          if (running) schedule(next);
        });
    }, delayMs);
  }

  /** Starts the polling loop: a pass now, then one every pollMs (at once again after a full pass). */
  function start(): void {
    if (running) return;
    running = true;
    schedule(0);
  }

  /** Stops the loop and waits for a pass in progress to finish, so no message is left half-recorded. */
  async function stop(): Promise<void> {
    running = false;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    await pass;
  }

  return { runOnce, start, stop, policy };
}

export type OutboxDispatcher = ReturnType<typeof createOutboxDispatcher>;
