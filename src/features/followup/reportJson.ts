// The report as JSON (`loftesbot report … --format json`), built from the same
// ReportData as the HTML and Markdown: the whole report, one object on stdout,
// for scripts and other tools. Its shape (README "The report as JSON"):
//
//   { format, version, kommun, lpo, period, generated,
//     promises: [{ id, title, from, to, activities: [{ code, name, unit, done,
//       target, baseline, months: [{ from, to, done, target }],
//       groups: [{ id, name, share: { fraction, basis } | null, done, target,
//         baseline }] }] }],
//     polls: [...],
//     quality: { from, to, counts: { met, partly, notMet, toAssess },
//       promises: [{ id, title, from, to, criteria: [{ id, level, text, status,
//         source, evidence, note, assessedBy, assessedByName, assessedAt }] }] },
//     effect: { during, before, beforeGiven, selection, notes, indicators: [{
//       indicator, kind, area, before, during, measure, ratio | difference,
//       ci95: [low, high], verdict, text, comparison }] } }
//
// Every promise's `criteria` holds all twelve criterion ids (vad.a–vad.c,
// hur.a–hur.d, lofte.a–lofte.e) in that order; status is met, partly,
// not-met or to-assess; assessedBy/assessedAt are null unless a person
// assessed it. A figure that was not measured is null, never 0. Numbers are plain JSON
// numbers (not rounded); `text` is the sentence the report shows.
import { plainText } from "../../core/replyText.js";
import type { ChangeEstimate, EffectSection, Measure } from "../indicators/index.js";
import type { QualitySection } from "./quality/scorecard.js";
import type { ReportData } from "./reportData.js";

export const REPORT_JSON_VERSION = 1;

function measureJson(m: Measure) {
  return {
    value: m.value,
    n: m.n,
    monthsCovered: m.monthsCovered,
    monthsWanted: m.monthsWanted,
    periods: m.periods,
  };
}

/** `ratio` for ratios, `difference` (percentage points) for shares; both null when it cannot be computed. */
function changeJson(kind: "count" | "share", change: ChangeEstimate | null, measure: ChangeEstimate["measure"]) {
  const value = change ? change.estimate : null;
  return {
    measure,
    ...(kind === "count" ? { ratio: value } : { difference: value }),
    ci95: change ? change.ci95 : null,
  };
}

export function effectJson(effect: EffectSection) {
  return {
    during: effect.during,
    before: effect.before,
    beforeGiven: effect.beforeGiven,
    selection: effect.selection,
    notes: effect.notes.map(plainText),
    indicators: effect.indicators.map((i) => ({
      indicator: i.indicator,
      kind: i.kind,
      area: i.area,
      promiseIds: i.promiseIds,
      before: measureJson(i.before),
      during: measureJson(i.during),
      ...changeJson(i.kind, i.change, i.kind === "count" ? "rateRatio" : "shareDifference"),
      verdict: i.verdict,
      text: plainText(i.text),
      coverageNote: i.coverageNote === null ? null : plainText(i.coverageNote),
      comparison: i.comparison
        ? {
            area: i.comparison.area,
            before: measureJson(i.comparison.before),
            during: measureJson(i.comparison.during),
            ...changeJson(
              i.kind,
              i.comparison.relative,
              i.kind === "count" ? "ratioOfRatios" : "differenceInDifferences",
            ),
            verdict: i.comparison.verdict,
            text: plainText(i.comparison.text),
          }
        : null,
    })),
  };
}

export function qualityJson(quality: QualitySection) {
  return {
    from: quality.from,
    to: quality.to,
    counts: { ...quality.counts },
    promises: quality.promises.map((p) => ({
      id: p.promiseId,
      title: p.title,
      from: p.from,
      to: p.to,
      criteria: p.criteria.map((c) => ({
        id: c.id,
        level: c.level,
        text: plainText(c.text),
        status: c.status,
        source: c.source,
        evidence: plainText(c.evidence),
        note: c.note === null ? null : plainText(c.note),
        assessedBy: c.assessedBy,
        assessedByName: c.assessedByName,
        assessedAt: c.assessedAt,
      })),
    })),
  };
}

export function reportJson(data: ReportData): string {
  const report = {
    format: "loftesbot-report",
    version: REPORT_JSON_VERSION,
    lang: data.lang,
    kommun: { id: data.kommun.id, name: data.kommun.name },
    lpo: data.lpoName,
    period: { from: data.period.from, to: data.period.to },
    generated: data.generated,
    timeZone: data.timeZone,
    promises: data.promises.map((p) => ({
      id: p.id,
      title: p.title,
      from: p.from,
      to: p.to,
      activities: p.activities.map((a) => ({
        code: a.activity.code,
        name: a.activity.name,
        unit: a.total.unit,
        done: a.total.unlogged ? null : a.total.done,
        target: a.total.target,
        baseline: a.total.baseline,
        minutes: a.total.minutes,
        people: a.total.people,
        entries: a.total.entries,
        months: a.months.map((m) => ({
          from: m.month.from,
          to: m.month.to,
          // a month before logging began was not measured: null, never 0
          done: m.figures.unlogged ? null : m.figures.done,
          target: m.figures.target,
        })),
        // each group's own part of the target for the period (share.ts); the activity's figures above are the whole LPO's
        groups: a.parts
          .filter((g) => g.id !== null)
          .map((g) => ({
            id: g.id,
            name: g.name,
            share: g.figures.share ? { fraction: g.figures.share.fraction, basis: g.figures.share.basis } : null,
            done: g.figures.unlogged ? null : g.figures.done,
            target: g.figures.target,
            baseline: g.figures.baseline,
          })),
        targetChanges: a.changes.map((c) => ({
          validFrom: c.validFrom,
          text: plainText(c.text),
          before: c.before === null ? null : plainText(c.before),
        })),
      })),
    })),
    polls: data.polls.map((p) => ({
      id: p.id,
      title: p.title,
      kind: p.kind,
      status: p.status,
      promiseId: p.promiseId,
      opensAt: p.opensAt.toISOString(),
      closesAt: p.closesAt.toISOString(),
      closedAt: p.closedAt ? p.closedAt.toISOString() : null,
      asked: p.asked,
      // null below the anonymity threshold (never 0)
      answered: p.answered,
      fedBack: p.followUp !== null,
    })),
    // the quality follow-up (prestation): its criteria with status and evidence
    quality: qualityJson(data.quality),
    effect: effectJson(data.effect),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
