import { type Challenge, DIFFICULTIES, TOPICS, type Topic } from '../catalog.js';
import type { ChallengeProgress, LevelChoice } from './level.js';

/** The coach's texts: answers, progress and streaks. */

const FIRST_LINE_OF_CODE =
  /^\s*(?:```|#|--|select\b|with\b|import\b|from\b|def\b|class\b|print\(|for\b|create\b|insert\b|[\w.]+\s*=\s*[\w[({'"-])/i;

/** The key step of the solution in a line: its first sentence when it is prose, else the hint. */
export function keyStep(challenge: Challenge): string | undefined {
  const solution = challenge.solution?.trim();
  if (solution && !FIRST_LINE_OF_CODE.test(solution)) {
    // A sentence ends at . ! ? before a capital or the end ("8!/(3!5!)" is no sentence end).
    const line = solution.split('\n')[0] ?? '';
    const sentence = /^(.+?[.!?])(?=\s+[A-Z]|\s*$)/s.exec(line)?.[1] ?? line;
    if (sentence && sentence.length <= 200) return sentence;
  }
  return challenge.hint?.trim().split('\n')[0];
}

export function rightReply(
  challenge: Challenge,
  options: { precise?: string | undefined; streak: number; streakNews?: string | undefined },
): string {
  const precise = options.precise ? ` The precise value is *${options.precise}*.` : '';
  const step = keyStep(challenge);
  const lines = [
    `✅ *Right!* [${challenge.code}]${precise}`,
    ...(step ? ['', `*Key step:* ${step}`] : []),
    '',
    `🔥 Streak: ${options.streak} day${options.streak === 1 ? '' : 's'}.${options.streakNews ? ` ${options.streakNews}` : ''}`,
    `Next: *${challenge.topic}* for another at your level, or *progress* to see how you are doing.`,
  ];
  return lines.join('\n');
}

export function wrongReply(challenge: Challenge, left: number, hint: string | undefined): string {
  const tip = hint ? `\n\n💡 ${hint}` : '';
  const nudge = challenge.hint ? `, or *hint ${challenge.code}* for a nudge` : '';
  return `❌ *Not quite* [${challenge.code}].${tip}\n\n${left} attempt${left === 1 ? '' : 's'} left: reply *answer <your answer>*${nudge}.`;
}

export function lastWrongReply(challenge: Challenge, answer: string, hint: string | undefined): string {
  const tip = hint ? `\n\n💡 ${hint}` : '';
  const solution = challenge.solution ? `\n\n*Solution:*\n${formatSolution(challenge)}` : '';
  return `❌ *Not quite* — that was your last attempt at [${challenge.code}].${tip}\n\n*Answer:* ${answer}${solution}\n\n_It counts as seen, not solved. Send *${challenge.topic}* for another._`;
}

export function unreadableReply(expected: string, example: string, code: string): string {
  return `I can't read that as an answer — reply with ${expected}, e.g. *answer ${example}* (for [${code}]). It did not cost an attempt.`;
}

export function noOpenChallengeReply(code: string | null): string {
  if (code)
    return `You haven't been sent [${code}], so there is nothing to answer. Send a topic, e.g. *python easy*, to get a challenge.`;
  return 'There is no challenge waiting for your answer. Send a topic, e.g. *python easy*, to get one.';
}

export function closedChallengeReply(progress: ChallengeProgress): string {
  if (progress.status === 'solved') {
    return `You already solved [${progress.code}] ✅. Send *${progress.topic}* for the next one.`;
  }
  return `[${progress.code}] is closed: you have seen its solution. Send *${progress.topic}* for another one.`;
}

export function uncheckableReply(code: string): string {
  return `[${code}] has no answer the bot can check yet. Send *solution ${code}* to compare with the worked solution.`;
}

export function emptyAnswerReply(code: string): string {
  return `What is your answer to [${code}]? Reply *answer <your answer>*, e.g. *answer 42*.`;
}

/** Solutions that are code go in a WhatsApp monospace block. */
export function formatSolution(challenge: Challenge): string {
  const solution = challenge.solution?.trim() ?? '';
  if (solution.includes('```')) return solution;
  return FIRST_LINE_OF_CODE.test(solution) || solution.includes('\n    ') ? `\`\`\`\n${solution}\n\`\`\`` : solution;
}

export function levelNote(choice: LevelChoice, topic: Topic): string {
  const { reason } = choice;
  if (!reason) return '';
  const from = `${topic} ${reason.from}`;
  return reason.moved === 'up'
    ? `🚀 ${reason.solved} of your last ${reason.of} ${from} right — here is a ${choice.difficulty} one.\n\n`
    : `🧭 The last ${reason.of} ${from} were tough — here is a ${choice.difficulty} one to build up again.\n\n`;
}

export interface ProgressFacts {
  progress: readonly ChallengeProgress[];
  levels: ReadonlyMap<Topic, string>;
  streak: number;
  best: number;
  freezes: number;
  leftToday: number;
  zone: string;
}

export function progressReply(facts: ProgressFacts): string {
  const byTopic = TOPICS.map((topic) => {
    const rows = facts.progress.filter((p) => p.topic === topic);
    if (rows.length === 0) return undefined;
    const solved = rows.filter((p) => p.status === 'solved').length;
    const tried = rows.filter((p) => p.status !== 'open' || p.attempts > 0).length;
    return `• *${topic}*: ${solved} solved of ${tried} attempted · level ${facts.levels.get(topic) ?? DIFFICULTIES[0]}`;
  }).filter(Boolean);
  const finished = facts.progress.filter((p) => p.status !== 'open');
  const solved = finished.filter((p) => p.status === 'solved').length;
  const accuracy = finished.length === 0 ? '–' : `${Math.round((100 * solved) / finished.length)}%`;
  const freezes = facts.freezes > 0 ? ` · ${facts.freezes} freeze${facts.freezes === 1 ? '' : 's'} saved` : '';
  return [
    '📈 *Your progress*',
    '',
    ...(byTopic.length > 0 ? byTopic : ['No challenges yet: send *python easy* to start.']),
    '',
    `🔥 Streak: ${facts.streak} day${facts.streak === 1 ? '' : 's'} (best ${facts.best})${freezes}`,
    `🎯 Accuracy: ${accuracy} of finished challenges solved`,
    `📬 ${facts.leftToday} challenge${facts.leftToday === 1 ? '' : 's'} left today`,
    `_Days count in ${facts.zone}; send *timezone Area/City* to change it._`,
  ].join('\n');
}

export function nothingToReviewReply(next: Date | undefined, now: Date): string {
  if (!next)
    return 'Nothing to review: challenges you miss or reveal come back here on a schedule. Send a topic for a new one, e.g. *sql easy*.';
  const days = Math.max(1, Math.ceil((next.getTime() - now.getTime()) / 86_400_000));
  return `Nothing is due for review yet: the next one comes back in ${days} day${days === 1 ? '' : 's'}. Meanwhile send a topic for a new challenge, e.g. *sql easy*.`;
}

export function reviewNote(): string {
  return '🔁 *Review*: one you missed or revealed earlier, back for another go.\n\n';
}

export function timezoneSetReply(zone: string, localTime: string): string {
  return `🕒 Your days now follow *${zone}* (it is ${localTime} there). Streaks count a day as solved in this zone.`;
}

export function unknownTimezoneReply(zone: string): string {
  return `I don't know the time zone "${zone.slice(0, 40)}". Send it as *timezone Area/City*, e.g. *timezone Africa/Lagos* or *timezone Europe/London*.`;
}

/** One line for what the bot cannot read yet, and what it can do instead. */
export function attachmentReply(what: string): string {
  const thing: Record<string, string> = {
    image: 'a photo',
    audio: 'a voice note',
    video: 'a video',
    document: 'a file',
    location: 'a location',
    contact: 'a contact card',
    sticker: 'a sticker',
    reaction: 'a reaction',
  };
  if (what === 'reaction' || what === 'sticker')
    return `Thanks for the ${what}! 🙂 Send a topic, e.g. *python easy*, for a challenge.`;
  // Photos, PDFs and voice notes can go to a mentor, with a question as their caption.
  if (what === 'image' || what === 'audio' || what === 'document')
    return `I can't read ${thing[what]} myself, but a mentor can: send it again with *ask <your question>* as its caption. Answers to challenges go as text, e.g. *answer 0.25*.`;
  if (what === 'video')
    return "I can't use a video. To show a mentor your screen, send a screenshot or a PDF with *ask <your question>* as its caption.";
  return `I can only read text, so I can't use ${thing[what] ?? 'that'}. Type your answer or your question instead — e.g. *answer 0.25*, or *ask <your question>* for a mentor.`;
}

export function smallTalkReply(meaning: 'thanks' | 'about' | 'chat' | 'bye'): string {
  switch (meaning) {
    case 'thanks':
      return "You're welcome! Send a topic for another challenge, e.g. *sql medium*, or *progress* to see your stats.";
    case 'about':
      return "I'm *DataDrill*, your school's practice coach: send a topic (e.g. *python easy*) and I send a challenge; reply with *answer <your answer>* and I check it, track your streak and pick the next level. Send *help* for everything I understand.";
    case 'chat':
      return "I'm doing well, thanks! Ready for a challenge? Send e.g. *statistics easy*, or *help* for the menu.";
    case 'bye':
      return 'Bye for now! Come back any time: one challenge a day keeps your streak going. 🔥';
  }
}
