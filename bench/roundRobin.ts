// The scale-out bench's load balancer: a round-robin reverse proxy on loopback
// over keep-alive connections, in a process of its own (so that it does not
// share the load generator's thread). It records which `/logga` lines (by the
// number in their note, `rad<n>x`) were answered, and which with ✅; the bench
// reads them from GET /__seen. Started by bench/scaleout.ts:
//   PORT=… UPSTREAMS=port1,port2,… node bin/run-ts.mjs bench/roundRobin.ts
import { Agent, createServer, request } from "node:http";

const port = Number(process.env.PORT ?? 3990);
const upstreams = (process.env.UPSTREAMS ?? "").split(",").map(Number).filter(Boolean);
const agent = new Agent({ keepAlive: true, maxSockets: 512 });
const confirmed = new Set<number>();
const answered = new Set<number>();
let next = 0;

const server = createServer((req, res) => {
  if (req.url === "/__seen") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ confirmed: [...confirmed], answered: [...answered] }));
    return;
  }
  const upstreamPort = upstreams[next++ % upstreams.length];
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const body = Buffer.concat(chunks);
    const line = /rad(\d+)x/.exec(body.toString("latin1"))?.[1];
    const upstream = request(
      { host: "127.0.0.1", port: upstreamPort, path: req.url, method: req.method, headers: req.headers, agent },
      (answer) => {
        const out: Buffer[] = [];
        answer.on("data", (c: Buffer) => out.push(c));
        answer.on("end", () => {
          const text = Buffer.concat(out);
          if (line !== undefined) {
            answered.add(Number(line));
            if ((answer.statusCode ?? 0) < 300 && text.toString("utf8").includes("✅")) confirmed.add(Number(line));
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(text);
        });
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1");
process.once("SIGTERM", () => {
  agent.destroy();
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
