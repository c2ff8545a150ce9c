// A list of case rows that follows the server: filled by a read, then changed one row at a time by
// the live messages, each of which carries its case's whole row (docs/live.md), so a message costs
// no request. The queue and "my cases" are two of these.

import { el, replace } from '../dom.js';
import { emptyRow, redrawKeeping } from '../desk.js';

const lists = [];
let selectedId = null;
let unreadIds = new Set();

/** Marks the open case in every list (and tells screen readers which one it is). */
export function select(id) {
  selectedId = id;
  for (const list of lists) list.mark();
}

/** Flags the cases with an alert not yet seen (js/console/alerts.js) in every list. */
export function markUnread(ids) {
  unreadIds = ids;
  for (const list of lists) list.mark();
}

/**
 * `belongs(row)` says whether a row is in this list now, `order` sorts it, `limit` is how many rows a
 * read returns (a full list shows "N+"), and `render(row)` draws one row. `onShort()` is called when a
 * full list loses a row: a row the read left out may now be among the first.
 */
export function caseList({ node, count, belongs, order, limit = Infinity, empty, render, onShort }) {
  let rows = [];

  function mark() {
    for (const item of node.querySelectorAll('.case-row')) {
      const selected = item.dataset.id === selectedId;
      item.classList.toggle('selected', selected);
      item.querySelector('a.ref')?.toggleAttribute('aria-current', selected);
      const flag = item.querySelector('.unread-flag');
      if (unreadIds.has(item.dataset.id) && !flag) item.querySelector('.row-head')?.append(el('span', { class: 'unread-flag' }, 'New'));
      else if (!unreadIds.has(item.dataset.id)) flag?.remove();
    }
  }

  function update() {
    redrawKeeping(node, () => replace(node, ...(rows.length ? rows.map(render) : [emptyRow(empty)])));
    count.textContent = rows.length >= limit ? `${limit}+` : String(rows.length);
    mark();
  }

  const list = {
    mark,
    /** Everything, from a fresh read. */
    load(fresh) {
      rows = [...fresh];
      update();
    },
    /** One row as a message brought it: added, moved or removed. A row older than the one shown is ignored. */
    apply(row) {
      const at = rows.findIndex((r) => r.id === row.id);
      if (at >= 0 && rows[at].version > row.version) return;
      if (at < 0 && !belongs(row)) return;
      const wasFull = rows.length >= limit;
      if (at >= 0) rows.splice(at, 1);
      if (belongs(row)) rows = [...rows, row].sort(order).slice(0, limit);
      update();
      if (wasFull && rows.length < limit) onShort?.();
    },
  };
  lists.push(list);
  return list;
}
