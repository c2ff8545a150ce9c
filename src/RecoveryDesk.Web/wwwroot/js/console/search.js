// Finding a case as the agent types: the reference, the customer's name, email or phone, or words of
// the subject (what matches is the server's to say: GET /api/cases?q=). Requests are debounced and a
// newer one aborts the one before, so results never arrive out of order. "/" anywhere outside a field
// comes here, Escape clears, ArrowDown moves into the results (each a link: Enter opens it).

import { get, ApiError } from '../api.js';
import { $, replace } from '../dom.js';
import { caseRow, emptyRow, debounce, readable, redrawKeeping } from '../desk.js';

const minLength = 2;
const pageSize = 20;

export function searchRegion() {
  const box = $('#search-box');
  const status = $('#search-status');
  const results = $('#search-results');
  let rows = [];
  let pending = null;

  function update(words) {
    redrawKeeping(results, () => replace(results, ...rows.map((row) => caseRow(row, { href: `#case/${row.id}` }))));
    status.textContent = words;
    results.hidden = rows.length === 0;
  }

  function clear() {
    pending?.abort();
    pending = null;
    rows = [];
    update('');
  }

  async function search() {
    const text = box.value.trim();
    pending?.abort();
    if (text.length < minLength) {
      clear();
      return;
    }
    const request = new AbortController();
    pending = request;
    status.textContent = 'Searching…';
    try {
      const page = await get(`/api/cases?q=${encodeURIComponent(text)}&pageSize=${pageSize}`, {}, request.signal);
      if (pending !== request) return;
      rows = page.items;
      update(rows.length === 0 ? 'No cases match.'
        : page.total > rows.length ? `The ${rows.length} most recently active of ${page.total} cases. Type more to narrow it down.`
          : rows.length === 1 ? '1 case.' : `${rows.length} cases.`);
    } catch (failure) {
      if (request.signal.aborted || pending !== request) return;
      rows = [];
      update(failure instanceof ApiError && failure.status === 400 ? readable(failure) : `Search failed: ${readable(failure)}`);
    }
  }

  const soon = debounce(search, 200);
  box.addEventListener('input', soon);
  box.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      box.value = '';
      clear();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      search();
    } else if (event.key === 'ArrowDown' && rows.length) {
      event.preventDefault();
      results.querySelector('a.ref')?.focus();
    }
  });
  results.addEventListener('keydown', (event) => {
    const links = [...results.querySelectorAll('a.ref')];
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = at + (event.key === 'ArrowDown' ? 1 : -1);
      (next < 0 ? box : links[Math.min(next, links.length - 1)]).focus();
    } else if (event.key === 'Escape') {
      box.focus();
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || target.closest('input, textarea, select'))) return;
    event.preventDefault();
    box.focus();
    box.select();
  });

  return {
    /** A shown result follows the live message that carries its row; nothing is added. */
    apply(row) {
      const at = rows.findIndex((r) => r.id === row.id);
      if (at < 0 || rows[at].version > row.version) return;
      rows = rows.with(at, row);
      update(status.textContent);
    },
  };
}

/** The case a reference names (as in /console#case/RD-7K3Q9F), or null when there is none. */
export async function caseIdFor(reference) {
  try {
    return (await get(`/api/references/${encodeURIComponent(reference)}`)).id;
  } catch (failure) {
    if (failure instanceof ApiError && failure.status === 404) return null;
    throw failure;
  }
}
