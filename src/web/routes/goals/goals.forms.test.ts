import { describe, expect, it } from 'vitest';
import { editGoalFields, rateFields, setGoalFields, tomsFields, versionOf } from './goals.forms.js';

describe('the goals forms', () => {
  it('reads the version an edit was drawn at, and nothing else', () => {
    expect(versionOf({ version: '3' })).toBe(3);
    for (const version of [undefined, '', '0', '-1', '1.5', 'x', ['1', '2'], '12345678901']) {
      expect(versionOf({ version })).toBeNull();
    }
    expect(versionOf(null)).toBeNull();
  });

  it('asks the questions of each form, the edit also its status and version', () => {
    const names = (fields: readonly { name: string }[]) => fields.map((f) => f.name);
    expect(names(setGoalFields)).toEqual(['text', 'area', 'agreedBy', 'setOn', 'reviewOn', 'measure']);
    expect(names(editGoalFields)).toEqual([...names(setGoalFields), 'status', 'version']);
    expect(names(rateFields('gas'))).toEqual(['ratedOn', 'level']);
    expect(names(rateFields('copm'))).toEqual(['ratedOn', 'performance', 'satisfaction']);
    expect(names(tomsFields)).toEqual([
      'stage',
      'scale',
      'ratedOn',
      'impairment',
      'activity',
      'participation',
      'wellbeing',
      'carerWellbeing',
    ]);
  });

  it('offers the GAS levels from +2 down to −2, each with its meaning', () => {
    const level = rateFields('gas')[1];
    expect(level?.kind === 'radios' ? level.options.map((o) => o.text) : []).toEqual([
      '+2: Much more than expected',
      '+1: Somewhat more than expected',
      '0: Expected outcome',
      '\u22121: Somewhat less than expected',
      '\u22122: Much less than expected',
    ]);
  });
});
