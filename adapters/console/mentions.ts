// The console's mentions: `@anna.berg` names the person whose id is
// anna.berg (the console's user id is the person id). Each `@…` word of a
// message becomes an entry of the core's mentions map, keyed by the token as
// the one-line log reads it (trailing `,;.` and a comma between words left out).
export function consoleMentions(text: string): Record<string, string> {
  const mentions: Record<string, string> = {};
  for (const piece of text.normalize("NFC").split(/\s+/)) {
    for (const word of piece.replace(/,(?!\d)|(?<!\d),/g, " ").split(" ")) {
      const token = word.replace(/(?<=\S)[,;.]+$/, "");
      if (token.length > 1 && token.startsWith("@")) mentions[token] = token.slice(1);
    }
  }
  return mentions;
}
