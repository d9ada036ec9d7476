// What other features and the app use of the gruppchef digest: the feature,
// the ids of the digest's buttons, the digest itself and its leaders, and its
// jobs. Other code imports the digest only from here.
export { digestFeature } from "./feature.js";
export { DigestRun, digestHasContent, groupLeaders, type LeaderRef } from "./digestRun.js";
export { FORWARD_STATUS_ACTION, groupDigest, POLL_RESULTS_ACTION } from "./digestMessage.js";
export { groupDigestJob } from "./jobs.js";
