import type { Difficulty, Topic } from '../catalog.js';

/**
 * Words learners use, as normalised tokens (lower case, accents removed, multi-word names
 * joined with '-'). Words of four letters or more also match with a typo or two.
 */
export const TOPIC_WORDS: Record<Topic, readonly string[]> = {
  python: ['python', 'py', 'python3'],
  sql: ['sql', 'mysql', 'postgres', 'postgresql', 'sqlite'],
  statistics: ['statistics', 'stats', 'stat', 'statistic', 'estadistica', 'statistique', 'statistik'],
  'linear-algebra': ['linear-algebra', 'linear algebra', 'linalg', 'linear', 'algebra', 'matrices', 'matrix'],
  probability: ['probability', 'prob', 'probabilities', 'probabilidad', 'probabilite'],
  pandas: ['pandas', 'numpy', 'pd', 'np', 'dataframe', 'dataframes'],
  'machine-learning': ['machine-learning', 'machine learning', 'ml', 'sklearn', 'scikit-learn'],
};

export const DIFFICULTY_WORDS: Record<Difficulty, readonly string[]> = {
  easy: ['easy', 'e', 'beginner', 'basic', 'simple', 'starter', 'facil', 'facile', 'leicht', '1'],
  medium: ['medium', 'm', 'intermediate', 'mid', 'moderate', 'medio', 'moyen', 'mittel', 'normal', '2'],
  hard: ['hard', 'h', 'advanced', 'difficult', 'expert', 'dificil', 'difficile', 'schwer', 'tough', '3'],
};

export const HELP_WORDS: readonly string[] = [
  'help',
  'hi',
  'hello',
  'hey',
  'menu',
  'start',
  'commands',
  'hola',
  'ola',
  'bonjour',
  '?',
];
export const TOPICS_WORDS: readonly string[] = ['topics', 'topic', 'list', 'catalog', 'catalogue', 'subjects'];
export const RANDOM_WORDS: readonly string[] = ['random', 'surprise', 'any', 'anything', 'whatever'];
export const HINT_WORDS: readonly string[] = ['hint', 'clue', 'tip'];
/** A question for the mentors; `question` only when the rest is not a challenge request. */
export const ASK_WORDS: readonly string[] = ['ask', 'mentor', 'question', 'pregunta', 'frage'];
/** Reads the mentor answers WhatsApp held back (the template tells the learner to reply OPEN). */
export const OPEN_WORDS: readonly string[] = ['open', 'read', 'unread', 'answers'];
export const SOLUTION_WORDS: readonly string[] = ['solution', 'solve', 'solutions', 'reveal'];
/** Alone in a message: a challenge due for review. */
export const REVIEW_WORDS: readonly string[] = ['review', 'revise', 'revision', 'practice', 'repeat', 'again'];
/** `answer 0.775`, `a 0.775`, `ans python-easy-003 42`. */
export const ANSWER_WORDS: readonly string[] = ['answer', 'ans', 'a'];
/** Alone in a message: the learner's progress. */
export const PROGRESS_WORDS: readonly string[] = ['progress', 'me', 'stats', 'streak', 'score', 'level', 'my progress'];

/**
 * Everyday phrases, whole messages, with what they mean: never a topic ("what is this" is not
 * *statistics*) and never an attempt at a challenge.
 */
export const EVERYDAY_PHRASES: Readonly<Record<string, 'greeting' | 'thanks' | 'about' | 'chat' | 'bye'>> = {
  'good morning': 'greeting',
  'good afternoon': 'greeting',
  'good evening': 'greeting',
  hiya: 'greeting',
  howzit: 'greeting',
  'hi there': 'greeting',
  thanks: 'thanks',
  'thank you': 'thanks',
  'thanks a lot': 'thanks',
  thx: 'thanks',
  ty: 'thanks',
  cheers: 'thanks',
  ok: 'thanks',
  okay: 'thanks',
  cool: 'thanks',
  great: 'thanks',
  nice: 'thanks',
  'what is this': 'about',
  'whats this': 'about',
  'who are you': 'about',
  'what are you': 'about',
  'what can you do': 'about',
  'how does this work': 'about',
  'are you a bot': 'about',
  'what is datadrill': 'about',
  'how are you': 'chat',
  lol: 'chat',
  haha: 'chat',
  hmm: 'chat',
  bye: 'bye',
  goodbye: 'bye',
  'good night': 'bye',
  'see you': 'bye',
};

/** Words that carry no meaning in a request such as "give me a hard sql challenge please". */
export const FILLER: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'me',
  'i',
  'im',
  'want',
  'wanna',
  'would',
  'like',
  'give',
  'send',
  'get',
  'can',
  'could',
  'you',
  'some',
  'one',
  'another',
  'more',
  'please',
  'pls',
  'plz',
  'challenge',
  'challenges',
  'question',
  'questions',
  'exercise',
  'exercises',
  'problem',
  'problems',
  'quiz',
  'task',
  'level',
  'mode',
  'new',
  'next',
  'now',
  'thanks',
  'thank',
  'thx',
  'ok',
  'okay',
  'let',
  'lets',
  's',
  'try',
  'do',
  'practice',
  'practise',
  'on',
  'in',
  'of',
  'for',
  'to',
  'with',
  'and',
  'my',
  'again',
  'today',
  'one',
  'pick',
  'something',
  'level',
  'difficulty',
  'yes',
  'yeah',
  'sure',
  'hey',
  'hi',
  'hello',
  'dear',
  'bot',
  'drill',
  'is',
  'it',
  'this',
  'that',
  'be',
  'just',
  'very',
  'really',
  'super',
  'bit',
  'little',
  'kind',
  'sort',
  'about',
  'something',
  'por',
  'favor',
  'un',
  'une',
  'reto',
  'ejercicio',
  'bitte',
]);
