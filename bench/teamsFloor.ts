// The floor for Teams: a bare botbuilder bot (CloudAdapter without an app id,
// an ActivityHandler that echoes) on node's HTTP server. Started as its own
// process by bench/teams.ts:
//   PORT=… node bin/run-ts.mjs bench/teamsFloor.ts
import { createServer } from "node:http";
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";

const port = Number(process.env.PORT ?? 3980);
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler();
bot.onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text ?? ""}`);
  await next();
});

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
    } catch {
      res.writeHead(400);
      res.end();
      return;
    }
    // the small part of an Express response that CloudAdapter.process uses
    const response = {
      socket: res.socket,
      status(code: number) {
        res.statusCode = code;
        return response;
      },
      header(name: string, value: unknown) {
        res.setHeader(name, String(value));
        return response;
      },
      send(payload?: unknown) {
        if (payload === undefined || payload === null) return response;
        if (typeof payload === "string" || Buffer.isBuffer(payload)) res.write(payload);
        else {
          res.setHeader("content-type", "application/json; charset=utf-8");
          res.write(JSON.stringify(payload));
        }
        return response;
      },
      end() {
        res.end();
        return response;
      },
    };
    adapter
      .process({ body, headers: req.headers, method: req.method }, response, (context) => bot.run(context))
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1");
process.once("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
