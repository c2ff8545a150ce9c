// The team queue: New cases of my teams, oldest first, each with a one-click claim.

import { get, post, ApiError } from '../api.js';
import { $, el } from '../dom.js';
import { announce } from '../shell.js';
import { caseRow, readable } from '../desk.js';
import { caseList } from './case-list.js';

/** How many of the oldest queue cases the console asks for: an agent claims from the top. */
const QUEUE_ROWS = 100;

export function queueRegion(person) {
  const myTeamIds = new Set(person.teams.map((t) => t.id));
  $('#queue-teams').textContent = person.teams.length ? person.teams.map((t) => t.name).join(', ') : 'no team';

  const list = caseList({
    node: $('#queue'),
    count: $('#queue-count'),
    belongs: (row) => row.status === 'New' && myTeamIds.has(row.teamId),
    order: (a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt),
    limit: QUEUE_ROWS,
    empty: 'The queue is empty. New complaints appear here as they arrive.',
    render: (row) => caseRow(row, {
      href: `#case/${row.id}`,
      extra: [el('button', {
        type: 'button', class: 'primary small-button', dataset: { focusKey: `claim:${row.id}` },
        'aria-label': `Claim ${row.reference}`, onclick: (e) => claim(row, e.currentTarget),
      }, 'Claim')],
    }),
    onShort: () => load().catch(() => {}),
  });

  async function load() {
    list.load(await get(`/api/queue?limit=${QUEUE_ROWS}`));
  }

  return { load, apply: (row) => list.apply(row) };
}

/** Claims a case (from the queue or the case view); a lost race is told in plain words. */
export async function claim(row, button) {
  button.disabled = true;
  try {
    await post(`/api/cases/${row.id}/claim`);
    announce(`You own ${row.reference} now.`, 'ok');
    window.location.hash = `#case/${row.id}`;
  } catch (failure) {
    announce(await lostRaceWords(row, failure), 'warn', { sticky: true });
  } finally {
    button.disabled = false;
  }
}

/** A lost claim race in plain words: "Ben Okafor claimed RD-… a moment ago." */
async function lostRaceWords(row, failure) {
  if (!(failure instanceof ApiError) || failure.status !== 409) return readable(failure);
  if (/claimed/i.test(failure.message)) return `${row.reference}: ${failure.message}`;
  try {
    const now = await get(`/api/cases/${row.id}`);
    if (now.ownerName) return `${now.ownerName} claimed ${row.reference} a moment ago; it is no longer in the queue.`;
  } catch {
    // fall through to the server's words
  }
  return `${row.reference}: ${failure.message}`;
}
