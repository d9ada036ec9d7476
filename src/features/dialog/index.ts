// What the medarbetardialog offers the rest of Löftesbot: the feature (its
// command, buttons and forms), its scheduled jobs, the polls as other
// features may see them (counts under the anonymity threshold only) and the
// poll export for the operator's CLI, and a poll's results as `/dialog resultat`
// shows them (the digest's button; this feature decides who may see what). Other folders import only this file;
// files inside the feature never do (that would make cycles).
export { dialogFeature } from "./feature.js";
export { pollJobs } from "./jobs.js";
export { type GroupRate, type PollOverview, type PollOverviewQuery, pollOverviews } from "./overview.js";
export { exportPolls, type PollExportFormat } from "./pollExport.js";
export { showResults } from "./results.js";
export { pollYouSaid } from "./pollMessages.js";
export { clearFreeTextClosedBefore } from "./store.js";
