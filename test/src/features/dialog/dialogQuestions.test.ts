// The parts of the medarbetardialog that need no database: the own-question
// syntax, templates in both languages, closing times in Europe/Stockholm,
// the reminder point, and the poll keys: tokens, reminder keys, the wrapped
// key and sealed sheets.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  formatQuestions,
  localizeQuestion,
  minutesToAnswer,
  parseQuestions,
  POLL_TEMPLATES,
  templateQuestions,
} from "../../../../src/features/dialog/pollQuestions.js";
import {
  newPollKey,
  openSheet,
  reminderKey,
  responseToken,
  sealSheet,
  unwrapPollKey,
  wrapPollKey,
} from "../../../../src/features/dialog/pollToken.js";
import { sheetSize } from "../../../../src/features/dialog/sheets.js";
import { formatDateTime, parseClock, zonedInstant } from "../../../../src/domain/zonedTime.js";
import { reminderDueAt } from "../../../../src/features/dialog/jobs.js";

describe("own questions", () => {
  it("reads one question per line with a prefix for the kind", () => {
    const parsed = parseQuestions(
      [
        "skala: Hur trygg känner du dig på Torget?",
        "val: Vilket pass passar bäst? | Dag | Kväll | Natt",
        "flera: Vilka platser är otrygga? | Torget | Parken | Stationen",
        "fritext: Vad borde vi göra först?",
        "Vad mer?",
      ].join("\n"),
    );
    expect(parsed).toEqual({
      ok: true,
      questions: [
        { kind: "scale", text: "Hur trygg känner du dig på Torget?", options: [] },
        { kind: "single", text: "Vilket pass passar bäst?", options: ["Dag", "Kväll", "Natt"] },
        { kind: "multi", text: "Vilka platser är otrygga?", options: ["Torget", "Parken", "Stationen"] },
        { kind: "text", text: "Vad borde vi göra först?", options: [] },
        { kind: "text", text: "Vad mer?", options: [] },
      ],
    });
  });

  it("accepts ; between questions (the console reads one line) and English prefixes", () => {
    const parsed = parseQuestions("scale: How safe?; choice: Shift? | Day | Night; text: Anything else?");
    expect(parsed.ok && parsed.questions.map((q) => q.kind)).toEqual(["scale", "single", "text"]);
  });

  it("refuses what cannot be asked, naming the line", () => {
    expect(parseQuestions("")).toEqual({ ok: false, error: { code: "none" } });
    expect(parseQuestions("a?\nb?\nc?\nd?\ne?\nf?").ok).toBe(false);
    expect(parseQuestions("skala: Bra?\nval: Vilket? | Bara ett")).toEqual({
      ok: false,
      error: { code: "options-missing", line: 2 },
    });
    expect(parseQuestions("flera: Vilka? | A | a")).toEqual({
      ok: false,
      error: { code: "option-duplicate", line: 1, option: "a" },
    });
    expect(parseQuestions("fritext: ?")).toEqual({ ok: false, error: { code: "length", line: 1 } });
    expect(parseQuestions("skala: Bra?", 0)).toEqual({ ok: false, error: { code: "too-many", max: 0, count: 1 } });
  });

  it("writes questions back in the same syntax", () => {
    const questions = templateQuestions("standard-hur", "sv");
    const again = parseQuestions(formatQuestions(questions, "sv"));
    expect(again.ok && again.questions).toEqual(questions);
  });
});

describe("templates", () => {
  it("have the same questions in Swedish and English, 1–5 each", () => {
    for (const template of Object.values(POLL_TEMPLATES)) {
      expect(template.sv.length).toBeGreaterThanOrEqual(1);
      expect(template.sv.length).toBeLessThanOrEqual(5);
      expect(template.en.map((q) => [q.kind, q.options.length])).toEqual(
        template.sv.map((q) => [q.kind, q.options.length]),
      );
    }
  });

  it("shows a stored template question in the reader's language, options by position", () => {
    const [sv] = templateQuestions("standard-vad", "sv");
    const en = localizeQuestion(sv, "en");
    expect(en.text).toBe(POLL_TEMPLATES["standard-vad"].en[0].text);
    expect(en.options[0]).toBe("Drugs");
    const own = { kind: "text" as const, text: "Egen fråga?", options: [] };
    expect(localizeQuestion(own, "en")).toBe(own);
  });

  it("says how long answering takes", () => {
    expect(minutesToAnswer(templateQuestions("standard-vad", "sv"))).toBe(3);
    expect(minutesToAnswer([{ kind: "scale" }])).toBe(1);
  });
});

describe("closing time", () => {
  it("reads a wall-clock time in Stockholm, summer and winter", () => {
    expect(parseClock("16")).toEqual({ hour: 16, minute: 0 });
    expect(parseClock("kl 9.30")).toEqual({ hour: 9, minute: 30 });
    expect(parseClock("1630")).toEqual({ hour: 16, minute: 30 });
    expect(parseClock("25:00")).toBeNull();
    expect(zonedInstant("2026-12-02", 16, 0, "Europe/Stockholm").toISOString()).toBe("2026-12-02T15:00:00.000Z");
    expect(zonedInstant("2026-06-02", 16, 0, "Europe/Stockholm").toISOString()).toBe("2026-06-02T14:00:00.000Z");
    expect(formatDateTime(new Date("2026-12-02T15:00:00Z"), "sv", "Europe/Stockholm")).toBe(
      "onsdag 2 december kl. 16:00",
    );
  });

  it("reminds a day before closing, or half-way on a short poll", () => {
    const day = 24 * 3_600_000;
    const opensAt = new Date("2026-11-25T09:00:00Z");
    expect(reminderDueAt({ opensAt, closesAt: new Date("2026-12-02T15:00:00Z") }, day).toISOString()).toBe(
      "2026-12-01T15:00:00.000Z",
    );
    expect(reminderDueAt({ opensAt, closesAt: new Date("2026-11-26T09:00:00Z") }, day).toISOString()).toBe(
      "2026-11-25T21:00:00.000Z",
    );
  });
});

describe("poll keys", () => {
  it("make tokens and reminder keys that cannot be made without the poll's key", () => {
    const key = newPollKey();
    const token = responseToken(key, "ali.hassan");
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(responseToken(key, "ali.hassan")).toBe(token);
    expect(responseToken(newPollKey(), "ali.hassan")).not.toBe(token);
    expect(createHash("sha256").update("d1:ali.hassan").digest("hex")).not.toBe(token);
    expect(responseToken(key, "emma.lund")).not.toBe(token);
    const reminder = reminderKey(key, "d1", "ali.hassan");
    expect(reminder).toMatch(/^poll:d1:reminder:[0-9a-f]{32}$/);
    expect(reminder).not.toContain("ali");
    expect(reminderKey(newPollKey(), "d1", "ali.hassan")).not.toBe(reminder);
  });

  it("keep the poll's key only wrapped under the instance key, bound to its poll", () => {
    const key = newPollKey();
    const wrapped = wrapPollKey("instance-key", "d1", key);
    expect(wrapped).not.toContain(key.toString("hex"));
    expect(wrapped).not.toContain(key.toString("base64"));
    expect(unwrapPollKey("instance-key", "d1", wrapped).equals(key)).toBe(true);
    expect(() => unwrapPollKey("another-key", "d1", wrapped)).toThrow();
    expect(() => unwrapPollKey("instance-key", "d2", wrapped)).toThrow();
  });

  it("seal a sheet so that only the poll's key opens it, for its own token, and every sheet has one length", () => {
    const key = newPollKey();
    const size = sheetSize([
      { kind: "scale", options: [] },
      { kind: "text", options: [] },
    ]);
    const short = { groupId: "ig-1", answers: [{ questionId: "q0", value: "1" }] };
    const long = {
      groupId: "ig-2",
      answers: [
        { questionId: "q0", value: "5" },
        { questionId: "q1", value: "Mer ljus i parken på kvällarna, och fler pass vid Torget. ".repeat(17) },
      ],
    };
    const a = sealSheet(key, "d1", "token-a", short, size);
    const b = sealSheet(key, "d1", "token-b", long, size);
    expect(a.length).toBe(b.length);
    expect(openSheet(key, "d1", "token-a", a)).toEqual(short);
    expect(openSheet(key, "d1", "token-b", b)).toEqual(long);
    expect(() => openSheet(newPollKey(), "d1", "token-a", a)).toThrow();
    // a sheet moved to another token or poll does not open
    expect(() => openSheet(key, "d1", "token-b", a)).toThrow();
    expect(() => openSheet(key, "d2", "token-a", a)).toThrow();
    expect(a).not.toContain("ig-1");
  });
});
