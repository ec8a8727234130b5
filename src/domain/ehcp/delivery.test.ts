import { describe, expect, it } from 'vitest';
import { addressOf, adviceFileName, answersOf, familyAddressee, initialsOf, parseSendForm } from './delivery.js';

const CHILD = { givenName: 'Amara', familyName: 'Ndiaye' };

describe('parseSendForm', () => {
  it('reads an e-mail to the authority, and the family’s copy only where it is offered', () => {
    const sent = {
      authorityMethod: 'email',
      authorityEmail: ' send@leicester.gov.uk ',
      familyCopy: 'yes',
      version: '3',
    };
    expect(parseSendForm(sent, { familyCopyOffered: true })).toEqual({
      ok: true,
      value: { authority: { method: 'email', email: 'send@leicester.gov.uk' }, familyCopy: true, version: 3 },
    });
    const notOffered = parseSendForm(sent, { familyCopyOffered: false });
    expect(notOffered.ok && notOffered.value.familyCopy).toBe(false);
  });

  it('reads a postal address, the postcode in its usual form, an empty second line left out', () => {
    const parsed = parseSendForm(
      {
        authorityMethod: 'post',
        addressLine1: 'City Hall',
        addressLine2: '',
        town: 'Leicester',
        postcode: 'le11fz',
        version: '1',
      },
      { familyCopyOffered: false },
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        authority: { method: 'post', address: { lines: ['City Hall', 'Leicester'], postcode: 'LE1 1FZ' } },
        familyCopy: false,
        version: 1,
      },
    });
  });

  it('gives every problem at once: no choice, a bad address, a missing version', () => {
    const none = parseSendForm({}, { familyCopyOffered: true });
    expect(!none.ok && none.problems.map((p) => p.field)).toEqual(['authorityMethod', 'version']);
    const bad = parseSendForm(
      { authorityMethod: 'email', authorityEmail: 'x@y', version: '1' },
      { familyCopyOffered: true },
    );
    expect(!bad.ok && bad.problems.map((p) => [p.field, p.message])).toEqual([
      ['authorityEmail', 'Enter an email address in the correct format, like name@example.com'],
    ]);
    const post = parseSendForm(
      { authorityMethod: 'post', version: '1', familyCopy: 'maybe' },
      { familyCopyOffered: true },
    );
    expect(!post.ok && post.problems.map((p) => p.field)).toEqual(['addressLine1', 'town', 'postcode', 'familyCopy']);
  });
});

describe('the family’s copy', () => {
  it('goes by e-mail to the person with parental responsibility when their address is usable, else by post', () => {
    expect(familyAddressee({ parent1Name: 'Grace Ndiaye', parent1Email: 'grace@example.org' }, CHILD)).toEqual({
      name: 'Grace Ndiaye',
      email: 'grace@example.org',
      method: 'email',
    });
    expect(familyAddressee({ parent1Name: 'Grace Ndiaye', parent1Email: 'not an address' }, CHILD)).toMatchObject({
      email: null,
      method: 'post',
    });
    expect(familyAddressee(answersOf('not json'), CHILD)).toEqual({
      name: 'The parent or carer of Amara Ndiaye',
      email: null,
      method: 'post',
    });
  });
});

describe('names and addresses', () => {
  it('names the PDF by its date only, the child by initials, and reads a kept address back', () => {
    expect(adviceFileName('2027-06-14')).toBe('ehcp-health-advice-2027-06-14.pdf');
    expect(initialsOf('élodie', ' o’brien')).toBe('É O');
    expect(addressOf('{"lines":["City Hall"],"postcode":"LE1 1FZ"}')).toEqual({
      lines: ['City Hall'],
      postcode: 'LE1 1FZ',
    });
    expect(addressOf('{"lines":3}')).toBeNull();
    expect(addressOf(null)).toBeNull();
  });
});
