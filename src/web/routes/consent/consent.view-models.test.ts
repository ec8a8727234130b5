import { describe, expect, it } from 'vitest';
import type { ConsentWithState } from '../../../services/record/consent.service.js';
import { consentFor, consentGiver, consentRows } from './consent.view-models.js';

const base: ConsentWithState = {
  id: '11111111-1111-4111-8111-111111111111',
  childId: 'c',
  episodeId: null,
  record: {
    kind: 'sharing',
    agency: { code: 'school' },
    givenBy: { kind: 'parental-responsibility', name: 'Ann Parent', relationship: 'Mother' },
    givenOn: '2026-11-01',
    withdrawn: null,
  },
  recordedBy: 'u',
  recordedByName: 'Cerys Clinician',
  recordedAt: '2026-11-01T10:00:00.000Z',
  version: 1,
  inForce: true,
};

describe('consent view models', () => {
  it('names what a consent is for and who gave it', () => {
    expect(consentFor(base.record)).toBe('Sharing information with: The child’s school or setting');
    expect(consentFor({ ...base.record, agency: { code: 'other', name: 'Scouts' } })).toBe(
      'Sharing information with: Scouts',
    );
    expect(consentFor({ ...base.record, kind: 'assessment-and-treatment', agency: null })).toBe(
      'Assessment and treatment',
    );
    expect(consentGiver(base.record)).toBe('Ann Parent (Mother)');
    expect(
      consentGiver({
        ...base.record,
        givenBy: {
          kind: 'competent-young-person',
          judgement: { judgedBy: 'Dr Lee', judgedOn: '2026-10-30', note: 'Understood the choices' },
        },
      }),
    ).toBe('The young person, judged competent by Dr Lee on 30 October 2026: Understood the choices');
  });

  it('shows where each stands, and offers withdrawal only to someone who may write, once', () => {
    const withdrawn: ConsentWithState = {
      ...base,
      inForce: false,
      record: { ...base.record, withdrawn: { on: '2026-11-20', reason: 'Changed their mind' } },
    };
    const [given, gone] = consentRows([base, withdrawn], '2026-12-03', true);
    expect(given?.status.text).toBe('In force');
    expect(given?.withdrawHref).toBe(`/staff/consents/${base.id}/withdraw`);
    expect(gone?.status.text).toBe('Withdrawn on 20 November 2026: Changed their mind');
    expect(gone?.withdrawHref).toBeNull();
    expect(consentRows([base], '2026-12-03', false)[0]?.withdrawHref).toBeNull();
  });
});
