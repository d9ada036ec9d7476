// The status feature as other folders see it: the feature (its jobs), the
// weekly status of a group (and what it is built from), and forwarding it to
// the group's channels. Import these from here, never from its files.
export {
  FORWARD_AUDIT_ACTION,
  FORWARD_JOB,
  FORWARD_MAX_AGE_MS,
  FORWARD_PERIOD,
  FORWARD_REPEAT_MS,
  plannedForwards,
  queueForward,
} from "./forwardStatus.js";
export { weeklyStatusMessages } from "./messages.js";
export {
  activitiesOfGroup,
  activitiesOfLpo,
  concerning,
  exampleLine,
  type GroupRef,
  type LpoProgress,
  loadLpoProgress,
  weeklyStatus,
  type WeeklyStatusOptions,
} from "./weeklyStatus.js";
export { statusFeature } from "./feature.js";
export { weeklyReminderJob, weeklyStatusJob } from "./jobs.js";
