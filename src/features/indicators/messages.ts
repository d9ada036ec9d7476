// Messages of the effect follow-up: the indicator file's errors and the
// import's outcome (`loftesbot indicators import`), and the effect section of
// the report and of `/uppfoljning <kommun> effekt`. The section's wording
// never calls a change an effect of a promise.
import { defineMessages } from "../../i18n/messages.js";

export const indicatorMessages = defineMessages(
  {
    "indicators.csv.noHeader":
      "Filen är tom: första raden ska vara rubrikerna, t.ex. kommun;omrade;indikator;period;varde;n",
    "indicators.csv.unknownColumn": 'Okänd kolumn "{name}". Kolumnerna är {columns} (n bara för andelar).',
    "indicators.csv.duplicateColumn": 'Kolumnen "{name}" finns två gånger.',
    "indicators.csv.missingColumn": 'Kolumnen "{name}" saknas. Rubrikraden ska vara {columns}.',
    "indicators.csv.unclosedQuote": 'Ett citattecken (") stängs aldrig.',
    "indicators.csv.cellCount":
      'Raden har {got} celler men rubriken {expected}. Ett decimaltal med komma i en fil med komma mellan cellerna skrivs inom citattecken ("23,5") – eller använd semikolon mellan cellerna.',
    "indicators.csv.empty": "{column} är tom.",
    "indicators.csv.unknownKommun": 'Okänd kommun "{text}". Kommuner: {kommuner}.',
    "indicators.csv.badPeriod": '"{text}" är ingen period. Skriv 2026-03 (månad), 2026-Q1 (kvartal) eller 2026 (år).',
    "indicators.csv.badN":
      'n är antalet svarande, ett heltal från 1 (fick "{text}"). Lämna n tomt för antal händelser.',
    "indicators.csv.badNumber": '"{text}" är inget tal. Exempel: 41 eller 23,5.',
    "indicators.csv.badShare": 'En andel (rad med n) anges i procent 0–100, t.ex. 23,5 (fick "{text}").',
    "indicators.csv.badCount":
      'Ett antal (rad utan n) är ett heltal från 0, t.ex. 41 (fick "{text}"). Är det en andel? Fyll då i n, antalet svarande.',
    "indicators.csv.percentWithoutN": 'Ett värde i procent ("{text}") är en andel: fyll i n, antalet svarande.',
    "indicators.csv.mixedKind":
      '"{indicator}" är {kind} på rad {where}, men inte här: en indikator är antingen antal (n tomt) eller andel (med n) på alla rader.',
    "indicators.csv.mixedKindDb":
      '"{indicator}" är redan importerad som {kind}: en indikator är antingen antal (n tomt) eller andel (med n) på alla rader.',
    "indicators.kind.count": "antal",
    "indicators.kind.share": "andel",
    "indicators.csv.duplicateRow": "Samma kommun, område, indikator och period som rad {first}.",
    "indicators.csv.at": "rad {line}, kolumn {column} ({name}): {message}",
    "indicators.csv.atLine": "rad {line}: {message}",
    "indicators.import.failed": "{file}: {count} fel; inget ändrades.",
    "indicators.import.done": "{file}: {rows} rader – {added} nya, {changed} ändrade, {unchanged} oförändrade.",
    "indicators.import.unreadable": "{file} går inte att läsa: {reason}",
    "indicators.import.notUtf8": "{file} är inte UTF-8. Spara från Excel som ”CSV UTF-8 (kommaavgränsad)”.",
    "effect.heading": "Effekt",
    "effect.intro":
      "Indikatorerna för {period} jämförda med {before}. Osäkerheten är ett 95 % konfidensintervall: en förändring inom det kan vara slump. En förändring visar inte i sig att den beror på löftet – annat kan ha ändrats samtidigt; ett jämförelseområde hjälper till att skilja ut det.",
    "effect.sameMonths": "samma månader ett år tidigare ({from} – {to})",
    "effect.givenBefore": "{from} – {to}",
    "effect.selectionAll": "Löftena anger inga indikatorer, så alla indikatorer som importerats för {kommun} visas.",
    "effect.none":
      "Inga indikatorer är importerade för {kommun} som kan jämföras. Importera med `loftesbot indicators import FIL`.",
    "effect.noMonths":
      "Perioden {from} – {to} omfattar ingen hel månad: indikatorerna jämförs per hel månad, kvartal eller år.",
    "effect.wholeKommun": "hela kommunen",
    "effect.count.decrease": "Minskning {pct} %, osäkerhet {lo}–{hi} % ({before} → {during}).",
    "effect.count.increase": "Ökning {pct} %, osäkerhet {lo}–{hi} % ({before} → {during}).",
    "effect.count.uncertain":
      "Ingen säker förändring: {change} %, osäkerhet från {lo} % till {hi} % ({before} → {during}). Skillnaden kan vara slump.",
    "effect.count.tooFew": "För få händelser för att säga något ({before} → {during}).",
    "effect.share.decrease":
      "Minskning {pct} procentenheter, osäkerhet {lo}–{hi} procentenheter ({before} → {during}).",
    "effect.share.increase": "Ökning {pct} procentenheter, osäkerhet {lo}–{hi} procentenheter ({before} → {during}).",
    "effect.share.uncertain":
      "Ingen säker förändring: {change} procentenheter, osäkerhet från {lo} till {hi} ({before} → {during}). Skillnaden kan vara slump.",
    "effect.share.tooFew": "För få svarande för att säga något ({before} → {during}); minst 30 behövs i varje mätning.",
    "effect.missing": "Går inte att jämföra: uppgift saknas för {which}.",
    "effect.missing.before": "jämförelseperioden",
    "effect.missing.during": "perioden",
    "effect.missing.both": "båda perioderna",
    "effect.partial": "Uppgifter finns för {covered} av {wanted} månader; antalen jämförs per månad.",
    "effect.comparison.decrease":
      "Jämfört med {area} ({before} → {during}): förändringen här är {pct} % lägre än där, osäkerhet {lo}–{hi} %.",
    "effect.comparison.increase":
      "Jämfört med {area} ({before} → {during}): förändringen här är {pct} % högre än där, osäkerhet {lo}–{hi} %.",
    "effect.comparison.uncertain":
      "Jämfört med {area} ({before} → {during}): ingen säker skillnad mellan områdena ({change} %, osäkerhet från {lo} % till {hi} %).",
    "effect.comparison.shareDecrease":
      "Jämfört med {area} ({before} → {during}): andelen minskade {pct} procentenheter mer, osäkerhet {lo}–{hi}.",
    "effect.comparison.shareIncrease":
      "Jämfört med {area} ({before} → {during}): andelen ökade {pct} procentenheter mer, osäkerhet {lo}–{hi}.",
    "effect.comparison.shareUncertain":
      "Jämfört med {area} ({before} → {during}): ingen säker skillnad mellan områdena ({change} procentenheter, osäkerhet från {lo} till {hi}).",
    "effect.comparison.tooFew": "Jämförelse med {area}: för få händelser eller svarande för att jämföra.",
    "effect.comparison.missing": "Jämförelse med {area}: uppgift saknas för {which}.",
    "effect.perMonth": "{value}/mån",
    "effect.shareValue": "{value} % (n = {n})",
    "effect.missingValue": "saknas",
    "effect.chart.before": "Före",
    "effect.chart.during": "Under",
    "effect.chart.comparison": "Jämförelse: {area}",
    "effect.chart.perMonth": "per månad",
    "effect.chart.percent": "procent",
    "effect.chart.count": "antal",
    "effect.chart.alt": "Diagram, {indicator} före och under: {summary}",
    "effect.table.indicator": "Indikator",
    "effect.table.area": "Område",
    "effect.table.before": "Före",
    "effect.table.during": "Under",
    "effect.table.change": "Förändring (95 % osäkerhet)",
    "effect.summary.none": "inga indikatorer att jämföra",
    "effect.summary.line": "{parts} (indikatorer mot samma period ett år tidigare)",
    "effect.summary.decrease": "minskat {count}",
    "effect.summary.increase": "ökat {count}",
    "effect.summary.uncertain": "ingen säker förändring {count}",
    "effect.summary.too-few": "för få uppgifter {count}",
    "effect.summary.missing": "uppgift saknas {count}",
    "effect.citizen.count.decrease":
      "{indicator} ({area}): {before} {when}, {during} nu. Det är en minskning med ungefär {pct} procent; med hänsyn till slumpen troligen mellan {lo} och {hi} procent.",
    "effect.citizen.count.increase":
      "{indicator} ({area}): {before} {when}, {during} nu. Det är en ökning med ungefär {pct} procent; med hänsyn till slumpen troligen mellan {lo} och {hi} procent.",
    "effect.citizen.share.decrease":
      "{indicator} ({area}): {before} {when}, {during} nu. Andelen minskade med ungefär {pct} procentenheter; med hänsyn till slumpen troligen mellan {lo} och {hi}.",
    "effect.citizen.share.increase":
      "{indicator} ({area}): {before} {when}, {during} nu. Andelen ökade med ungefär {pct} procentenheter; med hänsyn till slumpen troligen mellan {lo} och {hi}.",
    "effect.citizen.share": "{value} procent",
    "effect.citizen.yearEarlier": "samma tid året före",
    "effect.citizen.given": "under {from} – {to}",
    "effect.citizen.perMonth": "{value} i månaden",
    "effect.citizen.notWhy":
      "Siffrorna visar vad som har ändrats, inte varför. Annat än löftet kan också ha påverkat dem.",
    "effect.usage":
      "Effekt för en kommun: `/uppfoljning {kommun} 2026-Q3 effekt` (jämförs med samma månader ett år tidigare).",
  },
  {
    "indicators.csv.noHeader":
      "The file is empty: the first line holds the headers, e.g. kommun;omrade;indikator;period;varde;n",
    "indicators.csv.unknownColumn": 'Unknown column "{name}". The columns are {columns} (n only for shares).',
    "indicators.csv.duplicateColumn": 'The column "{name}" appears twice.',
    "indicators.csv.missingColumn": 'The column "{name}" is missing. The header line is {columns}.',
    "indicators.csv.unclosedQuote": 'A quote (") is never closed.',
    "indicators.csv.cellCount":
      'The line has {got} cells but the header {expected}. A decimal comma in a file with commas between cells goes in quotes ("23,5") – or use semicolons between cells.',
    "indicators.csv.empty": "{column} is empty.",
    "indicators.csv.unknownKommun": 'Unknown kommun "{text}". Kommuner: {kommuner}.',
    "indicators.csv.badPeriod": '"{text}" is not a period. Write 2026-03 (month), 2026-Q1 (quarter) or 2026 (year).',
    "indicators.csv.badN":
      'n is the number of respondents, a whole number from 1 (got "{text}"). Leave n empty for a count of events.',
    "indicators.csv.badNumber": '"{text}" is not a number. Example: 41 or 23,5.',
    "indicators.csv.badShare": 'A share (a line with n) is given in percent 0–100, e.g. 23,5 (got "{text}").',
    "indicators.csv.badCount":
      'A count (a line without n) is a whole number from 0, e.g. 41 (got "{text}"). Is it a share? Then fill in n, the number of respondents.',
    "indicators.csv.percentWithoutN": 'A value in percent ("{text}") is a share: fill in n, the number of respondents.',
    "indicators.csv.mixedKind":
      '"{indicator}" is a {kind} on line {where} but not here: an indicator is either a count (n empty) or a share (with n) on every line.',
    "indicators.csv.mixedKindDb":
      '"{indicator}" is already imported as a {kind}: an indicator is either a count (n empty) or a share (with n) on every line.',
    "indicators.kind.count": "count",
    "indicators.kind.share": "share",
    "indicators.csv.duplicateRow": "The same kommun, area, indicator and period as line {first}.",
    "indicators.csv.at": "line {line}, column {column} ({name}): {message}",
    "indicators.csv.atLine": "line {line}: {message}",
    "indicators.import.failed": "{file}: {count} error(s); nothing was changed.",
    "indicators.import.done": "{file}: {rows} lines – {added} new, {changed} changed, {unchanged} unchanged.",
    "indicators.import.unreadable": "{file} cannot be read: {reason}",
    "indicators.import.notUtf8": '{file} is not UTF-8. Save from Excel as "CSV UTF-8 (comma delimited)".',
    "effect.heading": "Effect",
    "effect.intro":
      "The indicators for {period} compared with {before}. The uncertainty is a 95 % confidence interval: a change within it may be chance. A change does not by itself show that the promise caused it – other things may have changed at the same time; a comparison area helps to tell them apart.",
    "effect.sameMonths": "the same months one year earlier ({from} – {to})",
    "effect.givenBefore": "{from} – {to}",
    "effect.selectionAll": "The promises name no indicators, so every indicator imported for {kommun} is shown.",
    "effect.none":
      "No indicators that can be compared are imported for {kommun}. Import them with `loftesbot indicators import FILE`.",
    "effect.noMonths":
      "The period {from} – {to} holds no whole month: indicators are compared by whole month, quarter or year.",
    "effect.wholeKommun": "whole kommun",
    "effect.count.decrease": "Decrease {pct} %, uncertainty {lo}–{hi} % ({before} → {during}).",
    "effect.count.increase": "Increase {pct} %, uncertainty {lo}–{hi} % ({before} → {during}).",
    "effect.count.uncertain":
      "No certain change: {change} %, uncertainty from {lo} % to {hi} % ({before} → {during}). The difference may be chance.",
    "effect.count.tooFew": "Too few events to say anything ({before} → {during}).",
    "effect.share.decrease":
      "Decrease {pct} percentage points, uncertainty {lo}–{hi} percentage points ({before} → {during}).",
    "effect.share.increase":
      "Increase {pct} percentage points, uncertainty {lo}–{hi} percentage points ({before} → {during}).",
    "effect.share.uncertain":
      "No certain change: {change} percentage points, uncertainty from {lo} to {hi} ({before} → {during}). The difference may be chance.",
    "effect.share.tooFew":
      "Too few respondents to say anything ({before} → {during}); at least 30 are needed in each survey.",
    "effect.missing": "Cannot be compared: figures missing for {which}.",
    "effect.missing.before": "the comparison period",
    "effect.missing.during": "the period",
    "effect.missing.both": "both periods",
    "effect.partial": "Figures exist for {covered} of {wanted} months; counts are compared per month.",
    "effect.comparison.decrease":
      "Compared with {area} ({before} → {during}): the change here is {pct} % lower than there, uncertainty {lo}–{hi} %.",
    "effect.comparison.increase":
      "Compared with {area} ({before} → {during}): the change here is {pct} % higher than there, uncertainty {lo}–{hi} %.",
    "effect.comparison.uncertain":
      "Compared with {area} ({before} → {during}): no certain difference between the areas ({change} %, uncertainty from {lo} % to {hi} %).",
    "effect.comparison.shareDecrease":
      "Compared with {area} ({before} → {during}): the share fell {pct} percentage points more, uncertainty {lo}–{hi}.",
    "effect.comparison.shareIncrease":
      "Compared with {area} ({before} → {during}): the share rose {pct} percentage points more, uncertainty {lo}–{hi}.",
    "effect.comparison.shareUncertain":
      "Compared with {area} ({before} → {during}): no certain difference between the areas ({change} percentage points, uncertainty from {lo} to {hi}).",
    "effect.comparison.tooFew": "Comparison with {area}: too few events or respondents to compare.",
    "effect.comparison.missing": "Comparison with {area}: figures missing for {which}.",
    "effect.perMonth": "{value}/month",
    "effect.shareValue": "{value} % (n = {n})",
    "effect.missingValue": "missing",
    "effect.chart.before": "Before",
    "effect.chart.during": "During",
    "effect.chart.comparison": "Comparison: {area}",
    "effect.chart.perMonth": "per month",
    "effect.chart.percent": "percent",
    "effect.chart.count": "count",
    "effect.chart.alt": "Chart, {indicator} before and during: {summary}",
    "effect.table.indicator": "Indicator",
    "effect.table.area": "Area",
    "effect.table.before": "Before",
    "effect.table.during": "During",
    "effect.table.change": "Change (95 % uncertainty)",
    "effect.summary.none": "no indicators to compare",
    "effect.summary.line": "{parts} (indicators against the same period one year earlier)",
    "effect.summary.decrease": "decreased {count}",
    "effect.summary.increase": "increased {count}",
    "effect.summary.uncertain": "no certain change {count}",
    "effect.summary.too-few": "too few figures {count}",
    "effect.summary.missing": "figures missing {count}",
    "effect.citizen.count.decrease":
      "{indicator} ({area}): {before} {when}, {during} now. That is a decrease of about {pct} percent; allowing for chance, probably between {lo} and {hi} percent.",
    "effect.citizen.count.increase":
      "{indicator} ({area}): {before} {when}, {during} now. That is an increase of about {pct} percent; allowing for chance, probably between {lo} and {hi} percent.",
    "effect.citizen.share.decrease":
      "{indicator} ({area}): {before} {when}, {during} now. The share fell by about {pct} percentage points; allowing for chance, probably between {lo} and {hi}.",
    "effect.citizen.share.increase":
      "{indicator} ({area}): {before} {when}, {during} now. The share rose by about {pct} percentage points; allowing for chance, probably between {lo} and {hi}.",
    "effect.citizen.share": "{value} percent",
    "effect.citizen.yearEarlier": "at the same time one year earlier",
    "effect.citizen.given": "in {from} – {to}",
    "effect.citizen.perMonth": "{value} a month",
    "effect.citizen.notWhy":
      "The figures show what has changed, not why. Things other than the promise may also have affected them.",
    "effect.usage":
      "Effect for a kommun: `/uppfoljning {kommun} 2026-Q3 effekt` (compared with the same months one year earlier).",
  },
);
