/**
 * `POST /api/alerts`: packets over HTTP, into the one ingest path. The body is one Avro container
 * file (`application/avro`, `avro/binary` or `application/octet-stream`: one or more packets), a
 * tarball of `.avro` files (`application/gzip`, `application/x-tar`), or JSON `{"packets":
 * ["<base64>", ...]}`. Answers `{ingested, skipped}`; a body from which nothing could be ingested
 * is a 400 naming what was wrong (and nothing is stored).
 */
import { Readable } from 'node:stream';
import { ApiError, badRequest, type PluginRouter, type Principal } from '@skyportal/sdk';
import type { Context } from 'koa';
import type { AlertStreamService, IngestResult } from '../types.js';
import { isGzip, tarEntries } from './files.js';

const AVRO_TYPES = ['application/avro', 'avro/binary', 'application/vnd.apache.avro+binary', 'application/octet-stream'];
const TAR_TYPES = ['application/gzip', 'application/x-gzip', 'application/x-tar', 'application/x-gtar'];

async function rawBody(ctx: Context, limit: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length'));
  if (declared > limit) throw new ApiError(413, `Request body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ApiError(413, `Request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** `{"packets": [...]}`: each a base64 Avro container file. */
function jsonPackets(body: Buffer): Buffer[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw badRequest(`body: invalid JSON (${(error as Error).message})`);
  }
  const packets = (parsed as { packets?: unknown } | null)?.packets;
  if (!Array.isArray(packets) || !packets.length) throw badRequest('packets: a non-empty list of base64 Avro packets is required', { field: 'packets' });
  if (packets.length > 10_000) throw badRequest('packets: at most 10000 per request', { field: 'packets' });
  return packets.map((packet, i) => {
    if (typeof packet !== 'string' || !packet.length || !BASE64.test(packet.replace(/\s/g, '')))
      throw badRequest(`packets[${i}]: not base64 text`, { field: 'packets' });
    return Buffer.from(packet, 'base64');
  });
}

/** Throws (a 400 naming `stream`) when the caller may not put data into the plugin's stream. */
export type PosterCheck = (user: Principal) => Promise<void>;

export function alertRoutes(
  router: PluginRouter,
  service: AlertStreamService,
  { maxBytes, checkPoster }: { maxBytes: number; checkPoster: PosterCheck },
): void {
  router.post(
    '/api/alerts',
    {
      // Upload data, and membership of the stream the alerts go to.
      access: { acl: 'Upload data' },
      summary: 'Ingest alert packets (Avro, a tarball of them, or JSON with base64 packets)',
      description:
        'Each alert goes in its own transaction: obj, photometry, thumbnails, annotations and candidates of the filters it passes. ' +
        'Re-posting an alert changes nothing. Packets that cannot be read are listed in `skipped`; when none could be ingested, the answer is a 400.',
    },
    async ({ ctx, user, log }) => {
      const type = (ctx.get('content-type').split(';')[0] ?? '').trim().toLowerCase();
      if (!type) throw badRequest(`content-type: required (${[...AVRO_TYPES, ...TAR_TYPES, 'application/json'].join(', ')})`, { field: 'content-type' });
      const isJson = type === 'application/json';
      if (!isJson && !AVRO_TYPES.includes(type) && !TAR_TYPES.includes(type)) {
        throw badRequest(`content-type: ${type} is not one of ${[...AVRO_TYPES, ...TAR_TYPES, 'application/json'].join(', ')}`, { field: 'content-type' });
      }
      await checkPoster(user);
      const body = await rawBody(ctx, maxBytes);
      if (!body.length) throw badRequest('body: empty (send an Avro alert packet)', { field: 'body' });
      const label = `POST /api/alerts by ${user.username}`;
      // Every packet of the request in one call: their alerts go in several at a time.
      const files: { bytes: Uint8Array; source: string }[] = [];
      if (isJson) {
        for (const [i, packet] of jsonPackets(body).entries()) files.push({ bytes: packet, source: `${label} packets[${i}]` });
      } else if (TAR_TYPES.includes(type) || (type === 'application/octet-stream' && isGzip(body))) {
        try {
          for await (const file of tarEntries(Readable.from([body]), isGzip(body), 'body')) files.push({ bytes: file.bytes, source: `${label} ${file.name}` });
        } catch (error) {
          if (error instanceof ApiError) throw error;
          throw badRequest(`body: not a readable tarball (${(error as Error).message})`, { field: 'body' });
        }
      } else {
        files.push({ bytes: body, source: label });
      }
      const result: IngestResult = files.length ? await service.ingestMany(files) : { ingested: [], skipped: [] };
      if (!result.ingested.length) {
        const reasons = result.skipped.slice(0, 5).map((s) => s.reason);
        throw badRequest(`body: no alert could be ingested: ${reasons.join('; ') || 'no .avro packets in it'}`, {
          field: 'body',
          skipped: result.skipped.slice(0, 100),
        });
      }
      log.info({ ingested: result.ingested.length, skipped: result.skipped.length }, 'alerts posted');
      return result;
    },
  );
}
