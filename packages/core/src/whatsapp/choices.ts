import type { CatalogCounts, Challenge, Topic } from '../learning/catalog.js';
import type { Choice, ChoiceSet } from './interactive.js';
import { tapPayload } from './taps.js';

// Descriptions show only when the choices become a list.
const hint = (code: string): Choice => ({
  title: 'Hint',
  payload: tapPayload({ action: 'hint', code }),
  description: 'A nudge; it costs no attempt',
});
const solution = (code: string): Choice => ({
  title: 'Solution',
  payload: tapPayload({ action: 'solution', code }),
  description: 'The worked solution; the challenge then counts as seen',
});
const another = (code: string): Choice => ({
  title: 'Another',
  payload: tapPayload({ action: 'another', code }),
  description: 'Another challenge at this level',
});
const next = (code: string): Choice => ({
  title: 'Next',
  payload: tapPayload({ action: 'next', code }),
  description: 'The next challenge at your level',
});
const progress: Choice = {
  title: 'Progress',
  payload: tapPayload({ action: 'progress' }),
  description: 'What you solved, your levels and your streak',
};

/** A multiple-choice challenge's options, each answering that challenge when tapped. */
function options(challenge: Challenge): Choice[] {
  const choices = challenge.answer?.choices ?? {};
  return Object.entries(choices).map(([letter, text]) => ({
    title: `${letter}) ${text}`,
    payload: tapPayload({ action: 'answer', code: challenge.code, value: letter }),
    description: text,
  }));
}

function helpFor(challenge: Challenge): Choice[] {
  return [...(challenge.hint ? [hint(challenge.code)] : []), ...(challenge.solution ? [solution(challenge.code)] : [])];
}

/** A challenge just sent: its options when it is multiple choice (then hint and solution too), else Hint · Solution · Another. */
export function challengeChoices(challenge: Challenge): ChoiceSet {
  const letters = options(challenge);
  if (letters.length > 0) return { items: [...letters, ...helpFor(challenge)], listButton: 'Answer' };
  return { items: [...helpFor(challenge), another(challenge.code)], listButton: 'Options' };
}

/** After a hint: the options again (multiple choice) or the solution, and another challenge. */
export function hintChoices(challenge: Challenge): ChoiceSet {
  const letters = options(challenge);
  const rest = challenge.solution ? [solution(challenge.code)] : [];
  if (letters.length > 0) return { items: [...letters, ...rest], listButton: 'Answer' };
  return {
    items: [...(challenge.solution ? [solution(challenge.code)] : []), another(challenge.code)],
    listButton: 'Options',
  };
}

/** A wrong answer with attempts left: the options to try again (multiple choice), or a hint and the solution. */
export function retryChoices(challenge: Challenge): ChoiceSet {
  const letters = options(challenge);
  if (letters.length > 0) return { items: [...letters, ...helpFor(challenge)], listButton: 'Try again' };
  return { items: helpFor(challenge), listButton: 'Options' };
}

/** The challenge is over (solved, missed or revealed): the next one at the learner's level, and their progress. */
export function nextChoices(code: string): ChoiceSet {
  return { items: [next(code), progress], listButton: 'Options' };
}

/** The daily limit is reached: only what costs nothing. */
export function limitChoices(): ChoiceSet {
  return { items: [progress], listButton: 'Options' };
}

/** The menu and `topics`: a list of topics (a challenge at the learner's level), and any topic. */
export function topicChoices(catalog: CatalogCounts): ChoiceSet | undefined {
  if (catalog.size === 0) return undefined;
  const topics: Choice[] = [...catalog].map(([topic, cells]) => ({
    title: topicLabel(topic),
    payload: tapPayload({ action: 'topic', topic }),
    description: `At your level · ${[...cells].map(([difficulty, count]) => `${difficulty} ${count}`).join(', ')}`,
  }));
  const random: Choice = {
    title: 'Any topic',
    payload: tapPayload({ action: 'random' }),
    description: 'A challenge from a topic picked for you',
  };
  return { items: [...topics, random], listButton: 'Topics' };
}

/** How each topic reads on a list row. */
const TOPIC_LABELS: Record<Topic, string> = {
  python: 'Python',
  sql: 'SQL',
  statistics: 'Statistics',
  'linear-algebra': 'Linear algebra',
  probability: 'Probability',
  pandas: 'pandas',
  'machine-learning': 'Machine learning',
};

function topicLabel(topic: Topic): string {
  return TOPIC_LABELS[topic];
}
