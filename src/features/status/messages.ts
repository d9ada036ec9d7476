// Messages of the weekly promise status and the weekly reminder.
import { defineMessages } from "../../i18n/messages.js";

export const weeklyStatusMessages = defineMessages(
  {
    "status.heading": "Veckostatus medborgarlöften – {group}, v. {week}",
    "status.intro": "Så här går det med löftena som turlaget arbetar med. Logga med en rad: `/logga 1,5h närvaro`.",
    "status.lastWeek": "Förra veckan (v. {week}): {ours} · {lpo}",
    "status.periodSoFar": "{period} hittills: {ours} ({percent} %) · {lpo} – {elapsed} % av perioden har gått",
    "status.noTarget": "Förra veckan: ert turlag {ours} · hela LPO {lpo} (inget mål)",
    "status.trend": "Turlagets trend v. {from}–{to}: {values} {arrow}",
    "status.baseline": "Turlagets utgångsläge: {amount} per {per}",
    "status.logLine": "Logga: `/logga {example}`",
    "status.mostLogged": "Mest loggat av turlaget förra veckan: {code} {activity} ({entries} loggningar).",
    "status.nothingLogged": "Turlaget loggade inget på löftena förra veckan.",
    "status.none": "Inga medborgarlöften gäller {group} just nu.",
    "status.logButton": "Logga",
    "status.unboundHint":
      "{group} har ingen kopplad kanal, så statusen kommer privat till dig. Koppla gruppens kanal med `/loftesbot koppla {id}` i kanalen, så går den dit.",
    "status.chartTitle": "Vecka för vecka mot målet",
    "status.chartAlt": "Diagram: {summary}",
    "status.month": "Månaden",
    "status.quarter": "Kvartalet",
    "status.period": "Löftesperioden",
    "status.week": "Veckan",
    "reminder.text":
      "Hej {name}! Du har inte loggat något på {activities} den här veckan. Har du arbetat med löftet? Logga med en rad, t.ex. `/logga {example}` – eller tryck Logga.",
    "reminder.heading": "Påminnelse: medborgarlöften v. {week}",
  },
  {
    "status.heading": "Weekly promise status – {group}, w. {week}",
    "status.intro": "How the promises your team works on are going. Log in one line: `/log 1.5h närvaro`.",
    "status.lastWeek": "Last week (w. {week}): {ours} · {lpo}",
    "status.periodSoFar": "{period} so far: {ours} ({percent} %) · {lpo} – {elapsed} % of the period has passed",
    "status.noTarget": "Last week: your team {ours} · whole LPO {lpo} (no target)",
    "status.trend": "Your team's trend w. {from}–{to}: {values} {arrow}",
    "status.baseline": "Your team's baseline: {amount} per {per}",
    "status.logLine": "Log: `/log {example}`",
    "status.mostLogged": "Your team logged most last week: {code} {activity} ({entries} entries).",
    "status.nothingLogged": "Your team logged nothing on the promises last week.",
    "status.none": "No citizen promise concerns {group} right now.",
    "status.logButton": "Log",
    "status.unboundHint":
      "{group} has no bound channel, so the status comes to you privately. Bind the group's channel with `/loftesbot koppla {id}` in that channel to send it there.",
    "status.chartTitle": "Week by week against the target",
    "status.chartAlt": "Chart: {summary}",
    "status.month": "The month",
    "status.quarter": "The quarter",
    "status.period": "The promise period",
    "status.week": "The week",
    "reminder.text":
      "Hi {name}! You have logged nothing on {activities} this week. Did you work on the promise? Log in one line, e.g. `/log {example}` – or press Log.",
    "reminder.heading": "Reminder: citizen promises w. {week}",
  },
);
