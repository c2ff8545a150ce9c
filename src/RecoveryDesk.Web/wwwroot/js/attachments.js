// Files with replies, notes and the customer's messages: a file picker for the forms, the uploads
// (one request per file, before the entry that names them), and the list of an entry's files.
// Downloads are always saved, never opened: the server sends them as attachments of plain bytes.

import { el } from './dom.js';
import { field } from './desk.js';

const MAX_FILES = 5;
const MAX_BYTES = 10 * 1024 * 1024;

/** The picker for a form; the server checks each file's kind by its content, this only says what it takes. */
export function fileField(id) {
  return field(id, 'Attach files', el('input', {
    type: 'file', multiple: true, dataset: { field: 'attachmentids' },
    accept: 'image/png,image/jpeg,image/gif,image/webp,application/pdf,text/plain,.txt,.log,.csv,.md',
  }), `Images, PDF or plain text: up to ${MAX_FILES} files, 10 MB each.`);
}

/**
 * Uploads the picked files one by one with `send(formData)` and answers their ids, or throws a
 * readable error before sending anything when there are too many or one is too large.
 */
export async function uploadPicked(input, send) {
  const files = [...(input?.files ?? [])];
  if (files.length > MAX_FILES) throw new Error(`Attach at most ${MAX_FILES} files at a time.`);
  const large = files.find((f) => f.size > MAX_BYTES);
  if (large) throw new Error(`“${large.name}” is larger than 10 MB.`);
  const ids = [];
  for (const file of files) {
    const form = new FormData();
    form.append('file', file, file.name);
    ids.push((await send(form)).id);
  }
  return ids;
}

export function sizeWords(bytes) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** An entry's files; `open(file)` gives each its link, or a button for downloads that need a header. */
export function fileList(files, open) {
  if (!files?.length) return null;
  return el('ul', { class: 'attachments' }, files.map((file) => el('li', {},
    open(file), el('span', { class: 'muted small' }, ` ${file.contentType}, ${sizeWords(file.size)}`))));
}

/** Saves bytes fetched by script (the customer's downloads carry the access code in a header). */
export function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
