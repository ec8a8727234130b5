/**
 * Bad input to the referral form, from SECURITY.md's catalogue, thrown at every page by fast-check: it gets a clear
 * error next to the field or is taken as the text it is, every other answer is kept, nothing typed is ever run as
 * markup or template, and nothing gives a 500.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { referralPages } from '../../src/domain/referrals/questions.js';
import { definitionFrom } from '../../src/domain/eligibility/test-kit.js';
import { sentNames } from '../../src/domain/forms/fields.js';
import llrJson from '../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import { TestClient } from '../support/client.js';
import { describeEachDialect } from '../support/databases.js';
import { completeReferral } from '../support/referral.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const definition = definitionFrom(llrJson);
const PAGES = referralPages({ definition, today: '2026-11-27', practicesLoaded: false, schoolsLoaded: false }).filter(
  (p) => p.fields.length > 0,
);

/** The catalogue's nasty values, and random text besides. */
const NASTY = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{7*7}}',
  '{% raw %}x{% endraw %}',
  '${7*7}',
  "Robert'); DROP TABLE referrals;--",
  'Ẓ̌ö̈e\u0308',
  'אבג دال',
  '\u202Eevil.pdf',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'Null',
  'x'.repeat(10_001),
  '9434765918',
  '31',
  '2',
  '-1',
  'javascript:alert(1)',
  ' ',
  '',
];

describeEachDialect('bad input to the referral form', (dialect) => {
  let t: TestApp;
  let client: TestClient;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    client = new TestClient(t.app);
    await completeReferral(client, { referrerType: 'health-professional' });
  });
  afterAll(async () => {
    await t.close();
  });

  const draft = async () => {
    const found = await t.deps.referralDrafts.open('llr-childrens-ot', client.cookies.get('otway-referral'));
    if (found === undefined) throw new Error('The draft is gone');
    return found;
  };

  it('never gives a 500, keeps every other answer, and never runs what was typed (500 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PAGES),
        fc.array(
          fc.oneof(
            fc.constantFrom(...NASTY),
            fc.string({ maxLength: 40 }),
            fc.string({ maxLength: 20, unit: 'binary' }),
          ),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (page, values) => {
          const before = await draft();
          const names = page.fields.flatMap(sentNames);
          const fields = Object.fromEntries(names.map((name, i) => [name, values[i % values.length] ?? '']));
          const answered = await client.post(`/refer/${page.id}`, fields);
          expect([303, 400]).toContain(answered.status);
          // Nothing typed comes back as markup: the page escapes it.
          expect(answered.body).not.toContain('<script>alert(1)</script>');
          expect(answered.body).not.toContain('<img src=x onerror');
          const after = await draft();
          const own = new Set(page.fields.map((f) => f.name));
          const others = (answers: Record<string, unknown>) =>
            Object.fromEntries(Object.entries(answers).filter(([name]) => !own.has(name)));
          expect(others(after.answers)).toEqual(others(before.answers));
          if (answered.status === 400) {
            // The error sits by a field, and a text box shows back exactly what was sent.
            expect(answered.document.querySelectorAll('.nhsuk-error-message').length).toBeGreaterThan(0);
            for (const f of page.fields.filter((x) =>
              ['text', 'email', 'phone', 'postcode', 'nhs-number'].includes(x.kind),
            )) {
              const input = answered.document.querySelector<HTMLInputElement>(`input[name="${f.name}"]`);
              // HTML itself turns CR and CRLF into LF; spaces at either end are not shown back.
              const typed = (fields[f.name] ?? '').replace(/\r\n?/gu, '\n');
              expect(input?.value.trim()).toBe(typed.trim());
            }
          }
        },
      ),
      { numRuns: 500, seed: 424242 },
    );
  }, 300_000);
});
