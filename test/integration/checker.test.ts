/**
 * "Check if we can help", used as a person uses it: question pages answered one at a time, then the result. The same
 * cases go through the eligibility API and through the pages and must get the same answer (criteria.md: one engine
 * for the checker, the API and later the referral form), on a fresh install (questions in words) and with the
 * reference data imported (practices and schools picked from it). The checker stores nothing on the server.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EligibilityDecision, EligibilityFacts } from '../../src/domain/eligibility/index.js';
import { ageInYears } from '../../src/domain/shared/dates.js';
import { resultInWords } from '../../src/web/routes/checker/checker.view-models.js';
import { TestClient, type FormFields, type Page } from '../support/client.js';
import { HOUR_MS, movableClock } from '../support/clock.js';
import { describeEachDialect } from '../support/databases.js';
import { errorSummary, tableRows, text } from '../support/html.js';
import { createTestApp, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const SHARED = resolve(import.meta.dirname, '../../../shared/data');
const file = (name: string) => ({ name, bytes: readFileSync(resolve(SHARED, name)) });
const TODAY = '2026-11-27';
const BASE = '/check-if-we-can-help';

/** Practices and schools from the publishers' files: in the area, outside it, and closed. */
const PRACTICES = ['C82044', 'C82040', 'C82029'];
const EMPINGHAM = 'EMPINGHAM MEDICAL CENTRE, OAKHAM, LE15 8PR';
const FULLHURST = 'Fullhurst Community College, Leicester, LE3 1AH';
const SCHOOLS = ['134809', '139559', '113031'];
const EXCLUDED = ['mental-health', 'chronic-fatigue-syndrome', 'rheumatology'];

const main = (page: Page) => text(page.document.querySelector('main'));
const h1 = (page: Page) => text(page.document.querySelector('h1'));
/** The plain sentences above "How we decided" that say why, for a family. */
const explanations = (page: Page) => [...page.document.querySelectorAll('[data-explanation]')].map((p) => text(p));
/** What the result page says to do next: everything between its heading and "How we decided". */
function nextSteps(page: Page): string {
  const heading = page.screen.getByRole('heading', { level: 2, name: 'What to do next' });
  let out = '';
  for (let node = heading.nextElementSibling; node !== null && node.tagName !== 'H2'; node = node.nextElementSibling) {
    out += ` ${text(node)}`;
  }
  return out.trim();
}
/** The search a place page's answer form sends back, or null when it sends none. */
const searchSentBack = (page: Page) =>
  page.document.querySelector<HTMLInputElement>('form[method="post"] input[type="hidden"][name="q"]')?.value ?? null;

/** The form a person fills in on each page, for the situation the facts describe. */
function answerFor(pagePath: string, facts: EligibilityFacts): FormFields {
  const page = pagePath.slice(BASE.length + 1);
  const { child } = facts;
  const yn = (v: boolean | undefined) => (v === true ? 'yes' : 'no');
  const dateFields = (name: string, iso: string) => {
    const [year = '', month = '', day = ''] = iso.split('-');
    return { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year };
  };
  const list = (codes: string[] | undefined) => (codes === undefined || codes.length === 0 ? ['none'] : codes);
  switch (page) {
    case 'date-of-birth':
      return dateFields('childDateOfBirth', child.dateOfBirth);
    case 'education':
      return { inFullTimeEducation: yn(child.inFullTimeEducation) };
    case 'gp-practice':
      if (child.gpPracticeCode !== undefined) return { childGp: child.gpPracticeCode };
      if (child.gpPracticeInArea !== undefined) return { childGp: child.gpPracticeInArea ? 'in-area' : 'outside-area' };
      return { childGp: 'not-known' };
    case 'school':
      if (child.schoolUrn !== undefined) return { childSchool: child.schoolUrn };
      if (child.schoolInArea !== undefined) return { childSchool: child.schoolInArea ? 'in-area' : 'outside-area' };
      return { childSchool: 'none' };
    case 'curriculum':
      return {
        curriculum: facts.needsInCurriculumContext === undefined ? 'not-known' : yn(facts.needsInCurriculumContext),
      };
    case 'difficulties':
      return { difficulties: list(facts.difficulties) };
    case 'conditions':
      return { conditions: list(facts.conditions) };
    case 'community-issue':
      return { communityIssue: yn(facts.overridingCommunityIssue) };
    case 'other-needs': {
      const ticked = [
        facts.shortTermAcuteIllness === true ? 'short-term-illness' : null,
        facts.acuteSurgicalRecovery === true ? 'acute-surgery' : null,
        facts.requestsAyresSensoryIntegration === true ? 'ayres-sensory-integration' : null,
      ].filter((x): x is string => x !== null);
      return { otherNeeds: list(ticked) };
    }
    case 'who-is-referring':
      return { referrerType: facts.referrer?.type ?? 'gp' };
    case 'discharge':
      return { seenBefore: yn(facts.referrer?.childDischargedOn !== undefined) };
    case 'discharge-date':
      return dateFields('childDischargedOn', facts.referrer?.childDischargedOn ?? '');
    default:
      throw new Error(`Unexpected checker page ${pagePath}`);
  }
}

/** Answers every page the checker asks, in the order it asks them, and returns the result page. */
async function throughTheChecker(client: TestClient, facts: EligibilityFacts, base = BASE): Promise<Page> {
  let path = `${base}/date-of-birth`;
  for (let step = 0; step < 15; step += 1) {
    const page = await client.get(path);
    expect(page.status, main(page).slice(0, 300)).toBe(200);
    if (path === `${base}/result`) return page;
    const answered = await client.post(path, answerFor(path.replace(base, BASE), facts));
    expect(answered.status, `${path}: ${errorSummary(answered).join('; ')}`).toBe(303);
    path = answered.location ?? '';
  }
  throw new Error('The checker asked more questions than there are pages');
}

async function askTheApi(t: TestApp, facts: EligibilityFacts, service?: string): Promise<EligibilityDecision> {
  const response = await t.app.inject({
    method: 'POST',
    url: service === undefined ? '/api/v1/eligibility' : `/api/v1/services/${service}/eligibility`,
    payload: facts,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<EligibilityDecision>();
}

const OUTCOME_HEADINGS = {
  eligible: 'We can accept a referral for this child',
  ineligible: 'We cannot accept a referral for this child',
  unclear: 'We need to know more to tell you',
};
/** The heading when the child may be eligible and only who is referring stands in the way. */
const ONLY_WHO_REFERS = 'The child may be eligible, but someone else must refer them';

/** The result page and the API agree: the same outcome, and each criterion shown with the API's result and reason. */
function expectSameAnswer(result: Page, decision: EligibilityDecision): void {
  const onlyWhoRefers = decision.criteria.every((c) => c.result !== 'not-met' || c.id === 'referrer');
  expect(h1(result)).toBe(
    decision.outcome === 'ineligible' && onlyWhoRefers ? ONLY_WHO_REFERS : OUTCOME_HEADINGS[decision.outcome],
  );
  const rows = tableRows(result, 'Each referral criterion and how your answers meet it');
  const expected = decision.criteria.map((c) => ({ Result: resultInWords(c.id, c.result), Why: c.reason }));
  for (const row of rows) expect(expected).toContainEqual({ Result: row.Result, Why: row.Why });
  if (decision.outcome !== 'ineligible') expect(rows).toHaveLength(decision.criteria.length);
  expect(main(result)).toContain(`version ${decision.policyVersion}`);
}

/** A situation the checker can describe: every question it asks has an answer in the facts. */
function checkerCases(withReferenceData: boolean): fc.Arbitrary<EligibilityFacts> {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const date = (from: string, to: string) =>
    fc
      .date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  const gp = withReferenceData
    ? fc.oneof(
        fc.constantFrom(...PRACTICES).map((code) => ({ gpPracticeCode: code })),
        fc.constant({}),
      )
    : fc.oneof(
        fc.boolean().map((inArea) => ({ gpPracticeInArea: inArea })),
        fc.constant({}),
      );
  const school = withReferenceData
    ? fc.oneof(
        fc.constantFrom(...SCHOOLS).map((urn) => ({ schoolUrn: urn })),
        fc.constant({}),
      )
    : fc.oneof(
        fc.boolean().map((inArea) => ({ schoolInArea: inArea })),
        fc.constant({}),
      );
  const referrerTypes = [
    'gp',
    'health-professional',
    'education-staff',
    'educational-psychologist',
    'social-care',
    'early-years-setting',
    'parent-carer',
    'self',
    'other',
  ];
  return fc
    .record({
      dateOfBirth: date('2004-01-01', TODAY),
      inFullTimeEducation: fc.boolean(),
      gp,
      school,
      needsInCurriculumContext: maybe(fc.boolean()),
      difficulties: fc.subarray(['functional', 'independence', 'sensory', 'movement', 'perceptual']),
      conditions: fc.subarray(['autism', 'cerebral-palsy', ...EXCLUDED], { maxLength: 2 }),
      overridingCommunityIssue: fc.boolean(),
      shortTermAcuteIllness: fc.boolean(),
      acuteSurgicalRecovery: fc.boolean(),
      requestsAyresSensoryIntegration: fc.boolean(),
      referrerType: fc.constantFrom(...referrerTypes),
      childDischargedOn: maybe(date('2025-11-01', TODAY)),
    })
    .map((c) => {
      const age = ageInYears(c.dateOfBirth, TODAY);
      const hasSchool = 'schoolUrn' in c.school || 'schoolInArea' in c.school;
      const discharged =
        c.referrerType === 'parent-carer' && c.childDischargedOn !== undefined && c.childDischargedOn >= c.dateOfBirth
          ? { childDischargedOn: c.childDischargedOn }
          : {};
      return {
        child: {
          dateOfBirth: c.dateOfBirth,
          ...(age >= 16 && age < 19 ? { inFullTimeEducation: c.inFullTimeEducation } : {}),
          ...c.gp,
          ...c.school,
        },
        ...(hasSchool && c.needsInCurriculumContext !== undefined
          ? { needsInCurriculumContext: c.needsInCurriculumContext }
          : {}),
        difficulties: c.difficulties,
        conditions: c.conditions,
        ...(c.conditions.some((x) => EXCLUDED.includes(x))
          ? { overridingCommunityIssue: c.overridingCommunityIssue }
          : {}),
        shortTermAcuteIllness: c.shortTermAcuteIllness,
        acuteSurgicalRecovery: c.acuteSurgicalRecovery,
        requestsAyresSensoryIntegration: c.requestsAyresSensoryIntegration,
        referrer: { type: c.referrerType, ...discharged },
      };
    });
}

/** A 12-year-old in Rutland referred by their GP: every answer in their favour. */
const ELIGIBLE: EligibilityFacts = {
  child: { dateOfBirth: '2014-05-02', gpPracticeInArea: true },
  difficulties: ['movement'],
  conditions: ['developmental-coordination-disorder'],
  shortTermAcuteIllness: false,
  acuteSurgicalRecovery: false,
  requestsAyresSensoryIntegration: false,
  referrer: { type: 'gp' },
};

describeEachDialect('the "Check if we can help" checker', (dialect) => {
  let t: TestApp;
  const time = movableClock(new Date(`${TODAY}T12:00:00Z`));
  beforeAll(async () => {
    t = await createTestApp(dialect, {
      clock: time.clock,
      twoServices: true,
      env: { API_RATE_LIMIT_PER_MINUTE: '100000' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const llr = `/llr-childrens-ot${BASE}`;
  const cases = (withReferenceData: boolean, runs: number) =>
    fc.assert(
      fc.asyncProperty(checkerCases(withReferenceData), async (facts) => {
        const result = await throughTheChecker(new TestClient(t.app), facts, llr);
        expectSameAnswer(result, await askTheApi(t, facts, 'llr-childrens-ot'));
      }),
      { numRuns: runs, seed: 20261127 },
    );

  describe('on a fresh install, with no reference data', () => {
    it('starts from a page that says what it asks and that nothing is kept', async () => {
      const start = await new TestClient(t.app).get(llr);
      expect(start.status).toBe(200);
      expect(h1(start)).toBe('Check if we can help');
      expect(main(start)).toContain('We do not keep your answers');
      expect(start.screen.getByRole('button', { name: 'Start now' }).getAttribute('href')).toBe(`${llr}/date-of-birth`);
    });

    it('asks where the GP practice and school are in words, and says the answer was declared', async () => {
      const client = new TestClient(t.app);
      await client.get(`${llr}/date-of-birth`);
      await client.post(`${llr}/date-of-birth`, answerFor(`${BASE}/date-of-birth`, ELIGIBLE));
      const gp = await client.get(`${llr}/gp-practice`);
      expect(gp.screen.queryByRole('searchbox')).toBeNull();
      expect(gp.screen.queryByLabelText(/Search for the practice/u)).toBeNull();
      expect(
        gp.screen.getByRole('radio', { name: 'A GP practice in Leicester, Leicestershire or Rutland' }),
      ).toBeTruthy();
      expect(gp.screen.getByRole('radio', { name: 'A GP practice somewhere else' })).toBeTruthy();
      const result = await throughTheChecker(client, ELIGIBLE, llr);
      expect(h1(result)).toBe('We can accept a referral for this child');
      expect(main(result)).toContain('(as declared)');
      expect(main(result)).toContain('You can make a referral now');
    });

    // Each case is a whole journey through the pages: give the 25 of them time on a busy machine.
    it('gives the same answer as the API for the same cases', async () => {
      await cases(false, 25);
    }, 180_000);
  });

  describe('with the reference data imported', () => {
    beforeAll(async () => {
      await t.deps.referenceImport.importPractices(file('epraccur_llr_and_neighbours.csv'));
      await t.deps.referenceImport.importSchools(file('gias_layout_llr_and_neighbours.csv'));
    });

    it('finds the GP practice by a search that works without a script, and keeps the choice', async () => {
      const client = new TestClient(t.app);
      await client.get(`${llr}/date-of-birth`);
      await client.post(`${llr}/date-of-birth`, answerFor(`${BASE}/date-of-birth`, ELIGIBLE));
      const empty = await client.get(`${llr}/gp-practice`);
      expect(empty.screen.getByLabelText('Search for the practice')).toBeTruthy();
      expect(empty.screen.queryByRole('radio', { name: /in Leicester, Leicestershire or Rutland/u })).toBeNull();
      expect(empty.screen.getByRole('radio', { name: 'The child is not registered with a GP' })).toBeTruthy();

      const found = await client.get(`${llr}/gp-practice?q=empingham`);
      expect(text(found.screen.getByRole('status'))).toBe('1 result for ‘empingham’.');
      expect(found.screen.getByRole('radio', { name: 'EMPINGHAM MEDICAL CENTRE, OAKHAM, LE15 8PR' })).toBeTruthy();
      const byPostcode = await client.get(`${llr}/gp-practice?q=${encodeURIComponent('le15 8pr')}`);
      expect(byPostcode.screen.getByRole('radio', { name: /EMPINGHAM MEDICAL CENTRE/u })).toBeTruthy();
      const closed = await client.get(`${llr}/gp-practice?q=C82029`);
      expect(closed.screen.getByRole('radio', { name: /\(closed\)$/u })).toBeTruthy();
      const nothing = await client.get(`${llr}/gp-practice?q=zzzzzz`);
      expect(text(nothing.screen.getByRole('status'))).toContain('No results for ‘zzzzzz’');

      expect((await client.post(`${llr}/gp-practice`, { childGp: 'C82044' })).location).toBe(`${llr}/school`);
      // Coming back shows the choice made, checked, without searching again.
      const again = await client.get(`${llr}/gp-practice`);
      const radio = again.screen.getByRole<HTMLInputElement>('radio', { name: /EMPINGHAM MEDICAL CENTRE/u });
      expect(radio.checked).toBe(true);
    });

    it('refuses a practice or school that is not in the reference data', async () => {
      const client = new TestClient(t.app);
      await client.get(`${llr}/date-of-birth`);
      await client.post(`${llr}/date-of-birth`, answerFor(`${BASE}/date-of-birth`, ELIGIBLE));
      const page = await client.post(`${llr}/gp-practice`, { childGp: 'Z99999' });
      expect(page.status).toBe(400);
      expect(errorSummary(page)).toEqual(['Select one of the results, or search again']);
      expect((await client.post(`${llr}/gp-practice`, { childGp: 'none' })).status).toBe(303);
      expect((await client.post(`${llr}/school`, { childSchool: '999999' })).status).toBe(400);
    });

    it('says when a search shows only the first results, and how to narrow it down', async () => {
      const client = new TestClient(t.app);
      await client.get(`${llr}/date-of-birth`);
      await client.post(`${llr}/date-of-birth`, answerFor(`${BASE}/date-of-birth`, ELIGIBLE));
      const many = await client.get(`${llr}/gp-practice?q=leicester`);
      expect(text(many.screen.getByRole('status'))).toBe(
        'Showing the first 20 results for ‘leicester’. Add more of the name, or search by postcode, to narrow it down.',
      );
      // The 20 results and the two answers in words.
      expect(many.screen.getAllByRole('radio')).toHaveLength(22);
      const few = await client.get(`${llr}/gp-practice?q=oakham`);
      expect(text(few.screen.getByRole('status'))).toMatch(/^\d results for ‘oakham’\.$/u);

      // The practice search takes a code; the school search asks for no code that a family would not know.
      expect(text(many.document.getElementById('q-hint'))).toBe(
        'Enter its name, town, postcode or code (for example, C82044)',
      );
      await client.post(`${llr}/gp-practice`, { childGp: 'C82044' });
      const schools = await client.get(`${llr}/school?q=leicester`);
      expect(text(schools.document.getElementById('q-hint'))).toBe('Enter its name, town or postcode');
      expect(main(schools)).not.toContain('URN');
      expect(text(schools.screen.getByRole('status'))).toMatch(/^Showing the first 20 results for ‘leicester’\./u);
    });

    it('keeps the search and its results when Continue is pressed without a choice', async () => {
      const client = new TestClient(t.app);
      await client.get(`${llr}/date-of-birth`);
      await client.post(`${llr}/date-of-birth`, answerFor(`${BASE}/date-of-birth`, ELIGIBLE));
      expect(searchSentBack(await client.get(`${llr}/gp-practice`)), 'no search, nothing to send back').toBeNull();
      const found = await client.get(`${llr}/gp-practice?q=empingham`);
      expect(searchSentBack(found)).toBe('empingham');

      const nothingChosen = await client.post(`${llr}/gp-practice`, { q: 'empingham' });
      expect(nothingChosen.status).toBe(400);
      expect(errorSummary(nothingChosen)).toEqual(["Select the child's GP practice, or say that you do not know it"]);
      expect(text(nothingChosen.screen.getByRole('status'))).toBe('1 result for ‘empingham’.');
      expect(nothingChosen.screen.getByRole('radio', { name: EMPINGHAM })).toBeTruthy();
      expect(nothingChosen.screen.getByLabelText<HTMLInputElement>('Search for the practice').value).toBe('empingham');
      expect(searchSentBack(nothingChosen), 'the error page sends the search back too').toBe('empingham');

      // A practice that is not in the reference data: the same.
      const unknown = await client.post(`${llr}/gp-practice`, { childGp: 'Z99999', q: 'empingham' });
      expect(unknown.status).toBe(400);
      expect(unknown.screen.getByRole('radio', { name: EMPINGHAM })).toBeTruthy();

      // The search is not part of the answer.
      expect((await client.post(`${llr}/gp-practice`, { childGp: 'C82044', q: 'empingham' })).location).toBe(
        `${llr}/school`,
      );
      const school = await client.post(`${llr}/school`, { q: 'fullhurst' });
      expect(school.status).toBe(400);
      expect(school.screen.getByRole('radio', { name: FULLHURST })).toBeTruthy();
      expect(searchSentBack(school)).toBe('fullhurst');
      // Only the place pages take a search.
      expect((await client.post(`${llr}/school`, { childSchool: 'none', q: 'x' })).location).toBe(
        `${llr}/difficulties`,
      );
      expect((await client.post(`${llr}/difficulties`, { difficulties: 'movement', q: 'x' })).status).toBe(400);
    });

    it('shows the signposting for the council of the child’s school when the service cannot help', async () => {
      const facts: EligibilityFacts = {
        ...ELIGIBLE,
        child: { dateOfBirth: '2014-05-02', schoolUrn: '134809' },
        needsInCurriculumContext: true,
        requestsAyresSensoryIntegration: true,
      };
      const result = await throughTheChecker(new TestClient(t.app), facts, llr);
      expect(h1(result)).toBe('We cannot accept a referral for this child');
      expect(result.screen.getByRole('heading', { level: 3, name: 'Leicester' })).toBeTruthy();
      expect(result.screen.queryByRole('heading', { level: 3, name: 'Rutland' })).toBeNull();
      expect(result.screen.getByRole('link', { name: 'SENDIASS Leicester' })).toBeTruthy();
      expect(explanations(result)).toEqual([
        'We do not provide Ayres Sensory Integration therapy. If the child needs help with other things, you can check again without asking for it.',
      ]);
      // The service's own pages are not signposting: the person is already using the service.
      expect(result.screen.queryByRole('link', { name: /Children's Occupational Therapy Service/u })).toBeNull();
      expect(result.screen.queryByRole('link', { name: /LPT referrals page/u })).toBeNull();
      // The organisation is in brackets only when it adds to the name.
      const items = [...result.document.querySelectorAll('main li')].map((li) => text(li));
      expect(items).toContain('SENDIASS Leicester');
      expect(items).toContain('Leicester SEND Local Offer (Leicester City Council)');
    });

    it('tells a young person who asks for themselves that a professional can refer them', async () => {
      const facts: EligibilityFacts = { ...ELIGIBLE, referrer: { type: 'self' } };
      const result = await throughTheChecker(new TestClient(t.app), facts, llr);
      // Only who is referring stands in the way: the child may be eligible, and someone else can refer them.
      expect(h1(result)).toBe(ONLY_WHO_REFERS);
      expect(main(result)).toContain('From your answers, the child may meet our referral criteria.');
      expect(main(result)).toContain('Ask one of them to refer the child');
      expect(main(result)).toContain('a GP');
    });

    // Each case is a whole journey through the pages: give the 25 of them time on a busy machine.
    it('gives the same answer as the API for the same cases', async () => {
      await cases(true, 25);
    }, 180_000);
  });

  describe('the answers', () => {
    it('stop asking as soon as the answer cannot change, and show only what was asked', async () => {
      const client = new TestClient(t.app);
      await client.get(`${llr}/date-of-birth`);
      const answered = await client.post(
        `${llr}/date-of-birth`,
        answerFor(`${BASE}/date-of-birth`, {
          child: { dateOfBirth: '2005-01-01' },
        }),
      );
      expect(answered.location).toBe(`${llr}/result`);
      const result = await client.follow(answered);
      expect(h1(result)).toBe('We cannot accept a referral for this child');
      expect(main(result)).toContain('We stopped asking questions');
      expect(tableRows(result, /Each referral criterion/u)).toEqual([
        { Criterion: 'Age', Result: 'Outside our age range', Why: expect.stringContaining('Aged 21') as string },
      ]);
    });

    it('can be changed from the result, and the checker asks whatever the change makes necessary', async () => {
      const client = new TestClient(t.app);
      await throughTheChecker(client, ELIGIBLE, llr);
      const result = await client.get(`${llr}/result`);
      const change = result.screen.getByRole('link', { name: 'Change date of birth' });
      expect(change.getAttribute('href')).toBe(`${llr}/date-of-birth`);
      const changed = await client.post(
        `${llr}/date-of-birth`,
        answerFor(`${BASE}/date-of-birth`, {
          child: { dateOfBirth: '2009-05-02' },
        }),
      );
      expect(changed.location).toBe(`${llr}/education`);
      expect((await client.post(`${llr}/education`, { inFullTimeEducation: 'yes' })).location).toBe(`${llr}/result`);
    });

    it('cannot be skipped by going straight to a later page or the result', async () => {
      const client = new TestClient(t.app);
      expect((await client.get(`${llr}/result`)).location).toBe(`${llr}/date-of-birth`);
      expect((await client.get(`${llr}/difficulties`)).location).toBe(`${llr}/date-of-birth`);
      await client.get(`${llr}/date-of-birth`);
      await client.post(`${llr}/date-of-birth`, answerFor(`${BASE}/date-of-birth`, ELIGIBLE));
      expect((await client.get(`${llr}/difficulties`)).location).toBe(`${llr}/gp-practice`);
      expect((await client.get(`${llr}/result`)).location).toBe(`${llr}/gp-practice`);
      // A page that does not apply (education, for a 12-year-old) sends the person on.
      expect((await client.get(`${llr}/education`)).location).toBe(`${llr}/gp-practice`);
    });

    it('are kept in the browser only: no session, no database row, nothing readable in the cookie', async () => {
      const count = async (table: 'sessions' | 'audit_events') =>
        Number(
          (
            await t.deps.database.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = [await count('sessions'), await count('audit_events')];
      const client = new TestClient(t.app);
      await throughTheChecker(client, ELIGIBLE, llr);
      expect([await count('sessions'), await count('audit_events')]).toEqual(before);
      expect([...client.cookies.keys()]).toEqual(['otway-checker']);
      expect(client.cookies.get('otway-checker')).not.toContain('2014');
    });

    it('are forgotten an hour after the last answer, and the person is told to start again', async () => {
      const client = new TestClient(t.app);
      await client.get(`${llr}/date-of-birth`);
      await client.post(`${llr}/date-of-birth`, answerFor(`${BASE}/date-of-birth`, ELIGIBLE));
      time.advance(HOUR_MS + 1000);
      try {
        const page = await client.post(`${llr}/gp-practice`, { childGp: 'not-known' });
        expect(page.status).toBe(400);
        expect(h1(page)).toBe('Sorry, you need to start again');
        expect((await client.get(`${llr}/result`)).location).toBe(`${llr}/date-of-birth`);
      } finally {
        time.advance(-(HOUR_MS + 1000));
      }
    });

    it('can be cleared by the person', async () => {
      const client = new TestClient(t.app);
      await throughTheChecker(client, ELIGIBLE, llr);
      const cleared = await client.post(`${llr}/start-again`);
      expect(cleared.location).toBe(llr);
      expect(client.cookies.size).toBe(0);
      expect((await client.get(`${llr}/result`)).location).toBe(`${llr}/date-of-birth`);
    });

    it('cannot be changed by another website: a post without the token, or with another, changes nothing', async () => {
      const client = new TestClient(t.app);
      await client.get(`${llr}/date-of-birth`);
      const fields = answerFor(`${BASE}/date-of-birth`, ELIGIBLE);
      expect((await client.post(`${llr}/date-of-birth`, fields, { csrf: null })).status).toBe(403);
      const other = new TestClient(t.app);
      await other.get(`${llr}/date-of-birth`);
      expect((await client.post(`${llr}/date-of-birth`, fields, { csrf: other.csrfToken ?? '' })).status).toBe(403);
      expect((await client.post(`${llr}/start-again`, {}, { csrf: 'forged' })).status).toBe(403);
      expect((await client.get(`${llr}/gp-practice`)).location).toBe(`${llr}/date-of-birth`);
    });

    it('of one service are not the answers of another', async () => {
      const client = new TestClient(t.app);
      await throughTheChecker(client, ELIGIBLE, llr);
      const physio = `/${SECOND_SERVICE}${BASE}`;
      expect((await client.get(`${physio}/result`)).location).toBe(`${physio}/date-of-birth`);
    });
  });

  describe('the referrer and discharge pages', () => {
    /** A client that has answered everything for a 12-year-old up to who will refer. */
    async function upToTheReferrer(): Promise<TestClient> {
      const client = new TestClient(t.app);
      await client.get(`${llr}/date-of-birth`);
      for (const [page, fields] of [
        ['date-of-birth', answerFor(`${BASE}/date-of-birth`, ELIGIBLE)],
        ['gp-practice', { childGp: 'in-area' }],
        ['school', { childSchool: 'none' }],
        ['difficulties', { difficulties: 'movement' }],
        ['conditions', { conditions: 'none' }],
        ['other-needs', { otherNeeds: 'none' }],
      ] as const) {
        expect((await client.post(`${llr}/${page}`, fields)).status).toBe(303);
      }
      return client;
    }

    it('asks who will refer with the labels alone, and the page’s own hint', async () => {
      const page = await (await upToTheReferrer()).get(`${llr}/who-is-referring`);
      expect(page.status).toBe(200);
      expect(page.screen.getByText('If a professional will refer the child, choose their role.')).toBeTruthy();
      expect(page.screen.getByRole('radio', { name: 'A GP' }).getAttribute('aria-describedby')).toBeNull();
      expect(page.document.querySelectorAll('.nhsuk-radios__hint')).toHaveLength(0);
      expect(main(page)).not.toContain('For example');
      expect(main(page)).not.toContain('LPT FYPC');
    });

    it('asks a parent whether we have seen the child, then when we discharged them, on two pages', async () => {
      const client = await upToTheReferrer();
      expect((await client.post(`${llr}/who-is-referring`, { referrerType: 'parent-carer' })).location).toBe(
        `${llr}/discharge`,
      );
      const seen = await client.get(`${llr}/discharge`);
      expect(h1(seen)).toBe('Has our service seen the child before?');
      expect(main(seen)).toContain(
        'A parent or carer can refer the child again if we discharged them in the last 6 months.',
      );
      expect(seen.document.querySelectorAll('[aria-expanded], .nhsuk-radios__conditional')).toHaveLength(0);
      expect(seen.document.querySelectorAll('input:not([type="radio"]):not([type="hidden"])')).toHaveLength(0);
      expect((await client.get(`${llr}/discharge-date`)).location, 'no date before the answer').toBe(
        `${llr}/discharge`,
      );
      const none = await client.post(`${llr}/discharge`, {});
      expect(errorSummary(none)).toEqual(['Select yes if our service has seen the child before']);
      expect(none.screen.getByRole('link', { name: /our service has seen/u }).getAttribute('href')).toBe('#seenBefore');
      expect(none.document.getElementById('seenBefore')).not.toBeNull();
      expect((await client.post(`${llr}/discharge`, { seenBefore: 'yes' })).location).toBe(`${llr}/discharge-date`);

      const when = await client.get(`${llr}/discharge-date`);
      expect(h1(when)).toBe('When did we discharge the child?');
      // The example is about two months before today (27 November 2026), as the person would type it.
      expect(text(when.document.getElementById('childDischargedOn-hint'))).toBe(
        'For example, 27 9 2026. The date is on the letter we sent when we discharged the child.',
      );
      expect(when.screen.getByRole('link', { name: 'Back' }).getAttribute('href')).toBe(`${llr}/discharge`);
      const empty = await client.post(`${llr}/discharge-date`, {});
      expect(errorSummary(empty)).toEqual(['Enter the date we discharged the child']);
      expect(empty.screen.getByRole('link', { name: /Enter the date/u }).getAttribute('href')).toBe(
        '#childDischargedOn-day',
      );
      const beforeBirth = await client.post(`${llr}/discharge-date`, {
        'childDischargedOn[day]': '1',
        'childDischargedOn[month]': '1',
        'childDischargedOn[year]': '2010',
      });
      expect(errorSummary(beforeBirth)).toEqual(["Date of discharge must be after the child's date of birth"]);
      expect(beforeBirth.screen.getByLabelText<HTMLInputElement>('Year').value).toBe('2010');
      const answered = await client.post(`${llr}/discharge-date`, {
        'childDischargedOn[day]': '30',
        'childDischargedOn[month]': '9',
        'childDischargedOn[year]': '2026',
      });
      expect(answered.location).toBe(`${llr}/result`);
      const result = await client.follow(answered);
      expect(h1(result)).toBe('We can accept a referral for this child');
      const answers = main(result);
      expect(answers).toContain('Seen by us before Yes');
      expect(answers).toContain('Date we discharged the child 30 September 2026');
      expect(
        result.screen.getByRole('link', { name: 'Change date we discharged the child' }).getAttribute('href'),
      ).toBe(`${llr}/discharge-date`);
      // The date given is kept on its page.
      const again = await client.get(`${llr}/discharge-date`);
      expect(again.screen.getByLabelText<HTMLInputElement>('Month').value).toBe('9');

      // "No" goes straight to the result, and the date given before no longer counts.
      expect((await client.post(`${llr}/discharge`, { seenBefore: 'no' })).location).toBe(`${llr}/result`);
      const never = await client.get(`${llr}/result`);
      expect(h1(never)).toBe(ONLY_WHO_REFERS);
      expect(main(never)).not.toContain('Date we discharged the child');
      expect(explanations(never)).toEqual([
        'A parent or carer can refer the child only if we discharged them in the last 6 months. You told us we have not seen the child before.',
      ]);
      expect(nextSteps(never)).toContain('the referral must come from a GP, a health professional');
      // How we decided does not speak of a discharge date the parent was never asked for.
      expect(main(never)).not.toContain('no discharge date was given');
      expect(tableRows(never, /Each referral criterion/u).find((r) => r.Criterion === 'Who is referring')).toEqual({
        Criterion: 'Who is referring',
        Result: 'Cannot refer',
        Why: "A parent or carer may refer only within 6 months of the child's discharge from the service, and you told us we have not seen the child before.",
      });
    });

    it('tells a parent when the time to refer again has passed', async () => {
      const facts: EligibilityFacts = {
        ...ELIGIBLE,
        referrer: { type: 'parent-carer', childDischargedOn: '2025-11-01' },
      };
      const result = await throughTheChecker(new TestClient(t.app), facts, llr);
      expect(explanations(result)).toEqual([
        'A parent or carer can refer the child only if we discharged them in the last 6 months. We discharged the child on 1 November 2025, more than 6 months ago.',
      ]);
    });
  });

  describe('the result, in plain words', () => {
    const AREA_RULE =
      'We see children and young people who are registered with a GP practice in Leicester, Leicestershire or Rutland, or who go to a school or college there and need help with things they do at school.';

    it('says why a young person is too old from the service’s own ages, and sends them to their GP, not children’s services', async () => {
      const result = await throughTheChecker(new TestClient(t.app), { child: { dateOfBirth: '2006-05-02' } }, llr);
      expect(explanations(result)).toEqual([
        'We see children and young people until their 19th birthday if they are still in full-time education, and until their 16th birthday otherwise. The child is 20.',
      ]);
      const next = nextSteps(result);
      expect(next).toContain("Ask the young person's GP about adult services");
      expect(next).toContain('0116 295 2495');
      expect(next).not.toMatch(/SEND|SENDIASS|Local Offer|organisations may be able to help/u);
      // The engine's reason is still in "How we decided", word for word.
      expect(tableRows(result, /Each referral criterion/u)).toEqual([
        { Criterion: 'Age', Result: 'Outside our age range', Why: 'Aged 20: 19 or over.' },
      ]);
    });

    it('says the same for a young person not in full-time education', async () => {
      const facts: EligibilityFacts = { child: { dateOfBirth: '2009-05-02', inFullTimeEducation: false } };
      const result = await throughTheChecker(new TestClient(t.app), facts, llr);
      expect(explanations(result)).toEqual([
        'We see children and young people until their 19th birthday if they are still in full-time education, and until their 16th birthday otherwise. The child is 17 and not in full-time education.',
      ]);
      expect(nextSteps(result)).toContain("Ask the young person's GP about adult services");
    });

    it('uses the other service’s ages and telephone number', async () => {
      const physio = `/${SECOND_SERVICE}${BASE}`;
      const result = await throughTheChecker(new TestClient(t.app), { child: { dateOfBirth: '2000-05-02' } }, physio);
      expect(explanations(result)).toEqual([
        'We see children and young people until their 25th birthday if they are still in full-time education, and until their 18th birthday otherwise. The child is 26.',
      ]);
      expect(nextSteps(result)).toContain('0000 000 0000');
      expect(main(result)).not.toMatch(/Leicester|Rutland|19th|16th/u);
    });

    it('says in plain words what is not known yet', async () => {
      const facts: EligibilityFacts = { ...ELIGIBLE, child: { dateOfBirth: '2014-05-02' } };
      const result = await throughTheChecker(new TestClient(t.app), facts, llr);
      expect(h1(result)).toBe('We need to know more to tell you');
      expect(explanations(result)).toEqual([`${AREA_RULE} We cannot tell yet whether this is true for this child.`]);
      const atSchool: EligibilityFacts = { ...ELIGIBLE, child: { dateOfBirth: '2014-05-02', schoolInArea: true } };
      const notSure = await throughTheChecker(new TestClient(t.app), atSchool, llr);
      expect(explanations(notSure)).toEqual([
        `${AREA_RULE} We do not know yet whether the child needs help with things they do at school.`,
      ]);
      expect(tableRows(result, /Each referral criterion/u).map((r) => r.Result)).toEqual([
        'Within our age range',
        'Not known yet',
        'Difficulties we help with',
        'Not the reason for the referral',
        'Not the reason for the referral',
        'None that stop us helping',
        'Not asked for, or we provide it',
        'Can refer',
      ]);
    });

    it('names the condition the service does not see', async () => {
      const facts: EligibilityFacts = { ...ELIGIBLE, conditions: ['rheumatology'], overridingCommunityIssue: false };
      const result = await throughTheChecker(new TestClient(t.app), facts, llr);
      expect(explanations(result)).toEqual([
        'We do not see children and young people whose needs come from a rheumatology condition, unless a serious problem stops them getting help outside the home.',
      ]);
    });
  });

  describe('each page', () => {
    it('says what is wrong with a missing answer, linked to the field, and keeps what was typed', async () => {
      const client = new TestClient(t.app);
      await client.get(`${llr}/date-of-birth`);
      const empty = await client.post(`${llr}/date-of-birth`, {});
      expect(empty.status).toBe(400);
      expect(empty.document.title).toMatch(/^Error: /u);
      expect(errorSummary(empty)).toEqual(["Enter the child's date of birth"]);
      expect(empty.screen.getByRole('link', { name: "Enter the child's date of birth" }).getAttribute('href')).toBe(
        '#childDateOfBirth-day',
      );
      const future = await client.post(`${llr}/date-of-birth`, {
        'childDateOfBirth[day]': '1',
        'childDateOfBirth[month]': '1',
        'childDateOfBirth[year]': '2027',
      });
      expect(errorSummary(future)).toEqual(['Date of birth must be today or in the past']);
      expect(future.screen.getByLabelText<HTMLInputElement>('Year').value).toBe('2027');
      const impossible = await client.post(`${llr}/date-of-birth`, {
        'childDateOfBirth[day]': '30',
        'childDateOfBirth[month]': '2',
        'childDateOfBirth[year]': '2016',
      });
      expect(errorSummary(impossible)).toEqual(['Date of birth must be a real date']);
      // The example follows today (27 November 2026), so it never looks out of date.
      expect(text(impossible.document.getElementById('childDateOfBirth-hint'))).toBe('For example, 27 6 2018');

      await client.post(`${llr}/date-of-birth`, answerFor(`${BASE}/date-of-birth`, ELIGIBLE));
      await client.post(`${llr}/gp-practice`, { childGp: 'not-known' });
      await client.post(`${llr}/school`, { childSchool: 'none' });
      const both = await client.post(`${llr}/difficulties`, { difficulties: ['movement', 'none'] });
      expect(errorSummary(both)).toEqual(["Select the child's difficulties, or 'None of these', not both"]);
      expect(both.screen.getByRole('link', { name: /not both/u }).getAttribute('href')).toBe('#difficulties');
      expect(both.document.getElementById('difficulties')).not.toBeNull();
    });

    it('refuses a field it does not have, a code it does not offer, and HTML, without a 500', async () => {
      const client = new TestClient(t.app);
      await client.get(`${llr}/date-of-birth`);
      expect(
        (await client.post(`${llr}/date-of-birth`, { ...answerFor(`${BASE}/date-of-birth`, ELIGIBLE), admin: '1' }))
          .status,
      ).toBe(400);
      await client.post(`${llr}/date-of-birth`, answerFor(`${BASE}/date-of-birth`, ELIGIBLE));
      await client.post(`${llr}/gp-practice`, { childGp: 'not-known' });
      await client.post(`${llr}/school`, { childSchool: 'none' });
      const odd = await client.post(`${llr}/difficulties`, { difficulties: '<script>alert(1)</script>' });
      expect(odd.status).toBe(400);
      expect(odd.body).not.toContain('<script>alert(1)</script>');
      const search = await client.get(`${llr}/gp-practice?q=${encodeURIComponent('<b>x</b>')}`);
      expect(search.status).toBe(200);
      expect(search.body).not.toContain('<b>x</b>');
    });

    it('never fails with a 500 whatever is posted to it (property-based)', async () => {
      const client = new TestClient(t.app);
      await throughTheChecker(
        client,
        { ...ELIGIBLE, referrer: { type: 'parent-carer', childDischargedOn: '2026-09-01' } },
        llr,
      );
      const pages = [
        'date-of-birth',
        'gp-practice',
        'school',
        'difficulties',
        'conditions',
        'other-needs',
        'who-is-referring',
        'discharge',
        'discharge-date',
      ];
      const names = [
        'childDateOfBirth[day]',
        'childDateOfBirth[month]',
        'childDateOfBirth[year]',
        'gp',
        'school',
        'difficulties',
        'conditions',
        'otherNeeds',
        'referrer',
        'seenBefore',
        'childDischargedOn[day]',
        'childDischargedOn[year]',
        'q',
        '__proto__',
      ];
      const value = fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('', '\u0000', '\ud800', '99999999', '<i>', '-1', '2026'),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...pages),
          fc.dictionary(fc.constantFrom(...names), fc.oneof(value, fc.array(value, { maxLength: 3 }))),
          async (page, fields) => {
            const answered = await client.post(`${llr}/${page}`, fields);
            expect([303, 400, 403]).toContain(answered.status);
            expect(answered.body).not.toMatch(/<i>|stack|TypeError/u);
          },
        ),
        { numRuns: 150, seed: 42 },
      );
      // The answers survived all of that: the result is still there.
      expect((await client.get(`${llr}/result`)).status).toBe(200);
    });
  });

  it('uses the other service’s own rules and words under its own address', async () => {
    const physio = `/${SECOND_SERVICE}${BASE}`;
    const client = new TestClient(t.app);
    const start = await client.get(physio);
    expect(start.status).toBe(200);
    // At 20, LLR cannot help at all; the second service still can, for a young person in full-time education.
    const twenty = answerFor(`${BASE}/date-of-birth`, { child: { dateOfBirth: '2006-05-02' } });
    await client.get(`${physio}/date-of-birth`);
    expect((await client.post(`${physio}/date-of-birth`, twenty)).location).toBe(`${physio}/education`);
    // At 20 and not in full-time education, the second service says so with its own ages.
    expect((await client.post(`${physio}/education`, { inFullTimeEducation: 'no' })).location).toBe(`${physio}/result`);
    expect(explanations(await client.get(`${physio}/result`))).toEqual([
      'We see children and young people until their 25th birthday if they are still in full-time education, and until their 18th birthday otherwise. The child is 20 and not in full-time education.',
    ]);
    await client.get(`${llr}/date-of-birth`);
    expect((await client.post(`${llr}/date-of-birth`, twenty)).location).toBe(`${llr}/result`);
  });
});
