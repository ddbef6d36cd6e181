// A voice note: recorded with the microphone (MediaRecorder), sent when the learner stops, at most a minute.

// WhatsApp's own voice notes are Ogg Opus; Chromium records Opus in MP4 (audio/mp4, an .m4a the bot
// knows), else WebM.
const TYPES = ['audio/ogg;codecs=opus', 'audio/mp4', 'audio/webm;codecs=opus'];
const LIMIT_MS = 60_000;
const EXTENSIONS = { 'audio/ogg': 'ogg', 'audio/webm': 'webm', 'audio/mp4': 'm4a' };
const recordings = new WeakMap();

function setState(button, recording) {
  button.setAttribute('aria-pressed', String(recording));
  button.setAttribute('aria-label', recording ? 'stop and send the voice note' : 'record a voice note');
  button.title = recording ? 'Recording… click to stop and send' : 'Record a voice note';
  button.textContent = recording ? '⏹ 0:00' : '🎤';
}

/** The time recorded so far, on the button as WhatsApp shows it. */
function showElapsed(button, startedAt) {
  const seconds = Math.floor((Date.now() - startedAt) / 1000);
  button.textContent = `⏹ ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Starts recording on `button`, or stops and hands the note to `send(blob, name)`. */
export async function toggleRecording(button, send, tell) {
  const running = recordings.get(button);
  if (running) return running.stop();
  if (!window.MediaRecorder || !navigator.mediaDevices?.getUserMedia) return tell('This browser cannot record audio.');
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (error) {
    return tell(`No microphone: ${error.message}`);
  }
  const mimeType = TYPES.find((type) => MediaRecorder.isTypeSupported(type));
  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
  const chunks = [];
  const limit = setTimeout(() => recorder.state === 'recording' && recorder.stop(), LIMIT_MS);
  const startedAt = Date.now();
  const clock = setInterval(() => showElapsed(button, startedAt), 250);
  recorder.ondataavailable = (event) => chunks.push(event.data);
  recorder.onstop = () => {
    clearTimeout(limit);
    clearInterval(clock);
    for (const track of stream.getTracks()) track.stop();
    recordings.delete(button);
    setState(button, false);
    const type = (recorder.mimeType || mimeType || 'audio/webm').split(';')[0];
    send(new Blob(chunks, { type }), `voice-note.${EXTENSIONS[type] ?? 'webm'}`);
  };
  recorder.start();
  recordings.set(button, recorder);
  setState(button, true);
  tell('');
}
