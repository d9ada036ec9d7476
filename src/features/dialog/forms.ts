// The ids of the medarbetardialog's forms and buttons (sent to the platforms
// and back: they must not change, or a button in an old message stops
// working) and the readers of submitted form values.
export const POLL_FORM = "poll";
export const POLL_ANSWER_FORM = "poll-answer";
/** the creator's feedback note ("ni sa / vi gör"); the id keeps the note's first name, so old buttons work */
export const POLL_FEEDBACK_FORM = "poll-followup";
/** the Svara button: value = poll id */
export const ANSWER_ACTION = "poll-answer";
export const RESULTS_ACTION = "poll-results";
export const FORWARD_ACTION = "poll-forward";
/** the button that opens the feedback note's form: value = poll id; the id keeps the note's first name */
export const FEEDBACK_ACTION = "poll-followup";
/** "Starta hur-dialog" on a closed vad-dialogue's results: value = the vad-dialogue's id */
export const HUR_FROM_ACTION = "poll-hur-from";

/** One submitted value, trimmed ("" when missing). */
export function single(value: string | string[] | undefined): string {
  return ((Array.isArray(value) ? value[0] : value) ?? "").trim();
}

/** Several submitted values (a multiple choice, or a comma-separated text), trimmed, without empties. */
export function many(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : (value ?? "").split(",");
  return list.map((v) => v.trim()).filter(Boolean);
}
