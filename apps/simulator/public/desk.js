// The mentors' channel (local mode's fake Slack): tickets the bot posts, with their files, answered from here.
import { slackHtml } from './format.js';

const tickets = new Map();
const post = (path, body) =>
  fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A file shared as the request's body, with the reply typed as its comment. */
async function share(ts, file, text) {
  const query = new URLSearchParams({ threadTs: ts, name: file.name, text });
  const type = file.type || 'application/octet-stream';
  return fetch(`/api/desk/share?${query}`, { method: 'POST', headers: { 'content-type': type }, body: file });
}

function setPending(node, file) {
  node.pendingFile = file;
  const pending = node.querySelector('.pending-file');
  pending.hidden = !file;
  pending.querySelector('span').textContent = file ? `📎 ${file.name}` : '';
}

function ticketFor(ts) {
  if (tickets.has(ts)) return tickets.get(ts);
  const node = document.getElementById('ticket-template').content.firstElementChild.cloneNode(true);
  node.dataset.ts = ts;
  const picker = node.querySelector('.file');
  node.querySelector('.attach').addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    setPending(node, picker.files[0]);
    picker.value = '';
  });
  node.querySelector('.discard').addEventListener('click', () => setPending(node, undefined));
  node.querySelector('form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = event.target.elements.text;
    const text = input.value.trim();
    const file = node.pendingFile;
    if (!text && !file) return;
    input.value = '';
    setPending(node, undefined);
    if (file) share(ts, file, text);
    else post('/api/desk/reply', { threadTs: ts, text });
  });
  node.querySelector('.close').addEventListener('click', () => post('/api/desk/close', { threadTs: ts }));
  const list = document.querySelector('.desk .tickets');
  list.querySelector('.empty')?.remove();
  list.append(node);
  tickets.set(ts, node);
  return node;
}

/** A post's files as Slack shows them: images inline, anything else as a chip with its name. */
function filesNode(files) {
  const box = document.createElement('div');
  box.className = 'files';
  for (const file of files) {
    const link = Object.assign(document.createElement('a'), { href: file.url, target: '_blank', rel: 'noopener' });
    if (file.contentType.startsWith('image/')) {
      link.append(Object.assign(document.createElement('img'), { src: file.url, alt: `image: ${file.name}` }));
    } else if (file.contentType.startsWith('audio/')) {
      const audio = Object.assign(document.createElement('audio'), {
        controls: true,
        preload: 'metadata',
        src: file.url,
      });
      audio.setAttribute('aria-label', `audio: ${file.name}`);
      box.append(audio);
      continue;
    } else {
      link.className = 'file';
      link.textContent = `📄 ${file.name}`;
    }
    box.append(link);
  }
  return box;
}

function renderDesk(event) {
  const head = !event.threadTs;
  const ticket = ticketFor(head ? event.id : event.threadTs);
  let line = head ? ticket.querySelector(':scope > .text') : ticket.querySelector(`.thread [data-ts="${event.id}"]`);
  if (!head && !line) {
    line = Object.assign(document.createElement('div'), { className: `text ${event.author}` });
    line.dataset.ts = event.id;
    ticket.querySelector('.thread').append(line);
  }
  const who = head ? '' : `<span class="who">${event.author === 'mentor' ? 'you' : 'bot'}</span>`;
  line.innerHTML = `${who}${slackHtml(event.text)}`;
  if (event.files?.length) line.append(filesNode(event.files));
}

fetch('/api/desk')
  .then((response) => response.json())
  .then(({ enabled }) => {
    if (!enabled) return;
    document
      .getElementById('chats')
      .append(document.getElementById('desk-template').content.firstElementChild.cloneNode(true));
    new EventSource('/api/desk/events').onmessage = (message) => renderDesk(JSON.parse(message.data));
  });
