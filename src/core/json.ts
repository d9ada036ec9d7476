// JSON a feature stored or was sent (a button's value, a form's state, a
// poll's note, an audit detail, an AI summary) is read here: parsed, then
// checked with a zod schema, never cast. Anything that is not JSON or does not
// fit the schema reads as null.
import type { z } from "zod/v4";

export function parseJson<T>(text: string, schema: z.ZodType<T>): T | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
