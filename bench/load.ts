// One load step with autocannon: POSTs at a fixed overall rate for a while,
// each request built fresh (a current timestamp, a signature, a distinct
// person), each answer checked for a confirmation.
//
// Pacing: autocannon's rate limit gives each connection a budget per second
// and spends it as fast as it can at the start of the second (lib/httpClient.js:
// a 1 s setInterval resets `reqsMadeThisSecond`), so one instance at 1 000/s
// sends one burst of 1 000 requests per second. To offer a steadier rate, a step
// runs SLICES instances side by side, started 1000/SLICES ms apart, each with
// its share of the rate and of the connections: bursts of rate/SLICES every
// 1000/SLICES ms. Latency is recorded here from autocannon's `response` events
// (time from sending a request to its answer), without autocannon's
// coordinated-omission correction, which back-fills one synthetic sample per
// millisecond of every answer at these rates (expected interval
// ceil(1 / per-connection rate) = 1 ms in lib/run.js).
import autocannon from "autocannon";

export interface LoadRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadOptions {
  title: string;
  baseUrl: string;
  /** requests per second, all connections together */
  rate: number;
  durationS: number;
  connections?: number;
  build(index: number): LoadRequest;
  /** true when an answer's body confirms that the work was done */
  confirmed?(status: number, body: string): boolean;
  timeoutS?: number;
}

export interface LoadResult {
  title: string;
  rate: number;
  durationS: number;
  connections: number;
  sent: number;
  /** answers per second over the step */
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  confirmed: number;
  /** 2xx answers without a confirmation (e.g. "försök igen") */
  unconfirmed2xx: number;
  /** sent but neither answered nor failed when the step ended (the service may still store them) */
  unanswered: number;
  statusCodes: Record<string, number>;
}

export const SLICES = 10;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let index = 0;
  let confirmed = 0;
  let unconfirmed2xx = 0;
  let sent = 0;
  // 20 requests per second per connection: a connection falls behind when an answer takes over 50 ms,
  // and then the step shows how much a saturated service gets done with this many requests in flight
  const connections = options.connections ?? Math.max(SLICES, Math.ceil(options.rate / 20));
  const slices = Math.min(SLICES, connections);
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const started = performance.now();
  const runs = Array.from({ length: slices }, async (_, slice) => {
    await new Promise((resolve) => setTimeout(resolve, (slice * 1000) / slices));
    let done!: (result: autocannon.Result) => void;
    let failed!: (error: unknown) => void;
    const finished = new Promise<autocannon.Result>((resolve, reject) => {
      done = resolve;
      failed = reject;
    });
    const instance = autocannon(
      {
        url: options.baseUrl,
        title: `${options.title} #${slice + 1}`,
        connections: Math.ceil(connections / slices),
        pipelining: 1,
        overallRate: Math.max(1, Math.round(options.rate / slices)),
        ignoreCoordinatedOmission: true,
        duration: options.durationS,
        timeout: options.timeoutS ?? 10,
        requests: [
          {
            method: "POST",
            setupRequest: (request) => {
              const built = options.build(index++);
              sent++;
              return { ...request, method: "POST", path: built.path, headers: built.headers, body: built.body };
            },
            onResponse: (status, body) => {
              if (options.confirmed?.(status, body)) confirmed++;
              else if (status >= 200 && status < 300) unconfirmed2xx++;
            },
          },
        ],
      },
      (error: unknown, result: autocannon.Result) => (error ? failed(error) : done(result)),
    );
    instance.on("response", (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    });
    return finished;
  });
  const results = await Promise.all(runs);
  const elapsedS = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const sum = (f: (r: autocannon.Result) => number) => results.reduce((a, r) => a + f(r), 0);
  const ok2xx = sum((r) => r["2xx"]);
  const non2xx = sum((r) => r.non2xx);
  const errors = sum((r) => r.errors);
  return {
    title: options.title,
    rate: options.rate,
    durationS: elapsedS,
    connections,
    sent,
    // each slice ran for its own duration: their rates add up
    throughput: results.reduce((a, r) => a + (r["2xx"] + r.non2xx) / r.duration, 0),
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    ok2xx,
    non2xx,
    errors,
    timeouts: sum((r) => r.timeouts),
    confirmed,
    unconfirmed2xx,
    unanswered: Math.max(0, sent - ok2xx - non2xx - errors),
    statusCodes,
  };
}
