// Every feature of Löftesbot, in the order they are asked to answer a command.
import type { Feature } from "./feature.js";
import { loggingFeature } from "./logging.js";
import { promisesFeature } from "./promises.js";

export const features: Feature[] = [loggingFeature, promisesFeature];
