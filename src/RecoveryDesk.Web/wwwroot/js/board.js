// The supervisor board: where the promise to customers is at risk right now — breaches, cases at
// risk, escalations, overdue hand-offs, broken promises, detractor follow-ups and the load per
// agent — redrawn live, with reassignment for when someone is away.

import { get, post } from './api.js';
import { $, el, replace, when } from './dom.js';
import { connect } from './live.js';
import { startStaffPage, isSupervisor, announce } from './shell.js';
import { learnServerTime } from './time.js';
import { startSavedReplies } from './saved-replies-admin.js';
import { startAssignmentSettings } from './board-assignment.js';
import { availabilityForm, availabilityWords, applyAvailability } from './availability.js';
import { caseRow, countdown, emptyRow, clockWords, statusWords, submitting, redrawKeeping, tickCountdowns, debounce, readable } from './desk.js';

await startStaffPage(isSupervisor);
let directory = { agents: [], teams: [] };
const seen = new Map(); // list id → ids drawn last time, to mark what is new

function agentName(id) {
  return directory.agents.find((a) => a.id === id)?.name ?? 'a colleague';
}

function teamName(id) {
  return directory.teams.find((t) => t.id === id)?.name ?? 'a team';
}

// The board lists no closed case, and the server answers a reassignment it refuses in words.
function reassignButton(summary) {
  return [el('button', {
    type: 'button', class: 'small-button', dataset: { focusKey: `reassign:${summary.id}` },
    'aria-label': `Reassign ${summary.reference}`, onclick: () => openReassign(summary),
  }, 'Reassign')];
}

function owner(summary) {
  return summary.ownerName ? `Owner: ${summary.ownerName}` : `In the ${summary.teamName} queue`;
}

function clockRow(item, state) {
  const c = item.case;
  return caseRow(c, {
    dueAt: item.dueAt,
    state,
    meta: [clockWords[item.clock] ?? item.clock, ` due ${when(item.dueAt)}`, ' · ', owner(c), ' · ', c.customerName,
      item.escalationLevel > 0 ? [' · ', el('strong', {}, `escalation level ${item.escalationLevel}`)] : null],
    extra: reassignButton(c),
  });
}

function drawList(id, items, draw, emptyText) {
  const list = $(`#${id}`);
  const before = seen.get(id);
  const rows = items.map((item) => {
    const row = draw(item);
    if (before && !before.has(row.dataset.id)) row.classList.add('fresh');
    return row;
  });
  seen.set(id, new Set(rows.map((r) => r.dataset.id)));
  replace(list, ...(rows.length ? rows : [emptyRow(emptyText)]));
  $(`#${id}-count`).textContent = String(items.length);
}

/** A mail that failed for good: the customer has not been told, and someone should call them. */
function unsentRow(item) {
  return el('li', { class: 'row', dataset: { id: item.mailId } },
    el('div', { class: 'row-main' },
      el('a', { href: `/console#case/${item.caseId}`, class: 'reference' }, item.reference), ' ',
      el('strong', {}, `${item.customerName} has not been told`)),
    el('div', { class: 'row-meta small' },
      `“${item.subject}” · ${when(item.at)} · ${item.ownerName ?? 'nobody owns it yet'}`,
      item.failure ? [' · ', el('span', { class: 'breach-text' }, item.failure)] : null));
}

function drawBoard(board) {
  learnServerTime(board.at);
  $('#board-at').textContent = `As of ${when(board.at)} · updates live`;
  redrawKeeping($('#main'), () => {
    drawList('breached', board.breached, (item) => clockRow(item, 'Breached'), 'No breaches. Every running clock is within its target.');
    drawList('atrisk', board.atRisk, (item) => clockRow(item, 'AtRisk'), 'Nothing at risk right now.');
    drawList('escalations', board.escalations, (item) => clockRow(item, item.breachedAt ? 'Breached' : 'AtRisk'), 'No escalations.');
    drawList('handoffs', board.overdueHandoffs, (item) => caseRow(item.case, {
      dueAt: null,
      state: '',
      foot: countdown(item.expiresAt, 'Expires'),
      meta: [`${item.fromAgentName} → ${item.toAgentId ? agentName(item.toAgentId) : `team ${teamName(item.toTeamId)}`}`,
        ` · ${item.status === 'Expired' ? 'expired unanswered' : 'waiting for an answer'}`, ` · offered ${when(item.offeredAt)}`],
      extra: reassignButton(item.case),
    }), 'No overdue hand-offs.');
    drawList('promises', board.brokenPromises, (item) => caseRow(item.case, {
      dueAt: null,
      state: '',
      foot: el('span', { class: 'small breach-text' }, `Broken ${when(item.brokenAt)}`),
      meta: [el('span', { class: 'prewrap' }, `“${item.text}”`), ` · was due ${when(item.dueAt)}`, ' · ', owner(item.case)],
      extra: reassignButton(item.case),
    }), 'No broken promises this week.');
    drawList('followups', board.detractorFollowUps ?? [], (item) => caseRow(item.case, {
      meta: ['Follow-up of ', el('a', { href: `/console#case/${item.originalCaseId}` }, item.originalReference), ' · ', owner(item.case),
        ' · ', statusWords[item.case.status] ?? item.case.status],
      extra: reassignButton(item.case),
    }), 'No unhappy customers waiting for a follow-up.');
    drawList('covers', board.coverOffers ?? [], (item) => caseRow(item.case, {
      dueAt: null,
      state: '',
      foot: countdown(item.expiresAt, 'Expires'),
      meta: [`${item.fromAgentName} is away → ${item.toAgentId ? agentName(item.toAgentId) : `team ${teamName(item.toTeamId)}`}`, ` · offered ${when(item.offeredAt)}`],
      extra: reassignButton(item.case),
    }), 'Nobody away has a case waiting for cover.');
    drawList('leftinqueue', board.leftInQueue ?? [], (item) => caseRow(item.case, {
      meta: [item.reason, ` · ${when(item.at)}`],
      extra: reassignButton(item.case),
    }), 'Every offered case found someone.');
    drawList('unsent', board.unsentMail ?? [], unsentRow, 'Every mail to customers this week went out.');
    drawList('mailboxes', board.failingMailboxes ?? [], (item) => el('li', { class: 'row', dataset: { id: item.source } },
      el('div', { class: 'row-main' }, el('strong', {}, item.source === 'folder' ? 'The inbound folder' : `Team mailbox ${teamName(item.source.slice(5))}`)),
      el('div', { class: 'row-meta small breach-text' }, `failing since ${when(item.failingSince)}: ${item.error}`)), 'Every mailbox is being read.');
    drawLoad(board.load);
  });
}

const expanded = new Set(); // agents whose open cases are listed under their row

let drawnLoad = ''; // what the load table shows now, so an unchanged table is not rebuilt under the pointer

let lastLoad = [];

function drawLoad(load) {
  lastLoad = load;
  const key = JSON.stringify([load, [...expanded], [...agentCaseKeys]]);
  if (key === drawnLoad) return;
  drawnLoad = key;
  const most = Math.max(1, ...load.map((l) => l.openCases));
  const rows = [];
  for (const l of load) {
    const open = expanded.has(l.agentId);
    rows.push(el('tr', { class: l.breachedCases ? 'has-breach' : '' },
      el('th', { scope: 'row' }, el('button', {
        type: 'button', class: 'link-button', 'aria-expanded': String(open), 'aria-controls': `cases-of-${l.agentId}`,
        dataset: { focusKey: `agent:${l.agentId}` }, onclick: () => toggleAgent(l.agentId),
      }, l.name),
      el('div', { class: 'small' },
        el('span', { class: `availability-word ${l.availability === 'Available' ? '' : 'away'}` }, availabilityWords(l)), ' ',
        el('button', {
          type: 'button', class: 'link-button small', dataset: { focusKey: `availability:${l.agentId}` },
          'aria-label': `Change availability (${availabilityWords(l).toLowerCase()})`, onclick: () => openAvailability(l.agentId),
        }, 'change'))),
      el('td', {}, String(l.openCases)),
      el('td', { class: l.breachedCases ? 'breach-count' : '' }, String(l.breachedCases)),
      el('td', {}, String(l.waitingOnCustomer)),
      el('td', { class: 'bar-cell' }, el('meter', { min: 0, max: most, value: l.openCases, 'aria-label': `${l.name}: ${l.openCases} open` }))));
    if (open) {
      rows.push(el('tr', { class: 'agent-cases' }, el('td', { colspan: 5 },
        el('ul', { class: 'rows', id: `cases-of-${l.agentId}`, 'aria-label': `Open cases of ${l.name}` },
          ...(agentCases.get(l.agentId) ?? [emptyRow('Loading…')])))));
    }
  }
  replace($('#load tbody'), ...(rows.length ? rows : [el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'Nobody owns an open case.'))]));
}

const agentCases = new Map(); // agent id → rows drawn
const agentCaseKeys = new Map(); // agent id → the ids and versions those rows show

async function readAgentCases(agentId) {
  const page = await get(`/api/cases?ownerId=${agentId}&pageSize=100`);
  const open = page.items.filter((c) => c.status === 'Open' || c.status === 'WaitingOnCustomer' || c.status === 'New');
  agentCaseKeys.set(agentId, open.map((c) => `${c.id}:${c.version}`).join(','));
  agentCases.set(agentId, open.length
    ? open.map((c) => caseRow(c, { meta: [c.customerName, ' · ', statusWords[c.status] ?? c.status], extra: reassignButton(c) }))
    : [emptyRow('No open cases.')]);
}

async function toggleAgent(agentId) {
  if (expanded.has(agentId)) {
    expanded.delete(agentId);
    agentCases.delete(agentId);
    agentCaseKeys.delete(agentId);
  } else {
    expanded.add(agentId);
    drawLoad(lastLoad); // open the row at once ("Loading…"), then fill it
    try {
      await readAgentCases(agentId);
    } catch (failure) {
      agentCases.set(agentId, [emptyRow(readable(failure))]);
      agentCaseKeys.set(agentId, `error:${readable(failure)}`);
    }
  }
  await load();
}

async function load() {
  try {
    const board = await get('/api/board');
    await Promise.all([...expanded].map((id) => readAgentCases(id).catch(() => {})));
    drawBoard(board);
  } catch (failure) {
    announce(readable(failure), 'error');
  }
}

// ---------------------------------------------------------------- reassign

const dialog = $('#reassign-dialog');
const form = $('#reassign-form');
let reassigning = null;

function openReassign(summary) {
  reassigning = summary;
  $('#reassign-title').textContent = `Reassign ${summary.reference}`;
  $('#reassign-case').textContent = `${summary.subject} — ${summary.ownerName ? `owned by ${summary.ownerName}` : 'nobody owns it yet'}.`;
  replace($('#reassign-to'),
    el('option', { value: '' }, 'Choose a colleague'),
    ...directory.agents
      .filter((a) => a.canOwnCases && a.id !== summary.ownerId)
      .map((a) => el('option', { value: a.id }, a.name)));
  $('#reassign-reason').value = '';
  form.querySelector('.form-error').hidden = true;
  for (const node of form.querySelectorAll('.field-error')) node.hidden = true;
  dialog.showModal();
  $('#reassign-to').focus();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const summary = reassigning;
  const toAgentId = $('#reassign-to').value || null;
  const ok = await submitting(form, () => post(`/api/cases/${summary.id}/reassign`, { toAgentId, reason: $('#reassign-reason').value.trim() }));
  if (ok) {
    dialog.close();
    announce(`${summary.reference} now belongs to ${agentName(toAgentId)}.`, 'ok');
    load();
  }
});
$('#reassign-cancel').addEventListener('click', () => dialog.close());

// ---------------------------------------------------------------- availability

const availabilityDialog = $('#availability-dialog');

function openAvailability(agentId) {
  const agent = directory.agents.find((a) => a.id === agentId);
  if (!agent) return;
  $('#availability-title').textContent = `Availability of ${agent.name}`;
  replace($('#availability-dialog-form'), availabilityForm('board-availability', agent, directory, {
    self: false,
    onSaved: (saved) => {
      applyAvailability(directory, saved);
      availabilityDialog.close();
      announce(`${agent.name} is ${availabilityWords(agent).toLowerCase()} now.`, 'ok');
      load();
    },
  }));
  availabilityDialog.showModal();
  availabilityDialog.querySelector('select')?.focus();
}
$('#availability-cancel').addEventListener('click', () => availabilityDialog.close());

// ---------------------------------------------------------------- live

try {
  directory = await get('/api/staff');
} catch {
  // names of hand-off targets fall back to "a colleague"
}
startSavedReplies($('#saved-replies'), directory.teams);
startAssignmentSettings($('#assignment'), directory.teams);
await load();
// The board's lists are the server's answers to "what is breached, at risk, overdue, and who carries
// how much", which one case's row cannot update (a row does not say which clock breached or how
// another agent's load changed). So a message is only the trigger to read /api/board again, and a
// burst of them reads it once. The messages stay whole: supervisors' consoles use the same ones.
const reload = debounce(load, 150);
const live = connect('/hubs/desk', { onMessage: reload, onResync: reload, ready: 'Ready' });
// A mail sent or refused changes no case, only the list of customers not told.
live.connection.on('MailEvent', reload);
// Someone became available, away or off shift: the load table's column and the pickers follow.
live.connection.on('StaffEvent', (update) => {
  applyAvailability(directory, update);
  reload();
});
setInterval(() => tickCountdowns(), 15000);
