import { describe, expect, it } from 'vitest';
import llrJson from '../../../../service-definitions/llr-childrens-ot.json' with { type: 'json' };
import { definitionFrom } from '../../../domain/eligibility/test-kit.js';
import { homeTasks, serviceChoices } from './staff.view-models.js';

describe('the staff home', () => {
  it('offers only the tasks the roles grant, in a fixed order', () => {
    expect(homeTasks([])).toEqual([]);
    const all = homeTasks(['triage-clinician', 'admin-officer', 'admin', 'auditor']);
    expect(all.map((t) => (t === false ? '' : t.text))).toEqual([
      'Triage',
      'Tasks',
      'Waiting list',
      'Diaries',
      'Equipment',
      'EHCP advice requests',
      'EHCP advice to post',
      'Teams, clinics and rooms',
      'Find a referral',
      'Register a referral',
      'Staff accounts',
      'Audit trail',
    ]);
    // Administrators no longer take the subject access export: the data protection officer does.
    expect(homeTasks(['data-protection-officer']).map((t) => (t === false ? '' : t.text))).toEqual([
      'Subject access export',
    ]);
    expect(homeTasks(['caldicott-guardian']).map((t) => (t === false ? '' : t.text))).toEqual(['Break-glass reviews']);
    expect(homeTasks(['auditor']).map((t) => (t === false ? '' : t.text))).toEqual(['Audit trail']);
    expect(homeTasks(['clinician']).map((t) => (t === false ? '' : t.text))).toEqual([
      'Tasks',
      'Waiting list',
      'My caseload',
      'Diaries',
      'Equipment',
      'EHCP advice requests',
    ]);
    expect(homeTasks(['service-manager']).map((t) => (t === false ? '' : t.text))).toEqual([
      'Tasks',
      'Waiting list',
      'Caseloads',
      'Diaries',
      'Equipment',
      'EHCP advice requests',
      'Teams, clinics and rooms',
    ]);
    expect(homeTasks(['safeguarding-lead']).map((t) => (t === false ? '' : t.text))).toEqual([
      'Tasks',
      'Safeguarding flags',
    ]);
  });

  it('lists the services someone may work in, with the one they are in ticked and an unknown one by its id', () => {
    const llr = definitionFrom(llrJson);
    const items = serviceChoices([llr.id, 'gone'], (id) => (id === llr.id ? llr : undefined), llr.id);
    expect(items).toEqual([
      { value: llr.id, text: llr.serviceName, hint: { text: llr.organisation.name }, checked: true },
      { value: 'gone', text: 'gone', hint: { text: '' }, checked: false },
    ]);
  });
});
