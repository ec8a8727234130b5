/**
 * The public information pages, read as a person reads them: each page's heading, and the facts it takes from the
 * service's definition. With two services, each service's pages show its own definition.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicPaths } from '../../src/web/paths.js';
import { TestClient, type Page } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { text } from '../support/html.js';
import { createTestApp, SECOND_SERVICE, type TestApp } from '../support/test-app.js';

const PAGES = [
  ['conditions', 'Conditions we help with'],
  ['whoCanRefer', 'Who can refer and how'],
  ['afterReferral', 'What happens after a referral'],
  ['notProvided', 'What we do not provide'],
  ['professionals', 'Advice for professionals'],
] as const;

const main = (page: Page) => text(page.document.querySelector('main'));

async function read(client: TestClient, url: string, heading: string): Promise<Page> {
  const page = await client.get(url);
  expect({ url, status: page.status }).toEqual({ url, status: 200 });
  expect(page.screen.getByRole('heading', { level: 1, name: heading })).toBeTruthy();
  return page;
}

describeEachDialect('public information pages', (dialect) => {
  describe('one service, at the root', () => {
    let t: TestApp;
    const site = publicPaths('');
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(async () => {
      await t.close();
    });

    it('are linked from the home page, and work with no script', async () => {
      const client = new TestClient(t.app);
      const home = await read(client, site.home, "Children's Occupational Therapy");
      for (const [key, heading] of PAGES) {
        expect(home.screen.getByRole('link', { name: heading }).getAttribute('href')).toBe(site[key]);
        const page = await read(client, site[key], heading);
        // Nothing on these pages depends on a script: no forms, no inline handlers, only the shared app script.
        expect(page.document.querySelectorAll('main form, main script').length).toBe(0);
      }
      for (const url of [site.contact, site.accessibility, site.privacy, site.cookies]) {
        expect((await client.get(url)).status).toBe(200);
      }
    });

    it('lists the conditions covered and every care pathway', async () => {
      const page = await read(new TestClient(t.app), site.conditions, 'Conditions we help with');
      const items = page.screen.getAllByRole('listitem').map((li) => text(li));
      expect(items).toContain('Cerebral palsy');
      expect(items).toContain('Developmental coordination disorder (DCD) or dyspraxia');
      expect(items).not.toContain('A rheumatology condition');
      for (const pathway of ['Early Years', 'Physical Disability: Hemi Hub', 'Involvement in autism diagnosis']) {
        expect(page.screen.getByRole('heading', { level: 3, name: pathway })).toBeTruthy();
      }
      expect(main(page)).toContain('Splints made and reviewed');
    });

    it('says who can refer, the re-referral window, and links the online referral form', async () => {
      const page = await read(new TestClient(t.app), site.whoCanRefer, 'Who can refer and how');
      const body = main(page);
      for (const who of ['A GP', 'Education or teaching staff', 'Social care staff', 'An educational psychologist']) {
        expect(body).toContain(who);
      }
      expect(body).toContain('within the last 6 months');
      expect(body).toContain('The young person themselves');
      expect(page.screen.getByRole('link', { name: 'online referral form' }).getAttribute('href')).toBe(site.refer);
      const phone = page.screen.getByRole('link', { name: '0116 295 2495' });
      expect(phone.getAttribute('href')).toBe('tel:+441162952495');
    });

    it('explains triage and the possible outcomes', async () => {
      const page = await read(new TestClient(t.app), site.afterReferral, 'What happens after a referral');
      const body = main(page);
      expect(body).toContain('triage');
      expect(body).toContain('Early Years');
      expect(body).toMatch(/advice/u);
      expect(body).toMatch(/another service/u);
    });

    it('lists the exclusions, with where to go instead, each linking to its address', async () => {
      const page = await read(new TestClient(t.app), site.notProvided, 'What we do not provide');
      const body = main(page);
      expect(body).toContain('Ayres Sensory Integration');
      expect(body).toContain('Young people aged 19 or over.');
      const localOffer = page.screen.getByRole('link', { name: 'Leicester SEND Local Offer' });
      expect(localOffer.getAttribute('href')).toBe('https://families.leicester.gov.uk/send-local-offer/');
      const rutland = page.screen.getByRole('link', { name: 'SEND Local Offer' });
      expect(rutland.getAttribute('href')).toBe(
        'https://www.rutland.gov.uk/rutland-information-service/send-local-offer',
      );
      expect(page.screen.getByRole('heading', { level: 3, name: 'Rutland' })).toBeTruthy();
      const external = [...page.document.querySelectorAll('main a[href^="http"]')].map((a) => a.getAttribute('href'));
      expect(external.length).toBe(9);
      expect(external.every((href) => href?.startsWith('https://'))).toBe(true);
    });

    it('summarises the criteria for professionals from the definition', async () => {
      const page = await read(new TestClient(t.app), site.professionals, 'Advice for professionals');
      const body = main(page);
      expect(body).toContain('aged under 16, or aged under 19 and in full-time education');
      expect(body).toContain('a GP practice in Leicester, Leicestershire or Rutland');
      expect(body).toContain('a school in Leicestershire, Leicester or Rutland');
      expect(body).toContain('school curriculum');
      expect(body).toContain('everyday functional, independence, sensory, movement or perceptual difficulties');
      expect(body).toContain('unless there is a significant overriding community issue');
      expect(body).toContain('within the last 6 months');
    });
  });

  describe('two services side by side', () => {
    let t: TestApp;
    const physio = publicPaths(`/${SECOND_SERVICE}`);
    beforeAll(async () => {
      t = await createTestApp(dialect, { twoServices: true });
    });
    afterAll(async () => {
      await t.close();
    });

    it("shows the second service's own facts under its id", async () => {
      const client = new TestClient(t.app);
      const home = await read(client, physio.home, "Children's Physiotherapy (test)");
      for (const [key, heading] of PAGES) {
        expect(home.screen.getByRole('link', { name: heading }).getAttribute('href')).toBe(physio[key]);
        const page = await read(client, physio[key], heading);
        expect(main(page)).not.toContain('Leicester');
        expect(main(page)).not.toContain('0116 295 2495');
      }

      const refer = main(await read(client, physio.whoCanRefer, 'Who can refer and how'));
      expect(refer).toContain('within the last 3 months');
      expect(refer).not.toContain('6 months');
      expect(refer).toContain('0000 000 0000');

      const conditions = await read(client, physio.conditions, 'Conditions we help with');
      expect(conditions.screen.getByRole('heading', { level: 3, name: 'Neurological physiotherapy' })).toBeTruthy();
      expect(main(conditions)).not.toContain('A sports injury');

      const notProvided = await read(client, physio.notProvided, 'What we do not provide');
      expect(main(notProvided)).toContain('Sports injuries.');
      const link = notProvided.screen.getByRole('link', { name: 'Example Local Offer' });
      expect(link.getAttribute('href')).toBe('https://example.org/local-offer');

      const professionals = main(await read(client, physio.professionals, 'Advice for professionals'));
      expect(professionals).toContain('aged under 18, or aged under 25 and in full-time education');
      expect(professionals).toContain('Derby or Derbyshire');
      expect(professionals).not.toContain('Ayres');
    });
  });
});
