// The retention feature as other folders see it: the feature (its nightly
// job), the gallring run and forgetting a person. Import these from here, never from its files.
export { type ForgetOutcome, forgetPerson, type RetentionOutcome, runRetention } from "./retention.js";
export { retentionFeature } from "./feature.js";
