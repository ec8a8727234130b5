import { describe, expect, it } from 'vitest';
import { fillLink, isLinkPlaceholder, linkPlaceholder, redactStoredLinks, shownLink } from './one-time-links.js';

const SECRET = 'Qm3vX9s_T1kq-8bYw2ZpR4nL0cJ7dHfA5eGuIoKyVtM';

describe('one-time links', () => {
  it('queue as the address up to the secret and a mark, filled only for the provider', () => {
    const placeholder = linkPlaceholder('https://otway.test/refer/resume/');
    expect(placeholder).toBe('https://otway.test/refer/resume/•••••••');
    expect(isLinkPlaceholder(placeholder)).toBe(true);
    expect(fillLink(placeholder, SECRET)).toBe(`https://otway.test/refer/resume/${SECRET}`);
    expect(shownLink(placeholder)).toBe('https://otway.test/refer/resume/••••••• (one-time link, not shown)');
  });

  it('refuse to fill anything but a placeholder', () => {
    expect(isLinkPlaceholder(`https://otway.test/refer/resume/${SECRET}`)).toBe(false);
    expect(isLinkPlaceholder('•••••••/x/•••••••')).toBe(false);
    expect(() => fillLink('https://otway.test/', SECRET)).toThrow('Not a one-time link placeholder');
    expect(shownLink('anything')).toBe('••••••• (one-time link, not shown)');
  });

  it('take the secret out of text stored before links were minted at sending', () => {
    expect(redactStoredLinks(`Use this link:\n\nhttp://localhost:3000/refer/resume/${SECRET}\n\nThanks`)).toBe(
      'Use this link:\n\nhttp://localhost:3000/refer/resume/••••••• (one-time link, not shown)\n\nThanks',
    );
    expect(redactStoredLinks('https://otway.test/activate/' + SECRET)).not.toContain(SECRET);
    expect(redactStoredLinks('https://otway.test/refer/your-details')).toBe('https://otway.test/refer/your-details');
  });
});
