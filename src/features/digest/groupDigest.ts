// The gruppchef digest: once a week, privately, for the groups a person
// leads — per promise activity this week, the target period so far against
// target, the trend against the four weeks before and the baseline; how many
// of the group logged anything (names only when the LPO has turned them on);
// open dialogue polls and their response rate (rates, never who); closed
// polls whose results wait to be fed back; and one concrete suggestion.
//
// The suggestion is the first rule that applies, in this order:
//  1. nobody in a led group has logged anything this week (from Wednesday on);
//  2. the activity most behind: done/target furthest below the share of its
//     target period that has passed (at least 15 points), with days left;
//  3. an open poll that fewer than half of a led group has answered;
//  4. a closed poll whose results have not been fed back;
//  5. everything on pace and someone logged: praise;
//  6. otherwise a reminder of the one-line log.
import { dayInZone, daysBetween, isoWeek, isoWeekday, startOfIsoWeek } from "../../domain/calendar.js";
import type { Unit } from "../logging/oneLineLog.js";
import type { DayRange, TargetPer } from "../../domain/targetPeriod.js";
import { formatAmount, formatNumber, type Lang, type Translate, translator } from "../../i18n/index.js";
import type { Block, Button, Reply } from "../../core/reply.js";
import type { ActivityInScope } from "../../storage/organisationRepository.js";
import type { CoreContext } from "../../core/context.js";
import {
  arrowOf,
  awaitingFeedback,
  doneOf,
  monthName,
  type PollSummary,
  percent,
  perPhrase,
  pollSummaries,
  responseRate,
} from "../followup/index.js";
import { type ActivityProgress, amountInUnit, weeksPer } from "../../progress/progress.js";
import { ProgressSnapshot } from "../../progress/progressSnapshot.js";
import { activitiesOfLpo, concerning, exampleLine, type LpoProgress } from "../status/weeklyStatus.js";

export const FORWARD_STATUS_ACTION = "followup-forward-status";
export const POLL_RESULTS_ACTION = "followup-poll-results";

/** How far behind the elapsed share an activity must be to be called behind. */
export const BEHIND_MARGIN = 0.15;
/** An open poll with a lower response rate than this gets a nudge. */
export const LOW_RESPONSE_RATE = 0.5;

export interface LeaderRef {
  id: string;
  name: string;
  lang: Lang;
  slackUserId: string | null;
  teamsAadId: string | null;
  groups: { id: string; name: string; lpoId: string }[];
}

/** Each gruppchef of the LPO (Group.leadId) with the groups they lead, by person id. */
export async function groupLeaders(ctx: CoreContext, lpoId: string): Promise<LeaderRef[]> {
  const groups = await ctx.prisma.group.findMany({
    where: { lpoId, leadId: { not: null }, lead: { forgottenAt: null } },
    include: { lead: true },
    orderBy: { id: "asc" },
  });
  const leaders = new Map<string, LeaderRef>();
  for (const g of groups) {
    if (!g.lead) continue;
    const leader = leaders.get(g.lead.id) ?? {
      id: g.lead.id,
      name: g.lead.name,
      lang: g.lead.lang === "en" || g.lead.lang === "sv" ? g.lead.lang : ctx.defaultLang,
      slackUserId: g.lead.slackUserId,
      teamsAadId: g.lead.teamsAadId,
      groups: [],
    };
    leader.groups.push({ id: g.id, name: g.name, lpoId });
    leaders.set(g.lead.id, leader);
  }
  return [...leaders.values()].sort((a, b) => a.id.localeCompare(b.id));
}

interface Member {
  personId: string;
  person: { id: string; name: string };
}

/**
 * What the digests of one LPO for one day share, each part loaded once when first needed: the activities in
 * scope, the progress snapshot of all of them (a few aggregate statements instead of several per activity and
 * group), whether names are shown, the bound groups, the members of the groups and who of them logged this week.
 * A run of the job shares one per LPO; a single digest loads one scoped to the leader's groups.
 */
export class DigestRun {
  private activitiesP?: Promise<ActivityInScope[]>;
  private progressP?: Promise<LpoProgress>;
  private showNamesP?: Promise<boolean>;
  private anyPollP?: Promise<boolean>;
  private boundP?: Promise<Set<string>>;
  private membersP?: Promise<{ byGroup: Map<string, Member[]>; logged: Set<string> }>;

  constructor(
    private readonly ctx: CoreContext,
    readonly lpoId: string,
    readonly day: string,
    /** only these groups' members and bindings (a single digest); every group of the LPO when absent */
    private readonly groupIds?: string[],
  ) {}

  activities(): Promise<ActivityInScope[]> {
    this.activitiesP ??= activitiesOfLpo(this.ctx, this.lpoId, this.day);
    return this.activitiesP;
  }

  progress(): Promise<LpoProgress> {
    this.progressP ??= this.activities().then(async (activities) => ({
      activities,
      snapshot: await ProgressSnapshot.load(this.ctx, activities, this.day),
    }));
    return this.progressP;
  }

  showNames(): Promise<boolean> {
    this.showNamesP ??= this.ctx.prisma.lpo
      .findUnique({ where: { id: this.lpoId }, select: { showNamesInDigest: true } })
      .then((lpo) => lpo?.showNamesInDigest ?? false);
    return this.showNamesP;
  }

  /** Whether the LPO has any poll beyond a draft (when not, no leader's digest has any). */
  anyPoll(): Promise<boolean> {
    this.anyPollP ??= this.ctx.prisma.dialoguePoll
      .findFirst({ where: { lpoId: this.lpoId, status: { not: "draft" } }, select: { id: true } })
      .then((row) => row !== null);
    return this.anyPollP;
  }

  /** The polls of the LPO that asked one of these groups (pollSummaries), skipped when the LPO has none. */
  async polls(groupIds: string[]): Promise<PollSummary[]> {
    if (!(await this.anyPoll())) return [];
    return pollSummaries(this.ctx, { lpoId: this.lpoId, groupIds });
  }

  private groupWhere() {
    return this.groupIds ? { groupId: { in: this.groupIds } } : { group: { lpoId: this.lpoId } };
  }

  /** The groups bound to a channel. */
  boundGroups(): Promise<Set<string>> {
    this.boundP ??= this.ctx.prisma.channelBinding
      .findMany({ where: this.groupWhere(), select: { groupId: true } })
      .then((rows) => new Set(rows.map((r) => r.groupId)));
    return this.boundP;
  }

  /** A group's members by name, and who of them logged anything from Monday to the day. */
  async members(groupId: string): Promise<{ members: Member[]; logged: Set<string> }> {
    this.membersP ??= (async () => {
      const rows = await this.ctx.prisma.groupMember.findMany({
        where: { ...this.groupWhere(), person: { forgottenAt: null } },
        include: { person: { select: { id: true, name: true } } },
        orderBy: { person: { name: "asc" } },
      });
      const byGroup = new Map<string, Member[]>();
      for (const r of rows) {
        const list = byGroup.get(r.groupId) ?? [];
        list.push(r);
        byGroup.set(r.groupId, list);
      }
      const people = [...new Set(rows.map((r) => r.personId))];
      const loggedRows =
        people.length === 0
          ? []
          : await this.ctx.prisma.activityEntry.findMany({
              where: {
                personId: { in: people },
                day: { gte: startOfIsoWeek(this.day), lte: this.day },
                undoneAt: null,
              },
              select: { personId: true },
              distinct: ["personId"],
            });
      return { byGroup, logged: new Set(loggedRows.map((r) => r.personId)) };
    })();
    const { byGroup, logged } = await this.membersP;
    const members = byGroup.get(groupId) ?? [];
    return { members, logged: new Set(members.filter((m) => logged.has(m.personId)).map((m) => m.personId)) };
  }
}

/** Whether a leader's digest would say anything: an activity concerns one of their groups, or a poll asked one. */
export async function digestHasContent(
  ctx: CoreContext,
  leader: LeaderRef,
  at: Date,
  options: { run?: DigestRun } = {},
): Promise<boolean> {
  const day = dayInZone(at, ctx.timeZone);
  const lpoId = leader.groups[0]?.lpoId;
  if (!lpoId) return false;
  const run = options.run?.lpoId === lpoId && options.run.day === day ? options.run : new DigestRun(ctx, lpoId, day);
  const lpoActivities = await run.activities();
  for (const group of leader.groups) if (concerning(lpoActivities, group.id).length > 0) return true;
  const polls = await run.polls(leader.groups.map((g) => g.id));
  return polls.some((p) => p.status === "open" || awaitingFeedback(p));
}

// --------------------------------------------------------------- the rules

export interface SuggestionInput {
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
  groups: { name: string; members: number; logged: number; hasActivities: boolean }[];
  activities: {
    code: string;
    name: string;
    kommunName: string;
    unit: Unit;
    done: number;
    target: number | null;
    per: TargetPer;
    period: DayRange;
    elapsed: number;
    daysLeft: number;
    example: string;
  }[];
  polls: {
    title: string;
    groupName: string;
    asked: number;
    /** null when hidden by the anonymity threshold */
    answered: number | null;
    /** fewer than the threshold of a group that could reach it have answered */
    few: boolean;
    closes: string;
    open: boolean;
    awaiting: boolean;
  }[];
}

export type Suggestion =
  | { kind: "nobody"; group: string; members: number; example: string }
  | { kind: "behind"; activity: SuggestionInput["activities"][number]; remaining: number }
  | { kind: "pollRate"; poll: SuggestionInput["polls"][number]; threshold: number }
  | { kind: "feedback"; poll: SuggestionInput["polls"][number] }
  | { kind: "praise"; logged: number; members: number }
  | { kind: "remind"; example: string };

const rateOf = (p: SuggestionInput["polls"][number]) => (p.answered === null ? 0 : p.answered / p.asked);

export function suggest(input: SuggestionInput, threshold = 5): Suggestion {
  const example = input.activities[0]?.example ?? "1,5h närvaro";
  if (input.weekday >= 3) {
    const idle = input.groups.find((g) => g.hasActivities && g.members > 0 && g.logged === 0);
    if (idle) return { kind: "nobody", group: idle.name, members: idle.members, example };
  }
  let worst: { a: SuggestionInput["activities"][number]; gap: number } | null = null;
  for (const a of input.activities) {
    if (a.target === null || a.target <= 0 || a.daysLeft < 1) continue;
    const gap = a.elapsed - a.done / a.target;
    if (gap >= BEHIND_MARGIN && (!worst || gap > worst.gap + 1e-9)) worst = { a, gap };
  }
  if (worst) return { kind: "behind", activity: worst.a, remaining: Math.max(0, (worst.a.target ?? 0) - worst.a.done) };
  const low = input.polls
    .filter(
      (p) => p.open && p.asked > 0 && (p.few || (p.answered !== null && p.answered / p.asked < LOW_RESPONSE_RATE)),
    )
    .sort((a, b) => rateOf(a) - rateOf(b))[0];
  if (low) return { kind: "pollRate", poll: low, threshold };
  const waiting = input.polls.find((p) => p.awaiting);
  if (waiting) return { kind: "feedback", poll: waiting };
  const logged = input.groups.reduce((s, g) => s + g.logged, 0);
  const members = input.groups.reduce((s, g) => s + g.members, 0);
  if (logged > 0) return { kind: "praise", logged, members };
  return { kind: "remind", example };
}

function daysLeftText(t: Translate, days: number): string {
  return days === 1 ? t("digest.dayLeft") : t("digest.daysLeft", { days });
}

/** "denna vecka", "i november", "i kvartal 4", "under löftesperioden" */
export function periodPhrase(lang: Lang, t: Translate, per: TargetPer, period: DayRange): string {
  switch (per) {
    case "vecka":
      return t("digest.inWeek");
    case "månad":
      return t("digest.inMonth", { month: monthName(lang, Number(period.from.slice(5, 7))) });
    case "kvartal":
      return t("digest.inQuarter", { quarter: Math.floor((Number(period.from.slice(5, 7)) - 1) / 3) + 1 });
    case "period":
      return t("digest.inPromise");
  }
}

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

export function suggestionText(lang: Lang, s: Suggestion): string {
  const t = translator(lang);
  switch (s.kind) {
    case "nobody":
      return t("digest.suggest.nobody", { group: s.group, members: s.members, example: s.example });
    case "behind": {
      const a = s.activity;
      return t("digest.suggest.behind", {
        code: a.code,
        activity: a.name,
        kommun: a.kommunName,
        doneOf: doneOf(lang, t, { done: a.done, target: a.target, unit: a.unit }),
        period: periodPhrase(lang, t, a.per, a.period),
        daysLeft: daysLeftText(t, a.daysLeft),
        remaining: formatAmount(lang, a.unit, s.remaining),
        example: a.example,
      });
    }
    case "pollRate": {
      const params = { asked: s.poll.asked, group: s.poll.groupName, title: s.poll.title, closes: s.poll.closes };
      return s.poll.answered === null
        ? t("digest.suggest.pollFew", { ...params, threshold: s.threshold })
        : t("digest.suggest.pollRate", {
            ...params,
            answered: s.poll.answered,
            percent: responseRate(s.poll.answered, s.poll.asked),
          });
    }
    case "feedback":
      return t("digest.suggest.feedback", { title: s.poll.title });
    case "praise":
      return t("digest.suggest.praise", { logged: s.logged, members: s.members });
    case "remind":
      return t("digest.suggest.remind", { example: s.example });
  }
}

// ------------------------------------------------------------- the digest

function dayMonth(lang: Lang, day: string): string {
  return `${Number(day.slice(8))} ${monthName(lang, Number(day.slice(5, 7)))}`;
}

/** The digest for one gruppchef for the week of `at`; null when none of their groups has anything to report. */
export async function groupDigest(
  ctx: CoreContext,
  leader: LeaderRef,
  at: Date,
  options: { run?: DigestRun } = {},
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
  const input: SuggestionInput = { weekday: isoWeekday(day), groups: [], activities: [], polls: [] };
  const buttons: Button[] = [];
  const seenActivities = new Set<string>();
  let anything = polls.length > 0;

  for (const group of leader.groups) {
    const activities = concerning(await run.activities(), group.id);
    const { members, logged } = await run.members(group.id);
    input.groups.push({
      name: group.name,
      members: members.length,
      logged: logged.size,
      hasActivities: activities.length > 0,
    });
    blocks.push({ kind: "divider" });
    blocks.push({ kind: "text", text: `*${group.name}*` });
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
      if (!seenActivities.has(activity.id)) {
        seenActivities.add(activity.id);
        input.activities.push({
          code: activity.code,
          name: activity.name,
          kommunName: activity.kommunName,
          unit: total.target?.unit ?? activity.unit,
          done: total.done,
          target: total.target?.amount ?? null,
          per: total.per,
          period: total.period,
          elapsed: total.elapsed,
          daysLeft: daysBetween(day, total.period.to),
          example: exampleLine(activity),
        });
      }
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

  const suggestion = suggestionText(lang, suggest(input, ctx.pollMinResponses));
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
  const blocks: Block[] = [{ kind: "text", text: `*${activity.code} ${activity.name}* (${activity.kommunName})` }];
  const left = daysBetween(day, total.period.to);
  if (total.target) {
    const text = t("digest.periodSoFar", {
      period: title,
      doneOf: doneOf(lang, t, { done: total.done, target: total.target.amount, unit }),
      percent: percent(total.done, total.target.amount) ?? 0,
      elapsed: Math.round(total.elapsed * 100),
      daysLeft: left === 0 ? t("digest.lastDay") : daysLeftText(t, left),
    });
    blocks.push({
      kind: "progress",
      label: `${activity.code} ${title}`,
      done: total.done,
      target: total.target.amount,
      text,
    });
  } else {
    blocks.push({ kind: "text", text: t("digest.periodNoTarget", { period: title, done: amount(total.done) }) });
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
  const average = weeks.length > 0 ? weeks.reduce((s, w) => s + w.amount, 0) / weeks.length : 0;
  const details = [
    t("digest.trend", {
      from: weeks[0] ? isoWeek(weeks[0].monday).week : "",
      to: weeks.at(-1) ? isoWeek(weeks.at(-1)!.monday).week : "",
      values: weeks.map((w) => formatNumber(lang, w.amount)).join(" → "),
      thisWeek: formatNumber(lang, week.total),
      average: formatNumber(lang, average),
      arrow: arrowOf(week.total, average),
    }),
    t("digest.teamTrend", {
      group: groupName,
      values: team.trend.map((w) => formatNumber(lang, w.amount)).join(" → "),
    }),
  ];
  if (total.baseline) {
    const per = perPhrase(t, total.per);
    details.push(
      t("digest.baseline", {
        baseline: amount(total.baseline.amount),
        per,
        average: amount(average * weeksPer(total.per, total.period)),
        arrow: arrowOf(average * weeksPer(total.per, total.period), total.baseline.amount),
      }),
    );
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
            t("digest.pollOpen", { ...params, answered: row.answered, percent: responseRate(row.answered, row.asked) }),
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
      });
    }
  }
  return lines.join("\n");
}
