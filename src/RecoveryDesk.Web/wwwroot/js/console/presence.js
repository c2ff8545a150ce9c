// Who else has the open case in front of them, and who is writing a reply (docs/live.md, "Presence").
// Nothing about it is kept on the server: this console says it is here when it opens the case and
// every 10 s after, answers a newcomer's "who is here?", and forgets anyone it has not heard from in
// 30 s. A colleague counts once, however many tabs they have open. Names are drawn as text only.

import { el, replace } from '../dom.js';

const SAY_HERE_EVERY = 10_000;
const FORGET_AFTER = 30_000;
const TYPING_SHOWN_FOR = 6_000;
const SAY_TYPING_EVERY = 2_000;

let connection = null;
let me = null;
let caseId = null;
let box = null;
let typingSaidAt = 0;
const others = new Map(); // staff id → { name, heardAt, typingUntil }

/** Starts listening on the desk hub; call once, with the signed-in colleague. */
export function startPresence(hub, person) {
  connection = hub;
  me = person;
  connection.on('Presence', heard);
  setInterval(() => draw(), 1000);
  setInterval(() => { if (caseId) sayHere(); }, SAY_HERE_EVERY);
}

/** The case view shows case `id` and draws the presence line into `into` (each redraw hands a new one). */
export function mountPresence(id, into) {
  if (id !== caseId) {
    leavePresence();
    caseId = id;
    call('ViewCase');
  }
  box = into;
  draw();
}

/** No case open any more. */
export function leavePresence() {
  if (caseId) call('LeaveCase');
  caseId = null;
  typingSaidAt = 0;
  others.clear();
  box = null;
}

/** After a (re)connect the connection is in no group: open the case's presence again. */
export function rejoinPresence() {
  others.clear();
  if (caseId) call('ViewCase');
  draw();
}

/** A key pressed in the reply: said at most every 2 s. */
export function typingReply() {
  if (!caseId || Date.now() - typingSaidAt < SAY_TYPING_EVERY) return;
  typingSaidAt = Date.now();
  call('Typing');
}

/** The reply was sent or emptied. */
export function stoppedTyping() {
  if (!caseId || !typingSaidAt) return;
  typingSaidAt = 0;
  call('StoppedTyping');
}

function sayHere() {
  call(typingSaidAt && Date.now() - typingSaidAt < TYPING_SHOWN_FOR ? 'Typing' : 'ViewCase');
}

function call(method) {
  if (connection?.state !== 'Connected') return; // the next (re)connect opens it again
  const id = caseId;
  if (method === 'LeaveCase') delete document.documentElement.dataset.viewing;
  connection.invoke(method, id)
    // Which case's presence this console is in, for styles and for tests that must know it hears the others.
    .then(() => { if (method === 'ViewCase' && id === caseId) document.documentElement.dataset.viewing = id; })
    .catch(() => {});
}

function heard(message) {
  if (message.caseId !== caseId) return;
  if (message.staffId === me.id) {
    // Another tab of mine closed the case: the others must not lose me.
    if (message.activity === 'Left') sayHere();
    return;
  }
  const now = Date.now();
  const known = others.get(message.staffId);
  switch (message.activity) {
    case 'Left':
      others.delete(message.staffId);
      break;
    case 'Typing':
      others.set(message.staffId, { name: message.name, heardAt: now, typingUntil: now + TYPING_SHOWN_FOR });
      break;
    case 'StoppedTyping':
      others.set(message.staffId, { name: message.name, heardAt: now, typingUntil: 0 });
      break;
    default: // Arrived, Viewing
      others.set(message.staffId, { name: message.name, heardAt: now, typingUntil: known?.typingUntil ?? 0 });
      if (message.activity === 'Arrived') sayHere();
  }
  draw();
}

function draw() {
  if (!box) return;
  const now = Date.now();
  for (const [id, seen] of others) if (now - seen.heardAt > FORGET_AFTER) others.delete(id);
  const present = [...others.entries()].sort(([, a], [, b]) => a.name.localeCompare(b.name));
  box.hidden = present.length === 0;
  replace(box, present.length ? 'Also here: ' : '', present.map(([id, seen], index) => [
    index ? ', ' : '',
    el('span', { class: 'present', dataset: { staffId: id } }, seen.name,
      seen.typingUntil > now ? el('span', { class: 'typing' }, ' (writing a reply…)') : null),
  ]));
}
