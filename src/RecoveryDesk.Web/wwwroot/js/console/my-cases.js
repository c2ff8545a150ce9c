// My cases: what I own and am still working on, the next deadline first; below it, folded away,
// the few I resolved most recently (until they close), so resolved cases do not crowd the work left.

import { get } from '../api.js';
import { $, el } from '../dom.js';
import { caseRow, statusWords } from '../desk.js';
import { caseList } from './case-list.js';

const nextDue = (row) => (row.nextDueAt ? Date.parse(row.nextDueAt) : Infinity);
const RECENTLY_RESOLVED = 5;

export function myCasesRegion(person) {
  const mine = (row) => row.ownerId === person.id;
  const render = (row) => caseRow(row, {
    href: `#case/${row.id}`,
    meta: [row.customerName, ' · ', statusWords[row.status] ?? row.status,
      row.hasPendingHandoff ? [' · ', el('span', { class: 'handoff-flag' }, 'hand-off pending')] : null],
  });
  const active = caseList({
    node: $('#mine'),
    count: $('#mine-count'),
    belongs: (row) => mine(row) && row.status !== 'Resolved' && row.status !== 'Closed',
    order: (a, b) => nextDue(a) - nextDue(b) || Date.parse(a.openedAt) - Date.parse(b.openedAt),
    empty: 'You own no open cases.',
    render,
  });

  const resolvedRows = el('ul', { id: 'mine-resolved', class: 'rows', 'aria-labelledby': 'mine-resolved-title' });
  const resolvedCount = el('span', { class: 'count', id: 'mine-resolved-count' }, '0');
  $('#mine').after(el('details', { id: 'mine-resolved-box', class: 'recently-resolved' },
    el('summary', { id: 'mine-resolved-title' }, 'Recently resolved ', resolvedCount),
    resolvedRows));
  const resolved = caseList({
    node: resolvedRows,
    count: resolvedCount,
    belongs: (row) => mine(row) && row.status === 'Resolved',
    order: (a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt),
    limit: RECENTLY_RESOLVED,
    empty: 'Nothing resolved waiting to close.',
    render,
  });

  return {
    load: async () => {
      const rows = await get('/api/me/cases');
      active.load(rows.filter((row) => row.status !== 'Resolved'));
      resolved.load(rows.filter((row) => row.status === 'Resolved')
        .sort((a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt)).slice(0, RECENTLY_RESOLVED));
    },
    apply: (row) => {
      active.apply(row);
      resolved.apply(row);
    },
  };
}
