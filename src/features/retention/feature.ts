// Gallring (retention) as a feature: no chat commands, one nightly job; the
// operator's `retention run` and `person forget ID` are CLI commands (src/app).
import type { Feature } from "../../core/feature.js";
import { retentionJob } from "./jobs.js";

export const retentionFeature: Feature = { name: "retention", jobs: [retentionJob] };
