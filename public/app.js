// Starts nhsuk-frontend's components, and the idle-timeout warning. Loaded as a module, so browsers without module
// support keep the plain pages, which work without any of this.
import { initAll } from './nhsuk-frontend-10.6.1.min.js';

initAll();

// WCAG 2.5.3 (label in name). nhsuk-frontend's file upload replaces the file input with a button named by the field's
// label and by its own text (aria-labelledby: label, a visually hidden comma, the button itself). Its text is the status
// ("No file chosen", or the file's name) directly followed by that hidden comma and "Choose file or drop file", with no
// space in between, so the text people see reads "No file chosenChoose file or drop file", which is not in the name
// (axe-core 4.14: label-content-name-mismatch). A space after the status separates the words; the component only ever
// rewrites the status's own text, so the space stays; the layout does not change.
for (const status of document.querySelectorAll('.nhsuk-file-upload__status')) status.after(' ');

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

const SUGGEST_FROM = 2;
const SUGGEST_AFTER_MS = 250;
const SUGGESTIONS = 10;
// Long enough that someone still typing hears the number of suggestions once, not after every pause.
const ANNOUNCE_AFTER_MS = 1000;

/** "Name, Town, Postcode", as the server writes a practice or school among the answers, "(closed)" when it is. */
function describePlace(place) {
  const where = [place.town, place.postcode].filter((part) => typeof part === 'string' && part !== '').join(', ');
  return `${place.name}${where === '' ? '' : `, ${where}`}${place.open === false ? ' (closed)' : ''}`;
}

/**
 * Type-ahead suggestions for the GP practice and school searches, as the WAI-ARIA 1.2 combobox with a listbox popup
 * (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). The search box stays the one the server drew, with its label
 * and hint, so the Search button and the page without JavaScript work as before. Choosing a suggestion only
 * ticks it among the answers and moves there: the person still presses Continue, and nothing is sent for them.
 * Everything that comes from the server is written as text, never as HTML.
 */
function startPlaceSearch(form) {
  const input = form.querySelector('input[name="q"]');
  const field = form.dataset.choices;
  const choices = document.getElementById(`${field}-choices`);
  const source = new URL(form.dataset.source, window.location.href);
  // Only our own API: a changed attribute must not send what the person types anywhere else.
  if (input === null || choices === null || source.origin !== window.location.origin) return;

  const listbox = document.createElement('ul');
  listbox.id = `${input.id}-suggestions`;
  listbox.className = 'app-suggestions';
  listbox.setAttribute('role', 'listbox');
  // The page says what is being searched for, so the list is named for it whatever the field is called.
  listbox.setAttribute('aria-label', form.dataset.suggestionsLabel ?? 'Suggestions');
  listbox.hidden = true;

  const status = document.createElement('div');
  status.className = 'nhsuk-u-visually-hidden';
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');

  // The list hangs from the box itself, so the box sits in a positioned wrapper of its own.
  const wrapper = document.createElement('div');
  wrapper.className = 'app-combobox';
  input.replaceWith(wrapper);
  wrapper.append(input, listbox);
  form.append(status);

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', listbox.id);

  let places = [];
  let shownFor = '';
  let active = -1;
  let pending;
  let request;
  let announcement;

  const say = (message) => {
    window.clearTimeout(announcement);
    // Emptied first, so that the same words said again are still read out.
    status.textContent = '';
    announcement = window.setTimeout(() => {
      status.textContent = message;
    }, 100);
  };

  const sayLater = (message) => {
    window.clearTimeout(announcement);
    announcement = window.setTimeout(() => {
      status.textContent = message;
    }, ANNOUNCE_AFTER_MS);
  };

  const setActive = (index) => {
    active = index;
    listbox.querySelectorAll('[role="option"]').forEach((option, i) => {
      const on = i === index;
      option.setAttribute('aria-selected', on ? 'true' : 'false');
      option.classList.toggle('app-suggestions__option--active', on);
      if (on) option.scrollIntoView({ block: 'nearest' });
    });
    if (index === -1) input.removeAttribute('aria-activedescendant');
    else input.setAttribute('aria-activedescendant', `${listbox.id}-${String(index)}`);
  };

  const open = () => {
    if (places.length === 0) return;
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };

  const close = () => {
    setActive(-1);
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
  };

  const show = (query, found) => {
    places = found;
    shownFor = query;
    listbox.replaceChildren(
      ...found.map((place, i) => {
        const option = document.createElement('li');
        option.id = `${listbox.id}-${String(i)}`;
        option.className = 'app-suggestions__option';
        option.setAttribute('role', 'option');
        option.setAttribute('aria-selected', 'false');
        option.textContent = place.text;
        option.addEventListener('click', () => {
          choose(i);
        });
        return option;
      }),
    );
    setActive(-1);
    if (found.length === 0) {
      close();
      sayLater('No suggestions. Check the spelling, or search for the town or postcode instead.');
      return;
    }
    open();
    const count = found.length === 1 ? '1 suggestion' : `${String(found.length)} suggestions`;
    sayLater(`${count}. Use the up and down arrows to hear them, and Enter to choose one.`);
  };

  const suggest = async (query) => {
    request?.abort();
    const controller = new AbortController();
    request = controller;
    const url = new URL(source);
    url.searchParams.set('q', query);
    url.searchParams.set('limit', String(SUGGESTIONS));
    try {
      const response = await fetch(url, {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(String(response.status));
      const body = await response.json();
      // The box has changed since this was asked: a later answer is on its way.
      if (controller.signal.aborted || input.value.trim() !== query) return;
      const found = (Array.isArray(body.results) ? body.results : []).slice(0, SUGGESTIONS).map((place) => ({
        value: String(place.code ?? place.urn),
        name: String(place.name),
        text: describePlace(place),
      }));
      show(query, found);
    } catch {
      if (controller.signal.aborted) return;
      places = [];
      shownFor = '';
      close();
      sayLater('Suggestions are not available at the moment. Use the Search button instead.');
    }
  };

  /** The legend over the answers asks for a place only once there is one to choose. */
  const legendForResults = () => {
    const legend = choices.closest('fieldset')?.querySelector('legend');
    const text = legend?.textContent.trim() ?? '';
    const lead = 'If you cannot find the ';
    if (legend && text.startsWith(lead)) legend.textContent = `Choose the ${text.slice(lead.length)}`;
  };

  /** Ticks the place among the answers, adding it first (as a search result would be) when it is not there yet. */
  const choose = (index) => {
    const place = places[index];
    if (place === undefined) return;
    const radios = [...choices.querySelectorAll('input[type="radio"]')].filter((r) => r.name === field);
    let radio = radios.find((r) => r.value === place.value);
    if (radio === undefined) {
      for (const added of choices.querySelectorAll('.nhsuk-radios__item[data-suggested]')) added.remove();
      const item = document.createElement('div');
      item.className = 'nhsuk-radios__item';
      item.dataset.suggested = '';
      radio = document.createElement('input');
      radio.className = 'nhsuk-radios__input';
      radio.type = 'radio';
      radio.name = field;
      radio.value = place.value;
      radio.id = `${field}-suggested-${place.value.replace(/[^A-Za-z0-9-]/gu, '')}`;
      const label = document.createElement('label');
      label.className = 'nhsuk-label nhsuk-radios__label';
      label.htmlFor = radio.id;
      label.textContent = place.text;
      item.append(radio, label);
      // The server puts "or" between search results and the answers in words only when there are results.
      if (choices.querySelector('.nhsuk-radios__divider') === null) {
        const divider = document.createElement('div');
        divider.className = 'nhsuk-radios__divider';
        divider.textContent = 'or';
        choices.prepend(divider);
        legendForResults();
      }
      choices.prepend(item);
    }
    radio.checked = true;
    input.value = place.name;
    close();
    radio.focus();
    say(`Selected ${place.name}. Press Continue.`);
  };

  input.addEventListener('input', () => {
    window.clearTimeout(pending);
    window.clearTimeout(announcement);
    setActive(-1);
    const query = input.value.trim();
    if (query.length < SUGGEST_FROM) {
      request?.abort();
      places = [];
      shownFor = '';
      close();
      return;
    }
    pending = window.setTimeout(() => {
      void suggest(query);
    }, SUGGEST_AFTER_MS);
  });

  input.addEventListener('keydown', (event) => {
    const isOpen = !listbox.hidden;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!isOpen) {
          // Back to the suggestions for what is in the box, if there are any; Alt+Down opens without moving.
          if (shownFor !== input.value.trim() || places.length === 0) return;
          open();
          if (!event.altKey) setActive(0);
          return;
        }
        setActive(active + 1 >= places.length ? 0 : active + 1);
        return;
      case 'ArrowUp':
        if (!isOpen) return;
        event.preventDefault();
        setActive(active <= 0 ? places.length - 1 : active - 1);
        return;
      case 'Enter':
        // With no suggestion picked, Enter searches as it always has: the person asked for that.
        if (!isOpen || active === -1) return;
        event.preventDefault();
        choose(active);
        return;
      case 'Escape':
        if (!isOpen) return;
        event.preventDefault();
        close();
        return;
      case 'ArrowLeft':
      case 'ArrowRight':
      case 'Home':
      case 'End':
        setActive(-1);
    }
  });

  input.addEventListener('blur', () => {
    close();
  });
  // A press on a suggestion must not take the focus from the box first, or the list would close under the pointer.
  listbox.addEventListener('mousedown', (event) => {
    event.preventDefault();
  });
}

for (const form of document.querySelectorAll('[data-module="app-place-search"]')) startPlaceSearch(form);
