// Why a log line was refused, and the reply that says so: the reason, "nothing
// was stored" and an example line. A refusal never stores anything.
import type { Translate } from "../../i18n/index.js";
import type { Block, Reply } from "../../core/reply.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import { activityList } from "./activityScope.js";
import type { ActivityCandidate, LogLineError } from "./oneLineLog.js";

export type LogRefusal =
  | LogLineError
  | { code: "unknown-mention" | "no-activities" | "unknown-name" | "ask-person" | "nobody-left" | "left-not-logged" };
/** stored; refused (nothing stored); or asked (nothing stored: a question, or the answer to a repeated "Spara ändå") */
export type LogOutcome =
  | { kind: "stored"; reply: Reply }
  | { kind: "refused"; reply: Reply; error: LogRefusal }
  | { kind: "asked"; reply: Reply };

export function logErrorText(t: Translate, error: LogRefusal, line: string, activities: ActivityInScope[]): string {
  switch (error.code) {
    case "empty":
      return t("log.error.empty");
    case "no-activity":
      return t("log.error.noActivity", { text: line, activities: activityList(activities) });
    case "no-activities":
      return t("log.error.noActivities");
    case "missing-duration":
      return t("log.error.missingDuration", { code: error.activity.code, activity: error.activity.name });
    case "duration-out-of-range":
      return t("log.error.durationRange");
    case "count-out-of-range":
      return t("log.error.countRange");
    case "bad-amount":
      return error.amount === "duration"
        ? t("log.error.badDuration", { text: error.text })
        : t("log.error.badCount", { text: error.text });
    case "future-day":
      if (error.lastYear)
        return t("log.error.futureDayNoYear", { text: error.text ?? "", day: error.day, lastYear: error.lastYear });
      return error.text
        ? t("log.error.futureDayWords", { text: error.text, day: error.day })
        : t("log.error.futureDay", { day: error.day });
    case "too-early":
      return error.activity?.from && error.activity.to && error.earliest === error.activity.from
        ? t("log.error.beforePeriod", { day: error.day, ...period(error.activity) })
        : t("log.error.tooEarly", { day: error.day, earliest: error.earliest });
    case "after-period":
      return t("log.error.afterPeriod", { day: error.day, ...period(error.activity) });
    case "count-on-hours":
      return t("log.error.countOnHours", { code: error.activity.code, activity: error.activity.name });
    case "range-on-count":
      return t("log.error.rangeOnCount", { code: error.activity.code, activity: error.activity.name });
    case "not-in-scope":
      return t("log.error.notInScope", {
        activities: error.activities.map(named).join(", "),
        mine: activityList(activities),
      });
    case "bad-day":
      return t("log.error.badDay", { text: error.text });
    case "vague-day":
      return t("log.error.vagueDay", { text: error.text });
    case "two-durations":
      return t("log.error.twoDurations");
    case "unclear-minutes":
      return t("log.error.unclearMinutes", { text: error.text });
    case "unclear-number": {
      if (error.day === undefined) return t("log.error.unclearCount", { text: error.text, count: error.count ?? 1 });
      const short = `${Number(error.day.slice(8, 10))}/${Number(error.day.slice(5, 7))}`;
      return error.count === undefined
        ? t("log.error.unclearDay", { text: error.text, short, day: error.day })
        : t("log.error.unclearDayOrCount", { text: error.text, short, day: error.day, count: error.count });
    }
    case "two-counts":
      return t("log.error.twoCounts");
    case "two-days":
      return t("log.error.twoDays");
    case "ambiguous":
      return t("log.ambiguous", { text: line });
    case "unknown-mention":
      return t("log.error.unknownMention", { mention: "" });
    case "unknown-name":
      return t("log.error.unknownName", { name: "" });
    case "ask-person":
      return t("log.askPerson", { name: "" });
    case "nobody-left":
      return t("log.error.nobodyLeft");
    case "left-not-logged":
      return t("log.error.leftNotLogged", { names: "", code: "", day: "" });
  }
}

/** "L1 Ökad polisiär närvaro vid resecentrum (Åsby kommun)" */
export function named(a: ActivityCandidate): string {
  return a.kommun ? `${a.code} ${a.name} (${a.kommun})` : `${a.code} ${a.name}`;
}

function period(a: ActivityCandidate): { code: string; activity: string; from: string; to: string } {
  return { code: a.code, activity: a.name, from: a.from ?? "", to: a.to ?? "" };
}

/** The refusal reply: the reason, "nothing stored", any extra blocks and an example. */
export function refusal(t: Translate, text: string, error: LogRefusal, extra: Block[] = []): LogOutcome {
  const body = `${text} ${t("log.error.nothingStored")}`;
  return {
    kind: "refused",
    error,
    reply: {
      text: body,
      blocks: [{ kind: "text", text: body }, ...extra, { kind: "context", text: t("log.example") }],
    },
  };
}
