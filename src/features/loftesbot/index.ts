// The `/loftesbot` command (help and channel binding) as other folders see it:
// the feature object only.
export { loftesbotFeature } from "./feature.js";
