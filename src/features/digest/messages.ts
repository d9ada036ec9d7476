// Messages of the gruppchef digest that lead with the group's own part: the
// suggestions about one group, the /sammanfattning command and the digest's
// lines on a group's share. (The digest's other texts are the follow-up
// feature's, in followup/messages.ts.)
import { defineMessages } from "../../i18n/messages.js";

export const digestMessages = defineMessages(
  {
    "digest.suggest.groupBehind":
      "{group} ligger efter på {code} {activity} ({kommun}): {doneOf} {period}, {daysLeft}. Återstår för er: {remaining} – ungefär {perDay} per dag; lägg in det på de närmaste passen och logga med `/logga {example}`.",
    "digest.suggest.groupBehindCount":
      "{group} ligger efter på {code} {activity} ({kommun}): {doneOf} {period}, {daysLeft}. Återstår för er: {remaining} – planera in det på de närmaste passen och logga med `/logga {example}`.",
    "digest.suggest.groupBehindLastDay":
      "{group} ligger efter på {code} {activity} ({kommun}): {doneOf} {period}, {daysLeft}. Återstår för er: {remaining} – ta det på dagens pass och logga med `/logga {example}`.",
    "digest.suggest.notLogged":
      "{names} i {group} har inte loggat något denna vecka. Fråga på nästa genomgång om de arbetat med {code} {activity} – det som inte loggas syns inte i uppföljningen.",
    "digest.suggest.notLoggedAny":
      "{names} i {group} har inte loggat något denna vecka. Fråga på nästa genomgång om de arbetat med löftena.",
    "digest.teamPart": "{period} hittills: {ours} ({percent} %) · {lpo} – {elapsed} % av perioden har gått, {daysLeft}",
    "digest.teamPartNoTarget": "{period} hittills: {ours} · {lpo} (inget mål)",
    "digest.none": "Du är inte gruppchef för någon grupp, så det finns ingen sammanfattning att visa.",
    "digest.nothing": "Inga medborgarlöften eller dialoger gäller dina grupper just nu.",
  },
  {
    "digest.suggest.groupBehind":
      "{group} is behind on {code} {activity} ({kommun}): {doneOf} {period}, {daysLeft}. Left for you: {remaining} – about {perDay} a day; plan it into the next shifts and log with `/log {example}`.",
    "digest.suggest.groupBehindCount":
      "{group} is behind on {code} {activity} ({kommun}): {doneOf} {period}, {daysLeft}. Left for you: {remaining} – plan it into the next shifts and log with `/log {example}`.",
    "digest.suggest.groupBehindLastDay":
      "{group} is behind on {code} {activity} ({kommun}): {doneOf} {period}, {daysLeft}. Left for you: {remaining} – take it on today's shift and log with `/log {example}`.",
    "digest.suggest.notLogged":
      "{names} in {group} have logged nothing this week. Ask at the next briefing whether they worked on {code} {activity} – what is not logged does not show in the follow-up.",
    "digest.suggest.notLoggedAny":
      "{names} in {group} have logged nothing this week. Ask at the next briefing whether they worked on the promises.",
    "digest.teamPart":
      "{period} so far: {ours} ({percent} %) · {lpo} – {elapsed} % of the period has passed, {daysLeft}",
    "digest.teamPartNoTarget": "{period} so far: {ours} · {lpo} (no target)",
    "digest.none": "You are not the group leader of any group, so there is no digest to show.",
    "digest.nothing": "No citizen promise or dialogue concerns your groups right now.",
  },
);
