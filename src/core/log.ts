// Structured JSON logs for operators (pino). Personal data stays out: log
// person ids and counts, never notes, names or answers.
import pino from "pino";

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, base: { service: "loftesbot" }, timestamp: pino.stdTimeFunctions.isoTime },
    destination ?? pino.destination(2),
  );
}

export const silentLogger: Logger = pino({ level: "silent" });
