/**
 * Attachments: decoded from the base64 SkyPortal's clients send, bounded in size, and given back
 * as a download that a browser never renders in the page (an HTML or SVG file is user content).
 */
import { badRequest, type Knex } from '@skyportal/sdk';
import type { Context } from 'koa';
import { attachmentBytes, type StoredComment } from './store.js';

const DATA_URL_MARK = 'base64,';

/** The bytes of `body` (base64, or a data URL), refused with a 400 naming the field unless it is base64 of at most `maxBytes`. */
export function decodeAttachment(body: string, maxBytes: number, field = 'attachment.body'): Buffer {
  const mark = body.startsWith('data:') ? body.indexOf(DATA_URL_MARK) : -1;
  // Line breaks are allowed (MIME wraps base64 at 76 characters), and padding may be left off.
  const encoded = (mark >= 0 ? body.slice(mark + DATA_URL_MARK.length) : body).replace(/\s+/g, '').replace(/=+$/, '');
  // Node's decoder skips what is not base64; a round trip tells a file from noise.
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.toString('base64').replace(/=+$/, '') !== encoded) throw badRequest(`${field}: not base64`);
  if (bytes.length > maxBytes) throw badRequest(`${field}: ${bytes.length} bytes, more than the ${maxBytes} allowed`);
  return bytes;
}

/**
 * The name in plain ASCII for `filename=` (é → e, other letters → _); the real name goes in
 * `filename*` (RFC 6266), which every current browser reads.
 */
function asciiName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
}

/** Sends the attachment as a file to save: never sniffed, never rendered in the site's origin. */
export function sendAttachment(ctx: Context, name: string, bytes: Buffer): undefined {
  ctx.attachment(name, { fallback: asciiName(name) });
  ctx.type = 'application/octet-stream';
  ctx.set('X-Content-Type-Options', 'nosniff');
  ctx.set('Content-Security-Policy', "default-src 'none'; sandbox");
  ctx.body = bytes;
  return undefined;
}

/** The attachment's bytes, or SkyPortal's 400 for a comment without one. */
export async function storedAttachment(db: Knex, comment: StoredComment): Promise<Buffer> {
  const bytes = comment.attachment_name === null ? undefined : await attachmentBytes(db, comment.id);
  if (!bytes) throw badRequest('Comment has no attachment');
  return bytes;
}
