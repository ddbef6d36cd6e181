import { createInterface } from 'node:readline/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadDotEnv, loadEnvOrExit } from '@datadrill/core';
import type { RenderedContent } from '@datadrill/fake-twilio';
import { simulatorEnvSchema } from './env.js';
import { postInbound } from './webhook-client.js';

/** `pnpm chat +15550001111`: chat with the local bot from a terminal, as that WhatsApp number. */
loadDotEnv();
const env = loadEnvOrExit(simulatorEnvSchema);
const number = process.argv[2] ?? '+15550001111';
if (!/^\+?\d{6,15}$/.test(number)) {
  console.error('usage: pnpm chat +15550001111');
  process.exit(2);
}
const from = `whatsapp:+${number.replace(/\D/g, '')}`;
let seen = 0;

type Shown = RenderedContent | null;
/** What a terminal can show of the buttons or list under a message (the page can tap them). */
function choices(content: Shown): string {
  if (content?.type === 'twilio/quick-reply') return `\n   ${content.buttons.map((b) => `[ ${b.title} ]`).join(' ')}`;
  if (content?.type === 'twilio/list-picker')
    return `\n   ☰ ${content.button}: ${content.items.map((i) => i.item).join(' · ')}`;
  return '';
}

async function printReplies(): Promise<void> {
  for (;;) {
    try {
      const url = `${env.TWILIO_API_URL}/_fake/messages?to=${encodeURIComponent(from)}&after=${seen}`;
      const { messages } = (await (await fetch(url)).json()) as { messages: Array<{ body: string; content: Shown }> };
      for (const message of messages) console.log(`\n🤖 ${message.body}${choices(message.content)}\n`);
      seen += messages.length;
    } catch {
      // The fake Twilio API is not up yet; keep polling.
    }
    await sleep(300);
  }
}

console.log(`Chatting as ${from}. Type a message (e.g. "help" or "python easy"), Ctrl+D to quit.`);
void printReplies();
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  if (line.trim() === '') continue;
  const response = await postInbound(env, from, line).catch((error: Error) => error);
  if (response instanceof Error) console.error(`✗ could not reach the bot: ${response.message}`);
  else if (!response.ok) console.error(`✗ the bot answered ${response.status}: ${await response.text()}`);
}
process.exit(0);
