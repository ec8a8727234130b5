/**
 * Steps of the care journeys (issue 13) done as people do them in the browser: booking from the booking pages,
 * reading a family's appointment link from the embedded mode's local mailbox, and reading the pages' tables.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { delay } from '../../test/support/server-process.js';
import { andWaitForPage, press, tick } from './checker.js';
import { checkPage, type ResponseWatch } from './checks.js';
import { heading, signIn, type Person } from './journeys.js';
import type { Otway } from './otway.js';
import { paths } from '../../src/web/paths.js';

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/**
 * Members of staff, each in a browser of their own on the staff home: signed in with the form the first time, and
 * after that in the same session (as a second tab would be), so the test does not spend its time signing in.
 */
export function staffSessions(otway: Otway) {
  const sessions = new Map<string, StorageState>();
  return async (who: Pick<Person, 'email' | 'password'> & { displayName: string }) => {
    const known = sessions.get(who.email);
    const person = await otway.person(known === undefined ? {} : { storageState: known });
    if (known === undefined) {
      await signIn(person.page, who);
      sessions.set(who.email, await person.context.storageState());
    } else {
      await person.page.goto(paths.staff.home.build());
    }
    expect(await heading(person.page)).toBe(`Hello, ${who.displayName}`);
    return person;
  };
}

/** A London date as the letters write it: "14 December 2026". */
export function longDay(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

/** Follows a link by its name and waits for the page it leads to. */
export function follow(page: Page, name: string): Promise<void> {
  return andWaitForPage(page, () => page.getByRole('link', { name, exact: true }).first().click());
}

export interface BookingChoice {
  /** The radio labels, as the first booking page shows them. */
  type: string;
  place: 'In clinic' | 'At home' | 'At school';
  clinician: string;
  /** "Location: Room", as the room list shows it. */
  room?: string;
  sessions?: number;
  capacity?: number;
  /** How many weeks after this one to look for a free time. */
  weeksAhead: number;
}

export interface Booked {
  appointmentId: string;
  /** The slot's value, like 2026-12-14T09:00+00:00 (London wall time with its offset). */
  slot: string;
  date: string;
}

/**
 * From the first booking page: chooses, finds free times, moves on `weeksAhead` weeks, books the first free time of
 * that week, and lands on the appointment's page. With `check`, the two booking pages pass the full page check.
 */
export async function bookFromChoicePage(
  page: Page,
  watch: ResponseWatch,
  choice: BookingChoice,
  check?: string,
): Promise<Booked> {
  expect(await heading(page)).toBe('Book an appointment');
  if (check !== undefined) await checkPage(watch, page, `${check}: book`, { status: 200, signedIn: true });
  await tick(page, choice.type, choice.place);
  await page.getByLabel('Clinician', { exact: true }).selectOption({ label: choice.clinician });
  if (choice.room !== undefined)
    await page.getByLabel('Room (clinic appointments only)', { exact: true }).selectOption({ label: choice.room });
  if (choice.sessions !== undefined)
    await page.getByLabel('How many sessions?', { exact: true }).fill(String(choice.sessions));
  if (choice.capacity !== undefined)
    await page.getByLabel('Places in the group (group sessions only)', { exact: true }).fill(String(choice.capacity));
  await press(page, 'Find free times');
  expect(await heading(page), `the slots page, not ${page.url()}`).toBe('Choose a time');
  for (let i = 0; i < choice.weeksAhead; i += 1) await follow(page, 'Next week');
  if (check !== undefined) await checkPage(watch, page, `${check}: choose a time`, { status: 200, signedIn: true });
  const first = page.locator('input[name="slot"]').first();
  const slot = (await first.getAttribute('value')) ?? '';
  expect(slot, 'a free time that week').toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/u);
  await first.check();
  await press(page, 'Book this time');
  const match = /^\/staff\/appointments\/([0-9a-f-]{36})$/u.exec(new URL(page.url()).pathname);
  expect(match, `an appointment's page, not ${page.url()}`).not.toBeNull();
  return { appointmentId: match![1]!, slot, date: slot.slice(0, 10) };
}

/** The numbers in the "Weeks waited" table of the waiting list, by band. */
export async function waitingBands(page: Page): Promise<Record<string, number>> {
  const rows = page
    .getByRole('table', { name: 'Children waiting in each band of completed weeks' })
    .locator('tbody tr');
  const bands: Record<string, number> = {};
  for (const row of await rows.all()) {
    const cells = await row.locator('td').allInnerTexts();
    bands[(cells[0] ?? '').trim()] = Number((cells[1] ?? '').trim());
  }
  return bands;
}

/** The names of the children in the waiting list's table (the first page). */
export async function childrenWaiting(page: Page): Promise<string[]> {
  const table = page.locator('table.app-waiting-table');
  if ((await table.count()) === 0) return [];
  return (await table.locator('tbody tr td:first-child a').allInnerTexts()).map((n) => n.trim());
}

const APPOINTMENT_LINK = /(https?:\/\/\S+\/your-child\/appointment\/[A-Za-z0-9_-]{20,})/u;

/** The local mailbox's messages to one address, as text. */
function messagesTo(dataDir: string, to: string): string[] {
  const folder = join(dataDir, 'local-mailbox');
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => n.endsWith('.txt'));
  } catch {
    return []; // Not made until the first message is written.
  }
  return names.map((n) => readFileSync(join(folder, n), 'utf8')).filter((text) => text.startsWith(`To: ${to}\n`));
}

/**
 * Waits for the outbox dispatcher to write the family's appointment message to the local mailbox, and returns the
 * one-time link in it (the embedded mode's stand-in for the family's inbox).
 */
export async function appointmentLinkFor(dataDir: string, to: string): Promise<{ link: string; message: string }> {
  for (let i = 0; i < 150; i += 1) {
    for (const message of messagesTo(dataDir, to)) {
      const found = APPOINTMENT_LINK.exec(message);
      if (found !== null) return { link: found[1] ?? '', message };
    }
    await delay(200);
  }
  throw new Error(`No message with an appointment link reached the local mailbox for ${to}`);
}

/** Waits for a message to `to` whose text includes `including`; returns it. */
export async function messageTo(dataDir: string, to: string, including: string): Promise<string> {
  for (let i = 0; i < 150; i += 1) {
    const found = messagesTo(dataDir, to).find((m) => m.includes(including));
    if (found !== undefined) return found;
    await delay(200);
  }
  throw new Error(`No message to ${to} with "${including}" reached the local mailbox`);
}
