import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50ms: number;
  p99ms: number;
  errors: number;
}

/** Keep-alive HTTP load from this process against a server in another one. */
export async function load(url: string, options: { seconds?: number; connections?: number; headers?: Record<string, string> } = {}): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: options.connections ?? 50,
    pipelining: 1,
    duration: options.seconds ?? 5,
    headers: options.headers,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}
