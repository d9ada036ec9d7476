// The chat platforms, declared once: Slack and Teams carry messages to people
// and channels; the console (`loftesbot chat`) is a platform for input only.
// Platform ids (Slack user ids, Teams object ids) never leave the adapters, the
// people directory, the organisation import and src/delivery/routes.ts.
export const CHAT_PLATFORMS = ["slack", "teams"] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];
export type Platform = ChatPlatform | "console";

/** A platform name read from storage; null when it is not a chat platform. */
export function asChatPlatform(value: string): ChatPlatform | null {
  return (CHAT_PLATFORMS as readonly string[]).includes(value) ? (value as ChatPlatform) : null;
}
