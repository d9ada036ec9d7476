// The weekly promise status: no chat command of its own; its jobs send the
// status to every bound turlag channel and remind those who logged nothing.
import type { Feature } from "../../core/feature.js";
import { weeklyReminderJob, weeklyStatusJob } from "./jobs.js";

export const statusFeature: Feature = { name: "status", jobs: [weeklyStatusJob, weeklyReminderJob] };
