import { describe, expect, it } from 'vitest';
import type { Page } from '../../../domain/referrals/questions.js';
import { summarySections } from './referral.view-models.js';

describe('check your answers', () => {
  it('names what each Change link changes with its acronyms in capitals, for screen readers', () => {
    const page: Page = {
      id: 'child-gp',
      section: 'child',
      title: 'Their GP practice',
      fields: [
        { kind: 'text', name: 'childGpCode', label: 'ODS code', summary: 'GP practice ODS code', missing: '', max: 10 },
        { kind: 'text', name: 'childName', label: 'Child’s name', missing: '', max: 10 },
      ],
    };
    const [section] = summarySections([page], { childGpCode: 'C82001', childName: 'Amara' }, {}, () => '/x');
    expect(section?.rows.map((r) => r.changeWhat)).toEqual(['GP practice ODS code', 'child’s name']);
  });
});
