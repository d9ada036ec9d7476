// The report's Prestation section from its `quality` data: per promise a
// table of the twelve criteria — id, meaning, status (and whether computed or
// assessed), the evidence and the assessor's note, and who assessed it when.
// The renderers hand in their own escaping (HTML, Markdown), so every text
// here — the evidence quotes dialogue titles, the note is a person's — is
// escaped exactly as the rest of the report.
import type { Lang } from "../../../domain/lang.js";
import { translator } from "../../../i18n/index.js";
import type { Table } from "../reportTables.js";
import type { CriterionResult, QualitySection } from "./scorecard.js";

function when(at: string, timeZone: string): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(at));
}

function row(lang: Lang, c: CriterionResult, timeZone: string): string[] {
  const t = translator(lang);
  return [
    c.id,
    c.text,
    `${t(`quality.status.${c.status}`)} (${t(`quality.source.${c.source}`)})`,
    [c.evidence, c.note ? t("quality.noteLabel", { note: c.note }) : null].filter(Boolean).join(" "),
    c.assessedAt ? `${c.assessedByName ?? c.assessedBy ?? ""}, ${when(c.assessedAt, timeZone)}` : "–",
  ];
}

export interface QualityTables {
  intro: string;
  counts: string;
  promises: { title: string; table: Table }[];
}

export function qualityTables(lang: Lang, kommunId: string, quality: QualitySection, timeZone: string): QualityTables {
  const t = translator(lang);
  const head = [
    t("report.quality.col.id"),
    t("report.quality.col.text"),
    t("report.quality.col.status"),
    t("report.quality.col.evidence"),
    t("report.quality.col.by"),
  ];
  return {
    intro: t("report.quality.intro", { kommun: kommunId }),
    counts: t("quality.counts", { ...quality.counts }),
    promises: quality.promises.map((p) => ({
      title: `${p.title} (${p.from} – ${p.to})`,
      table: { head, rows: p.criteria.map((c) => row(lang, c, timeZone)), numeric: [] },
    })),
  };
}
