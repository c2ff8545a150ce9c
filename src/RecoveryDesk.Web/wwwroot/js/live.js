// The live connection to a hub. While it is down a banner says so; after every reconnect the page
// re-reads its view, so it never shows a stale queue, and a version gap for a case is reported too,
// for a page that holds one case in full (see docs/live.md).

import { $ } from './dom.js';

/**
 * `ready` names the message the hub sends once the connection is in its groups (the desk hub's
 * `Ready`): the page counts as connected, and re-reads its view, only then, because the handshake
 * completes before the server has placed the connection and a message pushed in between would be lost.
 */
export function connect(hubUrl, { onMessage, onResync, method = 'CaseEvent', accessTokenFactory, resyncOnGap = true, ready } = {}) {
  let stopped = false;
  const banner = $('#live-banner');
  const show = (text) => {
    if (!banner) return;
    banner.textContent = text;
    banner.hidden = !text;
  };
  // The connection's state, for styles and for tests that must know the page is listening.
  const state = (value) => { document.documentElement.dataset.live = value; };
  const versions = new Map(); // case id → { version, events seen at that version }
  const connection = new window.signalR.HubConnectionBuilder()
    .withUrl(hubUrl, accessTokenFactory ? { accessTokenFactory } : {})
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(10000, 500 * 2 ** context.previousRetryCount) })
    .configureLogging(window.signalR.LogLevel.Warning)
    .build();

  connection.on(method, (message) => {
    const last = versions.get(message.caseId);
    if (last && message.version < last.version) return; // older than what the page has
    // One change can raise two events at one version (a reassignment that withdraws an offer);
    // only the same event again is a duplicate delivery.
    if (last && message.version === last.version) {
      if (last.events.has(message.event)) return;
      last.events.add(message.event);
    } else {
      versions.set(message.caseId, { version: message.version, events: new Set([message.event]) });
    }
    const gap = last !== undefined && message.version > last.version + 1;
    if (gap && resyncOnGap) onResync?.('gap', message.caseId);
    onMessage?.(message);
  });
  // Connected for the page: after the hub's `ready` message where it sends one, else after the handshake.
  let why = 'connected';
  const listening = () => {
    state('connected');
    show('');
    onResync?.(why);
  };
  if (ready) connection.on(ready, listening);

  connection.onreconnecting(() => {
    state('reconnecting');
    show('Connection lost — reconnecting… What you see may be out of date.');
  });
  connection.onreconnected(() => {
    versions.clear();
    why = 'reconnected';
    if (!ready) listening();
  });
  connection.onclose(() => {
    state('disconnected');
    if (stopped) return;
    show('Disconnected. Trying again…');
    setTimeout(() => start(), 3000);
  });

  async function start() {
    if (stopped) return;
    try {
      why = 'connected';
      await connection.start();
      if (!ready) listening();
    } catch {
      if (stopped) return;
      show('Cannot reach RecoveryDesk — retrying…');
      setTimeout(() => start(), 3000);
    }
  }

  start();
  return {
    connection,
    /** Closes the connection for good (no reconnect), e.g. when the page has nothing to watch. */
    async stop() {
      stopped = true;
      show('');
      await connection.stop();
    },
  };
}
