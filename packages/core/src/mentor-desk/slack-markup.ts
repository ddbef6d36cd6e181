/**
 * Slack's message markup and WhatsApp's share *bold*, _italic_, ~strike~ and `code`; they differ
 * in links, mentions and the three escaped characters, which these two functions translate.
 */

/** A mentor's Slack text as a learner should read it on WhatsApp. */
export function slackToWhatsApp(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) =>
      url.startsWith('mailto:') ? label : `${label} (${url})`,
    )
    .replace(/<((?:https?|mailto):[^|>]+)>/g, (_, url: string) => url.replace(/^mailto:/, ''))
    .replace(/<@[A-Z0-9]+(?:\|([^>]+))?>/g, (_, name?: string) => `@${name ?? 'mentor'}`)
    .replace(/<#[A-Z0-9]+(?:\|([^>]*))?>/g, (_, name?: string) => `#${name || 'channel'}`)
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, '@$1')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]+))?>/g, (_, name?: string) => name ?? '@team')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** A learner's text for a Slack post: escaped, so "<!channel>" or "<@U1>" cannot ping anyone. */
export function escapeForSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Quotes every line, Slack style. */
export function slackQuote(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}
