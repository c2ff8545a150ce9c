// Hand-offs offered to me or my teams, newest first, each with accept and decline (with a reason).
// Filled by a read of /api/me/handoffs, then kept in step by the hand-off messages' row and hand-off parts.

import { get, post } from '../api.js';
import { $, el, replace, when } from '../dom.js';
import { announce } from '../shell.js';
import { countdown, priorityBadge, field, formError, submitting, redrawKeeping } from '../desk.js';
import { offerHeadline, noteCaption, afterDecline } from './offer-words.js';

/** An offer as GET /api/me/handoffs lists it, from a live message's row and hand-off. */
const offerOf = (row, h) => ({
  handoffId: h.id, caseId: row.id, reference: row.reference, subject: row.subject, priority: row.priority, kind: h.kind,
  fromAgentId: h.fromAgentId, fromAgentName: h.fromAgentName, toAgentId: h.toAgentId, toTeamId: h.toTeamId,
  note: h.note, offeredAt: h.offeredAt, expiresAt: h.expiresAt, version: row.version,
});

export function offersRegion(person, teamName) {
  const myTeamIds = new Set(person.teams.map((t) => t.id));
  const box = $('#offers');
  const node = $('#offer-list');
  const openDeclines = new Set();
  let offers = [];

  // The same offers GET /api/me/handoffs lists: to me by name or to one of my teams, not my own.
  const forMe = (h) => h.fromAgentId !== person.id && (h.toAgentId === person.id || myTeamIds.has(h.toTeamId));

  function update() {
    box.hidden = offers.length === 0;
    redrawKeeping(node, () => replace(node, ...offers.map(prompt)));
  }

  function prompt(offer) {
    const asOffer = { ...offer, id: offer.handoffId };
    const declineId = `decline-${offer.handoffId}`;
    const decline = el('form', { class: 'decline-form', hidden: !openDeclines.has(offer.handoffId) },
      field(`${declineId}-reason`, 'Why are you declining?', el('textarea', { rows: 2, required: true, dataset: { field: 'reason' } }),
        offer.kind === 'Queue' ? 'The desk offers it to the next colleague; supervisors see your reason.' : 'The sender keeps the case and sees your reason.'),
      formError(),
      el('div', { class: 'actions' },
        el('button', { type: 'submit', class: 'danger' }, 'Send decline'),
        el('button', { type: 'button', onclick: () => { openDeclines.delete(offer.handoffId); decline.hidden = true; declineButton.focus(); } }, 'Keep it open')));
    decline.addEventListener('submit', async (event) => {
      event.preventDefault();
      const reason = decline.querySelector('textarea').value.trim();
      if (await submitting(decline, () => post(`/api/cases/${offer.caseId}/handoffs/${offer.handoffId}/decline`, { reason }))) {
        openDeclines.delete(offer.handoffId);
        announce(`You declined ${offer.reference}; ${afterDecline(offer)}.`);
        remove(offer.handoffId);
      }
    });
    const declineButton = el('button', {
      type: 'button', dataset: { focusKey: `decline:${offer.handoffId}` },
      onclick: () => { openDeclines.add(offer.handoffId); decline.hidden = false; decline.querySelector('textarea').focus(); },
    }, 'Decline…');
    const acceptForm = el('form', { class: 'accept-form' },
      el('div', { class: 'actions' },
        el('button', {
          type: 'button', class: 'primary', dataset: { focusKey: `accept:${offer.handoffId}` },
          onclick: () => accept(offer, acceptForm),
        }, `Accept ${offer.reference}`),
        declineButton,
        el('a', { href: `#case/${offer.caseId}` }, 'View the case')),
      formError());
    return el('article', { class: 'prompt', dataset: { handoff: offer.handoffId }, 'aria-labelledby': `offer-${offer.handoffId}` },
      el('h3', { id: `offer-${offer.handoffId}` }, offerHeadline(asOffer, person, `your team ${teamName(offer.toTeamId)}`, offer.reference, { waiting: true })),
      el('p', { class: 'prompt-subject' }, priorityBadge(offer.priority), ' ', offer.subject),
      el('figure', { class: 'handoff-note' },
        el('figcaption', { class: 'small muted' }, noteCaption(offer)),
        el('blockquote', { class: 'prewrap' }, offer.note)),
      el('p', { class: 'small muted' }, `Offered ${when(offer.offeredAt)} · `, countdown(offer.expiresAt, 'Expires')),
      acceptForm,
      decline);
  }

  async function accept(offer, form) {
    if (await submitting(form, () => post(`/api/cases/${offer.caseId}/handoffs/${offer.handoffId}/accept`))) {
      announce(`You own ${offer.reference} now. The note is in the timeline.`, 'ok');
      remove(offer.handoffId);
      window.location.hash = `#case/${offer.caseId}`;
    }
  }

  function remove(handoffId) {
    const before = offers.length;
    offers = offers.filter((o) => o.handoffId !== handoffId);
    if (offers.length !== before) update();
  }

  return {
    load: async () => {
      offers = await get('/api/me/handoffs');
      update();
    },
    /** A hand-off message: a new offer for me is added (and announced); any other outcome takes it away. */
    apply(message) {
      const h = message.handoff;
      if (!h) return;
      if (h.status === 'Pending' && forMe(h)) {
        if (!offers.some((o) => o.handoffId === h.id)) {
          announce(`${offerHeadline(h, person, 'your team', message.row.reference, { waiting: true })}. Accept or decline it at the top of the page.`, 'info');
        }
        offers = [...offers.filter((o) => o.handoffId !== h.id), offerOf(message.row, h)]
          .sort((a, b) => Date.parse(b.offeredAt) - Date.parse(a.offeredAt));
        update();
      } else {
        remove(h.id);
      }
    },
  };
}
