// Every feature of Löftesbot, and the registry built from them. The order is
// the order of the help text, the manifests' command lists and `jobs list`.
// A new feature is one folder under src/features/ and one line here.
import { Registry } from "../core/registry.js";
import { dialogFeature } from "./dialog/feature.js";
import { digestFeature } from "./digest/feature.js";
import { followUpFeature } from "./followup/feature.js";
import { loftesbotFeature } from "./loftesbot/feature.js";
import { loggingFeature } from "./logging/feature.js";
import { promisesFeature } from "./promises/feature.js";
import { retentionFeature } from "./retention/feature.js";
import { statusFeature } from "./status/feature.js";

export const features = [
  loggingFeature,
  statusFeature,
  retentionFeature,
  promisesFeature,
  dialogFeature,
  followUpFeature,
  digestFeature,
  loftesbotFeature,
] as const;

export const registry = new Registry(features);
