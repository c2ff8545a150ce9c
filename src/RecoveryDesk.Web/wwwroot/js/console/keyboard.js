// Keyboard shortcuts for the console: move between cases, claim, reply, accept, search, and a "?"
// overlay that lists them. Each shortcut presses the same button a mouse would, so what the case allows
// is still decided by the server (the button is there or it is not); Ctrl+Enter sends the form being typed in.

import { $, el, replace } from '../dom.js';
import { announce } from '../shell.js';

/** The shortcuts, in the order the overlay lists them; `/` (search) belongs to the search region. */
export const shortcuts = [
  { keys: ['j'], words: 'Next case in the lists', run: () => step(1) },
  { keys: ['k'], words: 'Previous case in the lists', run: () => step(-1) },
  { keys: ['c'], words: 'Claim the open case', run: () => press('#claim-this', 'The open case is not in the queue for you to claim.') },
  { keys: ['r'], words: 'Write a reply to the customer', run: reply },
  { keys: ['a'], words: 'Accept the hand-off offered to you', run: accept },
  { keys: ['/'], words: 'Find a case' },
  { keys: ['Ctrl', 'Enter'], words: 'Send what you are writing' },
  { keys: ['?'], words: 'Show these shortcuts', run: () => showOverlay() },
];

const typing = (target) => target instanceof HTMLElement
  && (target.isContentEditable || Boolean(target.closest('input, textarea, select')));

export function startShortcuts() {
  replace($('#shortcut-list'), ...shortcuts.flatMap((s) => [
    el('dt', {}, ...s.keys.flatMap((key, i) => [i ? ' + ' : null, el('kbd', {}, key)])),
    el('dd', {}, s.words),
  ]));
  $('#shortcuts-button').addEventListener('click', () => showOverlay());
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.isComposing) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      sendFrom(event);
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target) || $('#shortcuts').open) return;
    const shortcut = shortcuts.find((s) => s.run && s.keys.length === 1 && s.keys[0] === event.key);
    if (!shortcut) return;
    event.preventDefault();
    shortcut.run();
  });
}

/** Ctrl+Enter in a field of a form sends that form, through its own submit handler and checks. */
function sendFrom(event) {
  const form = event.target instanceof HTMLElement ? event.target.closest('form') : null;
  if (!form) return;
  event.preventDefault();
  form.requestSubmit();
}

/** The next or previous of the case rows in the lists (search results, queue, my cases), from the one open now. */
function step(direction) {
  const links = [...document.querySelectorAll('#lists .case-row a.ref')].filter((a) => !a.closest('[hidden]'));
  if (!links.length) {
    announce('There are no cases in your lists.');
    return;
  }
  const open = links.findIndex((a) => a.closest('.case-row').classList.contains('selected'));
  const next = open < 0 ? (direction > 0 ? 0 : links.length - 1) : Math.min(Math.max(open + direction, 0), links.length - 1);
  links[next].focus();
  links[next].click();
}

function press(selector, otherwise) {
  const button = $(selector);
  if (button && !button.disabled) button.click();
  else announce(otherwise);
}

function reply() {
  const box = $('#reply-text');
  if (!box) {
    announce('The open case takes no reply from you.');
    return;
  }
  box.scrollIntoView({ block: 'center' });
  box.focus();
}

/** The hand-off on the open case if it is offered to me, else the newest offer waiting for my answer. */
function accept() {
  const button = $('#accept-handoff') ?? $('#offer-list .accept-form button.primary');
  if (button && !button.disabled) button.click();
  else announce('No hand-off is waiting for your answer.');
}

function showOverlay() {
  const dialog = $('#shortcuts');
  if (!dialog.open) dialog.showModal();
}
