// The gruppchef digest: once a week (and on /sammanfattning), privately, for
// the groups a person leads — per promise activity this week, the group's own
// part of the target so far (its share, share.ts) beside the LPO's total, the trend against the four weeks before and the baseline; how many
// of the group logged anything (names only when the LPO has turned them on);
// open dialogue polls and their response rate (rates, never who); closed
// polls whose results wait to be fed back; and one concrete suggestion
// (suggestion.ts). Buttons forward a group's status to its bound channel and
// open a poll's results.
import { dayInZone, daysBetween, isoWeek, isoWeekday, startOfIsoWeek } from "../../domain/calendar.js";
import type { Lang } from "../../domain/lang.js";
import type { TargetPer, DayRange } from "../../domain/targetPeriod.js";
import { formatAmount, formatNumber, type Translate, translator } from "../../i18n/index.js";
import { type Block, type Button, literal, type Reply } from "../../core/reply.js";
import type { CoreContext } from "../../core/context.js";
import {
  arrowOf,
  awaitingFeedback,
  monthName,
  type PollSummary,
  percent,
  perPhrase,
  responseRate,
} from "../followup/index.js";
import { type ActivityProgress, amountInUnit, weeksPer } from "../../progress/progress.js";
import type { ProgressSnapshot } from "../../progress/progressSnapshot.js";
import { concerning, exampleLine } from "../status/index.js";
import { lpoPart, measuredAverage, namedPart, shareBasisText, trendValues } from "../../progress/shareText.js";
import { DigestRun, type LeaderRef } from "./digestRun.js";
import {
  daysLeftText,
  periodPhrase,
  type SuggestionInput,
  suggest,
  suggestionKey,
  suggestionText,
} from "./suggestion.js";

export const FORWARD_STATUS_ACTION = "followup-forward-status";
export const POLL_RESULTS_ACTION = "followup-poll-results";

/** "Vecka 47", "November", "Kvartal 4", "Löftesperioden" */
function periodTitle(lang: Lang, t: Translate, per: TargetPer, period: DayRange): string {
  switch (per) {
    case "vecka":
      return t("digest.weekTitle", { week: isoWeek(period.from).week });
    case "månad": {
      const name = monthName(lang, Number(period.from.slice(5, 7)));
      return name.charAt(0).toUpperCase() + name.slice(1);
    }
    case "kvartal":
      return t("digest.quarterTitle", { quarter: Math.floor((Number(period.from.slice(5, 7)) - 1) / 3) + 1 });
    case "period":
      return t("digest.promiseTitle");
  }
}

function dayMonth(lang: Lang, day: string): string {
  return `${Number(day.slice(8))} ${monthName(lang, Number(day.slice(5, 7)))}`;
}

/** The digest for one gruppchef for the week of `at`; null when none of their groups has anything to report. */
export async function groupDigest(
  ctx: CoreContext,
  leader: LeaderRef,
  at: Date,
  options: {
    run?: DigestRun;
    /** the previous week's suggestion (lastSuggestion): not repeated when another applies */
    previous?: string | null;
    /** told the key of the suggestion given, for the digest's audit line */
    onSuggestion?: (key: string) => void;
  } = {},
): Promise<Reply | null> {
  const lang = leader.lang;
  const t = translator(lang);
  const day = dayInZone(at, ctx.timeZone);
  const week = isoWeek(day).week;
  const lpoId = leader.groups[0]?.lpoId;
  if (!lpoId) return null;
  const groupIds = leader.groups.map((g) => g.id);
  const run =
    options.run && options.run.lpoId === lpoId && options.run.day === day
      ? options.run
      : new DigestRun(ctx, lpoId, day, groupIds);
  const showNames = await run.showNames();
  const polls = (await run.polls(groupIds)).filter((p) => p.status === "open" || awaitingFeedback(p));
  const bound = await run.boundGroups();

  const heading = t("digest.heading", { week });
  const blocks: Block[] = [
    { kind: "heading", text: heading },
    { kind: "context", text: t("digest.intro", { name: leader.name.split(" ")[0], date: dayMonth(lang, day) }) },
  ];
  const summary: string[] = [];
  const input: SuggestionInput = {
    weekday: isoWeekday(day),
    previous: options.previous ?? null,
    groups: [],
    activities: [],
    polls: [],
  };
  const buttons: Button[] = [];
  let anything = polls.length > 0;

  for (const group of leader.groups) {
    const activities = concerning(await run.activities(), group.id);
    const { members, logged } = await run.members(group.id);
    input.groups.push({
      name: group.name,
      members: members.length,
      logged: logged.size,
      hasActivities: activities.length > 0,
      ...(showNames ? { notLogged: members.filter((m) => !logged.has(m.personId)).map((m) => m.person.name) } : {}),
    });
    blocks.push({ kind: "divider" });
    blocks.push({ kind: "text", text: `*${literal(group.name)}*` });
    if (activities.length === 0) {
      blocks.push({ kind: "text", text: t("digest.noActivities", { group: group.name }) });
      continue;
    }
    anything = true;
    let loggedText = t("digest.logged", { count: logged.size, members: members.length, group: group.name });
    if (showNames) {
      const yes = members.filter((m) => logged.has(m.personId)).map((m) => m.person.name);
      const no = members.filter((m) => !logged.has(m.personId)).map((m) => m.person.name);
      if (yes.length > 0) loggedText += ` ${t("digest.loggedNames", { names: yes.join(", ") })}`;
      if (no.length > 0) loggedText += ` ${t("digest.notLoggedNames", { names: no.join(", ") })}`;
    }
    blocks.push({ kind: "text", text: loggedText });
    summary.push(`${group.name}: ${logged.size}/${members.length}`);

    const { snapshot } = await run.progress();
    for (const activity of activities) {
      const total = snapshot.progress(activity);
      const team = snapshot.progress(activity, { groupId: group.id });
      blocks.push(...activityBlocks(lang, t, group.name, day, total, team, thisWeek(snapshot, total, day, group.id)));
      // the suggestion is about the group's own part of the target, never the LPO's whole shortfall
      input.activities.push({
        group: group.name,
        code: activity.code,
        name: activity.name,
        kommunName: activity.kommunName,
        unit: total.target?.unit ?? activity.unit,
        done: team.done,
        target: team.groupTarget,
        per: total.per,
        period: total.period,
        elapsed: total.elapsed,
        daysLeft: daysBetween(day, total.period.to),
        example: exampleLine(activity),
      });
    }
    if (bound.has(group.id))
      buttons.push({
        label: t("digest.forwardButton", { group: group.name }),
        action: { id: FORWARD_STATUS_ACTION, value: group.id },
      });
    else blocks.push({ kind: "context", text: t("digest.noChannel", { group: group.name, id: group.id }) });
  }
  if (!anything) return null;

  blocks.push({ kind: "divider" });
  blocks.push({ kind: "text", text: `*${t("digest.pollsHeading")}*` });
  blocks.push({ kind: "text", text: pollLines(lang, t, ctx, polls, leader.groups, input) });
  const pollButtons = [...polls.filter(awaitingFeedback), ...polls.filter((p) => p.status === "open")].slice(0, 3);
  for (const p of pollButtons)
    buttons.push({
      label: t("digest.pollButton", { title: p.title.slice(0, 40) }),
      action: { id: POLL_RESULTS_ACTION, value: p.id },
    });

  const chosen = suggest(input, ctx.pollMinResponses);
  options.onSuggestion?.(suggestionKey(chosen));
  const suggestion = suggestionText(lang, chosen);
  blocks.push({ kind: "divider" });
  blocks.push({ kind: "text", text: `💡 *${t("digest.suggestionHeading")}:* ${suggestion}` });
  if (buttons.length > 0) blocks.push({ kind: "actions", buttons });
  return { text: `${heading}: ${summary.join("; ")}. ${suggestion}`, blocks };
}

/** This week so far (Monday to the day), all groups and the group's. */
function thisWeek(snapshot: ProgressSnapshot, total: ActivityProgress, day: string, groupId: string) {
  const unit = total.target?.unit ?? total.activity.unit;
  const monday = startOfIsoWeek(day);
  const all = snapshot.sums(total.activity.id, monday, day);
  const team = snapshot.sums(total.activity.id, monday, day, groupId);
  return {
    total: amountInUnit(unit, all.minutes, all.count),
    team: amountInUnit(unit, team.minutes, team.count),
  };
}

function activityBlocks(
  lang: Lang,
  t: Translate,
  groupName: string,
  day: string,
  total: ActivityProgress,
  team: ActivityProgress,
  week: { total: number; team: number },
): Block[] {
  const activity = total.activity;
  const unit = total.target?.unit ?? activity.unit;
  const amount = (n: number) => formatAmount(lang, unit, n);
  const title = periodTitle(lang, t, total.per, total.period);
  const blocks: Block[] = [
    { kind: "text", text: `*${literal(`${activity.code} ${activity.name}`)}* (${literal(activity.kommunName)})` },
  ];
  const left = daysBetween(day, total.period.to);
  if (total.target) {
    // the group's own part leads (the bar); the LPO's total beside it, labelled as such
    const groupTarget = team.groupTarget ?? total.target.amount;
    const text = t("digest.teamPart", {
      period: title,
      ours: namedPart(lang, groupName, team),
      // a part of 0 (its members all elsewhere) has no percentage: "–", never "0 %"
      percent: percent(team.done, groupTarget) ?? "–",
      lpo: lpoPart(lang, total),
      elapsed: Math.round(total.elapsed * 100),
      daysLeft: left === 0 ? t("digest.lastDay") : daysLeftText(t, left),
    });
    blocks.push({
      kind: "progress",
      label: `${activity.code} ${title}`,
      done: team.done,
      target: groupTarget,
      text,
    });
  } else {
    blocks.push({
      kind: "text",
      text: t("digest.teamPartNoTarget", {
        period: title,
        ours: namedPart(lang, groupName, team),
        lpo: lpoPart(lang, total),
      }),
    });
  }
  blocks.push({
    kind: "text",
    text:
      total.per === "vecka"
        ? t("digest.teamWeek", { group: groupName, week: amount(week.team) })
        : t("digest.teamPeriod", {
            group: groupName,
            week: amount(week.team),
            period: periodPhrase(lang, t, total.per, total.period),
            periodDone: amount(team.done),
          }),
  });
  const weeks = total.trend;
  // only the measured weeks: a week before logging began is "–", in no average
  const measured = measuredAverage(weeks);
  const details = [
    t("digest.trend", {
      from: weeks[0] ? isoWeek(weeks[0].monday).week : "",
      to: weeks.at(-1) ? isoWeek(weeks.at(-1)!.monday).week : "",
      values: trendValues(lang, weeks),
      thisWeek: formatNumber(lang, week.total),
      average: measured ? formatNumber(lang, measured.average) : "–",
      arrow: measured ? arrowOf(week.total, measured.average) : "",
    }).trimEnd(),
    t("digest.teamTrend", {
      group: groupName,
      values: trendValues(lang, team.trend, false),
    }),
  ];
  const basis = shareBasisText(lang, team);
  if (basis) details.push(basis);
  if (total.baseline) {
    const per = perPhrase(t, total.per);
    const baseline = amount(total.baseline.amount);
    if (!measured) details.push(t("digest.baselineOnly", { baseline, per }));
    else {
      const average = measured.average * weeksPer(total.per, total.period);
      const params = { baseline, per, average: amount(average), arrow: arrowOf(average, total.baseline.amount) };
      const firstMeasured = weeks.find((w) => w.amount !== null);
      details.push(
        measured.weeks === weeks.length || !firstMeasured
          ? t("digest.baseline", params)
          : t("digest.baselineSince", { ...params, week: isoWeek(firstMeasured.monday).week }),
      );
    }
  }
  blocks.push({ kind: "context", text: details.join(" · ") });
  return blocks;
}

function pollLines(
  lang: Lang,
  t: Translate,
  ctx: CoreContext,
  polls: PollSummary[],
  groups: { id: string; name: string }[],
  input: SuggestionInput,
): string {
  if (polls.length === 0) return t("digest.noPolls");
  const threshold = ctx.pollMinResponses;
  const lines: string[] = [];
  for (const poll of polls) {
    if (poll.status === "open") {
      const closes = dayMonth(lang, dayInZone(poll.closesAt, ctx.timeZone));
      for (const g of groups) {
        const row = poll.groups.find((r) => r.id === g.id);
        if (!row) continue;
        const params = { title: poll.title, group: g.name, asked: row.asked, closes, threshold };
        if (row.answered !== null)
          lines.push(
            t("digest.pollOpen", {
              ...params,
              answered: row.answered,
              percent: responseRate(row.answered, row.asked) ?? "–",
            }),
          );
        else lines.push(t(row.hidden === "few" ? "digest.pollOpenFew" : "digest.pollOpenHidden", params));
        input.polls.push({
          title: poll.title,
          groupName: g.name,
          asked: row.asked,
          answered: row.answered,
          few: row.hidden === "few" && row.asked >= threshold,
          closes,
          open: true,
          awaiting: false,
          anonymous: poll.anonymous,
        });
      }
    } else {
      lines.push(
        t("digest.pollAwaiting", {
          title: poll.title,
          closed: dayMonth(lang, dayInZone(poll.closedAt ?? poll.closesAt, ctx.timeZone)),
        }),
      );
      input.polls.push({
        title: poll.title,
        groupName: "",
        asked: poll.asked,
        answered: poll.answered,
        few: false,
        closes: "",
        open: false,
        awaiting: true,
        anonymous: poll.anonymous,
      });
    }
  }
  return lines.join("\n");
}
