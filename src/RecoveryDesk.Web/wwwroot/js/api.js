// Talking to the RecoveryDesk API from the pages. Staff pages use the sign-in cookie; every write
// carries the X-RecoveryDesk-Request header, which a cross-site form or script cannot send. Each
// answer's X-Server-Time keeps the pages' countdowns on the server's clock.

import { learnServerTime } from './time.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Request failed (${status})`);
    this.status = status;
    this.problem = problem ?? {};
  }

  /** Field errors from a 400, as { field: [messages] }. */
  get fieldErrors() {
    return this.problem.errors ?? {};
  }
}

/** One request; a FormData body (a file) goes as multipart/form-data, anything else as JSON. */
export async function api(method, path, body, headers = {}, { signInOn401 = true, signal } = {}) {
  const form = body instanceof FormData;
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/json',
      ...(body !== undefined && !form ? { 'Content-Type': 'application/json' } : {}),
      ...(method !== 'GET' ? { 'X-RecoveryDesk-Request': '1' } : {}),
      ...headers,
    },
    body: body === undefined || form ? body : JSON.stringify(body),
    signal,
  });
  // A staff page whose sign-in ran out goes back to the sign-in page (which itself must not loop).
  if (response.status === 401 && signInOn401 && !path.startsWith('/api/public') && !path.startsWith('/api/auth')
    && window.location.pathname !== '/') {
    window.location.assign('/');
    throw new ApiError(401, { detail: 'Please sign in again.' });
  }
  return answerOf(response);
}

/** The JSON of an answer, or an ApiError with its problem details. */
export async function answerOf(response) {
  learnServerTime(response.headers.get('X-Server-Time'));
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

/** A read; `signal` (an AbortController's) cancels it when a newer one makes it stale. */
export const get = (path, headers, signal) => api('GET', path, undefined, headers, { signal });
export const post = (path, body, headers) => api('POST', path, body ?? undefined, headers);
export const put = (path, body) => api('PUT', path, body);

/** The signed-in colleague, or null. */
export async function me() {
  try {
    return await api('GET', '/api/me', undefined, {}, { signInOn401: false });
  } catch {
    return null;
  }
}

export async function signOut() {
  await post('/api/auth/logout');
  window.location.assign('/');
}
