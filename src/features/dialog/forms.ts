// The ids of the medarbetardialog's forms and buttons (sent to the platforms
// and back: they must not change, or a button in an old message stops
// working) and the readers of submitted form values.
export const POLL_FORM = "poll";
export const POLL_ANSWER_FORM = "poll-answer";
export const POLL_FOLLOWUP_FORM = "poll-followup";
/** the Svara button: value = poll id */
export const ANSWER_ACTION = "poll-answer";
export const RESULTS_ACTION = "poll-results";
export const FORWARD_ACTION = "poll-forward";
export const FOLLOWUP_ACTION = "poll-followup";

/** One submitted value, trimmed ("" when missing). */
export function single(value: string | string[] | undefined): string {
  return ((Array.isArray(value) ? value[0] : value) ?? "").trim();
}

/** Several submitted values (a multiple choice, or a comma-separated text), trimmed, without empties. */
export function many(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : (value ?? "").split(",");
  return list.map((v) => v.trim()).filter(Boolean);
}
