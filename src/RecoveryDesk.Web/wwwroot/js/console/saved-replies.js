// The saved-reply picker beside the reply box. It lists the saved replies of the case's team; the
// server fills the chosen one in for this case (and refuses anyone who may not reply), and the text
// goes into the box as plain text, through the textarea's value: nothing in it is read as markup.

import { get, post } from '../api.js';
import { el } from '../dom.js';
import { readable } from '../desk.js';

const fresh = 60000; // a supervisor's new wording shows within a minute, without a read per redraw
const read = new Map(); // teamId → { at, replies }

async function repliesOf(teamId) {
  const known = read.get(teamId);
  if (known && Date.now() - known.at < fresh) return known.replies;
  const replies = await get(`/api/teams/${teamId}/saved-replies`);
  read.set(teamId, { at: Date.now(), replies });
  return replies;
}

/** Puts the picker into the reply form, beside its textarea; it stays away while the team has no saved replies. */
export function mountSavedReplies(form, detail) {
  const box = form.querySelector('textarea');
  const choice = el('select', { id: 'saved-reply', 'aria-describedby': 'saved-reply-note' },
    el('option', { value: '' }, 'Choose a saved reply…'));
  const note = el('p', { class: 'hint', id: 'saved-reply-note', role: 'status' });
  const insert = el('button', { type: 'button', class: 'small-button' }, 'Insert');
  const picker = el('div', { class: 'saved-replies', hidden: true },
    el('label', { for: 'saved-reply' }, 'Saved reply'), ' ', choice, ' ', insert, note);
  box.closest('.field').after(picker);

  insert.addEventListener('click', async () => {
    if (!choice.value) {
      note.textContent = 'Choose a saved reply first.';
      return;
    }
    insert.disabled = true;
    try {
      const filled = await post(`/api/cases/${detail.id}/saved-replies/${choice.value}/fill`);
      box.setRangeText(filled.text, box.selectionStart, box.selectionEnd, 'end');
      box.dispatchEvent(new Event('input', { bubbles: true }));
      box.focus();
      note.textContent = filled.unfilled.length
        ? `Inserted. Fill in ${filled.unfilled.map((name) => `{${name}}`).join(', ')} yourself: this case has no value for it now.`
        : 'Inserted; check it reads right before you send it.';
    } catch (failure) {
      note.textContent = readable(failure);
    } finally {
      insert.disabled = false;
    }
  });

  repliesOf(detail.teamId).then((replies) => {
    if (!replies.length) return;
    choice.append(...replies.map((reply) => el('option', { value: reply.id }, reply.title)));
    picker.hidden = false;
  }).catch(() => {}); // not a member of the case's team: the reply box works without the picker
}
