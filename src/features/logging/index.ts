// The logging feature as other folders see it: the feature (commands, the
// Ångra, "Ta bort min del" and activity-choice buttons, the log form), its
// action and form ids, and the activity export for the CLI. Import these
// from here, never from its files.
export { type ActivityExportRow, activityExportRows, csvHeader, csvLine } from "./activityExport.js";
export { CHOOSE_ACTIVITY_ACTION } from "./choice.js";
export { UNDO_ACTION } from "./confirmation.js";
export { loggingFeature } from "./feature.js";
export { LOG_FORM } from "./logForm.js";
export { REMOVE_OWN_PART_ACTION } from "./undo.js";
export type { MentionMap } from "./mentions.js";
