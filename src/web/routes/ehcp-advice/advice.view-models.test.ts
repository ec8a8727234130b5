import { describe, expect, it } from 'vitest';
import type { AdviceRow } from '../../../services/ehcp/advice.service.js';
import { emptyContent, MAX_ROWS, type AdviceContent } from '../../../domain/ehcp/advice.js';
import { paths } from '../../paths.js';
import { advicePage, editForm, EMPTY_ROWS } from './advice.view-models.js';

const content = (over: Partial<AdviceContent> = {}): AdviceContent => ({
  ...emptyContent(),
  knownTo: 'Known since 2025.',
  sources: [{ what: 'MABC-2', on: '2026-11-20' }],
  childViews: 'Faster writing.',
  needs: [{ area: 'fine-motor', description: 'Slow handwriting.' }],
  outcomes: [{ outcome: 'Will write three sentences', byWhen: 'July 2027' }],
  f: [
    {
      what: 'Programme',
      who: 'Teaching assistant',
      howOften: 'Three times a week',
      sessionLength: '20 minutes',
      period: 'For a year',
      outcomes: [1],
    },
  ],
  noProvisionG: true,
  ...over,
});

const advice = (over: Partial<AdviceRow> = {}): AdviceRow => ({
  id: 'a1',
  requestId: 'r1',
  childId: 'c1',
  authorId: 'author',
  authorName: 'Cerys Clinician',
  status: 'draft',
  content: '{}',
  reusedFromAdviceId: null,
  reuseAgreement: null,
  reviewerId: null,
  reviewerName: null,
  reviewRequestedAt: null,
  reviewedAt: null,
  reviewOutcome: null,
  reviewComment: null,
  signedBy: null,
  signedAt: null,
  storedAs: null,
  createdAt: '2026-12-03T10:00:00.000Z',
  updatedAt: '2026-12-03T10:00:00.000Z',
  version: 3,
  ...over,
});

const options = { reviewRequired: true, reviewers: [{ id: 'r', name: 'Rhys Reviewer' }], reviews: [], addenda: [] };

describe('editForm', () => {
  it('offers the filled rows and two empty ones of each list, never more than the template holds', () => {
    const form = editForm(content(), undefined);
    expect(form.sources).toHaveLength(1 + EMPTY_ROWS);
    expect(form.g).toHaveLength(EMPTY_ROWS);
    expect(form.f[0]?.outcomes.value).toBe('1');
    expect(form.sources[0]?.on.items.map((i) => i.value)).toEqual(['20', '11', '2026']);
    const full = content({ needs: Array.from({ length: MAX_ROWS }, () => ({ area: 'other', description: 'x' })) });
    expect(editForm(full, undefined).needs).toHaveLength(MAX_ROWS);
  });

  it('shows what was sent, not what is stored, when the form comes back with problems', () => {
    const form = editForm(content(), { summary: [], fields: { knownTo: { text: 'Too long' } } }, { knownTo: 'typed' });
    expect(form.knownTo).toEqual({
      name: 'knownTo',
      label: 'How the child is known to the service',
      value: 'typed',
      error: { text: 'Too long' },
    });
    expect(form.noProvisionG.checked).toBe(false);
  });
});

describe('advicePage', () => {
  it('lets the author edit a draft and ask for a review once it is ready, and not sign it yet', () => {
    const page = advicePage(advice(), content(), 'author', options);
    expect(page.status).toBe('Draft');
    expect(page.problems).toEqual([]);
    expect(page.editHref).toBe(paths.ehcp.adviceEdit.build({ adviceId: 'a1' }));
    expect(page.submit?.reviewers.map((r) => r.text)).toEqual(['Choose a clinician', 'Rhys Reviewer']);
    expect(page.signAction).toBeNull();
    expect(page.pdfHref).toBeNull();
  });

  it('lists what blocks signing, each linked to its field, and offers no review while there is any', () => {
    const page = advicePage(advice(), content({ knownTo: '' }), 'author', options);
    expect(page.problems).toEqual([
      {
        text: 'Say how the child is known to the service',
        href: `${paths.ehcp.adviceEdit.build({ adviceId: 'a1' })}#knownTo`,
      },
    ]);
    expect(page.submit).toBeNull();
  });

  it('gives the reviewer the review, the author the signing once approved, and everyone the PDF once signed', () => {
    const inReview = advice({ status: 'in-review', reviewerId: 'r' });
    expect(advicePage(inReview, content(), 'r', options).reviewHref).toBe(
      paths.ehcp.adviceReview.build({ adviceId: 'a1' }),
    );
    expect(advicePage(inReview, content(), 'author', options).editHref).toBeNull();
    const approved = advice({ status: 'in-review', reviewerId: 'r', reviewOutcome: 'approved' });
    expect(advicePage(approved, content(), 'author', options).signAction).toBe(
      paths.ehcp.adviceSign.build({ adviceId: 'a1' }),
    );
    expect(advicePage(approved, content(), 'r', options).signAction).toBeNull();
    const signed = advice({ status: 'signed', signedAt: '2026-12-03T11:00:00.000Z' });
    const page = advicePage(signed, content(), 'someone', options);
    expect(page.pdfHref).toBe(paths.ehcp.advicePdf.build({ adviceId: 'a1' }));
    expect(page.addendumAction).toBe(paths.ehcp.adviceAddendum.build({ adviceId: 'a1' }));
    expect(page.history.at(-1)).toEqual({ text: 'Signed by Cerys Clinician on 3 December 2026' });
  });

  it('lets the author sign a ready draft where the service asks for no review', () => {
    const page = advicePage(advice(), content(), 'author', { ...options, reviewRequired: false });
    expect(page.submit).toBeNull();
    expect(page.signAction).toBe(paths.ehcp.adviceSign.build({ adviceId: 'a1' }));
  });
});
