/**
 * A Chrome trace (Playwright's browser.startTracing: what the performance panel records) told as
 * text: when each request was sent and answered, and what the page's main thread did, in order,
 * with the idle gaps between (time the page waited on the network or on another process).
 */
import { readFileSync } from 'node:fs';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; requestId?: string; frame?: string; functionName?: string } };
}

const shortUrl = (url: string | undefined) => (url ?? '').replace(/^https?:\/\/[^/]+/, '').replace(/\?.*/, (q) => (q.length > 40 ? `${q.slice(0, 40)}…` : q));

/** Lines describing the trace from navigation start to `until` (ms after it). */
export function describeTrace(file: string, until: number): string[] {
  const { traceEvents } = JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };
  const nav = traceEvents.find((e) => e.name === 'navigationStart' && e.cat.includes('blink.user_timing'));
  const main = traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && (!nav || e.pid === nav.pid));
  if (!nav || !main) return ['  (no navigation or renderer main thread in the trace)'];
  const at = (ts: number) => (ts - nav.ts) / 1000;
  const lines: string[] = [];

  const sent = new Map<string, { url: string; start: number }>();
  const network: string[] = [];
  for (const e of traceEvents) {
    const data = e.args?.data;
    if (e.name === 'ResourceSendRequest' && data?.requestId) sent.set(data.requestId, { url: data.url ?? '', start: at(e.ts) });
    if (e.name === 'ResourceFinish' && data?.requestId && sent.has(data.requestId)) {
      const request = sent.get(data.requestId)!;
      if (request.start <= until && !request.url.startsWith('data:'))
        network.push(`    ${request.start.toFixed(0).padStart(5)} → ${at(e.ts).toFixed(0).padStart(5)}  ${shortUrl(request.url)}`);
    }
  }
  lines.push('  requests (sent → finished, ms after navigation start):', ...network);

  // Top-level tasks of the main thread, and the biggest script or parse inside each.
  const onMain = traceEvents.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && at(e.ts) >= 0 && at(e.ts) <= until).sort((a, b) => a.ts - b.ts);
  const inner = onMain.filter((e) =>
    ['EvaluateScript', 'FunctionCall', 'v8.compile', 'ParseHTML', 'MajorGC', 'MinorGC', 'Layout', 'Paint', 'TimerFire', 'FireAnimationFrame'].includes(e.name),
  );
  let busy = 0;
  let last = 0;
  let idle = 0;
  const shown: string[] = [];
  for (const task of tasks) {
    const start = at(task.ts);
    const dur = task.dur! / 1000;
    if (start > last) idle += start - last;
    last = Math.max(last, start + dur);
    busy += dur;
    if (dur < 15) continue;
    const within = inner.filter((e) => e.ts >= task.ts && e.ts < task.ts + task.dur!).sort((a, b) => b.dur! - a.dur!)[0];
    const what = within ? `${within.name} ${shortUrl(within.args?.data?.url) || within.args?.data?.functionName || ''}`.trim() : '';
    shown.push(`    ${start.toFixed(0).padStart(5)} +${dur.toFixed(0).padStart(4)} ms  ${what}`);
  }
  lines.push(
    `  main thread until ${until.toFixed(0)} ms: busy ${busy.toFixed(0)} ms, idle ${idle.toFixed(0)} ms (waiting); tasks of 15 ms or more (start +duration, biggest part):`,
    ...shown,
  );
  return lines;
}
