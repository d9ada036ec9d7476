// Every feature of Löftesbot, in the order they are asked to answer a command.
import { dialogFeature } from "./dialog/feature.js";
import type { Feature } from "../core/feature.js";
import { followUpFeature } from "./followup/feature.js";
import { loggingFeature } from "./logging/feature.js";
import { promisesFeature } from "./promises/feature.js";

export const features: Feature[] = [loggingFeature, promisesFeature, followUpFeature, dialogFeature];
