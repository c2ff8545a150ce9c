import { post, me, ApiError } from './api.js';
import { $ } from './dom.js';
import { homeFor } from './shell.js';

const form = $('#signin');
const error = $('#signin-error');

const already = await me();
if (already) window.location.replace(homeFor(already));

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const missing = [
    !form.email.value.trim() && [form.email, 'your email'],
    !form.password.value && [form.password, 'your password'],
  ].filter(Boolean);
  if (missing.length) {
    error.textContent = `Enter ${missing.map(([, words]) => words).join(' and ')}.`;
    error.hidden = false;
    missing[0][0].focus();
    return;
  }
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    await post('/api/auth/login?useCookies=true', { email: form.email.value.trim(), password: form.password.value });
    window.location.assign(homeFor(await me()));
  } catch (failure) {
    error.textContent = failure instanceof ApiError && failure.status === 429
      ? 'Too many failed attempts. Wait a little and try again.'
      : 'That email and password did not work.';
    error.hidden = false;
    form.password.select();
  } finally {
    button.disabled = false;
  }
});
