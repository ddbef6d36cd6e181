import { randomUUID } from 'node:crypto';

/** A file a learner's phone holds: what they attached or recorded. */
export interface PhoneFile {
  id: string;
  bytes: Buffer;
  contentType: string;
  name: string;
}

/**
 * What a phone may attach, as WhatsApp sends it: a photo, a PDF, a voice note (WhatsApp's own are
 * audio/ogg; Chromium's recorder makes audio/webm).
 */
export const ATTACHABLE = /^(image\/(jpeg|png|webp)|application\/pdf|audio\/(ogg|mpeg|mp4|aac|amr|webm))$/;
const KEPT_BYTES = 128 * 1024 * 1024;

/**
 * The phones' own copies of what the learners sent, so their bubbles still show a photo after the
 * bot has deleted it from Twilio (as a phone keeps its gallery). The oldest go past 128 MB.
 */
export class PhoneFiles {
  private readonly files = new Map<string, PhoneFile>();
  private bytes = 0;

  keep(bytes: Buffer, contentType: string, name: string): PhoneFile {
    const file = { id: randomUUID(), bytes, contentType, name };
    this.files.set(file.id, file);
    this.bytes += bytes.length;
    for (const [id, old] of this.files) {
      if (this.bytes <= KEPT_BYTES || id === file.id) break;
      this.files.delete(id);
      this.bytes -= old.bytes.length;
    }
    return file;
  }

  get(id: string): PhoneFile | undefined {
    return this.files.get(id);
  }
}
