// Every feature of Löftesbot, in the order they are asked to answer a command.
import { dialogFeature } from "./dialog.js";
import type { Feature } from "./feature.js";
import { followUpFeature } from "./followUp.js";
import { loggingFeature } from "./logging.js";
import { promisesFeature } from "./promises.js";

export const features: Feature[] = [loggingFeature, promisesFeature, followUpFeature, dialogFeature];
