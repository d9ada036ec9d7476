// Messages of the medarbetardialog: `/dialog`, its forms, the invitation,
// reminder, results, the results at closing (dialog.closing.*) and the
// creator's feedback note, återkoppling (dialog.feedback.*).
import { defineMessages } from "../../i18n/messages.js";

export const dialogMessages = defineMessages(
  {
    "dialog.usage":
      "Så använder du /dialog:\n`/dialog` – dina medarbetardialoger\n`/dialog ny` – skapa en ny (kommunpolis, gruppchef, admin)\n`/dialog svara <id>` – svara eller ändra ditt svar\n`/dialog resultat <id>` – resultatet\n`/dialog återkoppling <id> <vad ni gör>` – återkoppla vad ni gör (den som skapade dialogen)",
    "dialog.forbiddenCreate":
      "Bara kommunpoliser, gruppchefer och administratörer kan skapa medarbetardialoger. Du kan svara på de dialoger du får – skriv `/dialog` för att se dem.",
    "dialog.notFound": 'Jag hittar ingen medarbetardialog som heter "{id}". Skriv `/dialog` för att se dina.',
    "dialog.needId": "Skriv vilken dialog du menar, t.ex. `/dialog {sub} d1`. Skriv `/dialog` för att se dina.",
    "dialog.kind.vad": "vad-dialog",
    "dialog.kind.hur": "hur-dialog",
    "dialog.kind.vadExplained": "en *vad-dialog*, där vi vill veta vilka problem du ser i området",
    "dialog.kind.hurExplained": "en *hur-dialog*, där vi vill veta hur vi ska arbeta med problemen",
    "dialog.concernsPromise": "{promise} ({kommun})",
    "dialog.concernsNone": "ert område",
    "dialog.answerButton": "Svara",
    "dialog.changeButton": "Ändra mitt svar",
    "dialog.resultsButton": "Resultat",
    "dialog.forwardButton": "Skicka till gruppen",
    "dialog.feedbackButton": "Lägg till uppföljning",
    "dialog.anonymousShort": "anonym",
    "dialog.namedShort": "med namn",

    "dialog.form.title": "Ny medarbetardialog",
    "dialog.form.submit": "Skapa och skicka",
    "dialog.form.intro":
      "En medarbetardialog är en kort enkät (1–5 frågor) till en eller flera grupper. Svaren är anonyma om du inte väljer annat, och resultat visas bara när minst {min} har svarat.\n*Egna frågor* skriver du en per rad och börjar med typen:\n`skala: Hur trygg känner du dig på Torget?` – svar 1–5\n`val: Vilket pass passar bäst? | Dag | Kväll | Natt` – ett alternativ\n`flera: Vilka platser är otrygga? | Torget | Parken | Stationen` – flera alternativ\n`fritext: Vad borde vi göra först?` – eget svar",
    "dialog.form.lineInputHint": "Skriv allt på en rad och skilj frågorna åt med `;`.",
    "dialog.form.kind": "Typ av dialog",
    "dialog.form.kindVad": "Vad-dialog – vilka problem ser ni?",
    "dialog.form.kindHur": "Hur-dialog – hur ska vi arbeta med dem?",
    "dialog.form.pollTitle": "Rubrik (visas för dem som får dialogen)",
    "dialog.form.concerns": "Gäller löfte eller kommun",
    "dialog.form.concernsKommun": " (hela kommunen)",
    "dialog.form.template": "Frågor",
    "dialog.form.templateVad": "Standardfrågor för vad-dialog",
    "dialog.form.templateHur": "Standardfrågor för hur-dialog",
    "dialog.form.templateOwn": "Egna frågor (skriv dem nedan)",
    "dialog.form.questions": "Egna frågor, en per rad (se exemplen ovan)",
    "dialog.form.seed": "Hur-dialog: bygg på teman från en avslutad vad-dialog (valfritt)",
    "dialog.form.seedOption": " ({id})",
    "dialog.form.groups": "Grupper som får dialogen",
    "dialog.form.groupsOwn": "Grupper som får dialogen (de du leder)",
    "dialog.form.closesDay": "Sista svarsdag",
    "dialog.form.closesTime": "Stänger klockan (tt:mm)",
    "dialog.form.anonymous": "Anonym eller med namn",
    "dialog.form.anonymousYes": "Anonym (rekommenderas)",
    "dialog.form.anonymousNo": "Med namn",
    "dialog.form.whatNext": "Vad händer sedan? Visas i inbjudan och med resultatet (högst 500 tecken)",
    "dialog.form.whatNextPlaceholder":
      "Jag sammanställer svaren och tar upp dem på APT. Resultatet kommer till er alla.",

    "dialog.error.kind": "Välj vad-dialog eller hur-dialog.",
    "dialog.error.title": "Skriv en rubrik, 3–100 tecken, t.ex. Trygghet på Torget hösten 2026.",
    "dialog.error.concerns": "Välj det löfte eller den kommun dialogen gäller.",
    "dialog.error.template": "Välj standardfrågor eller egna frågor.",
    "dialog.error.templateConflict":
      "Du har skrivit egna frågor men valt standardfrågor. Välj Egna frågor, eller töm fältet med egna frågor.",
    "dialog.error.seedKind": "Bara en hur-dialog kan byggas på en vad-dialog – välj hur-dialog eller ta bort valet.",
    "dialog.error.seed": "Välj en av de avslutade vad-dialogerna i listan.",
    "dialog.error.seedNoThemes":
      "Vad-dialogen {id} har för få svar för att ge teman (minst {min} behövs). Välj en annan, eller skriv egna frågor.",
    "dialog.error.questionsNone": "Skriv minst en fråga, t.ex. `skala: Hur trygg känner du dig på Torget?`",
    "dialog.error.questionsTooMany": "Högst {max} frågor här (du skrev {count}).",
    "dialog.error.questionsLength": "Fråga {line} måste vara 3–200 tecken.",
    "dialog.error.questionsOptionsMissing":
      "Fråga {line} behöver minst två alternativ efter |, t.ex. `val: Vilket pass? | Dag | Kväll`.",
    "dialog.error.questionsOptionsTooMany": "Fråga {line} har fler än 10 alternativ.",
    "dialog.error.questionsOptionLength": 'Alternativet "{option}" i fråga {line} är längre än 60 tecken.',
    "dialog.error.questionsOptionDuplicate": 'Alternativet "{option}" finns två gånger i fråga {line}.',
    "dialog.error.groups": "Välj minst en grupp.",
    "dialog.error.groupsNotOwn": "Som gruppchef kan du bara fråga grupper du leder: {groups}.",
    "dialog.error.groupsUnknown": 'Okänd grupp "{group}". Välj bland: {groups}.',
    "dialog.error.tooFew":
      "Dialogen skulle nå {count} personer. Resultat visas bara när minst {min} har svarat, så välj grupper med minst {min} personer tillsammans.",
    "dialog.error.tooFewOptions":
      "Dialogen skulle nå {count} personer – färre än {min}, så den kan inte vara anonym: med så få svar går det att räkna ut vem som svarat vad. Inget är skapat. Välj hur du vill gå vidare under «Färre än {min} personer».",
    "dialog.form.small": "Färre än {min} personer – hur vill du gå vidare?",
    "dialog.form.smallNamed": "Med namn: inte anonym, det står i varje meddelande",
    "dialog.form.smallCombine": "Slå ihop med en annan grupp (välj fler grupper ovan)",
    "dialog.form.smallCombineOther": "Slå ihop med en annan grupp: be en kommunpolis starta dialogen för flera grupper",
    "dialog.error.smallCombine":
      "Dialogen når fortfarande bara {count} personer. Välj fler grupper så att ni blir minst {min}, eller välj «Med namn».",
    "dialog.namedNotice": "👤 Med namn – den här dialogen är inte anonym: svaren sparas med namn.",
    "dialog.hurFromButton": "Starta hur-dialog",
    "dialog.hurFrom.title": "Hur: {title}",
    "dialog.hurFrom.underlag": "*Underlag från vad-dialogen «{title}»:* {rate} Ni sa: {summary}.",
    "dialog.error.closesDay": "Skriv sista svarsdag som ÅÅÅÅ-MM-DD, t.ex. {example}.",
    "dialog.error.closesTime": "Skriv en tid som tt:mm, t.ex. 16:00.",
    "dialog.error.closesPast": "Dialogen måste stänga minst en timme fram i tiden.",
    "dialog.error.closesFar": "Dialogen får vara öppen högst {days} dagar, alltså stänga senast {day}.",
    "dialog.error.anonymous": "Välj anonym eller med namn.",
    "dialog.error.whatNext":
      "Skriv vad som händer med svaren, högst 500 tecken – det visas för alla som får dialogen, t.ex. {example}",

    "dialog.created":
      "✅ Medarbetardialogen «{title}» ({id}) är skapad: {kind} om {concerns}, {questions} frågor, {anonymity}.",
    "dialog.createdInvites":
      "{count} personer i {groups} får en inbjudan privat inom några minuter. Dialogen stänger {closes}; då får alla resultatet automatiskt.",
    "dialog.createdHint": "Följ hur många som har svarat med `/dialog resultat {id}`.",

    "dialog.invite.heading": "Medarbetardialog: {title}",
    "dialog.invite.text": "Medarbetardialog «{title}» från {creator}: svara senast {closes} (ca {minutes} min).",
    "dialog.invite.who": "{creator} ber dig svara på en kort *medarbetardialog* – {kind}. Den gäller {concerns}.",
    "dialog.invite.time": "Det tar ungefär {minutes} min ({questions} frågor). Svara senast {closes}.",
    "dialog.invite.anonymous":
      "🔒 *Anonym:* ingen i chatten – inte chefer, inte administratörer – kan se vad just du har svarat. Resultatet visas bara som summor och bara när minst {min} har svarat; fritextsvar rensas från personuppgifter och visas i slumpvis ordning. Medan dialogen är öppen sparas ditt svar krypterat, så att du kan ändra det – bara den som har både databasen och tjänstens nyckel skulle då kunna koppla det till dig. När den stänger förstörs nyckeln och svaren sparas utan något som leder till dig: sedan kan ingen, inte heller den som driftar systemet, koppla ett svar till dig. Påminnelsen går bara till den som inte har svarat än, så det syns vem som hade svarat då – aldrig vad. Svarar alla likadant på en fråga syns det förstås i summan, och det du skriver i fritext kan avslöja dig.",
    "dialog.invite.named":
      "👤 *Med namn:* dialogen är inte anonym – ditt namn sparas med dina svar och {creator} kan se dina fritextsvar med ditt namn. Svarsfördelningar visas som summor, även när bara några få har svarat – i en liten grupp kan det alltså gå att se vad just du svarat.",
    "dialog.invite.whatNext": "*Vad händer sedan:* {text}",
    "dialog.invite.change":
      "Du kan ändra ditt svar fram till att dialogen stänger. Resultatet får du när den har stängt.",

    "dialog.answer.title": "Medarbetardialog",
    "dialog.answer.submit": "Skicka svar",
    "dialog.answer.intro": "«{title}» – {kind} om {concerns}. {anonymity} Svara senast {closes}.",
    "dialog.answer.introAnonymous": "Dina svar är anonyma.",
    "dialog.answer.introNamed": "Dialogen är inte anonym – ditt namn sparas med svaren.",
    "dialog.answer.introEarlier":
      "Du har redan svarat: formuläret visar ditt svar, och det du skickar nu ersätter det.",
    "dialog.answer.scaleLow": "1 (lägst)",
    "dialog.answer.scaleHigh": "5 (högst)",
    "dialog.answer.required": "Svara på den här frågan.",
    "dialog.answer.invalidChoice": "Välj bland alternativen.",
    "dialog.answer.tooLong": "Högst 1000 tecken.",
    "dialog.answer.receipt":
      "✅ Du har deltagit i medarbetardialogen «{title}». Resultatet skickas till dig när den stänger {closes}.",
    "dialog.answer.receiptChanged":
      "✅ Ditt svar i medarbetardialogen «{title}» är ändrat. Resultatet skickas till dig när den stänger {closes}.",
    "dialog.answer.receiptAnonymous":
      "Ditt svar sparades krypterat, utan ditt namn; när dialogen stänger sparas det utan något som leder till dig. Du kan ändra det fram till dess.",
    "dialog.answer.receiptNamed": "Ditt svar sparades med ditt namn. Du kan ändra det fram till dess.",
    "dialog.answer.masked": "⚠️ Ett fritextsvar innehöll {kinds} som inte får sparas här – det är maskerat.",
    "dialog.answer.closed":
      "Medarbetardialogen «{title}» stängde {closed} – det går inte att svara längre. Tack ändå! Resultatet går till alla som fick dialogen.",
    "dialog.answer.notRecipient": "Du fick inte medarbetardialogen «{title}», så du kan inte svara på den.",

    "dialog.list.heading": "Dina medarbetardialoger",
    "dialog.list.toAnswer": "*Att svara på*",
    "dialog.list.item": "{id} · «{title}» ({kind})",
    "dialog.list.answered": "✅ besvarad – du kan ändra till {closes}",
    "dialog.list.notAnswered": "⏳ inte besvarad – stänger {closes}",
    "dialog.list.created": "*Som du har skapat*",
    "dialog.list.groups": "*Till grupper du leder*",
    "dialog.list.taken": "*Avslutade som du var med i*",
    "dialog.list.open": "öppen till {closes} · {answered}",
    "dialog.list.closed": "stängd {closed} · {answered}",
    "dialog.list.answeredCount": "{count} av {asked} har svarat",
    "dialog.list.answeredFew": "färre än {min} av {asked} har svarat",
    "dialog.list.none": "Du har inga medarbetardialoger just nu.",
    "dialog.list.createHint": "Skapa en ny med `/dialog ny`.",
    "dialog.list.answerLabel": "Svara {id}",
    "dialog.list.resultsLabel": "Resultat {id}",

    "dialog.results.heading": "Resultat: {title}",
    "dialog.results.meta": "{kind} om {concerns} · {id} · {status} · {anonymity}",
    "dialog.results.open": "öppen till {closes}",
    "dialog.results.closed": "stängd {closed}",
    "dialog.results.rate": "{answered} av {asked} har svarat ({percent} %).",
    "dialog.results.rateHidden": "Färre än {min} av {asked} har svarat.",
    "dialog.results.tooFew":
      "För få svar för att visa resultat – minst {min} behövs, så att ingen enskild kan pekas ut.",
    "dialog.results.openNote":
      "Svaren visas när dialogen har stängt ({closes}), så att ingen kan räkna ut ett enskilt svar genom att jämföra resultatet över tid. Nu syns bara hur många som har svarat.",
    "dialog.results.groupsHeading": "*Svar per grupp*",
    "dialog.results.groupRow": "{group}: {answered} av {asked} ({percent} %)",
    "dialog.results.groupHidden": "{group}: färre än {min} svar – visas inte",
    "dialog.results.groupProtected": "{group}: visas inte, så att en mindre grupps antal inte kan räknas fram",
    "dialog.results.groupsNote": "Grupper med färre än {min} svar visas inte, för anonymitetens skull.",
    "dialog.results.question": "*{n}. {text}*",
    "dialog.results.questionHidden": "Färre än {min} svarade på frågan – visas inte.",
    "dialog.results.questionNobody": "Ingen svarade på frågan.",
    "dialog.results.nobody": "Ingen svarade på dialogen, så det finns inga svar att visa.",
    "dialog.results.textCleared":
      "{answered} svarade. Fritexten är gallrad: den sparas bara en tid efter att dialogen stängt (gallring).",
    "dialog.results.textPartlyCleared": "En del av fritexten är gallrad (gallring efter att dialogen stängt).",
    "dialog.results.option": "{option}: {count} ({percent} %)",
    "dialog.results.answers": "({answered} svar)",
    "dialog.results.multiAnswers": "({answered} svar, flera val möjliga)",
    "dialog.results.scale": "Medel {mean} · median {median} ({answered} svar)",
    "dialog.results.scaleDistribution": "Fördelning 1–5: {values}",
    "dialog.results.themes": "Teman ({source}):",
    "dialog.results.themeOffline": "automatisk sammanställning",
    "dialog.results.themeAi": "AI-sammanfattning av maskerade svar",
    "dialog.results.theme": "• *{label}* – {count} svar, t.ex. ”{quote}”",
    "dialog.results.themeOther": "• Övrigt: {count} svar",
    "dialog.results.texts": "Svaren i slumpvis ordning:",
    "dialog.results.textsMore": "…och {count} svar till (finns i exporten).",
    "dialog.results.noText": "Inga fritextsvar.",
    "dialog.results.whatNext": "*Vad händer sedan:* {text}",
    "dialog.results.feedback": "*Uppföljning:* {text}",
    "dialog.results.forbidden":
      "Resultatet av «{title}» kan den som skapade dialogen, gruppchefer för grupperna som fick den och LPO-chefen se – och alla som fick dialogen, när den har stängt.",

    "dialog.reminder.heading": "Påminnelse: {title}",
    "dialog.reminder.text":
      "Medarbetardialogen «{title}» från {creator} stänger {closes}. Hinner du svara? Det tar ungefär {minutes} min. Har du redan svarat kan du bortse från det här.",

    "dialog.closing.heading": "Återkoppling: {title}",
    "dialog.closing.intro": "Medarbetardialogen «{title}» har stängt. Tack till alla som svarade! Så här blev det:",
    "dialog.closing.introLead":
      "Medarbetardialogen «{title}» till din grupp har stängt. Här är resultatet – du kan skicka det till gruppens kanal med knappen.",
    "dialog.closing.introCreator":
      "Din medarbetardialog «{title}» har stängt och resultatet har gått till alla som fick den. Berätta senare vad ni gör med `/dialog återkoppling {id}`.",
    "dialog.closing.text": "Återkoppling från medarbetardialogen «{title}»: {answered}.",

    "dialog.feedback.formTitle": "Uppföljning",
    "dialog.feedback.formIntro":
      "Berätta vad ni gör med det som kom fram i «{title}». Det skickas till alla som fick dialogen och kopplas till {concerns}.",
    "dialog.feedback.formText": "Vi gör … (högst 1000 tecken)",
    "dialog.feedback.formSubmit": "Skicka",
    "dialog.feedback.forbidden": "Bara den som skapade «{title}» kan lägga till en uppföljning.",
    "dialog.feedback.notClosed":
      "«{title}» är öppen till {closes}. Lägg till uppföljningen när den har stängt och alla har fått resultatet.",
    "dialog.feedback.error": "Skriv vad ni gör, 3–1000 tecken, t.ex. {example}",
    "dialog.feedback.example": "Vi lägger två fotpatruller i veckan vid Torget fredagskvällar från v. 50.",
    "dialog.feedback.saved":
      "✅ Uppföljningen av «{title}» är sparad och skickas till {count} personer inom några minuter.",
    "dialog.feedback.heading": "Uppföljning: {title}",
    "dialog.feedback.youSaid": "*Ni sa:* {summary}",
    "dialog.feedback.weDo": "*Vi gör:* {text}",
    "dialog.feedback.linked": "Kopplat till {concerns} · {creator}",
    "dialog.feedback.summaryFew": "för få svar för att sammanfatta utan att riskera anonymiteten",
    "dialog.feedback.summaryQuestion": "{question}: {summary}",
    "dialog.feedback.summaryNone": "inga svar att sammanfatta",
    "dialog.feedback.summaryThemes": "främst {themes}",
    "dialog.feedback.summaryTheme": "{label} ({count} svar)",
    "dialog.feedback.summaryChoice": "flest valde {choices}",
    "dialog.feedback.summaryScale": "medel {mean} av 5",

    "dialog.forward.forbidden": "Bara gruppchefer för grupperna som fick «{title}» kan skicka resultatet till gruppen.",
    "dialog.forward.notClosed": "«{title}» är öppen till {closes}; resultatet kan skickas när den har stängt.",
    "dialog.forward.noChannel":
      "Dina grupper ({groups}) har ingen kopplad kanal. Koppla en med `/loftesbot koppla <grupp>` i kanalen.",
    "dialog.forward.queued": "✅ Resultatet av «{title}» skickas till kanalen för {groups} inom några minuter.",
    "dialog.forward.already": "Resultatet av «{title}» är redan skickat till kanalen för {groups}.",
    "dialog.forward.sharedBy": "Delat av {name}, gruppchef.",
  },
  {
    "dialog.usage":
      "How to use /dialog:\n`/dialog` – your staff dialogues\n`/dialog ny` – create one (kommunpolis, gruppchef, admin)\n`/dialog svara <id>` – answer or change your answer\n`/dialog resultat <id>` – the results\n`/dialog återkoppling <id> <what you do>` (or `feedback`) – tell what you do about it (the creator)",
    "dialog.forbiddenCreate":
      "Only kommunpoliser, gruppchefer and administrators can create staff dialogues. You can answer the dialogues you get – type `/dialog` to see them.",
    "dialog.notFound": 'I cannot find a staff dialogue called "{id}". Type `/dialog` to see yours.',
    "dialog.needId": "Say which dialogue you mean, e.g. `/dialog {sub} d1`. Type `/dialog` to see yours.",
    "dialog.kind.vad": "vad dialogue",
    "dialog.kind.hur": "hur dialogue",
    "dialog.kind.vadExplained": "a *vad dialogue*, asking which problems you see in the area",
    "dialog.kind.hurExplained": "a *hur dialogue*, asking how we should work on the problems",
    "dialog.concernsPromise": "{promise} ({kommun})",
    "dialog.concernsNone": "your area",
    "dialog.answerButton": "Answer",
    "dialog.changeButton": "Change my answer",
    "dialog.resultsButton": "Results",
    "dialog.forwardButton": "Send to the group",
    "dialog.feedbackButton": "Add follow-up",
    "dialog.anonymousShort": "anonymous",
    "dialog.namedShort": "with names",

    "dialog.form.title": "New staff dialogue",
    "dialog.form.submit": "Create and send",
    "dialog.form.intro":
      "A staff dialogue (medarbetardialog) is a short poll (1–5 questions) to one or more groups. Answers are anonymous unless you choose otherwise, and results are shown only when at least {min} have answered.\n*Own questions*: one per line, starting with the kind:\n`scale: How safe do you feel on the square?` – answer 1–5\n`choice: Which shift suits best? | Day | Evening | Night` – one option\n`multi: Which places feel unsafe? | Square | Park | Station` – several options\n`text: What should we do first?` – free text",
    "dialog.form.lineInputHint": "Write everything on one line and separate the questions with `;`.",
    "dialog.form.kind": "Kind of dialogue",
    "dialog.form.kindVad": "Vad dialogue – which problems do you see?",
    "dialog.form.kindHur": "Hur dialogue – how should we work on them?",
    "dialog.form.pollTitle": "Title (shown to those who get the dialogue)",
    "dialog.form.concerns": "Concerns promise or kommun",
    "dialog.form.concernsKommun": " (the whole kommun)",
    "dialog.form.template": "Questions",
    "dialog.form.templateVad": "Standard vad questions",
    "dialog.form.templateHur": "Standard hur questions",
    "dialog.form.templateOwn": "Own questions (type them below)",
    "dialog.form.questions": "Own questions, one per line (see the examples above)",
    "dialog.form.seed": "Hur dialogue: build on the themes of a closed vad dialogue (optional)",
    "dialog.form.seedOption": " ({id})",
    "dialog.form.groups": "Groups that get the dialogue",
    "dialog.form.groupsOwn": "Groups that get the dialogue (those you lead)",
    "dialog.form.closesDay": "Last day to answer",
    "dialog.form.closesTime": "Closes at (hh:mm)",
    "dialog.form.anonymous": "Anonymous or with names",
    "dialog.form.anonymousYes": "Anonymous (recommended)",
    "dialog.form.anonymousNo": "With names",
    "dialog.form.whatNext": "What happens next? Shown in the invitation and with the results (at most 500 characters)",
    "dialog.form.whatNextPlaceholder":
      "I will compile the answers and bring them up at the next meeting. You will all get the results.",

    "dialog.error.kind": "Choose vad dialogue or hur dialogue.",
    "dialog.error.title": "Write a title, 3–100 characters, e.g. Safety on the square, autumn 2026.",
    "dialog.error.concerns": "Choose the promise or kommun the dialogue concerns.",
    "dialog.error.template": "Choose the standard questions or own questions.",
    "dialog.error.templateConflict":
      "You typed own questions but chose standard questions. Choose Own questions, or empty the own questions field.",
    "dialog.error.seedKind":
      "Only a hur dialogue can build on a vad dialogue – choose hur dialogue or clear the choice.",
    "dialog.error.seed": "Choose one of the closed vad dialogues in the list.",
    "dialog.error.seedNoThemes":
      "The vad dialogue {id} has too few answers to give themes (at least {min} are needed). Choose another, or write own questions.",
    "dialog.error.questionsNone": "Write at least one question, e.g. `scale: How safe do you feel on the square?`",
    "dialog.error.questionsTooMany": "At most {max} questions here (you wrote {count}).",
    "dialog.error.questionsLength": "Question {line} must be 3–200 characters.",
    "dialog.error.questionsOptionsMissing":
      "Question {line} needs at least two options after |, e.g. `choice: Which shift? | Day | Evening`.",
    "dialog.error.questionsOptionsTooMany": "Question {line} has more than 10 options.",
    "dialog.error.questionsOptionLength": 'The option "{option}" in question {line} is longer than 60 characters.',
    "dialog.error.questionsOptionDuplicate": 'The option "{option}" appears twice in question {line}.',
    "dialog.error.groups": "Choose at least one group.",
    "dialog.error.groupsNotOwn": "As gruppchef you can only ask the groups you lead: {groups}.",
    "dialog.error.groupsUnknown": 'Unknown group "{group}". Choose from: {groups}.',
    "dialog.error.tooFew":
      "The dialogue would reach {count} people. Results are shown only when at least {min} have answered, so choose groups with at least {min} people together.",
    "dialog.error.tooFewOptions":
      "The dialogue would reach {count} people – fewer than {min}, so it cannot be anonymous: with so few answers, who answered what can be worked out. Nothing was created. Choose how to go on under «Fewer than {min} people».",
    "dialog.form.small": "Fewer than {min} people – how do you want to go on?",
    "dialog.form.smallNamed": "With names: not anonymous, and every message says so",
    "dialog.form.smallCombine": "Combine with another group (choose more groups above)",
    "dialog.form.smallCombineOther":
      "Combine with another group: ask a kommunpolis to start the dialogue for several groups",
    "dialog.error.smallCombine":
      "The dialogue still reaches only {count} people. Choose more groups so that you are at least {min}, or choose «With names».",
    "dialog.namedNotice": "👤 With names – this dialogue is not anonymous: answers are stored with names.",
    "dialog.hurFromButton": "Start a how-dialogue",
    "dialog.hurFrom.title": "How: {title}",
    "dialog.hurFrom.underlag": "*Underlag from the what-dialogue «{title}»:* {rate} You said: {summary}.",
    "dialog.error.closesDay": "Write the last day as YYYY-MM-DD, e.g. {example}.",
    "dialog.error.closesTime": "Write a time as hh:mm, e.g. 16:00.",
    "dialog.error.closesPast": "The dialogue must close at least one hour from now.",
    "dialog.error.closesFar": "A dialogue can be open at most {days} days, so close on {day} at the latest.",
    "dialog.error.anonymous": "Choose anonymous or with names.",
    "dialog.error.whatNext":
      "Write what happens with the answers, at most 500 characters – everyone who gets the dialogue sees it, e.g. {example}",

    "dialog.created":
      "✅ The staff dialogue «{title}» ({id}) is created: {kind} about {concerns}, {questions} questions, {anonymity}.",
    "dialog.createdInvites":
      "{count} people in {groups} get a private invitation within a few minutes. The dialogue closes {closes}; then everyone gets the results automatically.",
    "dialog.createdHint": "Follow how many have answered with `/dialog resultat {id}`.",

    "dialog.invite.heading": "Staff dialogue: {title}",
    "dialog.invite.text": "Staff dialogue «{title}» from {creator}: answer by {closes} (about {minutes} min).",
    "dialog.invite.who":
      "{creator} asks you to answer a short *staff dialogue (medarbetardialog)* – {kind}. It concerns {concerns}.",
    "dialog.invite.time": "It takes about {minutes} min ({questions} questions). Answer by {closes}.",
    "dialog.invite.anonymous":
      "🔒 *Anonymous:* nobody in chat – managers and administrators included – can see what you answered. Results are shown only as totals and only when at least {min} have answered; free text is cleaned of personal data and shown in random order. While the dialogue is open your answer is stored encrypted so that you can change it – only someone holding both the database and the service's key could then link it to you. When it closes, the key is destroyed and the answers are kept with nothing that leads to you: from then on nobody, the people who run the system included, can link an answer to you. The reminder goes only to those who have not answered yet, so who had answered by then can be seen – never what. If everyone gives the same answer to a question, the total of course shows it, and what you write in free text can give you away.",
    "dialog.invite.named":
      "👤 *With names:* this dialogue is not anonymous – your name is stored with your answers and {creator} can see your free-text answers with your name. Distributions are shown as totals even when only a few have answered – in a small group, what you answered may be seen.",
    "dialog.invite.whatNext": "*What happens next:* {text}",
    "dialog.invite.change":
      "You can change your answer until the dialogue closes. You get the results when it has closed.",

    "dialog.answer.title": "Staff dialogue",
    "dialog.answer.submit": "Send answer",
    "dialog.answer.intro": "«{title}» – {kind} about {concerns}. {anonymity} Answer by {closes}.",
    "dialog.answer.introAnonymous": "Your answers are anonymous.",
    "dialog.answer.introNamed": "This dialogue is not anonymous – your name is stored with the answers.",
    "dialog.answer.introEarlier":
      "You have already answered: the form shows your answer, and what you send now replaces it.",
    "dialog.answer.scaleLow": "1 (lowest)",
    "dialog.answer.scaleHigh": "5 (highest)",
    "dialog.answer.required": "Please answer this question.",
    "dialog.answer.invalidChoice": "Choose from the options.",
    "dialog.answer.tooLong": "At most 1000 characters.",
    "dialog.answer.receipt":
      "✅ You have taken part in the staff dialogue «{title}». The results will be sent to you when it closes {closes}.",
    "dialog.answer.receiptChanged":
      "✅ Your answer in the staff dialogue «{title}» is changed. The results will be sent to you when it closes {closes}.",
    "dialog.answer.receiptAnonymous":
      "Your answer was stored encrypted, without your name; when the dialogue closes it is kept with nothing that leads to you. You can change it until then.",
    "dialog.answer.receiptNamed": "Your answer was stored with your name. You can change it until then.",
    "dialog.answer.masked": "⚠️ A free-text answer contained {kinds} that must not be stored here – it is masked.",
    "dialog.answer.closed":
      "The staff dialogue «{title}» closed {closed} – it can no longer be answered. Thank you anyway! The results go to everyone who got the dialogue.",
    "dialog.answer.notRecipient": "You did not get the staff dialogue «{title}», so you cannot answer it.",

    "dialog.list.heading": "Your staff dialogues",
    "dialog.list.toAnswer": "*To answer*",
    "dialog.list.item": "{id} · «{title}» ({kind})",
    "dialog.list.answered": "✅ answered – you can change it until {closes}",
    "dialog.list.notAnswered": "⏳ not answered – closes {closes}",
    "dialog.list.created": "*Created by you*",
    "dialog.list.groups": "*To groups you lead*",
    "dialog.list.taken": "*Closed ones you took part in*",
    "dialog.list.open": "open until {closes} · {answered}",
    "dialog.list.closed": "closed {closed} · {answered}",
    "dialog.list.answeredCount": "{count} of {asked} have answered",
    "dialog.list.answeredFew": "fewer than {min} of {asked} have answered",
    "dialog.list.none": "You have no staff dialogues right now.",
    "dialog.list.createHint": "Create one with `/dialog ny`.",
    "dialog.list.answerLabel": "Answer {id}",
    "dialog.list.resultsLabel": "Results {id}",

    "dialog.results.heading": "Results: {title}",
    "dialog.results.meta": "{kind} about {concerns} · {id} · {status} · {anonymity}",
    "dialog.results.open": "open until {closes}",
    "dialog.results.closed": "closed {closed}",
    "dialog.results.rate": "{answered} of {asked} have answered ({percent} %).",
    "dialog.results.rateHidden": "Fewer than {min} of {asked} have answered.",
    "dialog.results.tooFew":
      "Too few answers to show results – at least {min} are needed, so that nobody can be singled out.",
    "dialog.results.openNote":
      "The answers are shown when the dialogue has closed ({closes}), so that nobody can work out a single answer by comparing results over time. For now only the number of answers is shown.",
    "dialog.results.groupsHeading": "*Answers per group*",
    "dialog.results.groupRow": "{group}: {answered} of {asked} ({percent} %)",
    "dialog.results.groupHidden": "{group}: fewer than {min} answers – not shown",
    "dialog.results.groupProtected": "{group}: not shown, so that a smaller group's number cannot be worked out",
    "dialog.results.groupsNote": "Groups with fewer than {min} answers are not shown, to protect anonymity.",
    "dialog.results.question": "*{n}. {text}*",
    "dialog.results.questionHidden": "Fewer than {min} answered this question – not shown.",
    "dialog.results.questionNobody": "Nobody answered this question.",
    "dialog.results.nobody": "Nobody answered the dialogue, so there are no answers to show.",
    "dialog.results.textCleared":
      "{answered} answered. The free text has been cleared: it is kept only for a time after the dialogue closed (retention).",
    "dialog.results.textPartlyCleared": "Some of the free text has been cleared (retention after the dialogue closed).",
    "dialog.results.option": "{option}: {count} ({percent} %)",
    "dialog.results.answers": "({answered} answers)",
    "dialog.results.multiAnswers": "({answered} answers, several choices possible)",
    "dialog.results.scale": "Mean {mean} · median {median} ({answered} answers)",
    "dialog.results.scaleDistribution": "Distribution 1–5: {values}",
    "dialog.results.themes": "Themes ({source}):",
    "dialog.results.themeOffline": "automatic compilation",
    "dialog.results.themeAi": "AI summary of masked answers",
    "dialog.results.theme": "• *{label}* – {count} answers, e.g. “{quote}”",
    "dialog.results.themeOther": "• Other: {count} answers",
    "dialog.results.texts": "The answers in random order:",
    "dialog.results.textsMore": "…and {count} more (in the export).",
    "dialog.results.noText": "No free-text answers.",
    "dialog.results.whatNext": "*What happens next:* {text}",
    "dialog.results.feedback": "*Follow-up:* {text}",
    "dialog.results.forbidden":
      "The results of «{title}» can be seen by its creator, the gruppchefer of the groups asked and the LPO-chef – and by everyone who got the dialogue, once it has closed.",

    "dialog.reminder.heading": "Reminder: {title}",
    "dialog.reminder.text":
      "The staff dialogue «{title}» from {creator} closes {closes}. Do you have time to answer? It takes about {minutes} min. If you have already answered, please ignore this.",

    "dialog.closing.heading": "Feedback: {title}",
    "dialog.closing.intro":
      "The staff dialogue «{title}» has closed. Thank you to everyone who answered! This is the result:",
    "dialog.closing.introLead":
      "The staff dialogue «{title}» to your group has closed. Here is the result – you can send it to the group's channel with the button.",
    "dialog.closing.introCreator":
      "Your staff dialogue «{title}» has closed and the results have gone to everyone who got it. Later, tell them what you do with `/dialog återkoppling {id}`.",
    "dialog.closing.text": "Feedback from the staff dialogue «{title}»: {answered}.",

    "dialog.feedback.formTitle": "Follow-up",
    "dialog.feedback.formIntro":
      "Tell what you do with what came out of «{title}». It is sent to everyone who got the dialogue and linked to {concerns}.",
    "dialog.feedback.formText": "We will … (at most 1000 characters)",
    "dialog.feedback.formSubmit": "Send",
    "dialog.feedback.forbidden": "Only the creator of «{title}» can add a follow-up.",
    "dialog.feedback.notClosed":
      "«{title}» is open until {closes}. Add the follow-up when it has closed and everyone has got the results.",
    "dialog.feedback.error": "Write what you will do, 3–1000 characters, e.g. {example}",
    "dialog.feedback.example": "We put two foot patrols a week on the square on Friday evenings from week 50.",
    "dialog.feedback.saved": "✅ The follow-up of «{title}» is saved and sent to {count} people within a few minutes.",
    "dialog.feedback.heading": "Follow-up: {title}",
    "dialog.feedback.youSaid": "*You said:* {summary}",
    "dialog.feedback.weDo": "*We will:* {text}",
    "dialog.feedback.linked": "Linked to {concerns} · {creator}",
    "dialog.feedback.summaryFew": "too few answers to summarise without risking anonymity",
    "dialog.feedback.summaryQuestion": "{question}: {summary}",
    "dialog.feedback.summaryNone": "no answers to sum up",
    "dialog.feedback.summaryThemes": "mainly {themes}",
    "dialog.feedback.summaryTheme": "{label} ({count} answers)",
    "dialog.feedback.summaryChoice": "most chose {choices}",
    "dialog.feedback.summaryScale": "mean {mean} of 5",

    "dialog.forward.forbidden":
      "Only the gruppchefer of the groups asked in «{title}» can send the results to the group.",
    "dialog.forward.notClosed": "«{title}» is open until {closes}; the results can be sent when it has closed.",
    "dialog.forward.noChannel":
      "Your groups ({groups}) have no bound channel. Bind one with `/loftesbot koppla <group>` in the channel.",
    "dialog.forward.queued": "✅ The results of «{title}» are sent to the channel of {groups} within a few minutes.",
    "dialog.forward.already": "The results of «{title}» have already been sent to the channel of {groups}.",
    "dialog.forward.sharedBy": "Shared by {name}, gruppchef.",
  },
);
