// What WhatsApp and Slack draw from a message's text. The text is escaped first, so the only tags
// in the result are the ones made here.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

// A marker opens after the start, a space, an opening bracket or a tag we made, and closes before
// the end, a space, punctuation or a tag: WhatsApp leaves `2*3*4` and snake_case_names alone.
const around = (marker) =>
  new RegExp(`(^|[\\s(>\\uE001])\\${marker}(\\S(?:[^${marker}\\n]*\\S)?)\\${marker}(?=[\\s.,:;!?)<\\uE001]|$)`, 'gm');
const STYLES = [
  [around('*'), '$1<strong>$2</strong>'],
  [around('_'), '$1<em>$2</em>'],
  [around('~'), '$1<s>$2</s>'],
];

/** Code first (nothing inside it is formatted), then lists, quotes and the styles, then code back. */
function markup(text, links) {
  const blocks = [];
  const inline = [];
  let html = escapeHtml(text)
    .replace(/```\n?([\s\S]+?)\n?```/g, (_, code) => `\uE000${blocks.push(code) - 1}\uE000`)
    .replace(/`([^`\n]+)`/g, (_, code) => `\uE001${inline.push(code) - 1}\uE001`);
  html = links(html)
    .replace(/^[-*•] (.*)$/gm, '<span class="li">$1</span>')
    .replace(/^(\d{1,3})\. (.*)$/gm, '<span class="li" data-n="$1.">$2</span>')
    .replace(/^&gt; ?(.*)(\n|$)/gm, '<blockquote>$1</blockquote>');
  for (const [pattern, replacement] of STYLES) html = html.replace(pattern, replacement);
  return html
    .replace(/\uE001(\d+)\uE001/g, (_, i) => `<code>${inline[i]}</code>`)
    .replace(/\uE000(\d+)\uE000\n?/g, (_, i) => `<pre>${blocks[i]}</pre>`);
}

/** WhatsApp: *bold*, _italic_, ~strike~, ```monospace```, `inline`, - lists, 1. lists, > quotes. */
export const whatsappHtml = (text) => markup(text, (html) => html);

const SLACK_EMOJI = {
  raising_hand: '🙋',
  speech_balloon: '💬',
  alarm_clock: '⏰',
  white_check_mark: '✅',
  books: '📚',
  x: '❌',
  hourglass: '⏳',
  incoming_envelope: '📨',
  paperclip: '📎',
  camera: '📷',
  frame_with_picture: '🖼️',
  page_facing_up: '📄',
  microphone: '🎤',
  studio_microphone: '🎙️',
  warning: '⚠️',
  tada: '🎉',
  '+1': '👍',
  thumbsup: '👍',
  eyes: '👀',
  wave: '👋',
  bulb: '💡',
  rocket: '🚀',
  fire: '🔥',
};

/** Slack mrkdwn: the same styles, plus :emoji:, <url|label>, <url> and <@user> mentions. */
export const slackHtml = (text) =>
  markup(text, (html) =>
    html
      .replace(/&lt;(https?:\/\/[^|\s]+?)\|(.+?)&gt;/g, '<a href="$1" target="_blank" rel="noopener">$2</a>')
      .replace(/&lt;(https?:\/\/[^|\s]+?)&gt;/g, '<a href="$1" target="_blank" rel="noopener">$1</a>')
      .replace(/&lt;@([A-Z0-9]+)(?:\|([^&]+))?&gt;/g, (_, id, name) => `<b class="mention">@${name ?? id}</b>`)
      .replace(/:([a-z0-9_+-]+):/g, (whole, name) => SLACK_EMOJI[name] ?? whole),
  );
