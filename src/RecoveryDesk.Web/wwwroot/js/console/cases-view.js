// The cases, a page at a time: a view (open, waiting on customer, resolved, closed, mine, my teams,
// all), an order and filters, all decided by the server (GET /api/cases?view=&sort=&...). The choice
// lives in the address (?view=waiting&sort=nextDue&page=2), so a reload or a shared link shows the
// same list. Shown rows follow the live messages in place; which cases are on a page is the server's
// to say, so the page is read again only when the person asks or after a reconnect.

import { get } from '../api.js';
import { $, el, replace } from '../dom.js';
import { caseRow, channels, emptyRow, readable, redrawKeeping } from '../desk.js';

const pageSize = 25;

const views = [
  ['open', 'Open', 'New and open cases.'],
  ['waiting', 'Waiting on customer', 'Cases waiting for the customer to answer; their clocks are paused.'],
  ['resolved', 'Resolved', 'Resolved cases, still open to the customer’s confirmation.'],
  ['closed', 'Closed', 'Closed cases.'],
  ['mine', 'Mine', 'The cases I have in hand: open or waiting on the customer.'],
  ['myTeams', 'My teams', 'The cases my teams have in hand: new, open or waiting on the customer.'],
  ['all', 'All', 'Every case.'],
];

const sorts = [
  ['lastActivity', 'Last activity, newest first'],
  ['oldest', 'Oldest first'],
  ['nextDue', 'Next due first'],
  ['priority', 'Priority, P1 first'],
];

const slaStates = [['breached', 'Breached'], ['atRisk', 'At risk']];
const priorities = ['P1', 'P2', 'P3', 'P4'].map((p) => [p, p]);

/** The list's choice from the address, each value one the page offers (else the default). */
function choiceFromAddress(teams) {
  const query = new URLSearchParams(window.location.search);
  const pick = (name, options, fallback = '') => {
    const value = query.get(name) ?? '';
    return options.some(([v]) => v === value) ? value : fallback;
  };
  const page = Number.parseInt(query.get('page') ?? '1', 10);
  return {
    view: pick('view', views, 'open'),
    sort: pick('sort', sorts, 'lastActivity'),
    team: pick('team', teams),
    priority: pick('priority', priorities),
    sla: pick('sla', slaStates),
    channel: pick('channel', channels),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

function select(id, options, first) {
  return el('select', { id },
    first ? el('option', { value: '' }, first) : null,
    options.map(([value, label]) => el('option', { value }, label)));
}

export function casesViewRegion({ directory }) {
  const teams = directory.teams.map((t) => [t.id, t.name]);
  const controls = $('#cases-controls');
  const hint = $('#cases-hint');
  const status = $('#cases-status');
  const list = $('#cases');
  const previous = $('#cases-previous');
  const next = $('#cases-next');
  const where = $('#cases-page');
  let choice = choiceFromAddress(teams);
  let rows = [];
  let pending = null;

  const inputs = {
    view: select('cases-view', views.map(([v, label]) => [v, label])),
    sort: select('cases-sort', sorts),
    team: select('cases-team', teams, 'Any team'),
    priority: select('cases-priority', priorities, 'Any priority'),
    sla: select('cases-sla', slaStates, 'Any SLA state'),
    channel: select('cases-channel', channels, 'Any channel'),
  };
  const labels = { view: 'View', sort: 'Sort', team: 'Team', priority: 'Priority', sla: 'SLA state', channel: 'Channel' };
  replace(controls, ...Object.entries(inputs).map(([name, input]) =>
    el('div', { class: 'field' }, el('label', { for: input.id }, labels[name]), input)));
  inputs.view.setAttribute('aria-describedby', 'cases-hint');
  for (const [name, input] of Object.entries(inputs)) {
    input.value = choice[name];
    input.addEventListener('change', () => {
      choice = { ...choice, [name]: input.value, page: 1 };
      load();
    });
  }
  previous.addEventListener('click', () => { choice = { ...choice, page: Math.max(1, choice.page - 1) }; load(); });
  next.addEventListener('click', () => { choice = { ...choice, page: choice.page + 1 }; load(); });

  /** The choice in the address (keeping the hash, which says which case is open). */
  function remember() {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(choice)) {
      const isDefault = (name === 'view' && value === 'open') || (name === 'sort' && value === 'lastActivity') || (name === 'page' && value === 1);
      if (value !== '' && !isDefault) query.set(name, String(value));
    }
    const search = query.toString();
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`);
  }

  function draw(page) {
    redrawKeeping(list, () => replace(list, ...(rows.length ? rows.map((row) => caseRow(row, { href: `#case/${row.id}` })) : [emptyRow('No cases in this view.')])));
    if (!page) return;
    const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
    const more = page.totalCapped ? '+' : '';
    const from = rows.length ? (page.page - 1) * page.pageSize + 1 : 0;
    const total = `${page.total.toLocaleString('en-GB')}${more}`;
    status.textContent = !rows.length ? (page.page > 1 ? 'No cases on this page.' : 'No cases in this view.')
      : rows.length === page.total ? (page.total === 1 ? '1 case.' : `${total} cases.`)
        : `${from}–${from + rows.length - 1} of ${total} cases.`;
    where.textContent = `Page ${page.page} of ${pages.toLocaleString('en-GB')}${more}`;
    previous.disabled = page.page <= 1;
    next.disabled = page.page * page.pageSize >= page.total;
  }

  async function load() {
    remember();
    hint.textContent = views.find(([v]) => v === choice.view)?.[2] ?? '';
    pending?.abort();
    const request = new AbortController();
    pending = request;
    const query = new URLSearchParams({ view: choice.view, sort: choice.sort, page: String(choice.page), pageSize: String(pageSize) });
    for (const name of ['team', 'priority', 'sla', 'channel']) {
      if (choice[name]) query.set(name === 'team' ? 'teamId' : name, choice[name]);
    }
    status.textContent = 'Loading…';
    try {
      const page = await get(`/api/cases?${query}`, {}, request.signal);
      if (pending !== request) return;
      rows = page.items;
      draw(page);
    } catch (failure) {
      if (request.signal.aborted || pending !== request) return;
      rows = [];
      draw(null);
      status.textContent = `The cases could not be read: ${readable(failure)}`;
      where.textContent = '';
      previous.disabled = choice.page <= 1;
      next.disabled = true;
    }
  }

  return {
    load,
    /** A shown row follows the live message that carries it; which cases are on the page stays the server's to say. */
    apply(row) {
      const at = rows.findIndex((r) => r.id === row.id);
      if (at < 0 || rows[at].version > row.version) return;
      rows = rows.with(at, row);
      draw(null);
    },
  };
}
