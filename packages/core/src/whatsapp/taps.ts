import { CHALLENGE_CODE, isDifficulty, isTopic, type Topic } from '../learning/catalog.js';
import type { Command } from '../learning/commands/command.js';

/**
 * What a button or list row does. Every payload names its action and, where there is one, the
 * challenge it belongs to, so a tap on an old message acts on that challenge and never on whatever
 * the learner received last.
 */
export type TapAction =
  | { action: 'hint' | 'solution' | 'another' | 'next'; code: string }
  | { action: 'answer'; code: string; value: string }
  | { action: 'topic'; topic: Topic }
  | { action: 'random' | 'progress' | 'help' | 'topics' | 'review' };

/** Our payloads start with this; a tap on anything else (a school's own template) reads as text. */
const PREFIX = 'dd';

export function tapPayload(tap: TapAction): string {
  switch (tap.action) {
    case 'answer':
      return [PREFIX, tap.action, tap.code, tap.value].join(':');
    case 'topic':
      return [PREFIX, tap.action, tap.topic].join(':');
    case 'hint':
    case 'solution':
    case 'another':
    case 'next':
      return [PREFIX, tap.action, tap.code].join(':');
    default:
      return [PREFIX, tap.action].join(':');
  }
}

/**
 * The command a tap carries, or undefined when the payload is not one of ours (then its label is
 * read as text). One of ours that names nothing any more is never guessed at from its label.
 */
export function commandOfTap(payload: string, label: string, via: 'button' | 'list'): Command | undefined {
  const [prefix] = payload.trim().split(':');
  if (prefix !== PREFIX) return undefined;
  return readPayload(payload, via) ?? { kind: 'tap-expired', label };
}

function readPayload(payload: string, via: 'button' | 'list'): Command | undefined {
  const [, action, argument = '', ...rest] = payload.trim().split(':');
  switch (action) {
    case 'hint':
    case 'solution':
      return CHALLENGE_CODE.test(argument) ? { kind: action, code: argument } : undefined;
    case 'another':
    case 'next': {
      const [, topic = '', difficulty = ''] = CHALLENGE_CODE.exec(argument) ?? [];
      if (!isTopic(topic) || !isDifficulty(difficulty)) return undefined;
      // "Another" keeps the level; "Next" (after a right answer) lets the learner's level decide.
      return { kind: 'challenge', topic, difficulty: action === 'another' ? difficulty : null };
    }
    case 'answer': {
      const value = rest.length > 0 ? rest.join(':') : '';
      return CHALLENGE_CODE.test(argument) && value ? { kind: 'answer', text: value, code: argument, via } : undefined;
    }
    case 'topic':
      return isTopic(argument) ? { kind: 'challenge', topic: argument, difficulty: null } : undefined;
    case 'random':
    case 'progress':
    case 'help':
    case 'topics':
    case 'review':
      return { kind: action };
    default:
      return undefined;
  }
}
