// Swedish message catalogue (the default). Placeholders: {name}.
export const sv = {
  "common.notRegistered":
    "Du finns inte i Löftesbots organisation än. Be din gruppchef eller LPO:ns administratör ({admins}) att lägga till dig.",
  "common.noAdmins": "administratören",
  "common.sentPrivately": "Svaret skickades till dig i en privat chatt med Löftesbot.",
  "common.sentPrivatelyPartly":
    "Bara en del av svaret kom fram i din privata chatt med Löftesbot. Skriv kommandot där för att få hela.",
  "common.notSentPrivately":
    "Svaret kunde inte skickas till dig privat, och här i kanalen visas det inte. Skriv till Löftesbot i en personlig chatt och fråga igen där.",
  "common.tryAgain": "Något gick fel hos Löftesbot just nu – försök igen om en stund. Inget sparades.",
  "common.timeout": "Löftesbot hann inte svara i tid, och inget sparades – försök igen om en stund.",
  "common.savedNoReply":
    "✅ Det du skickade sparades, men Löftesbot kunde inte visa hela svaret just nu. Du behöver inte skicka det igen.",
  "common.unconfirmed":
    "Löftesbot kunde inte bekräfta om det du skickade sparades. Titta först efter om det syns, så att det inte blir dubbelt; gör det inte det, försök igen.",
  "common.stillWorking":
    "Löftesbot arbetar fortfarande med det du skickade nyss. Vänta en stund och titta efter om det syns, så att det inte blir dubbelt; gör det inte det, försök igen.",
  "common.forbidden": "Det här får bara {roles} göra.",
  "common.unknownCommand": 'Jag förstod inte "{text}". Skriv `/loftesbot hjälp` för att se vad jag kan.',
  "common.week": "v. {week}",
  "common.today": "idag",
  "common.yesterday": "igår",
  "common.and": "och",
  "common.hours": "h",
  "common.times": "ggr",
  "common.notImplemented": "Den här funktionen är inte klar än: {what}.",
  "common.close": "Avbryt",
  "common.tooLong":
    "Meddelandet är för långt ({length} tecken). Löftesbot tar emot högst {max} tecken – {hint} Inget sparades.",
  "common.tooLong.log": "en loggning ryms på en rad, t.ex. `/logga 1,5h närvaro Torget med @anna.berg`.",
  "common.tooLong.command": "skriv kortare. Så används {command}: {usage}.",
  "common.formTooLarge":
    "Formuläret kom med ett för stort fält: högst {max} tecken och {items} val per fält. Inget sparades – öppna formuläret igen och korta texten.",
  "unit.timmar": "timmar",
  "unit.tillfällen": "tillfällen",
  "per.vecka": "vecka",
  "per.månad": "månad",
  "per.kvartal": "kvartal",
  "per.period": "hela perioden",
  "per.vecka.this": "denna vecka",
  "per.månad.this": "denna månad",
  "per.kvartal.this": "detta kvartal",
  "per.period.this": "hela perioden",

  "log.stored": "✅ {amount} på {code} {activity} ({day}, {week}){others}.",
  "log.storedOthers": ", även för {names}",
  "log.storedFor": " för {names}",
  "log.notStoredAgain": "Inget sparades igen för {names} – det var redan loggat.",
  "log.notStoredAgainOccasion": "Inget sparades igen för {names} – det var redan loggat, och tillfället räknas där.",
  "log.ask.you": "du",
  "log.ask.byYou": "dig",
  "log.ask.duplicateEntry": "{who} har redan {amount} på {code} (loggat av {by} kl. {time})",
  "log.ask.duplicate": "⚠️ Det här verkar redan vara loggat för {day}: {found}.",
  "log.ask.duplicateSome": "Det gäller {names}, inte {others}.",
  "log.ask.overCap":
    "⚠️ Det blir {total} för {who} {day} – mer än {max} om dagen, som är gränsen för vad som är rimligt.",
  "log.ask.question": "Vill du ändå logga {amount} på {code} {activity} ({day}){others}?",
  "log.ask.nothingYet": "Inget är loggat ännu.",
  "log.ask.anyway": "Spara ändå",
  "log.ask.cancel": "Avbryt",
  "log.ask.without": "Spara utan {names}",
  "log.ask.withoutThem": "Spara utan dem som har det",
  "log.ask.me": "mig",
  "log.ask.withoutTooLong":
    'Raden är för lång för knappen "{button}" – skicka den igen kortare om det är så den ska loggas.',
  "log.ask.leftOut": "Inget sparas för {names}, som redan har det loggat.",
  "log.ask.tooLong": "Raden är för lång för en knapp – skicka den igen kortare om den ska loggas.",
  "log.ask.notYours": "Frågan gällde en kollegas rad – bara den som skickade raden kan svara på den. Inget ändrades.",
  "log.ask.cancelled": "Avbrutet – inget sparades.",
  "log.ask.wasCancelled": "Du avbröt den raden – den loggas inte. Skicka raden igen om den ska loggas.",
  "log.ask.alreadyStored": "Den raden är redan loggad en gång – inget mer lades till. Se /mina.",
  "log.ask.beingStored":
    "Den raden loggas redan (knappen trycktes förut) – inget mer lades till. Se /mina om en stund; syns den inte där, skicka raden igen.",
  "log.standing": "{period}: {parts}.",
  "log.periodQuarter": "kv. {quarter} {year}",
  "log.standingUnavailable": "Turlagets läge kunde inte visas just nu – se /mina om en stund.",
  "log.unconfirmed":
    "Jag kunde inte bekräfta att {amount} på {code} {activity} ({day}) sparades. Titta i /mina innan du loggar igen; syns det inte där, försök igen, t.ex. `/logga {example}`.",
  "log.masked": "⚠️ Anteckningen innehöll {kinds} som inte får sparas här – det är maskerat.",
  "log.maskedKind.personnummer": "personnummer",
  "log.maskedKind.regnummer": "registreringsnummer",
  "log.maskedKind.telefonnummer": "telefonnummer",
  "log.maskedKind.epost": "e-postadress",
  "log.maskedKind.namn": "namn på någon i organisationen",
  "log.undoButton": "Ångra",
  "log.example":
    "Exempel: `/logga 1,5h närvaro Torget`, `/logga 3st hastighet igår`, `/logga L2 2h med @anna.berg pratade med butiksägare`",
  "log.error.empty": "Skriv vad du gjorde, t.ex. `/logga 1,5h närvaro Torget`.",
  "log.error.noActivity": 'Jag hittade ingen aktivitet i "{text}". Dina aktiviteter: {activities}.',
  "log.error.noActivities":
    "Du har inga aktiviteter att logga på just nu – ingen medborgarlöftesaktivitet gäller dina grupper idag.",
  "log.error.missingDuration": "{code} {activity} mäts i timmar – skriv hur länge, t.ex. `1,5h` eller `90 min`.",
  "log.error.durationRange": "Tiden måste vara mer än 0 och högst 24 timmar, t.ex. `2h` eller `45 min`.",
  "log.error.countRange": "Antalet måste vara mellan 1 och 100, t.ex. `3st`.",
  "log.error.badDuration":
    '"{text}" är ingen tid jag kan logga: skriv mer än 0 och högst 24 timmar, utan minus eller plus, t.ex. `2h` eller `45 min`. Vill du ta bort en loggning? Skriv `/logga ångra`.',
  "log.error.badCount":
    '"{text}" är inget antal jag kan logga: skriv ett heltal mellan 1 och 100, utan minus eller plus, t.ex. `3st`. Vill du ta bort en loggning? Skriv `/logga ångra`.',
  "log.error.tooEarly":
    "{day} är för långt tillbaka: den här aktiviteten kan loggas från {earliest} (inte före löftets start och högst ett år bakåt). Skriv t.ex. `igår` eller `{earliest}`.",
  "log.error.futureDay": "{day} ligger i framtiden – du kan bara logga det som redan är gjort.",
  "log.error.badDay": '"{text}" är inget giltigt datum. Skriv t.ex. `igår`, `tisdag` eller `2026-11-20`.',
  "log.error.twoDurations": "Jag hittade två tider – skriv bara en, t.ex. `1h30`.",
  "log.error.unclearMinutes":
    'Jag vet inte om talet i "{text}" är minuter – skriv `1h30` för 1 h 30 min, eller ställ talet längre från tiden om det hör till anteckningen.',
  "log.error.unclearDay":
    'Jag vet inte vilken dag "{text}" är – skriv dagen med månad, t.ex. `{short}` eller `{day}` (eller `igår`). Hör talet till anteckningen? Skriv ett ord till intill det.',
  "log.error.unclearDayOrCount":
    'Jag vet inte vad "{text}" står för – ett antal eller en dag? Skriv antalet som `{count}st`, eller dagen med månad, t.ex. `{short}` eller `{day}` (eller `igår`).',
  "log.error.unclearCount":
    'Jag vet inte om "{text}" är ett antal – skriv `{count}st`. Hör talet till anteckningen? Skriv ett ord till intill det.',
  "log.error.twoCounts": "Jag hittade två antal – skriv bara ett, t.ex. `3st`.",
  "log.error.twoDays": "Jag hittade två dagar – skriv bara en.",
  "log.error.unknownMention": "Jag känner inte igen {mention}. Nämn personer med @ så som de finns i organisationen.",
  "log.error.futureDayNoYear":
    '"{text}" är {day}, och den dagen har inte varit än – du kan bara logga det som redan är gjort. Menade du ett tidigare år? Skriv hela datumet, t.ex. `{lastYear}`.',
  "log.error.futureDayWords":
    '"{text}" är {day}, och det ligger i framtiden – du kan bara logga det som redan är gjort. Logga efteråt, t.ex. `/logga 1h närvaro idag` eller `/logga 1h närvaro i fredags`.',
  "log.error.beforePeriod":
    "{day} ligger före löftets period: {code} {activity} kan loggas från {from} till {to}. Skriv t.ex. `igår` eller `{from}`.",
  "log.error.afterPeriod":
    "{day} ligger efter löftets period: {code} {activity} kan loggas från {from} till {to}. Skriv t.ex. `igår` eller `{to}`.",
  "log.error.countOnHours":
    "{code} {activity} mäts i timmar – ett antal (t.ex. `1st`) kan inte sparas på den. Skriv hur länge, t.ex. `/logga 2h {code}`. Gällde antalet en annan aktivitet? Skriv den på en egen rad, t.ex. `/logga 1st hastighet`.",
  "log.error.rangeOnCount":
    "{code} {activity} räknas i tillfällen, inte i timmar – skriv hur många, t.ex. `/logga {code} 1st` (eller `/logga {code} 1st kl 22-02`).",
  "log.error.notInScope":
    "{activities} är inte en av dina aktiviteter – du loggar på: {mine}. Skriv t.ex. `/logga 1h närvaro`.",
  "log.error.unknownName":
    'Jag känner inte igen "{name}" i din LPO. Skriv personens id med @, t.ex. `med @emma.lund`, eller förnamn och efternamn, t.ex. `med Emma Lund`.',
  "log.askPerson": 'Vem menade du med "{name}"? Välj personen så sparas raden.',
  "log.askPersonOne": 'Menade du @{id} ({name}) med "{text}"? Tryck på knappen så sparas raden.',
  "log.askOtherWord": '"{word}" är också namnet på en annan aktivitet. Vilken menade du?',
  "log.outsideScope":
    '"{word}" hör till {activities}, som inte är en av dina aktiviteter. Menade du någon av dessa? Annars står ordet kvar som anteckning.',
  "log.namedToo": '"{word}" är också namnet på {activities}.',
  "log.outsideScopeToo": '"{word}" hör också till {activities}, som inte är en av dina aktiviteter.',
  "log.outsideScopeWord": '"{word}" hör till {activities}, som inte är en av dina aktiviteter.',
  "log.whichOrNote": "Vilken menade du? Annars står ordet kvar som anteckning.",
  "log.whichOrNotes": "Vilken menade du? Annars står orden kvar som anteckning.",
  "log.askPart": 'I delen "{part}": ',
  "log.partRefused": 'I delen "{part}": {reason}',
  "log.severalStored": "Raden hade {count} aktiviteter – alla sparades:",
  "log.error.vagueDay":
    '"{text}" säger inte vilken dag – skriv dagen, t.ex. `/logga 2h närvaro i lördags` eller `/logga 2h närvaro 2026-11-28`. Flera dagar loggar du på var sin rad.',
  "log.error.partsWithoutDay":
    'Raden har flera dagar, men inte för delen "{part}" – skriv dagen i varje del, t.ex. `/logga närvaro 2h igår, hastighet 1st idag`.',
  "log.error.nothingStored": "Inget sparades.",
  "log.error.leftNotLogged":
    "Inget är loggat på {code} {day} för {names} – knappen kan bara lämna ute den som redan har det. Skicka raden igen, t.ex. `/logga 2h närvaro med @anna.berg`.",
  "log.error.nobodyLeft":
    "Knappen lämnar ingen i raden kvar att logga för – skicka raden igen, t.ex. `/logga 2h närvaro med @anna.berg`.",
  "log.ambiguous": '"{text}" passar flera aktiviteter. Vilken menade du?',
  "log.undone": "↩️ Ångrat: {amount} på {code} {activity} ({day}){others}.",
  "log.nothingToUndo": "Du har ingen loggning från de senaste 24 timmarna att ångra.",
  "log.undoTooLate": "Den loggningen är äldre än 24 timmar eller redan ångrad och kan inte ångras här.",
  "log.removeOwnPart.button": "Ta bort min del",
  "log.removeOwnPart.done":
    "🗑️ Din del är borttagen: {amount} på {code} {activity} ({day}), loggat av {name}. De andras delar är kvar, och {name} ser i /mina att du tog bort din (i {days} dagar).",
  "log.removeOwnPart.nothing": "Ingen har loggat något åt dig de senaste {days} dagarna som du kan ta bort.",
  "log.removeOwnPart.cannot":
    "Den delen kan inte tas bort här: den är redan borttagen, loggades för mer än {days} dagar sedan eller är inte din.",
  "log.form.title": "Logga arbete",
  "log.form.submit": "Spara",
  "log.form.intro": "Logga arbete på ett medborgarlöfte. Tips: det går också att skriva `/logga 1,5h närvaro`.",
  "log.form.activity": "Aktivitet",
  "log.form.day": "Dag",
  "log.form.duration": "Tid (t.ex. 1,5h eller 90 min)",
  "log.form.durationRequiredWhen": "krävs för aktiviteter i timmar",
  "log.form.count": "Antal tillfällen",
  "log.form.others": "Andra som deltog",
  "log.form.note": "Anteckning (inga personnummer eller regnummer)",
  "log.form.activityRequired": "Välj en aktivitet.",

  "mine.heading": "Min loggning",
  "mine.week": "Denna vecka ({week})",
  "mine.none": "Inget loggat ännu.",
  "mine.entry": "{day}: {amount} på {code} {activity}{by}{note}",
  "mine.entry.by": " (loggat av {name})",
  "mine.totalWeek": "Du denna vecka: {amount}",
  "mine.team": "Turlaget",
  "mine.forMe": "*Loggat åt dig av andra (de senaste {days} dagarna)*",
  "mine.forMe.entry": "{amount} på {code} {activity} ({day}) – loggat av {name}",
  "mine.forMe.more": "Här syns de {shown} senaste. `/logga ta bort min del` tar bort din del av den senaste.",
  "mine.removedPart": "{name} tog bort sin del: {amount} på {code} {activity} ({day}).",

  "promises.heading": "Medborgarlöften som gäller dig",
  "promises.none": "Inga medborgarlöften gäller dina grupper just nu.",
  "promises.period": "{kommun} · {from} – {to}",
  "promises.activity": "{code} {activity} – mål {target} per {per}",
  "promises.progress": "mål {target} {period} – {parts}",
  "promises.upcoming": "Börjar {from} – inget loggas på det förrän dess.",
  "promises.logHint": "Logga: `/logga {example}`",

  "help.heading": "Löftesbot – hjälp",
  "help.intro": "Jag hjälper dig att logga arbete på medborgarlöftena, se hur det går och svara på medarbetardialoger.",
  "help.lineFormat":
    "En rad kan innehålla tid (`2h`, `1,5h`, `1h30`, `90 min`), antal (`3st`, `x3`), aktivitet (kod `L2` eller ord som `närvaro`), dag (`igår`, `tisdag`, `2026-11-20`), `med @person` och en kort anteckning.",

  "bind.done": "🔗 Den här kanalen är nu kopplad till {group}. Veckostatus för gruppen skickas hit.",
  "bind.usage": "Skriv vilken grupp kanalen ska kopplas till, t.ex. `/loftesbot koppla ig-1`. Grupper: {groups}.",
  "bind.unknownGroup": 'Gruppen "{group}" finns inte. Grupper: {groups}.',
  "bind.noChannel": "Koppla görs i den kanal som ska kopplas, inte i ett privat meddelande.",
  "bind.forbidden": "Bara en administratör eller gruppchefen för {group} kan koppla en kanal till gruppen.",
  "bind.taken":
    "Den här kanalen är redan kopplad till {current}. Bara en administratör eller gruppchefen för {current} kan flytta den till en annan grupp. Inget har ändrats.",
  "bind.otherLpo":
    "Den här kanalen är kopplad till en grupp i ett annat lokalpolisområde och kan inte kopplas härifrån. Den blir fri när den gruppen kopplas till en annan kanal. Inget har ändrats.",
  "bind.changed": "Kanalens koppling ändrades just av någon annan. Inget har ändrats – försök igen.",
  "trend.unlogged": " (– = före första loggningen)",
  "share.group": "{group}: {doneOf}",
  "share.lpo": "hela LPO: {doneOf}",
  "share.ours": "ert turlag: {doneOf}",
  "share.basis.explicit": "Er andel enligt löftet: {part} av {target}",
  "share.basis.members":
    "Er andel efter antal medlemmar ({members} av {total} i de {groups} grupperna): {part} av {target}",
  "share.basis.equal": "Er andel, lika delat på {groups} grupper: {part} av {target}",
  "why.problem": "Varför: {text}",
  "why.purpose": "Syfte: {text}",
  "why.effect": "Önskad effekt: {text}",
  "why.tell": "Säg till medborgarna: ”{text}”",
} as const;

export type CoreMessageKey = keyof typeof sv;
