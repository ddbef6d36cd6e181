import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A file in the fake workspace: uploaded by the bot, or shared by a mentor in a thread. */
export interface SlackFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  size: number;
  bytes: Buffer;
  user: string;
  channel?: string | undefined;
  threadTs?: string | undefined;
}

/** Records the message a completed upload makes in its channel or thread, as Slack posts it. */
export type SharePost = (channel: string, threadTs: string | undefined, text: string, files: SlackFile[]) => void;

const UPLOAD_PATH = /^\/upload\/v1\/([0-9a-f]{32})$/;
const DOWNLOAD_PATH = /^\/files-pri\/T[A-Z0-9]+-(F[A-Z0-9]+)\/download\/[^/]*$/;
const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  ogg: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  amr: 'audio/amr',
  aac: 'audio/aac',
  webm: 'audio/webm',
};

/**
 * Slack's files on loopback: the external upload flow (files.getUploadURLExternal, the POST of the
 * bytes to its upload_url, files.completeUploadExternal into a channel or thread), files.info,
 * files.delete, and url_private_download served with the bot token as a Bearer.
 */
export class FakeSlackFiles {
  readonly files = new Map<string, SlackFile>();
  private readonly uploads = new Map<string, { fileId: string; filename: string; length: number; bytes?: Buffer }>();

  constructor(
    private readonly origin: () => string,
    private readonly botToken: string,
    private readonly teamId: string,
    private readonly botUser: string,
    private readonly share: SharePost,
  ) {}

  /** The Web API methods on files; undefined for any other method. */
  answer(method: string, params: Record<string, string>): Record<string, unknown> | undefined {
    switch (method) {
      case 'files.getUploadURLExternal':
        return this.uploadUrl(params);
      case 'files.completeUploadExternal':
        return this.complete(params);
      case 'files.info': {
        const file = this.files.get(params.file ?? '');
        return file ? { ok: true, file: this.resource(file) } : { ok: false, error: 'file_not_found' };
      }
      case 'files.delete':
        return this.files.delete(params.file ?? '') ? { ok: true } : { ok: false, error: 'file_not_found' };
      default:
        return undefined;
    }
  }

  handles(pathname: string): boolean {
    return UPLOAD_PATH.test(pathname) || DOWNLOAD_PATH.test(pathname);
  }

  async request(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const download = DOWNLOAD_PATH.exec(pathname);
    if (download) {
      const file = this.files.get(download[1] ?? '');
      if (req.headers.authorization !== `Bearer ${this.botToken}`) return void res.writeHead(401).end('not_authed');
      if (!file) return void res.writeHead(404).end('file_not_found');
      res.writeHead(200, { 'content-type': file.mimetype, 'content-length': file.bytes.length });
      return void res.end(file.bytes);
    }
    const upload = this.uploads.get(UPLOAD_PATH.exec(pathname)?.[1] ?? '');
    if (!upload || req.method !== 'POST') return void res.writeHead(404).end();
    upload.bytes = await uploadedBytes(req);
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${upload.bytes.length}`);
  }

  /** A mentor's file in a thread: kept as Slack keeps it, and described as its `file_share` event does. */
  shared(user: string, file: { name: string; mimetype: string; bytes: Buffer }, channel: string, threadTs: string) {
    const kept: SlackFile = {
      id: fileId(),
      title: file.name,
      size: file.bytes.length,
      user,
      channel,
      threadTs,
      ...file,
    };
    this.files.set(kept.id, kept);
    return this.resource(kept);
  }

  private uploadUrl(params: Record<string, string>): Record<string, unknown> {
    const length = Number(params.length);
    if (!params.filename || !Number.isInteger(length) || length <= 0) return { ok: false, error: 'invalid_arguments' };
    const token = randomBytes(16).toString('hex');
    const id = fileId();
    this.uploads.set(token, { fileId: id, filename: params.filename, length });
    return { ok: true, upload_url: `${this.origin()}/upload/v1/${token}`, file_id: id };
  }

  private complete(params: Record<string, string>): Record<string, unknown> {
    let listed: Array<{ id?: string; title?: string }>;
    try {
      listed = JSON.parse(params.files ?? '[]');
    } catch {
      return { ok: false, error: 'invalid_arguments' };
    }
    const found = listed.map((entry) => [...this.uploads.entries()].find(([, upload]) => upload.fileId === entry.id));
    if (found.length === 0 || found.some((entry) => !entry?.[1].bytes)) return { ok: false, error: 'file_not_found' };
    const files = found.map((entry, n) => {
      const [token, upload] = entry as NonNullable<typeof entry>;
      this.uploads.delete(token);
      const bytes = upload.bytes as Buffer;
      const extension = upload.filename.split('.').pop()?.toLowerCase() ?? '';
      const file: SlackFile = {
        id: upload.fileId,
        name: upload.filename,
        title: listed[n]?.title ?? upload.filename,
        mimetype: TYPES[extension] ?? 'application/octet-stream',
        size: bytes.length,
        bytes,
        user: this.botUser,
        channel: params.channel_id,
        threadTs: params.thread_ts || undefined,
      };
      this.files.set(file.id, file);
      return file;
    });
    if (params.channel_id)
      this.share(params.channel_id, params.thread_ts || undefined, params.initial_comment ?? '', files);
    return { ok: true, files: files.map((file) => ({ id: file.id, title: file.title })) };
  }

  /** A file as the Web API shows it. */
  private resource(file: SlackFile) {
    const download = `${this.origin()}/files-pri/${this.teamId}-${file.id}/download/${encodeURIComponent(file.name)}`;
    return {
      id: file.id,
      name: file.name,
      title: file.title,
      mimetype: file.mimetype,
      filetype: file.name.split('.').pop() ?? '',
      size: file.size,
      user: file.user,
      url_private: download.replace('/download/', '/'),
      url_private_download: download,
    };
  }
}

function fileId(): string {
  return `F${randomBytes(5).toString('hex').toUpperCase()}`;
}

/** The SDK posts the bytes as multipart form data (its one field is the file); a raw body is taken as is. */
async function uploadedBytes(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const type = String(req.headers['content-type'] ?? '');
  if (!type.startsWith('multipart/form-data')) return body;
  const form = await new Response(body, { headers: { 'content-type': type } }).formData();
  const file = [...form.values()].find((value) => typeof value !== 'string');
  return file && typeof file !== 'string' ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
}
