import { describe, expect, it } from 'vitest';
import { errorsFromMessages } from '../../forms/form.js';
import { boxes, roleItems } from './users.view-models.js';
import { editFields, inviteFields } from './users.forms.js';

describe('the staff account forms', () => {
  it('offers every role with what it does, ticks those given, and gives each box an id for the error summary', () => {
    const items = roleItems(['auditor']);
    expect(items[0]).toEqual({
      value: 'admin',
      text: 'Administrator',
      hint: { text: expect.any(String) as string },
      checked: false,
      id: 'roles-admin',
    });
    expect(items.filter((i) => 'checked' in i && i.checked).map((i) => 'value' in i && i.value)).toEqual(['auditor']);
    expect(items.every((i) => 'id' in i && i.id === `roles-${i.value}`)).toBe(true);
  });

  it('draws the name and address boxes with what was sent, else what is saved, and their errors', () => {
    const errors = errorsFromMessages([['email', 'Enter their email address']]);
    const invite = boxes(inviteFields, {}, { displayName: 'Ada', email: '' }, errors);
    expect(invite.map((f) => [f.name, f.value, f.autocomplete, f.spellcheck, f.error])).toEqual([
      ['displayName', 'Ada', 'off', false, undefined],
      ['email', '', 'off', false, { text: 'Enter their email address' }],
    ]);
    expect(boxes(editFields, { displayName: 'Ada Lovelace' }, undefined, undefined).map((f) => f.value)).toEqual([
      'Ada Lovelace',
    ]);
  });
});
