import { describe, expect, it } from 'vitest';
import llrJson from '../../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import { definitionFrom } from '../../../domain/eligibility/test-kit.js';
import type { Page } from '../../../domain/referrals/questions.js';
import { publicPaths } from '../../paths.js';
import {
  attachmentsPageModel,
  backHref,
  confirmationModel,
  decisionSummary,
  questionPageModel,
  sizeText,
  startPageModel,
} from './referral-pages.view-models.js';
import { referralPaths } from './referral.paths.js';

const definition = definitionFrom(llrJson);
const paths = referralPaths('');
const page = (id: string): Page => ({ id, section: 'child', title: id, fields: [] });
const links = { token: 'form-token', backHref: '/back', paths };

describe('the referral form around its questions', () => {
  it('writes file sizes as people read them', () => {
    expect(sizeText(100)).toBe('1 KB');
    expect(sizeText(310 * 1024)).toBe('310 KB');
    expect(sizeText(2.4 * 1024 * 1024)).toBe('2.4 MB');
  });

  it('offers a way back into a draft not yet sent, and names who may refer and the re-referral window', () => {
    const model = startPageModel(definition, publicPaths(''), paths, true);
    expect(model.carryOnHref).toBe(paths.check);
    expect(model.beginAction).toBe(paths.begin);
    expect(model.reReferralWindow).toBe('6 months');
    expect(model.referrers).toMatch(/ or /u);
    expect(startPageModel(definition, publicPaths(''), paths, false).carryOnHref).toBeUndefined();
  });

  it('goes Back to the page before, from the first page to where the draft began, or to the check once all is answered', () => {
    const pages = [page('one'), page('two'), page('three')];
    expect(backHref(pages, 'three', false, '/start', paths)).toBe(paths.page('two'));
    expect(backHref(pages, 'one', false, '/start', paths)).toBe('/start');
    expect(backHref(pages, 'two', true, '/start', paths)).toBe(paths.check);
  });

  it("puts a page's problems in the error summary, linked to their inputs", () => {
    const model = questionPageModel(
      page('child-name'),
      {},
      { problems: [{ field: 'childDob', part: 'day', message: 'Enter a day' }] },
      {},
      links,
    );
    expect(model.errors?.summary).toEqual([{ text: 'Enter a day', href: '#childDob-day' }]);
    expect(model).toMatchObject({ token: 'form-token', action: paths.page('child-name'), saveHref: paths.save });
    expect(questionPageModel(page('x'), {}, { problems: [] }, {}, links).errors).toBeUndefined();
  });

  it('lists the files with their sizes, says which was just added, and when no more can be', () => {
    const files = [
      { id: 'f1', fileName: 'report.pdf', sizeBytes: 2048 },
      { id: 'f2', fileName: 'photo.jpg', sizeBytes: 3 * 1024 * 1024 },
    ];
    const model = attachmentsPageModel(page('attachments'), files, { uploaded: 'f2', maxFiles: 2 }, links);
    expect(model.files.map((f) => f.size)).toEqual(['2 KB', '3.0 MB']);
    expect(model.uploaded).toBe('photo.jpg');
    expect(model.full).toBe(true);
    expect(model.errors).toBeUndefined();
    const failed = attachmentsPageModel(page('attachments'), [], { uploadError: 'Select a file', maxFiles: 2 }, links);
    expect(failed.errors?.summary).toEqual([{ text: 'Select a file', href: '#file' }]);
    expect(failed.full).toBe(false);
  });

  it('states the eligibility decision with the reasons not met and not known', () => {
    expect(decisionSummary(undefined)).toBeUndefined();
    expect(
      decisionSummary({
        outcome: 'unclear',
        service: definition.id,
        policyVersion: '2',
        asOf: '2026-12-01',
        criteria: [
          { id: 'age', result: 'met', reason: 'Aged 7' },
          { id: 'area', result: 'unknown', reason: 'School not known' },
        ],
        missing: [],
      }),
    ).toEqual({ outcome: 'unclear', notMet: [], unknown: ['School not known'], policyVersion: '2' });
  });

  it('confirms with the reference, and gives staff the way to their next paper referral', () => {
    const referral = { reference: 'OT-1', referrerEmail: null, eligibilityOutcome: 'eligible' };
    const model = confirmationModel(referral, true, { staffHome: '/staff', register: '/staff/register' }, paths);
    expect(model).toMatchObject({ staff: true, reference: 'OT-1', registerHref: '/staff/register' });
  });
});
