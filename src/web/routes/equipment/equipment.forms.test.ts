import { describe, expect, it } from 'vitest';
import { parseFields } from '../../../domain/forms/fields.js';
import type { CatalogueItem } from '../../../domain/service/record-settings.js';
import { parseForm } from '../../forms/form.js';
import {
  ageRangeText,
  dashboardQuery,
  isRecordId,
  issueFields,
  itemHint,
  itemQuery,
  repairFields,
  returnFields,
  reviewDefaultHint,
  reviewFields,
} from './equipment.forms.js';

const slope: CatalogueItem = {
  code: 'writing-slope',
  name: 'Writing slope',
  ageMonths: { min: 48, max: 215 },
  supplier: 'NHS Supply Chain',
  reviewEveryMonths: 12,
  terms: 'keep',
};
const bathSeat: CatalogueItem = {
  code: 'bath-seat-small',
  name: 'Supportive bath seat',
  ageMonths: { min: 12, max: 71 },
  sizeLabel: 'small',
  supplier: 'local equipment service',
  reviewEveryMonths: 6,
  terms: 'loan',
};
const tubing: CatalogueItem = {
  code: 'foam-tubing',
  name: 'Foam tubing',
  sizeLabel: 'assorted bore',
  supplier: 'NHS Supply Chain',
  reviewEveryMonths: 1,
  terms: 'keep',
};

const date = (name: string, iso: string) => {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { [`${name}[day]`]: day, [`${name}[month]`]: month, [`${name}[year]`]: year };
};

const TODAY = '2026-12-03';

describe('the equipment forms', () => {
  it('says an age range in years from birthday to birthday, else in months', () => {
    expect(ageRangeText({ min: 48, max: 215 })).toBe('4 to 17 years');
    expect(ageRangeText({ min: 12, max: 71 })).toBe('1 to 5 years');
    // A range inside one year, or not from a birthday, is in months.
    expect(ageRangeText({ min: 0, max: 11 })).toBe('0 to 11 months');
    expect(ageRangeText({ min: 30, max: 40 })).toBe('30 to 40 months');
    expect(ageRangeText({ min: 36, max: 144 })).toBe('36 to 144 months');
  });

  it('describes each catalogue item beside its radio', () => {
    expect(itemHint(slope)).toBe('Ages 4 to 17 years, usually given to keep, reviewed every 12 months');
    expect(itemHint(bathSeat)).toBe('Ages 1 to 5 years, size small, usually lent, reviewed every 6 months');
    expect(itemHint(tubing)).toBe('size assorted bore, usually given to keep, reviewed every 1 month');
  });

  it('shows the review date’s default as its hint', () => {
    expect(reviewDefaultHint([])).toBe(
      "Leave empty to review it after the item's usual interval (shown with each item) from the date issued",
    );
    expect(reviewDefaultHint([slope])).toBe('Leave empty to review it 12 months after the date issued');
    expect(reviewDefaultHint([slope, bathSeat])).toBe(
      "Leave empty to review it after the item's usual interval (shown with each item) from the date issued",
    );
  });

  it('takes only the catalogue’s items and the listed fitters when issuing', () => {
    const fields = issueFields([slope, bathSeat], [{ id: 'u1', name: 'Cerys Clinician' }]);
    const good = parseFields(
      fields,
      { itemCode: 'writing-slope', terms: 'keep', fittedBy: 'u1', ...date('issuedOn', '2026-12-01') },
      TODAY,
    );
    expect(good).toEqual({
      ok: true,
      values: {
        itemCode: 'writing-slope',
        sizeLabel: undefined,
        terms: 'keep',
        issuedOn: '2026-12-01',
        fittedBy: 'u1',
        reviewOn: undefined,
        notes: undefined,
      },
    });
    const bad = parseFields(
      fields,
      {
        itemCode: 'jet-pack',
        terms: 'borrowed',
        fittedBy: 'u2',
        ...date('issuedOn', '2026-12-04'),
        ...date('reviewOn', '2027-02-30'),
        sizeLabel: 'x'.repeat(61),
      },
      TODAY,
    );
    expect(bad.ok ? [] : bad.problems.map((p) => [p.field, p.message])).toEqual([
      ['itemCode', 'Select the item from the catalogue'],
      ['sizeLabel', 'Size must be 60 characters or fewer'],
      ['terms', 'Select whether it is lent or given to keep'],
      ['issuedOn', 'Date issued must be today or in the past'],
      ['fittedBy', 'Select who fitted it from the list'],
      ['reviewOn', 'Review date must be a real date'],
    ]);
  });

  it('reads a review, a repair and a return with the version they were drawn at', () => {
    const review = parseFields(
      reviewFields,
      { ...date('on', TODAY), outcome: 'needs-replacing', ...date('nextReviewOn', '2027-06-03'), version: '4' },
      TODAY,
    );
    expect(review).toEqual({
      ok: true,
      values: { on: TODAY, outcome: 'needs-replacing', nextReviewOn: '2027-06-03', version: 4 },
    });
    const repair = parseFields(repairFields, { ...date('on', TODAY), note: '', version: '' }, TODAY);
    expect(repair.ok ? [] : repair.problems.map((p) => p.field)).toEqual(['note', 'version']);
    const back = parseFields(returnFields, { ...date('on', '2026-12-04'), version: '1' }, TODAY);
    expect(back.ok ? [] : back.problems.map((p) => p.message)).toEqual(['Date returned must be today or in the past']);
  });

  it('reads the dashboard’s page and an item’s banner from their allow-lists', () => {
    expect(parseForm(dashboardQuery, {})).toEqual({ ok: true, data: {} });
    expect(parseForm(dashboardQuery, { page: '3' })).toEqual({ ok: true, data: { page: '3' } });
    for (const page of ['two', '-1', '1234567890', ['1', '2']]) {
      expect(parseForm(dashboardQuery, { page }).ok, String(page)).toBe(false);
    }
    expect(parseForm(itemQuery, { done: 'repair' })).toEqual({ ok: true, data: { done: 'repair' } });
    expect(parseForm(itemQuery, { done: 'hacked' }).ok).toBe(false);
  });

  it('knows a record id from anything else', () => {
    expect(isRecordId('3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b')).toBe(true);
    expect(isRecordId('3F2A1B4C-5D6E-4F70-8A9B-0C1D2E3F4A5B')).toBe(false);
    expect(isRecordId("'; drop table x; --")).toBe(false);
    expect(isRecordId('')).toBe(false);
  });
});
