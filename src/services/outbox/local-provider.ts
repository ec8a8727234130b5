/**
 * The embedded mode's provider: instead of sending, it records the rendered message beside the outbox row, where an
 * administrator can read what would have been sent, with its one-time links taken out; and it writes the message as it
 * would have gone, links included, to the local mailbox under DATA_DIR (0600), for the person at the terminal alone
 * (docs/adr/0029). Recording is idempotent, so the dispatcher's rules (ask before sending again) hold here as they do
 * with Notify.
 */
import { findLocalDelivery, recordLocalDelivery } from '../../data/outbox/local-deliveries.repository.js';
import type { LocalMailbox } from '../../data/outbox/local-mailbox.js';
import type { Executor } from '../../data/executor.js';
import { shownLink } from '../../domain/notifications/one-time-links.js';
import { renderMessage } from '../../domain/notifications/render.js';
import type { Personalisation } from '../../domain/notifications/message.js';
import { fileField, oneTimeLinkFields } from '../../domain/notifications/templates.js';
import type { Clock } from '../shared/context.js';
import type { MessageProvider, OutgoingMessage } from './provider.js';

/** The personalisation as it may be kept and shown: each one-time link as its address and "not shown". */
function shownPersonalisation(message: OutgoingMessage) {
  const shown = { ...message.shownPersonalisation };
  for (const [field] of oneTimeLinkFields(message.template)) {
    const placeholder = shown[field];
    if (placeholder !== undefined) shown[field] = shownLink(placeholder);
  }
  return shown;
}

/** The file field as the local record says it: what file went with the message, not its bytes. */
function withFileNamed(message: OutgoingMessage, personalisation: Personalisation): Personalisation {
  const field = fileField(message.template);
  if (field === null) return personalisation;
  const { file } = message;
  const said =
    file === undefined || file === null
      ? '[no file was attached]'
      : `[a file named ${file.fileName} (${String(file.bytes.length)} bytes) was attached, as a download link]`;
  return { ...personalisation, [field]: said };
}

export function createLocalProvider(deps: { db: Executor; clock: Clock; mailbox: LocalMailbox }): MessageProvider {
  const { db, clock, mailbox } = deps;
  return {
    name: 'local',
    async send(message) {
      const sent = renderMessage(message.template, message.channel, withFileNamed(message, message.personalisation));
      await mailbox.write(message.id, { to: message.recipient, ...sent });
      const { subject, body } = renderMessage(
        message.template,
        message.channel,
        withFileNamed(message, shownPersonalisation(message)),
      );
      await recordLocalDelivery(db, {
        messageId: message.id,
        serviceId: message.serviceId,
        channel: message.channel,
        recipient: message.recipient,
        subject,
        body,
        deliveredAt: clock().toISOString(),
      });
      return { providerReference: null };
    },
    async findEarlierSend(message) {
      const found = await findLocalDelivery(db, message.serviceId, message.id);
      return found === undefined ? { found: false } : { found: true, providerReference: null };
    },
  };
}
