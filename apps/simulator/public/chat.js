// The learners' chats: each bubble as WhatsApp draws it (formatting, media, ticks, buttons, lists),
// and what a learner can do (type, tap, attach a photo or PDF, record a voice note).
import { whatsappHtml } from './format.js';
import { openList } from './list-sheet.js';
import { toggleRecording } from './recorder.js';

const chats = new Map();
const entries = new Map();
const postJson = (path, body) =>
  fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** The ticks and what they mean here (the title says it in words). */
const TICKS = {
  sending: ['🕓', 'sending'],
  queued: ['✓', 'sent: the ingress queued it'],
  answered: ['✓✓', 'read: the bot has replied since'],
  refused: ['✗', 'not accepted'],
  sent: ['✓', 'sent: the fake Twilio accepted it'],
  read: ['✓✓', 'read: shown here, and reported to the bot as read'],
};

function notice(chat, text) {
  chat.querySelector('.notice').textContent = text;
}

async function answered(chat, response) {
  if (response.ok) return notice(chat, '');
  const body = await response.json().catch(() => ({}));
  notice(chat, `Not sent: ${body.error ?? body.detail ?? response.statusText}`);
}

/** Sends a file (a photo, PDF or voice note) with its caption, as the request's body. */
async function attach(number, file, name, caption) {
  const chat = chatFor(number);
  const query = new URLSearchParams({ number, caption, name });
  const type = (file.type || 'application/octet-stream').split(';')[0];
  const response = await fetch(`/api/attach?${query}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body: file,
  });
  await answered(chat, response);
}

function setPending(chat, file) {
  const pending = chat.querySelector('.pending');
  const preview = pending.querySelector('img');
  if (preview.src) URL.revokeObjectURL(preview.src);
  chat.pendingFile = file;
  pending.hidden = !file;
  preview.hidden = !file?.type.startsWith('image/');
  preview.removeAttribute('src');
  if (file && !preview.hidden) preview.src = URL.createObjectURL(file);
  pending.querySelector('span').textContent = file ? `📎 ${file.name} · add a caption, then Send` : '';
}

function setUpComposer(chat, number) {
  const form = chat.querySelector('.composer');
  const input = form.elements.text;
  const picker = form.querySelector('.file');
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  input.addEventListener('input', () => {
    input.style.height = 'auto';
    input.style.height = `${input.scrollHeight}px`;
  });
  form.querySelector('.attach').addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    setPending(chat, picker.files[0]);
    picker.value = '';
    input.focus();
  });
  chat.querySelector('.discard').addEventListener('click', () => setPending(chat, undefined));
  form.querySelector('.record').addEventListener('click', (event) =>
    toggleRecording(
      event.currentTarget,
      (blob, name) => attach(number, blob, name, ''),
      (text) => notice(chat, text),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    const file = chat.pendingFile;
    if (!text && !file) return;
    input.value = '';
    input.style.height = 'auto';
    setPending(chat, undefined);
    if (file) return attach(number, file, file.name, text);
    await answered(chat, await postJson('/api/send', { number, text }));
  });
}

function chatFor(number) {
  if (chats.has(number)) return chats.get(number);
  const chat = document.getElementById('chat-template').content.firstElementChild.cloneNode(true);
  chat.dataset.number = number;
  chat.setAttribute('aria-label', `chat with ${number}`);
  chat.querySelector('.number').textContent = number;
  setUpComposer(chat, number);
  document.getElementById('chats').append(chat);
  chats.set(number, chat);
  return chat;
}

function mediaNode(media) {
  const box = document.createElement('div');
  box.className = 'media';
  for (const file of media) {
    const name = file.name ?? 'file';
    if (!file.url) {
      // Not there (yet): what Twilio is doing with it.
      box.append(Object.assign(document.createElement('span'), { className: 'file', textContent: `⏳ ${name}` }));
    } else if (file.contentType.startsWith('image/')) {
      const link = Object.assign(document.createElement('a'), { href: file.url, target: '_blank' });
      link.append(Object.assign(document.createElement('img'), { src: file.url, alt: `photo: ${name}` }));
      box.append(link);
    } else if (file.contentType.startsWith('audio/')) {
      const audio = Object.assign(document.createElement('audio'), {
        controls: true,
        preload: 'metadata',
        src: file.url,
      });
      audio.setAttribute('aria-label', `voice note: ${name}`);
      box.append(audio);
    } else {
      const chip = Object.assign(document.createElement('a'), { className: 'file', href: file.url, target: '_blank' });
      const kind = file.contentType === 'application/pdf' ? 'PDF' : file.contentType;
      chip.append('📄 ', Object.assign(document.createElement('b'), { textContent: name }), ' ');
      chip.append(Object.assign(document.createElement('small'), { textContent: kind }));
      box.append(chip);
    }
  }
  return box;
}

/** Draws the bubble's files once, and again only when they change (a bot's file arrives after its text). */
function drawMedia(entry, media) {
  const key = JSON.stringify(media ?? []);
  if (entry.mediaKey === key) return;
  entry.mediaKey = key;
  entry.media?.remove();
  entry.media = media?.length ? mediaNode(media) : undefined;
  if (entry.media) entry.text.before(entry.media);
}

/** The buttons or the list row under a bot message; its buttons grey out once one is tapped. */
function drawReplies(entry, event) {
  const { content } = event;
  if (!content || (content.type !== 'twilio/quick-reply' && content.type !== 'twilio/list-picker')) return;
  if (!entry.replies) {
    entry.replies = document.createElement('div');
    entry.replies.className = 'replies';
    entry.replies.setAttribute('role', 'group');
    entry.replies.setAttribute('aria-label', 'replies to tap');
    const tap = (id) =>
      postJson('/api/tap', { number: event.number, messageSid: event.id, id }).then((response) =>
        answered(chatFor(event.number), response),
      );
    if (content.type === 'twilio/quick-reply') {
      for (const button of content.buttons) {
        const node = Object.assign(document.createElement('button'), { type: 'button', textContent: button.title });
        node.dataset.id = button.id;
        node.addEventListener('click', () => {
          for (const other of entry.replies.children) other.disabled = true;
          tap(button.id);
        });
        entry.replies.append(node);
      }
    } else {
      const open = Object.assign(document.createElement('button'), {
        type: 'button',
        textContent: `☰ ${content.button}`,
      });
      open.setAttribute('aria-haspopup', 'dialog');
      open.addEventListener('click', () => openList(chatFor(event.number), content, open, tap));
      entry.replies.append(open);
    }
    entry.node.append(entry.replies);
  }
  if (content.type === 'twilio/quick-reply' && event.tapped) {
    for (const node of entry.replies.children) {
      node.disabled = true;
      node.classList.toggle('chosen', node.dataset.id === event.tapped);
      node.title = node.dataset.id === event.tapped ? 'you tapped this' : 'this message was answered';
    }
  }
}

function createEntry(event) {
  const node = document.createElement('div');
  const bubble = document.createElement('div');
  const text = document.createElement('span');
  text.className = 'text';
  const meta = document.createElement('small');
  meta.className = 'meta';
  meta.append(document.createElement('time'), Object.assign(document.createElement('span'), { className: 'ticks' }));
  const quoted =
    event.repliedTo &&
    entries
      .get(event.repliedTo)
      ?.event.text.split('\n')
      .find((line) => line.trim());
  if (quoted)
    bubble.append(
      Object.assign(document.createElement('span'), { className: 'quoted', innerHTML: whatsappHtml(quoted) }),
    );
  bubble.append(text, meta);
  node.append(bubble);
  node.dataset.id = event.id;
  return { node, bubble, text, meta };
}

// The bot's messages shown while the page is visible are reported read, a few at a time.
const unread = new Set();
let flushTimer;
function flushRead() {
  flushTimer = undefined;
  if (document.visibilityState !== 'visible' || unread.size === 0) return;
  const ids = [...unread];
  unread.clear();
  postJson('/api/read', { ids });
}
document.addEventListener('visibilitychange', flushRead);

function render(event) {
  const chat = chatFor(event.number);
  const log = chat.querySelector('.messages');
  log.querySelector('.empty')?.remove();
  let entry = entries.get(event.id);
  const added = !entry;
  if (!entry) {
    entry = createEntry(event);
    log.append(entry.node);
    entries.set(event.id, entry);
  }
  entry.event = event;
  entry.node.className = `message ${event.kind}`;
  entry.bubble.className = `bubble ${event.kind} status-${event.status}`;
  // Only when it changed: a status change must not rebuild the text (a selection, a node a reader holds).
  if (entry.shownText !== event.text) entry.text.innerHTML = whatsappHtml(event.text);
  entry.shownText = event.text;
  drawMedia(entry, event.media);
  const [ticks, meaning] = TICKS[event.status] ?? ['', event.status];
  entry.meta.firstChild.textContent = new Date(event.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  entry.meta.lastChild.textContent = ticks;
  entry.meta.lastChild.setAttribute('aria-label', meaning);
  entry.meta.title = event.detail ? `${meaning} (${event.detail})` : meaning;
  if (event.kind === 'bot') drawReplies(entry, event);
  if (event.kind === 'bot' && event.status === 'sent') {
    unread.add(event.id);
    if (!flushTimer) flushTimer = setTimeout(flushRead, 200);
  }
  const replies = log.querySelectorAll('.bubble.bot').length;
  chat.querySelector('.counter').textContent = `${replies} ${replies === 1 ? 'reply' : 'replies'}`;
  // A new message scrolls the chat to it; a tick or a tap elsewhere leaves the reader where they are.
  if (added) log.scrollTop = log.scrollHeight;
}

document.getElementById('add-number').addEventListener('submit', (event) => {
  event.preventDefault();
  const number = `+${event.target.elements.number.value.replace(/\D/g, '')}`;
  chatFor(number).querySelector('textarea').focus();
  event.target.reset();
});

chatFor('+15550001111');
new EventSource('/api/events').onmessage = (message) => render(JSON.parse(message.data));
