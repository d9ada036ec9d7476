// The weekly promise status: no chat command of its own; its jobs send the
// status to every bound turlag channel, remind those who logged nothing, and
// send a status forwarded from the gruppchef digest.
import type { Feature } from "../../core/feature.js";
import { forwardStatusJob, weeklyReminderJob, weeklyStatusJob } from "./jobs.js";

export const statusFeature: Feature = { name: "status", jobs: [weeklyStatusJob, weeklyReminderJob, forwardStatusJob] };
