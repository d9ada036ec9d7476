// The platform senders for scheduled messages, one per configured platform.
import type { Core } from "../compose.js";
import type { Senders } from "../schedules/jobRunner.js";

export function createSenders(_core: Core): Senders {
  return {};
}
