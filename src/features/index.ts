// Every feature of Löftesbot, and the registry built from them. The order is
// the order of the help text, the manifests' command lists and `jobs list`.
// A new feature is one folder under src/features/ and one line here.
import { Registry } from "../core/registry.js";
import { dialogFeature } from "./dialog/index.js";
import { digestFeature } from "./digest/index.js";
import { followUpFeature } from "./followup/index.js";
import { loftesbotFeature } from "./loftesbot/index.js";
import { loggingFeature } from "./logging/index.js";
import { promisesFeature } from "./promises/index.js";
import { retentionFeature } from "./retention/index.js";
import { statusFeature } from "./status/index.js";

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
