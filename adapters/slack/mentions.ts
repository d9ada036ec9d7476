// Slack's mentions: a user mention arrives as `<@U0ABC123>` or, with
// escaping on, `<@U0ABC123|anna>`. Each becomes an entry of the core's
// mentions map: the token as it appears in the text → the Slack user id.
const USER_MENTION = /<@([A-Z0-9]+)(?:\|[^<>]*)?>/gi;

export function slackMentions(text: string): Record<string, string> {
  const mentions: Record<string, string> = {};
  for (const match of text.matchAll(USER_MENTION)) mentions[match[0]] = match[1];
  return mentions;
}
