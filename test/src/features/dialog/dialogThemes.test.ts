// The theme summary of free-text answers: offline on a fixed set of realistic
// Swedish answers with four known themes, and through Teams AI against a fake
// OpenAI server (only masked text is sent; any error falls back offline).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../../../src/core/log.js";
import type { CoreContext } from "../../../../src/core/context.js";
import {
  conceptsOf,
  llmThemes,
  offlineThemes,
  stemSwedish,
  summarizeThemes,
} from "../../../../src/features/dialog/themeSummary.js";

const TIME = [
  "För lite tid – vi hinner inte med förebyggande arbete mellan larmen.",
  "Tiden räcker inte till, vi åker på larm hela passen.",
  "Vi har ingen tid för löftet när bemanningen är så låg.",
  "Brist på tid. Larmen går alltid först.",
  "Mer tid avsatt i schemat för det förebyggande arbetet skulle hjälpa.",
];
const MOPEDS = [
  "Buskörning med mopeder på torget på kvällarna.",
  "Mopederna kör runt torget och skrämmer folk.",
  "Ungdomar som kör moppe över torget fredagskvällar.",
  "Buskörningen vid torget är värst på helgerna.",
  "Epatraktorer och mopeder som kör fort på Torget.",
];
const LIGHTING = [
  "Dålig belysning i parken gör att folk undviker den.",
  "Det är mörkt i Norrdalsparken, flera lampor är trasiga.",
  "Belysningen i parken behöver lagas, många känner sig otrygga.",
  "Parken är helt mörk på kvällen – ingen belysning längs gångvägen.",
  "Trasiga lampor i parken och igenvuxna buskar.",
];
const DRUGS = [
  "Narkotikaförsäljning vid skolan på eftermiddagarna.",
  "Det säljs knark utanför skolan, eleverna berättar om det.",
  "Langning av narkotika nära skolgården.",
  "Narkotikan vid skolan – ungdomar köper efter skoltid.",
  "Droghandel vid skolan och i parken på kvällarna.",
];
const NOISE = ["Vet inte.", "Inget att tillägga just nu."];

const KNOWN: { name: string; answers: string[]; label: RegExp }[] = [
  { name: "för lite tid", answers: TIME, label: /^tid och bemanning$/ },
  { name: "buskörning/mopeder vid torget", answers: MOPEDS, label: /^buskörning och trafik, torget$/ },
  { name: "dålig belysning i parken", answers: LIGHTING, label: /^otrygghet, mörker och belysning, parken$/ },
  { name: "narkotikaförsäljning vid skolan", answers: DRUGS, label: /^narkotika, skolan$/ },
];

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("offline theme summary", () => {
  it("stems Swedish words with the Snowball stemmer and takes forms of one word as one", () => {
    expect(["mopederna", "mopeder", "moped"].map(stemSwedish)).toEqual(["moped", "moped", "moped"]);
    expect(["tiden", "tider", "tid"].map(stemSwedish)).toEqual(["tid", "tid", "tid"]);
    expect(["belysningen", "ungdomarna"].map(stemSwedish)).toEqual(["belysning", "ungdom"]);
    // Snowball leaves "torget"; within a question's answers it is the same word as "torg"
    const summary = offlineThemes(["Torget är stökigt", "Stök vid torg", "Nattvandrare på torget", "Fika"]);
    expect(summary.themes[0].count).toBe(3);
  });

  it("counts police words for their concept, typos and compounds included", () => {
    expect(conceptsOf("Blir inkallad till IG hela tiden")).toContain("resurser");
    expect(conceptsOf("bemaningen räcker inte")).toContain("resurser");
    expect(conceptsOf("Trasig gatubelysning")).toContain("otrygghet");
    expect(conceptsOf("Låt kommunpolisen slippa IG")).not.toContain("samverkan");
    // the three answers of one obvious theme that round 1 left in Övrigt
    const answers = ["Resursbrist", "Blir inkallad till IG", "ivägskickade på larm", "Vet inte", "Kaffe"];
    const summary = offlineThemes(answers);
    expect(summary.themes.map((t) => [t.label, t.members])).toEqual([["tid och bemanning", [0, 1, 2]]]);
  });

  for (const seed of [1, 7, 42]) {
    it(`finds the four known themes in 22 realistic answers (order ${seed})`, () => {
      const answers = shuffle([...TIME, ...MOPEDS, ...LIGHTING, ...DRUGS, ...NOISE], seeded(seed));
      const summary = offlineThemes(answers);
      expect(summary.source).toBe("offline");
      expect(summary.themes).toHaveLength(4);
      for (const known of KNOWN) {
        const indexes = known.answers.map((a) => answers.indexOf(a));
        const theme = summary.themes.find((th) => indexes.filter((i) => th.members.includes(i)).length >= 4);
        expect(theme, known.name).toBeDefined();
        expect(theme?.label, known.name).toMatch(known.label);
        // the quotes are answers of the theme
        for (const quote of theme?.quotes ?? []) expect(known.answers).toContain(quote);
      }
      // the two answers about nothing stay outside every theme
      const noise = NOISE.map((a) => answers.indexOf(a));
      for (const th of summary.themes) for (const i of noise) expect(th.members).not.toContain(i);
      expect(summary.other).toBe(2);
    });
  }

  it("keeps answers that all share one word as one theme", () => {
    const answers = Array.from({ length: 10 }, (_, i) => (i % 2 ? "Tiden räcker inte." : "Brist på tid."));
    const summary = offlineThemes(answers);
    expect(summary.themes.map((t) => [t.label, t.count])).toEqual([["tid och bemanning", 10]]);
  });

  it("gives no themes when answers share nothing", () => {
    const summary = offlineThemes(["Inget särskilt.", "Bra jobbat allihop!", "Kaffe i fikarummet"]);
    expect(summary.themes).toEqual([]);
  });
});

describe("AI theme summary through Teams AI", () => {
  let server: Server;
  let endpoint: string;
  const requests: string[] = [];
  let fail = false;
  /** when set, the model's message content instead of the good reply */
  let content: string | null = null;
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        requests.push(body);
        if (fail) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "boom" } }));
          return;
        }
        const reply =
          content ??
          JSON.stringify({
            themes: [
              { label: "Mopeder på torget", answers: [1, 2] },
              { label: "Narkotika vid skolan", answers: [3, 4, 99] },
            ],
          });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: "x",
            object: "chat.completion",
            created: 0,
            model: "gpt-4o-mini",
            choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: reply } }],
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const answers = [
    "Mopeder kör på torget varje kväll.",
    "Buskörning med moppe vid Torget, bilen ABC 123 var där också.",
    "Knark säljs vid skolan av 19850101-1234.",
    "Narkotikaförsäljning vid skolan.",
  ];

  it("sends only masked text, and keeps quotes to the answers themselves", async () => {
    fail = false;
    requests.length = 0;
    const summary = await llmThemes({ openAiKey: "test-key", openAiEndpoint: endpoint }, answers, "sv");
    expect(summary.source).toBe("ai");
    expect(summary.themes.map((t) => [t.label, t.count])).toEqual([
      ["Mopeder på torget", 2],
      ["Narkotika vid skolan", 2],
    ]);
    expect(summary.themes[1].quotes[0]).toBe("Knark säljs vid skolan av [personnummer].");
    expect(requests).toHaveLength(1);
    expect(requests[0]).not.toContain("19850101");
    expect(requests[0]).not.toContain("ABC 123");
    expect(requests[0]).toContain("[personnummer]");
    expect(requests[0]).toContain("[regnummer]");
  });

  it("falls back to the offline summary on any error", async () => {
    fail = true;
    const ctx = {
      ai: { openAiKey: "test-key", openAiEndpoint: endpoint },
      logger: silentLogger,
    } as unknown as CoreContext;
    const summary = await summarizeThemes(ctx, [...MOPEDS, ...DRUGS], "sv");
    expect(summary.source).toBe("offline");
    expect(summary.themes).toHaveLength(2);
  });

  for (const [name, reply] of [
    ["prose instead of JSON", "Här är temana: mopeder och narkotika."],
    ["JSON of another shape", JSON.stringify({ groups: [{ name: "x", items: [1, 2] }] })],
    ["themes naming no answer given", JSON.stringify({ themes: [{ label: "Påhittat", answers: [42, "x"] }] })],
    ["a label that is no text", JSON.stringify({ themes: [{ label: { text: "x" }, answers: [1, 2] }] })],
  ] as const) {
    it(`validates the reply and falls back offline on ${name}`, async () => {
      fail = false;
      content = reply;
      requests.length = 0;
      const ctx = {
        ai: { openAiKey: "test-key", openAiEndpoint: endpoint },
        logger: silentLogger,
      } as unknown as CoreContext;
      const summary = await summarizeThemes(ctx, [...MOPEDS, ...DRUGS], "sv");
      content = null;
      expect(requests.length).toBeGreaterThanOrEqual(1);
      expect(summary.source).toBe("offline");
      expect(summary.themes).toHaveLength(2);
    });
  }

  it("stays offline when no AI is configured", async () => {
    const ctx = { logger: silentLogger } as unknown as CoreContext;
    requests.length = 0;
    const summary = await summarizeThemes(ctx, [...TIME, ...LIGHTING], "sv");
    expect(summary.source).toBe("offline");
    expect(requests).toHaveLength(0);
  });
});
