/**
 * The embedded mode's mailbox: a folder under DATA_DIR, readable by the account that runs Otway and no one else
 * (0700, files 0600), where the local provider writes each message exactly as it would have gone, one-time links
 * included. It is how the person at the terminal gets a link in development; the database and the Messages pages
 * only ever hold the message with its links taken out (docs/adr/0029). Files go when the retention job purges their
 * message.
 */
import { chmod, mkdir, open, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const NAME = /^[0-9a-f-]{36}$/u;

export interface MailboxLetter {
  to: string;
  subject: string | null;
  body: string;
}

export function createLocalMailbox(root: string) {
  const base = resolve(root);
  const pathOf = (messageId: string) => {
    if (!NAME.test(messageId)) throw new Error('Not an outbox message id.');
    return join(base, `${messageId}.txt`);
  };

  return {
    folder: base,
    pathOf,

    /** Writes (or writes again) the message as sent. */
    async write(messageId: string, letter: MailboxLetter): Promise<void> {
      await mkdir(base, { recursive: true, mode: 0o700 });
      await chmod(base, 0o700);
      const text = [
        `To: ${letter.to}`,
        ...(letter.subject === null ? [] : [`Subject: ${letter.subject}`]),
        '',
        letter.body,
        '',
      ];
      const handle = await open(pathOf(messageId), 'w', 0o600);
      try {
        await handle.chmod(0o600);
        await handle.writeFile(text.join('\n'), 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
    },

    async read(messageId: string): Promise<string> {
      return readFile(pathOf(messageId), 'utf8');
    },

    /** Removes the messages' files; a file that is not there is no error. */
    async remove(messageIds: readonly string[]): Promise<void> {
      for (const id of messageIds) await rm(pathOf(id), { force: true });
    },
  };
}

export type LocalMailbox = ReturnType<typeof createLocalMailbox>;
