// The frame of every staff page: who is signed in, where their role may go, and signing out.
// A page that is not for this person sends them to their own start page.

import { me, signOut } from './api.js';
import { $, el, replace } from './dom.js';
import { setDeskZone } from './time.js';

export const isSupervisor = (person) => person.roles.includes('Supervisor');
export const isAgent = (person) => person.roles.includes('Agent') || isSupervisor(person);
export const isAdmin = (person) => person.roles.includes('Admin');

/** Where each role starts its day (the sign-in page routes the same way). */
export function homeFor(person) {
  if (!person) return '/';
  if (isSupervisor(person)) return '/board';
  if (isAgent(person)) return '/console';
  return '/docs';
}

function linksFor(person) {
  const links = [];
  if (isAgent(person)) links.push(['/console', 'Console']);
  if (isSupervisor(person)) links.push(['/board', 'Board'], ['/board/figures', 'Figures']);
  if (isAdmin(person)) links.push(['/docs', 'API docs']);
  return links;
}

/**
 * Reads the signed-in colleague and draws the top bar. `allowed(person)` says whether this page is
 * theirs; if not (or nobody is signed in) the browser goes elsewhere and this never resolves.
 */
export async function startStaffPage(allowed) {
  const person = await me();
  if (!person) {
    window.location.replace('/');
    return new Promise(() => {});
  }
  if (!allowed(person)) {
    window.location.replace(homeFor(person));
    return new Promise(() => {});
  }

  setDeskZone(person.timeZone);
  const here = window.location.pathname;
  replace($('#nav'), ...linksFor(person).map(([href, text]) =>
    el('a', { href, 'aria-current': href === here ? 'page' : undefined }, text)));
  const roles = person.roles.join(', ');
  replace($('#who'), el('span', { class: 'who-name' }, person.name), ' ', el('span', { class: 'muted small' }, `(${roles})`));
  $('#sign-out').addEventListener('click', async (event) => {
    event.currentTarget.disabled = true;
    try {
      await signOut();
    } catch {
      window.location.assign('/');
    }
  });
  return person;
}

/** A short message at the top of the page that screen readers announce; it fades after a while. */
export function announce(text, kind = 'info', { sticky = false } = {}) {
  const area = $('#notices');
  if (!area) return;
  const note = el('div', { class: `toast ${kind}` },
    el('span', {}, text),
    el('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss message', onclick: () => note.remove() }, '×'));
  area.append(note);
  while (area.children.length > 4) area.firstElementChild.remove();
  if (!sticky) setTimeout(() => note.remove(), 12000);
}
