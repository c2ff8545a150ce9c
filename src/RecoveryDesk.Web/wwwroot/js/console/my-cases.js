// My cases: what I own and is not closed yet, the next deadline first.

import { get } from '../api.js';
import { $, el } from '../dom.js';
import { caseRow, statusWords } from '../desk.js';
import { caseList } from './case-list.js';

const nextDue = (row) => (row.nextDueAt ? Date.parse(row.nextDueAt) : Infinity);

export function myCasesRegion(person) {
  const list = caseList({
    node: $('#mine'),
    count: $('#mine-count'),
    belongs: (row) => row.ownerId === person.id && row.status !== 'Closed',
    order: (a, b) => nextDue(a) - nextDue(b) || Date.parse(a.openedAt) - Date.parse(b.openedAt),
    empty: 'You own no open cases.',
    render: (row) => caseRow(row, {
      href: `#case/${row.id}`,
      meta: [row.customerName, ' · ', statusWords[row.status] ?? row.status,
        row.hasPendingHandoff ? [' · ', el('span', { class: 'handoff-flag' }, 'hand-off pending')] : null],
    }),
  });

  return {
    load: async () => list.load(await get('/api/me/cases')),
    apply: (row) => list.apply(row),
  };
}
