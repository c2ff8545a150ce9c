// Alerts that stay until seen: a hand-off offered to me, the customer writing on a case I own and my
// cases' warnings mark the case unread — a "New" flag on its rows and a count in the tab's title — until
// the case is opened, across reloads of the page. With desktop alerts switched on (opt-in; the browser
// asks once), each also pops up while the console is not in front.

import { $ } from '../dom.js';
import { announce } from '../shell.js';
import { markUnread } from './case-list.js';

const MAX_KEPT = 200;

/** Why a live message is worth an alert to this person, or null. */
function alertFor(message, person, myTeamIds) {
  const row = message.row;
  const mine = row.ownerId === person.id;
  const h = message.handoff;
  switch (message.event) {
    case 'HandoffOffered':
      return h?.status === 'Pending' && h.fromAgentId !== person.id && (h.toAgentId === person.id || myTeamIds.has(h.toTeamId))
        ? `Hand-off offered: ${row.subject}` : null;
    case 'CustomerMessageReceived': return mine ? `The customer wrote: ${row.subject}` : null;
    case 'SlaWarned': return mine ? `SLA warning: ${row.subject}` : null;
    case 'SlaBreached': return mine ? `SLA breached: ${row.subject}` : null;
    case 'PromiseAtRisk': return mine ? `A promise is due soon: ${row.subject}` : null;
    case 'CaseReassigned': return mine ? `Reassigned to you: ${row.subject}` : null;
    default: return null;
  }
}

export function alertsRegion(person) {
  const myTeamIds = new Set(person.teams.map((t) => t.id));
  const unreadKey = `recoverydesk.unread.${person.id}`;
  const notifyKey = `recoverydesk.notify.${person.id}`;
  const title = document.title;
  const button = $('#notify-toggle');
  let openId = null;
  let unread = read();

  function read() {
    try {
      const kept = JSON.parse(localStorage.getItem(unreadKey) ?? '[]');
      return Array.isArray(kept) ? kept.filter((u) => typeof u?.id === 'string') : [];
    } catch {
      return [];
    }
  }

  function update() {
    localStorage.setItem(unreadKey, JSON.stringify(unread));
    document.title = unread.length ? `(${unread.length}) ${title}` : title;
    markUnread(new Set(unread.map((u) => u.id)));
  }

  const supported = 'Notification' in window;
  const notifying = () => supported && Notification.permission === 'granted' && localStorage.getItem(notifyKey) === 'on';
  function drawButton() {
    button.hidden = !supported;
    button.setAttribute('aria-pressed', String(notifying()));
    button.textContent = notifying() ? 'Desktop alerts on' : 'Desktop alerts off';
  }
  button.addEventListener('click', async () => {
    if (notifying()) {
      localStorage.setItem(notifyKey, 'off');
    } else {
      const answer = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
      if (answer === 'granted') localStorage.setItem(notifyKey, 'on');
      else announce('This browser blocks notifications from the desk: allow them in its settings for this site, then switch desktop alerts on again.', 'warn');
    }
    drawButton();
  });

  function popUp(row, words) {
    if (!notifying() || (document.visibilityState === 'visible' && document.hasFocus())) return;
    try {
      const note = new Notification(`${row.reference} · RecoveryDesk`, { body: words, tag: `case-${row.id}` });
      note.onclick = () => {
        window.focus();
        window.location.hash = `#case/${row.id}`;
        note.close();
      };
    } catch {
      // A browser that refuses the pop-up still shows the flag and the count.
    }
  }

  drawButton();
  update();
  return {
    /** A live message: an alert for me marks its case unread (unless it is the one open) and may pop up. */
    apply(message) {
      const words = alertFor(message, person, myTeamIds);
      if (!words) return;
      popUp(message.row, words);
      if (message.row.id === openId && document.visibilityState === 'visible') return;
      unread = [{ id: message.row.id, reference: message.row.reference, words },
        ...unread.filter((u) => u.id !== message.row.id)].slice(0, MAX_KEPT);
      update();
    },
    /** The case in front of the person now (or null): it is read. */
    opened(id) {
      openId = id;
      if (!id || !unread.some((u) => u.id === id)) return;
      unread = unread.filter((u) => u.id !== id);
      update();
    },
  };
}
