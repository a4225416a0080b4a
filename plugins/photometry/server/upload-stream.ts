/**
 * Reads an upload in SkyPortal's column format (a JSON object of fields, each a value or a list)
 * from the request: whole when it declares a small length (`WHOLE_BODY_MAX`), else as it arrives, so that a million-row post is never held as its body text nor
 * as a parsed JSON object: the tokens of each list field go straight into a `PackedList`. A
 * column format cannot be stored row by row as it arrives (row i needs the last field's value),
 * so the columns are held, packed, until the body ends; then the parser checks every row and the
 * COPY streams them out in chunks.
 *
 * The checks the core makes of a body it parses (text storable, nesting bounded, the size limit)
 * are made here as the tokens come, with the same messages.
 */
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { Context } from 'koa';
import { Tokenizer, TokenType } from '@streamparser/json';
import { ApiError, badRequest, inputs } from '@skyportal/sdk';
import { PackedList } from './packed-list.js';

const NOT_AN_OBJECT = 'body: expected a JSON object of fields (each a value or a list of values)';

/** JSON's grammar over the tokenizer's tokens: what may come next. */
const enum Expect {
  Value,
  /** Just after `[`. */
  ValueOrEnd,
  Key,
  /** Just after `{`. */
  KeyOrEnd,
  Colon,
  CommaOrEnd,
  /** The body's one value is complete. */
  Done,
}

interface Frame {
  container: Record<string, unknown> | unknown[] | PackedList;
  isArray: boolean;
  /** The key being read (object) or the index (array): the path in messages. */
  key: string | number;
}

function setProperty(target: Record<string, unknown>, key: string, value: unknown): void {
  // As JSON.parse: "__proto__" is a key like any other, never the prototype.
  if (key === '__proto__') Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/** `altdata.notes[2]`, an odd key as `["k\u0000"]`: as the core names a field in its messages. */
function pathText(path: readonly (string | number)[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_][\w-]*$/.test(part) ? `${i ? '.' : ''}${part}` : `[${JSON.stringify(part)}]`))
    .join('');
}

/**
 * Builds the body's value from its tokens: the top-level object with each list of `listFields`
 * packed; any other value as `JSON.parse` would make it.
 */
class ColumnsBuilder {
  private expect = Expect.Value;
  private readonly stack: Frame[] = [];
  root: Record<string, unknown> | undefined;

  constructor(private readonly listFields: ReadonlySet<string>) {}

  get done(): boolean {
    return this.expect === Expect.Done;
  }

  /** Whether any token came (a blank body is `{}`). */
  get started(): boolean {
    return this.root !== undefined || this.expect !== Expect.Value;
  }

  /** A problem with the value being read, named by its path (as the core's check names it). */
  private invalid(problem: string): ApiError {
    const path = this.stack.map((frame) => frame.key);
    return badRequest(`Invalid body: ${pathText(path) || 'body'}: ${problem}`, { issues: [{ path, message: problem }] });
  }

  private syntax(token: TokenType, value: unknown): ApiError {
    const what = token === TokenType.STRING ? `string ${JSON.stringify(String(value).slice(0, 40))}` : `"${String(value).slice(0, 40)}"`;
    return badRequest(`Invalid JSON body: unexpected ${what}`);
  }

  private add(value: unknown): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) return;
    if (top.container instanceof PackedList) top.container.push(value);
    else if (top.isArray) (top.container as unknown[]).push(value);
    else setProperty(top.container as Record<string, unknown>, top.key as string, value);
  }

  private open(isArray: boolean): void {
    if (!this.stack.length && isArray) throw badRequest(NOT_AN_OBJECT);
    // As the core's check: a container this deep is refused, naming the first three keys of its path.
    if (this.stack.length >= inputs.MAX_JSON_DEPTH) {
      const path = this.stack.map((frame) => frame.key).slice(0, 3);
      throw badRequest(`Invalid body: ${pathText(path)}: nested deeper than ${inputs.MAX_JSON_DEPTH} levels`, {
        issues: [{ path, message: `nested deeper than ${inputs.MAX_JSON_DEPTH} levels` }],
      });
    }
    const top = this.stack[this.stack.length - 1];
    const packed = isArray && this.stack.length === 1 && this.listFields.has(top!.key as string);
    const container = packed ? new PackedList() : isArray ? [] : {};
    if (top) this.add(container);
    else this.root = container as Record<string, unknown>;
    this.stack.push({ container, isArray, key: isArray ? 0 : '' });
    this.expect = isArray ? Expect.ValueOrEnd : Expect.KeyOrEnd;
  }

  private close(): void {
    this.stack.pop();
    this.expect = this.stack.length ? Expect.CommaOrEnd : Expect.Done;
  }

  private scalar(token: TokenType, value: unknown): void {
    if (!this.stack.length) throw badRequest(NOT_AN_OBJECT);
    if (token === TokenType.STRING) {
      const problem = inputs.textProblem(value as string);
      if (problem) throw this.invalid(problem);
    }
    this.add(value);
    this.expect = Expect.CommaOrEnd;
  }

  token(token: TokenType, value: unknown): void {
    switch (this.expect) {
      case Expect.ValueOrEnd:
        if (token === TokenType.RIGHT_BRACKET) return this.close();
      // falls through
      case Expect.Value:
        if (token === TokenType.LEFT_BRACE) return this.open(false);
        if (token === TokenType.LEFT_BRACKET) return this.open(true);
        if (token === TokenType.STRING || token === TokenType.NUMBER || token === TokenType.TRUE || token === TokenType.FALSE || token === TokenType.NULL) {
          return this.scalar(token, value);
        }
        throw this.syntax(token, value);
      case Expect.KeyOrEnd:
        if (token === TokenType.RIGHT_BRACE) return this.close();
      // falls through
      case Expect.Key: {
        if (token !== TokenType.STRING) throw this.syntax(token, value);
        this.stack[this.stack.length - 1]!.key = value as string;
        const problem = inputs.textProblem(value as string);
        if (problem) throw this.invalid(`key ${problem}`);
        this.expect = Expect.Colon;
        return;
      }
      case Expect.Colon:
        if (token !== TokenType.COLON) throw this.syntax(token, value);
        this.expect = Expect.Value;
        return;
      case Expect.CommaOrEnd: {
        const top = this.stack[this.stack.length - 1]!;
        if (token === TokenType.COMMA) {
          if (top.isArray) {
            (top.key as number)++;
            this.expect = Expect.Value;
          } else this.expect = Expect.Key;
          return;
        }
        if (token === (top.isArray ? TokenType.RIGHT_BRACKET : TokenType.RIGHT_BRACE)) return this.close();
        throw this.syntax(token, value);
      }
      default:
        throw badRequest('Invalid JSON body: unexpected data after the JSON value');
    }
  }
}

/**
 * The body's fields from a stream of its bytes (already decoded), each list of `listFields`
 * packed. At most `limitBytes` are read: past that, a 413 (`limitText` names the limit). An empty
 * body is `{}`, as the core's parser gives.
 */
export async function readColumns(
  source: AsyncIterable<Uint8Array | string>,
  listFields: ReadonlySet<string>,
  limitBytes: number,
  limitText: string,
): Promise<Record<string, unknown>> {
  const builder = new ColumnsBuilder(listFields);
  const tokenizer = new Tokenizer({ numberBufferSize: 64, stringBufferSize: 64 * 1024 });
  tokenizer.onToken = ({ token, value }) => builder.token(token, value);
  let received = 0;
  try {
    for await (const chunk of source) {
      received += chunk.length;
      if (received > limitBytes) throw new ApiError(413, `Request body larger than ${limitText}`);
      tokenizer.write(chunk);
    }
    tokenizer.end();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw badRequest(`Invalid JSON body: ${(error as Error).message}`);
  }
  if (!builder.started) return {};
  if (!builder.done) throw badRequest('Invalid JSON body: unexpected end of the body');
  return builder.root!;
}

/** The request's bytes, decoded as its Content-Encoding says (what the core's parser accepts). */
function decoded(ctx: Context): Readable {
  const encoding = (ctx.get('content-encoding') || 'identity').toLowerCase();
  if (encoding === 'identity') return ctx.req;
  if (encoding === 'gzip') return ctx.req.pipe(createGunzip());
  if (encoding === 'deflate') return ctx.req.pipe(createInflate());
  if (encoding === 'br') return ctx.req.pipe(createBrotliDecompress());
  throw new ApiError(415, `Unsupported Content-Encoding: ${encoding.slice(0, 40)}`);
}

/**
 * Up to this declared length (a quarter of a million points) a body is read whole and parsed by
 * `JSON.parse`: three times faster than the tokenizer (10,000 points: 84 against 271 ms with the
 * parser's checks, load 16), for a few times the body's size held for a moment. Past it, or with
 * no length, the body streams. Both hand `parsePhotometry` the same fields, lists as arrays or
 * packed, and the same refusals.
 */
export const WHOLE_BODY_MAX = 8 * 2 ** 20;

/** Blank as JSON counts it (space, tab, CR, LF): what the tokenizer also reads as no body. */
export const JSON_BLANK = /^[ \t\n\r]*$/;

/** A body of known, small length: read whole, then parsed and checked as the core does. */
async function readWhole(stream: Readable, limitBytes: number, limitText: string): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
    received += (chunk as Buffer).length;
    if (received > limitBytes) throw new ApiError(413, `Request body larger than ${limitText}`);
    chunks.push(chunk as Buffer);
  }
  // As the core's parser: a byte-order mark is not part of the JSON, a blank body is {}.
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (JSON_BLANK.test(text)) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(`Invalid JSON body: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(NOT_AN_OBJECT);
  const found = inputs.findUnstorable(value);
  if (found) throw badRequest(`Invalid body: ${pathText(found.path) || 'body'}: ${found.problem}`, { issues: [{ path: found.path, message: found.problem }] });
  return value as Record<string, unknown>;
}

/**
 * A streamed upload's fields (`readColumns`) from a Koa request: JSON (also sent as text/plain, as
 * scripts do), within `limitBytes` decoded bytes. A declared length over the limit is refused
 * before reading; after a bad body the rest is read (up to the limit) and dropped, so the client,
 * still sending, gets the answer.
 */
export async function readUploadBody(ctx: Context, listFields: ReadonlySet<string>, limitBytes: number, limitText: string): Promise<Record<string, unknown>> {
  const declared = Number(ctx.get('content-length') || Number.NaN);
  if (declared > limitBytes) {
    // Not read at all: the connection closes after the answer.
    ctx.res.shouldKeepAlive = false;
    throw new ApiError(413, `Request body larger than ${limitText}`);
  }
  if (ctx.get('content-type') && ctx.is('urlencoded', 'multipart')) throw badRequest('body: expected JSON (Content-Type: application/json)');
  const stream = decoded(ctx);
  if (declared <= WHOLE_BODY_MAX && stream === ctx.req) return readWhole(stream, limitBytes, limitText);
  try {
    // Not destroyed on an early stop: that would take the connection, and the answer, with it.
    return await readColumns(stream.iterator({ destroyOnReturn: false }), listFields, limitBytes, limitText);
  } catch (error) {
    if (error instanceof ApiError && error.status === 400) await drain(stream, limitBytes);
    // Past the limit the rest is not read: the connection closes after the answer.
    else ctx.res.shouldKeepAlive = false;
    throw error;
  }
}

/** Reads what is left of a refused body (at most `limitBytes`), so that the client gets its answer. */
async function drain(stream: Readable, limitBytes: number): Promise<void> {
  let left = limitBytes;
  try {
    for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
      left -= (chunk as Buffer).length;
      if (left < 0) return;
    }
  } catch {
    // The client went away: nothing to drain.
  }
}
