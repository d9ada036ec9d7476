// What other features and the app use of the follow-up: the feature, the figures' wording
// the gruppchef digest shares, the poll summaries, the monthly follow-up and
// its job, the follow-up form's id, and what the `report` (also `--citizen`
// and `report published`) and `export progress` commands call. Other code
// imports the follow-up only from here.
export { followUpFeature } from "./feature.js";
export { percent } from "./figures.js";
export { FOLLOW_UP_FORM } from "./form.js";
export { type FollowUpPeriod, monthName, parseFollowUpPeriod, rangePeriod } from "./followUpPeriod.js";
export { awaitingFeedback, type PollSummary, pollSummaries, responseRate } from "./followUpPolls.js";
export { monthlyFollowUpJob } from "./jobs.js";
export { monthlyFollowUp } from "./monthlyFollowUp.js";
export { arrowOf, doneOf, perPhrase } from "./presentation.js";
export {
  auditProgressExport,
  csvLineOf,
  csvRows,
  PROGRESS_COLUMNS,
  type ProgressExportRow,
  planProgressExport,
  progressExportRows,
} from "./progressExport.js";
export { followUpReportJson, type ReportWriter, type WrittenReport, writeFollowUpReport } from "./report.js";
export { type KommunRef, matchKommun } from "./scope.js";
export { SHORT_TEXT_MAX } from "./citizen/draft.js";
export { markPublishedFromCli, type WrittenCitizenDraft, writeCitizenDraft } from "./citizen/write.js";
export type { CriterionResult, QualitySection } from "./quality/scorecard.js";
export { allKommuner } from "./store.js";
