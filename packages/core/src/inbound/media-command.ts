import type { InboundMessage } from '../jobs/catalog.js';
import type { Command, CommandKind } from '../learning/commands/command.js';

/** What a caption may be and still be words about its files rather than a command of its own. */
const CAPTIONS = new Set<CommandKind>(['unknown', 'suggest', 'smalltalk']);
/** Files a mentor may want; a sticker (a webp image), a contact card or a location gets its one line. */
const FILES = new Set(['image', 'audio', 'video', 'document']);

/**
 * A message that carried files: a question with them (`ask …`), or the files themselves with their
 * caption (the mentor desk passes them to an open ticket). A caption that is a command of its own
 * (a topic, an answer, STOP) stays that command.
 */
export function withFiles(command: Command, message: InboundMessage): Command {
  const files = message.media ?? [];
  if (files.length === 0 || !FILES.has(message.attachment ?? '')) return command;
  if (command.kind === 'ask') return { ...command, files };
  if (command.kind === 'attachment') return { ...command, files, text: '' };
  if (!CAPTIONS.has(command.kind)) return command;
  return { kind: 'attachment', what: message.attachment ?? 'other', files, text: message.body.trim() };
}
