// How an offer of ownership reads, by where it came from: an owner's hand-off, an offer from the
// queue (offered assignment), or cover for an away owner. One wording for the offers list and the case view.

/**
 * "Ava Lee offered this case to you", "The Front Line queue offers you RD-…", "Ava Lee is away: …".
 * In the list of offers waiting for an answer (`waiting`), a colleague's offer reads in the present.
 */
export function offerHeadline(h, person, target, what = 'this case', { waiting = false } = {}) {
  const to = h.toAgentId === person.id ? 'you' : target;
  switch (h.kind) {
    case 'Queue':
      return `The ${h.fromAgentName} queue offers ${to} ${what}`;
    case 'Cover':
      return h.fromAgentId === person.id
        ? `While you are away, the desk offered ${what} to ${target}`
        : `${h.fromAgentName} is away: the desk offers ${to} ${what}`;
    default:
      if (h.fromAgentId === person.id) return `You offered ${what} to ${target}`;
      return waiting ? `${h.fromAgentName} offers ${to} ${what}` : `${h.fromAgentName} offered ${what} to ${to}`;
  }
}

/** The caption over the offer's note. */
export function noteCaption(h) {
  if (h.kind === 'Queue') return 'Why you';
  if (h.kind === 'Cover') return 'What you need to know';
  return `${h.fromAgentName}'s note`;
}

/** Who keeps the case when an offer is declined. */
export function afterDecline(h) {
  if (h.kind === 'Queue') return 'it goes to the next colleague';
  return `${h.fromAgentName} keeps it`;
}
