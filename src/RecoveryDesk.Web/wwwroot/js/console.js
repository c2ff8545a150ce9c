// The agent console, region by region (js/console/): hand-offs offered to me, my team's queue and my
// own cases, the cases a page at a time, the case view, and the "new case" form. The lists are read once (and again after a
// reconnect) and then follow the live messages row by row; only the open case is re-read, because
// its timeline is not in the message (docs/live.md).

import { get } from './api.js';
import { $ } from './dom.js';
import { connect } from './live.js';
import { startStaffPage, isAgent, announce } from './shell.js';
import { tickCountdowns, readable } from './desk.js';
import { queueRegion } from './console/queue.js';
import { myCasesRegion } from './console/my-cases.js';
import { offersRegion } from './console/offers.js';
import { startCaseView, showCase, showMissing, showNothing, applyToCase, applyMailToCase, rereadCase } from './console/case-view.js';
import { showNewCase } from './console/new-case.js';
import { availabilityRegion } from './console/availability.js';
import { startPresence, rejoinPresence } from './console/presence.js';
import { searchRegion, caseIdFor } from './console/search.js';
import { startShortcuts } from './console/keyboard.js';
import { alertsRegion } from './console/alerts.js';
import { casesViewRegion } from './console/cases-view.js';

const person = await startStaffPage(isAgent);
let directory = { agents: [], teams: [] };
try {
  directory = await get('/api/staff');
} catch {
  // Hand-off targets stay empty; the rest of the console works.
}
const teamName = (id) => directory.teams.find((t) => t.id === id)?.name ?? person.teams.find((t) => t.id === id)?.name ?? 'a team';

const queue = queueRegion(person);
const mine = myCasesRegion(person);
const offers = offersRegion(person, teamName);
startCaseView({ person, directory, teamName });
const availability = availabilityRegion(person, directory);
const search = searchRegion();
startShortcuts();
const alerts = alertsRegion(person);
const cases = casesViewRegion({ directory });
$('#new-case').addEventListener('click', () => { window.location.hash = '#new'; });

function loadLists() {
  return Promise.all([queue.load(), mine.load(), offers.load(), cases.load()]);
}

async function route() {
  const hash = window.location.hash;
  const caseMatch = /^#case\/([0-9a-f-]{36})$/i.exec(hash);
  const referenceMatch = /^#case\/([^/]{1,20})$/.exec(hash);
  document.body.classList.toggle('viewing', Boolean(caseMatch ?? referenceMatch) || hash === '#new');
  alerts.opened(caseMatch?.[1] ?? null);
  if (caseMatch) return showCase(caseMatch[1], { fresh: true });
  if (referenceMatch) {
    // A link by reference (/console#case/RD-7K3Q9F) becomes the link by id, so the rest goes one way.
    const reference = decodeURIComponent(referenceMatch[1]);
    try {
      const id = await caseIdFor(reference);
      if (window.location.hash !== hash) return undefined; // the person moved on meanwhile
      if (id) window.location.replace(`#case/${id}`);
      else showMissing(`There is no case ${reference}.`);
    } catch (failure) {
      showMissing(readable(failure));
    }
    return undefined;
  }
  showNothing();
  if (hash === '#new') showNewCase(person.teams.length ? person.teams : directory.teams);
  return undefined;
}

function onMessage(message) {
  queue.apply(message.row);
  mine.apply(message.row);
  search.apply(message.row);
  cases.apply(message.row);
  offers.apply(message);
  applyToCase(message);
  alerts.apply(message);
  tellAbout(message);
}

/** What a person should notice at once, whatever they are looking at (new offers are announced by their region). */
function tellAbout(message) {
  const h = message.handoff;
  const row = message.row;
  const ref = row.reference;
  switch (message.event) {
    case 'HandoffAccepted':
      if (h.fromAgentId === person.id) announce(`${h.answeredByName ?? 'Your colleague'} accepted ${ref}; it is theirs now.`, 'ok');
      break;
    case 'HandoffDeclined':
      if (h.fromAgentId === person.id) announce(`${h.answeredByName ?? 'Your colleague'} declined ${ref}: ${sentence(h.declineReason)} You still own it.`, 'warn', { sticky: true });
      break;
    case 'HandoffExpired':
      if (h.fromAgentId === person.id) announce(`Nobody accepted ${ref} in time. You still own it.`, 'warn', { sticky: true });
      break;
    case 'HandoffOffered':
      // The desk offered my case to my cover while I am away: I still own it until they accept.
      if (h.kind === 'Cover' && h.fromAgentId === person.id) announce(`While you are away, ${ref} was offered to your cover. You own it until someone accepts.`, 'info');
      break;
    case 'CaseReassigned':
      if (row.ownerId === person.id) announce(`${ref} was reassigned to you.`, 'info');
      break;
    case 'CustomerMessageReceived':
      if (row.ownerId === person.id) announce(`The customer wrote on ${ref}.`, 'info');
      break;
    case 'FollowUpOpened': {
      const d = message.details ?? {};
      if (d.ownerId !== person.id) break;
      announce(d.kind === 'Detractor'
        ? `The customer of ${ref} is unhappy with how it went: follow-up case ${d.followUpReference} is open in the queue.`
        : `The customer wrote on ${ref} after it was closed: new case ${d.followUpReference} is open in the queue.`, 'warn', { sticky: true });
      break;
    }
    case 'SlaBreached':
      if (row.ownerId === person.id) announce(`${ref} has breached its SLA.`, 'warn');
      break;
    default:
      break;
  }
}

/** A person's words as a sentence: one full stop at the end, not a second after their own. */
function sentence(text) {
  const words = (text ?? '').trim();
  if (!words) return 'no reason given.';
  return /[.!?…]$/.test(words) ? words : `${words}.`;
}

/** After (re)connecting everything is read again; a version gap needs nothing more, because every message carries its whole row. */
function onResync(reason) {
  if (reason === 'gap') return;
  rejoinPresence();
  loadLists().catch(() => {});
  rereadCase();
}

window.addEventListener('hashchange', () => route());
await loadLists().catch((failure) => announce(readable(failure), 'error', { sticky: true }));
await route();
const live = connect('/hubs/desk', { onMessage, onResync, ready: 'Ready' });
startPresence(live.connection, person);
live.connection.on('MailEvent', (update) => {
  applyMailToCase(update);
  if (update.state === 'Failed' && update.ownerId === person.id) announce(`Not delivered to the customer: “${update.subject}” (${update.failure ?? 'refused'}).`, 'warn', { sticky: true });
});
// A colleague (or a supervisor for me) changed an availability: the pickers and my own control follow.
live.connection.on('StaffEvent', (update) => availability.apply(update));
setInterval(() => tickCountdowns(), 15000);
