// Autosave of a contact note's draft (views/notes/edit.njk), loaded as a module on that page only: without JavaScript
// the "Save draft" button saves it. After a change the draft is posted to its autosave address every 10 seconds, and
// at once when the page is hidden. Until it is saved, what was typed is kept in this browser (localStorage, keyed by
// the note and the version it was typed over), so that a session that ended (the save is sent to sign in) loses
// nothing: after signing in again, the draft's page offers the kept text back. A saved or signed note's kept text is
// removed.

const SAVE_AFTER_MS = 10_000;
const PREFIX = 'otway.note.';
/** Kept text older than this is removed when any note page loads: a shared computer should not keep notes long. */
const KEEP_FOR_MS = 14 * 24 * 3600 * 1000;

const storage = (() => {
  try {
    const s = window.localStorage;
    s.setItem(`${PREFIX}test`, '1');
    s.removeItem(`${PREFIX}test`);
    return s;
  } catch {
    return null;
  }
})();

function keptKeys(noteId) {
  if (storage === null) return [];
  const keys = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key !== null && key.startsWith(`${PREFIX}${noteId}.`)) keys.push(key);
  }
  return keys;
}

function forget(noteId) {
  for (const key of keptKeys(noteId)) storage.removeItem(key);
}

function readKept(key) {
  try {
    const value = JSON.parse(storage.getItem(key) ?? 'null');
    return value !== null && typeof value === 'object' && typeof value.text === 'string' ? value : null;
  } catch {
    return null;
  }
}

function removeOld() {
  if (storage === null) return;
  const old = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key === null || !key.startsWith(PREFIX)) continue;
    const kept = readKept(key);
    if (kept === null || !(Date.now() - Date.parse(kept.keptAt) < KEEP_FOR_MS)) old.push(key);
  }
  for (const key of old) storage.removeItem(key);
}

/** The form's draft as a plain object: type, the date's three boxes and the text. */
function draftOf(form) {
  const el = form.elements;
  const type = form.querySelector('input[name="contactType"]:checked');
  return {
    contactType: type === null ? '' : type.value,
    day: el['contactOn[day]'].value,
    month: el['contactOn[month]'].value,
    year: el['contactOn[year]'].value,
    text: el.text.value,
  };
}

const same = (a, b) => ['contactType', 'day', 'month', 'year', 'text'].every((k) => (a[k] ?? '') === (b[k] ?? ''));

function putDraft(form, draft) {
  for (const radio of form.querySelectorAll('input[name="contactType"]'))
    radio.checked = radio.value === draft.contactType;
  form.elements['contactOn[day]'].value = draft.day ?? '';
  form.elements['contactOn[month]'].value = draft.month ?? '';
  form.elements['contactOn[year]'].value = draft.year ?? '';
  form.elements.text.value = draft.text ?? '';
}

function startAutosave(form) {
  const noteId = form.dataset.noteId;
  const url = form.dataset.autosave;
  const status = form.querySelector('.app-note-autosave');
  const versionInput = form.elements.version;
  let timer = null;
  let inFlight = false;
  let again = false;
  let stopped = false;
  let lastSaved = draftOf(form);

  const say = (message, kind = 'info') => {
    status.hidden = false;
    status.className = `app-note-autosave nhsuk-body-s${kind === 'warning' ? ' nhsuk-error-message' : ''}`;
    status.textContent = message;
  };

  const keep = () => {
    if (storage === null) return;
    const draft = draftOf(form);
    forget(noteId);
    if (same(draft, lastSaved)) return;
    try {
      storage.setItem(
        `${PREFIX}${noteId}.${versionInput.value}`,
        JSON.stringify({ ...draft, version: Number(versionInput.value), keptAt: new Date().toISOString() }),
      );
    } catch {
      // Storage full or refused: the server's save is still tried.
    }
  };

  const stop = (message) => {
    stopped = true;
    window.clearTimeout(timer);
    say(message, 'warning');
  };

  async function save({ leaving = false } = {}) {
    window.clearTimeout(timer);
    timer = null;
    if (stopped) return;
    const draft = draftOf(form);
    if (same(draft, lastSaved)) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = true;
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        redirect: 'manual',
        keepalive: leaving,
      });
      // A session that ended is sent to sign in (a redirect); a token that no longer matches it is refused (403).
      if (response.type === 'opaqueredirect' || response.status === 401 || response.status === 403) {
        stop(
          'Your session has ended: sign in again in a new tab; your note is kept in this browser. Then reload this page to carry on.',
        );
        return;
      }
      const body = await response.json().catch(() => ({}));
      if (response.ok && typeof body.version === 'number') {
        versionInput.value = String(body.version);
        form.dataset.version = String(body.version);
        lastSaved = draft;
        keep();
        const now = new Date();
        say(`Draft saved at ${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`);
      } else if (response.status === 409 && body.current) {
        stop(
          'This note was saved somewhere else since you opened it. Your text has not been saved, and is kept in this browser: select "Save draft" to see both texts.',
        );
      } else if (response.status === 409) {
        stop(body.message ?? 'This note has been signed and cannot be changed.');
      } else if (response.status === 400 && Array.isArray(body.problems)) {
        say(`Not saved yet: ${body.problems.join('. ')}`, 'warning');
      } else {
        say('Not saved yet: something went wrong. Your note is kept in this browser.', 'warning');
      }
    } catch {
      say('Not saved yet: no connection. Your note is kept in this browser.', 'warning');
    } finally {
      inFlight = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  }

  function schedule() {
    if (stopped || timer !== null) return;
    timer = window.setTimeout(() => void save(), SAVE_AFTER_MS);
  }

  const changed = () => {
    keep();
    schedule();
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      keep();
      void save({ leaving: true });
    }
  });
  // "Save draft" and "Sign note" post the form itself: the text stays kept until the page after them shows it saved.
  form.addEventListener('submit', () => {
    keep();
    window.clearTimeout(timer);
    stopped = true;
  });

  offerKept(form, noteId, lastSaved, changed);
}

/** Offers back text kept in this browser that differs from the draft as saved (typed before a session ended). */
function offerKept(form, noteId, saved, changed) {
  const kept = keptKeys(noteId)
    .map(readKept)
    .filter((k) => k !== null)
    .sort((a, b) => Date.parse(b.keptAt) - Date.parse(a.keptAt))[0];
  if (kept === undefined) return;
  if (same(kept, saved)) {
    forget(noteId);
    return;
  }
  const pageVersion = Number(form.elements.version.value);
  const offer = document.createElement('div');
  offer.className = 'nhsuk-warning-callout';
  const heading = document.createElement('h2');
  heading.className = 'nhsuk-warning-callout__label';
  heading.tabIndex = -1;
  heading.textContent = 'This browser kept text that was not saved';
  const said = document.createElement('p');
  said.textContent =
    kept.version < pageVersion
      ? 'It was typed over an older version of this draft, which has been saved again since. Restoring it replaces the saved text in this form.'
      : `It was typed on ${new Date(kept.keptAt).toLocaleString('en-GB')} and has not been saved.`;
  const restore = document.createElement('button');
  restore.type = 'button';
  restore.className = 'nhsuk-button nhsuk-u-margin-right-3';
  restore.textContent = 'Restore the kept text';
  const discard = document.createElement('button');
  discard.type = 'button';
  discard.className = 'nhsuk-button nhsuk-button--secondary';
  discard.textContent = 'Discard it';
  restore.addEventListener('click', () => {
    putDraft(form, kept);
    offer.remove();
    changed();
    form.elements.text.focus();
  });
  discard.addEventListener('click', () => {
    forget(noteId);
    offer.remove();
  });
  offer.append(heading, said, restore, discard);
  form.before(offer);
  heading.focus();
}

removeOld();
for (const form of document.querySelectorAll('form[data-module="app-note-autosave"]')) startAutosave(form);
// A signed note's page: nothing of it needs keeping in this browser any more.
for (const signed of document.querySelectorAll('[data-module="app-note-signed"]')) {
  if (storage !== null) forget(signed.dataset.noteId);
}
