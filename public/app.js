// Starts nhsuk-frontend's components, and the idle-timeout warning. Loaded as a module, so browsers without module
// support keep the plain pages, which work without any of this.
import { initAll } from './nhsuk-frontend-10.6.1.min.js';

initAll();

const WARN_BEFORE_MS = 2 * 60 * 1000;

/**
 * Warns two minutes before the session ends for inactivity and offers one click to stay signed in (WCAG 2.2.1).
 * When the time runs out, goes to the sign-in page, which brings the person back here afterwards.
 */
function startSessionTimeout(root) {
  const form = root.querySelector('form');
  const heading = root.querySelector('h2');
  const remaining = root.querySelector('.app-session-timeout__remaining');
  let expiresAt = Date.parse(root.dataset.idleExpiresAt);
  let timer;

  const describe = (ms) => {
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? '' : 's'}`;
    }
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  };

  const tick = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) {
      window.location.assign(root.dataset.signInHref);
      return;
    }
    if (left <= WARN_BEFORE_MS) {
      remaining.textContent = describe(left);
      if (root.hidden) {
        root.hidden = false;
        heading.focus();
      }
    }
    timer = window.setTimeout(tick, left <= WARN_BEFORE_MS ? 1000 : Math.min(left - WARN_BEFORE_MS, 60_000));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { Accept: 'application/json', 'X-CSRF-Token': form.elements._csrf.value },
        credentials: 'same-origin',
      });
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      expiresAt = Date.parse(body.idleExpiresAt);
      root.hidden = true;
      window.clearTimeout(timer);
      tick();
    } catch {
      form.submit();
    }
  });

  tick();
}

for (const root of document.querySelectorAll('[data-module="app-session-timeout"]')) startSessionTimeout(root);
