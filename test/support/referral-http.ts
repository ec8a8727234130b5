/**
 * The online referral form over real HTTP, for tests and benchmarks that drive a running server: `fillInReferral`
 * answers every page the form asks (following its redirects, as test/support/referral.ts does over inject) and stops
 * at check-your-answers; `submitReferral` sends the final POST and reads the reference from the confirmation page.
 *
 * Every request goes through a `Send` the caller may wrap: a test that kills the server wraps it to try again after a
 * failure, with the same cookie and form token, and to note which step failed. An answer that is not the one the form
 * gives a person who did everything right (a page asked again after its save was answered, a save that does not move
 * on, a submission that does not lead to the confirmation, a 5xx) throws with what came back: after a crash it means
 * a lost or half-made write.
 */
import { nhsNumberCheckDigit } from '../../src/domain/shared/nhs-number.js';
import type { HttpClient, HttpPage } from './http-client.js';
import { referenceOf } from './http-client.js';
import { answersFor, REFERRER_TYPES, type ReferralCase } from './referral.js';

/** What a request is for: starting a draft, showing a page, saving a page, the final submission, the confirmation. */
export type Step = 'start' | 'show' | 'save' | 'submit' | 'confirmation';
export type Send = (step: Step, request: () => Promise<HttpPage>) => Promise<HttpPage>;

const direct: Send = (_step, request) => request();

const GIVEN = ['Amara', 'Ben', 'Chloe', 'Dev', 'Ella', 'Finn', 'Grace', 'Hari', 'Isla', 'Jay', 'Kofi', 'Lena', 'Maya'];
const FAMILY = ['Ndiaye', 'Okafor', 'Patel', 'Quinn', 'Rahman', 'Singh', 'Taylor', 'Umar', 'Vance', 'Wright', 'Young'];

/**
 * The i-th of a run of referrals that are all different children (an NHS number, name and date of birth of their
 * own), so that each submission writes a child of its own rather than matching an earlier one. The referrer types
 * take turns; every fourth family gives an e-mail address, so some submissions queue two messages. NHS numbers are
 * in the 999 range the NHS keeps for testing.
 */
export function distinctCase(i: number): ReferralCase {
  let serial = 1000 * i;
  let check = nhsNumberCheckDigit(`999${String(serial).padStart(6, '0')}`);
  while (check === null) {
    serial += 1;
    check = nhsNumberCheckDigit(`999${String(serial).padStart(6, '0')}`);
  }
  const nine = `999${String(serial).padStart(6, '0')}`;
  const month = (i % 12) + 1;
  const day = (Math.floor(i / 12) % 28) + 1;
  return {
    referrerType: REFERRER_TYPES[i % REFERRER_TYPES.length] ?? 'health-professional',
    childGivenName: GIVEN[i % GIVEN.length],
    childFamilyName: FAMILY[Math.floor(i / GIVEN.length) % FAMILY.length],
    nhsNumber: `${nine.slice(0, 3)} ${nine.slice(3, 6)} ${nine.slice(6)}${String(check)}`,
    dateOfBirth: `${String(2014 + (i % 4))}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    ...(i % 4 === 1 && { familyEmail: `family.${String(i)}@example.test` }),
  };
}

function unexpected(what: string, page: HttpPage): Error {
  const where = page.location === undefined ? '' : ` to ${page.location}`;
  const excerpt = page.status >= 400 ? `: ${page.body.replace(/\s+/gu, ' ').slice(0, 300)}` : '';
  return new Error(`${what} answered ${String(page.status)}${where}${excerpt}`);
}

export interface FillOptions {
  send?: Send;
  /** The service's referral path (`/refer` for a single service). */
  base?: string;
  /**
   * Show each page before answering it, as a person does, and read its form token (the default). Without, only the
   * first page and check-your-answers are shown: the token is the draft's, not the page's, and halving the requests
   * lets a benchmark prepare its drafts in a sensible time.
   */
  showPages?: boolean;
}

/**
 * Starts a referral and answers every page it asks, until check-your-answers, which is shown last. A page that
 * redirects is followed, as a browser follows it; a page asked for a second time after its save was answered means
 * that save was lost, and throws.
 */
export async function fillInReferral(client: HttpClient, c: ReferralCase, options: FillOptions = {}): Promise<void> {
  const send = options.send ?? direct;
  const base = options.base ?? '/refer';
  const check = `${base}/check-your-answers`;
  const started = await send('start', () => client.post(`${base}/start`, {}, { csrf: null }));
  if (started.status !== 303 || started.location === undefined) throw unexpected(`POST ${base}/start`, started);
  let path = started.location;
  let shown = false;
  const saved = new Set<string>();
  for (let step = 0; step < 100; step += 1) {
    if (!shown || path === check || options.showPages !== false) {
      const page = await send('show', () => client.get(path));
      if (page.status === 303 && page.location !== undefined) {
        path = page.location;
        continue;
      }
      if (page.status !== 200) throw unexpected(`GET ${path}`, page);
      shown = true;
      if (path === check) return;
    }
    if (saved.has(path)) throw new Error(`The form asked for ${path} again after saving it: a save was lost`);
    const fields = answersFor(path.slice(base.length + 1), c);
    const answered = await send('save', () => client.post(path, fields));
    if (answered.status !== 303 || answered.location === undefined) throw unexpected(`POST ${path}`, answered);
    saved.add(path);
    path = answered.location;
  }
  throw new Error('The referral form asked more questions than it has pages');
}

/** The final POST from check-your-answers, then the confirmation page; returns the reference it shows. */
export async function submitReferral(client: HttpClient, options: Pick<FillOptions, 'send' | 'base'> = {}) {
  const send = options.send ?? direct;
  const base = options.base ?? '/refer';
  const confirmation = `${base}/confirmation`;
  const submitted = await send('submit', () => client.post(`${base}/check-your-answers`, {}));
  if (submitted.status !== 303 || submitted.location !== confirmation) {
    throw unexpected(`POST ${base}/check-your-answers`, submitted);
  }
  return readConfirmation(client, options);
}

/** The reference the confirmation page shows this client's draft. */
export async function readConfirmation(client: HttpClient, options: Pick<FillOptions, 'send' | 'base'> = {}) {
  const send = options.send ?? direct;
  const path = `${options.base ?? '/refer'}/confirmation`;
  const page = await send('confirmation', () => client.get(path));
  const reference = referenceOf(page.body);
  if (page.status !== 200 || reference === undefined) throw unexpected(`GET ${path}`, page);
  return reference;
}
