// English message catalogue. Every Swedish key must have an English text.
import type { CoreMessageKey as MessageKey } from "./sv.js";

export const en: Record<MessageKey, string> = {
  "common.notRegistered":
    "You are not in Löftesbot's organisation yet. Ask your group leader or the LPO administrator ({admins}) to add you.",
  "common.noAdmins": "the administrator",
  "common.sentPrivately": "The answer was sent to you in a private chat with Löftesbot.",
  "common.sentPrivatelyPartly":
    "Only part of the answer reached your private chat with Löftesbot. Type the command there to get all of it.",
  "common.notSentPrivately":
    "The answer could not be sent to you privately, and it is not shown here. Write to Löftesbot in a personal chat and ask again there.",
  "common.tryAgain": "Something went wrong in Löftesbot just now – please try again in a moment. Nothing was stored.",
  "common.timeout": "Löftesbot could not answer in time – nothing was stored. Please try again in a moment.",
  "common.savedNoReply":
    "✅ What you sent was stored, but Löftesbot could not show the whole answer just now. You do not need to send it again.",
  "common.unconfirmed":
    "Löftesbot could not confirm whether what you sent was stored. First check whether it shows, so that it is not stored twice; if it does not, please try again.",
  "common.stillWorking":
    "Löftesbot is still working on what you just sent. Wait a moment and check whether it shows, so that it is not stored twice; if it does not, please try again.",
  "common.forbidden": "Only {roles} may do this.",
  "common.unknownCommand": 'I did not understand "{text}". Type `/loftesbot help` to see what I can do.',
  "common.week": "w. {week}",
  "common.today": "today",
  "common.yesterday": "yesterday",
  "common.and": "and",
  "common.hours": "h",
  "common.times": "times",
  "common.notImplemented": "This feature is not ready yet: {what}.",
  "common.close": "Cancel",
  "common.tooLong":
    "The message is too long ({length} characters). Löftesbot takes at most {max} characters – {hint} Nothing was stored.",
  "common.tooLong.log": "a log entry fits on one line, e.g. `/log 1.5h närvaro Torget med @anna.berg`.",
  "common.tooLong.command": "write less. How to use {command}: {usage}.",
  "common.formTooLarge":
    "The form came with a field that is too large: at most {max} characters and {items} choices per field. Nothing was stored – open the form again and shorten the text.",
  "unit.timmar": "hours",
  "unit.tillfällen": "occasions",
  "per.vecka": "week",
  "per.månad": "month",
  "per.kvartal": "quarter",
  "per.period": "whole period",
  "per.vecka.this": "this week",
  "per.månad.this": "this month",
  "per.kvartal.this": "this quarter",
  "per.period.this": "whole period",

  "log.stored": "✅ {amount} on {code} {activity} ({day}, {week}){others}.",
  "log.storedOthers": ", also for {names}",
  "log.storedFor": " for {names}",
  "log.notStoredAgain": "Nothing was stored again for {names} – it was already logged.",
  "log.notStoredAgainOccasion":
    "Nothing was stored again for {names} – it was already logged, and the occasion is counted there.",
  "log.ask.you": "you",
  "log.ask.byYou": "you",
  "log.ask.duplicateEntry": "{who}: already {amount} on {code} (logged by {by} at {time})",
  "log.ask.duplicate": "⚠️ This looks already logged for {day}: {found}.",
  "log.ask.duplicateSome": "That is {names}, not {others}.",
  "log.ask.overCap": "⚠️ That makes {total} for {who} {day} – more than {max} a day, the limit of what is plausible.",
  "log.ask.question": "Log {amount} on {code} {activity} ({day}){others} anyway?",
  "log.ask.nothingYet": "Nothing is logged yet.",
  "log.ask.anyway": "Save anyway",
  "log.ask.cancel": "Cancel",
  "log.ask.without": "Save without {names}",
  "log.ask.withoutThem": "Save without those who have it",
  "log.ask.me": "me",
  "log.ask.withoutTooLong":
    'The line is too long for the button "{button}" – send it again shorter if that is how it should be logged.',
  "log.ask.leftOut": "Nothing is stored for {names}, who already have it logged.",
  "log.ask.tooLong": "The line is too long for a button – send it again shorter if it should be logged.",
  "log.ask.notYours":
    "The question was about a colleague's line – only the person who sent it can answer it. Nothing changed.",
  "log.ask.cancelled": "Cancelled – nothing was saved.",
  "log.ask.wasCancelled": "You cancelled that line – it is not logged. Send the line again if it should be logged.",
  "log.ask.alreadyStored": "That line is already logged once – nothing more was added. See /mina.",
  "log.ask.beingStored":
    "That line is already being logged (the button was pressed before) – nothing more was added. See /mina in a moment; if it is not there, send the line again.",
  "log.standing": "{period}: {parts}.",
  "log.periodQuarter": "Q{quarter} {year}",
  "log.standingUnavailable": "Your team's standing could not be shown just now – see /mina in a moment.",
  "log.unconfirmed":
    "I could not confirm that {amount} on {code} {activity} ({day}) was stored. Check /mina before you log again; if it is not there, please try again, e.g. `/log {example}`.",
  "log.masked": "⚠️ The note contained {kinds}, which must not be stored here – it has been masked.",
  "log.maskedKind.personnummer": "a personal identity number",
  "log.maskedKind.regnummer": "a vehicle registration number",
  "log.maskedKind.telefonnummer": "a phone number",
  "log.maskedKind.epost": "an e-mail address",
  "log.maskedKind.namn": "the name of someone in the organisation",
  "log.undoButton": "Undo",
  "log.example":
    "Example: `/log 1.5h närvaro Torget`, `/log 3x hastighet igår`, `/log L2 2h med @anna.berg talked to shop owners`",
  "log.error.empty": "Write what you did, e.g. `/log 1.5h närvaro Torget`.",
  "log.error.noActivity": 'I found no activity in "{text}". Your activities: {activities}.',
  "log.error.noActivities":
    "You have no activities to log right now – no promise activity applies to your groups today.",
  "log.error.missingDuration": "{code} {activity} is measured in hours – say how long, e.g. `1.5h` or `90 min`.",
  "log.error.durationRange": "The time must be more than 0 and at most 24 hours, e.g. `2h` or `45 min`.",
  "log.error.countRange": "The count must be between 1 and 100, e.g. `3x`.",
  "log.error.badDuration":
    '"{text}" is not a time I can log: give more than 0 and at most 24 hours, without a minus or plus, e.g. `2h` or `45 min`. Want to remove an entry? Type `/log undo`.',
  "log.error.badCount":
    '"{text}" is not a count I can log: give a whole number from 1 to 100, without a minus or plus, e.g. `3x`. Want to remove an entry? Type `/log undo`.',
  "log.error.tooEarly":
    "{day} is too far back: this activity can be logged from {earliest} (not before its promise starts, and at most a year back). Write e.g. `yesterday` or `{earliest}`.",
  "log.error.futureDay": "{day} is in the future – you can only log work already done.",
  "log.error.badDay": '"{text}" is not a valid date. Write e.g. `igår`, `tuesday` or `2026-11-20`.',
  "log.error.twoDurations": "I found two durations – give just one, e.g. `1h30`.",
  "log.error.unclearMinutes":
    'I can\'t tell whether the number in "{text}" is minutes – write `1h30` for 1 h 30 min, or put the number further from the time if it belongs to the note.',
  "log.error.unclearDay":
    'I can\'t tell which day "{text}" is – write the day with its month, e.g. `{short}` or `{day}` (or `yesterday`). Is the number part of the note? Put another word next to it.',
  "log.error.unclearDayOrCount":
    'I can\'t tell what "{text}" stands for – a count or a day? Write the count as `{count}st`, or the day with its month, e.g. `{short}` or `{day}` (or `yesterday`).',
  "log.error.unclearCount":
    'I can\'t tell whether "{text}" is a count – write `{count}st`. Is the number part of the note? Put another word next to it.',
  "log.error.twoCounts": "I found two counts – give just one, e.g. `3x`.",
  "log.error.twoDays": "I found two days – give just one.",
  "log.error.unknownMention": "I don't recognise {mention}. Mention people with @ as they appear in the organisation.",
  "log.error.futureDayNoYear":
    '"{text}" is {day}, which has not come yet – you can only log work already done. Did you mean an earlier year? Write the whole date, e.g. `{lastYear}`.',
  "log.error.futureDayWords":
    '"{text}" is {day}, which is in the future – you can only log work already done. Log it afterwards, e.g. `/log 1h närvaro today` or `/log 1h närvaro last friday`.',
  "log.error.beforePeriod":
    "{day} is before the promise's period: {code} {activity} can be logged from {from} to {to}. Write e.g. `yesterday` or `{from}`.",
  "log.error.afterPeriod":
    "{day} is after the promise's period: {code} {activity} can be logged from {from} to {to}. Write e.g. `yesterday` or `{to}`.",
  "log.error.countOnHours":
    "{code} {activity} is measured in hours – a count (e.g. `1x`) cannot be stored on it. Write how long, e.g. `/log 2h {code}`. Was the count for another activity? Put it on a line of its own, e.g. `/log 1x hastighet`.",
  "log.error.rangeOnCount":
    "{code} {activity} is counted in occasions, not hours – write how many, e.g. `/log {code} 1x` (or `/log {code} 1x 22-02`).",
  "log.error.notInScope":
    "{activities} is not one of your activities – you log on: {mine}. Write e.g. `/log 1h närvaro`.",
  "log.error.unknownName":
    "I don't know \"{name}\" in your LPO. Write the person's id with @, e.g. `with @emma.lund`, or their first and last name, e.g. `with Emma Lund`.",
  "log.askPerson": 'Whom did you mean by "{name}"? Choose the person and the line is stored.',
  "log.askPersonOne": 'Did you mean @{id} ({name}) by "{text}"? Press the button and the line is stored.',
  "log.askOtherWord": '"{word}" is also the name of another activity. Which one did you mean?',
  "log.outsideScope":
    '"{word}" belongs to {activities}, which is not one of your activities. Did you mean one of these? Otherwise the word stays as a note.',
  "log.namedToo": '"{word}" is also the name of {activities}.',
  "log.outsideScopeToo": '"{word}" also belongs to {activities}, which is not one of your activities.',
  "log.outsideScopeWord": '"{word}" belongs to {activities}, which is not one of your activities.',
  "log.whichOrNote": "Which one did you mean? Otherwise the word stays as a note.",
  "log.whichOrNotes": "Which one did you mean? Otherwise the words stay as a note.",
  "log.askPart": 'In the part "{part}": ',
  "log.partRefused": 'In the part "{part}": {reason}',
  "log.severalStored": "The line had {count} activities – all were stored:",
  "log.error.vagueDay":
    '"{text}" does not say which day – write the day, e.g. `/log 2h närvaro saturday` or `/log 2h närvaro 2026-11-28`. Log several days on a line each.',
  "log.error.partsWithoutDay":
    'The line has several days, but none for the part "{part}" – write the day in each part, e.g. `/log närvaro 2h yesterday, hastighet 1x today`.',
  "log.error.nothingStored": "Nothing was stored.",
  "log.error.leftNotLogged":
    "Nothing is logged on {code} {day} for {names} – the button can only leave out those who have it already. Send the line again, e.g. `/log 2h närvaro med @anna.berg`.",
  "log.error.nobodyLeft":
    "The button leaves nobody in the line to log for – send the line again, e.g. `/log 2h närvaro med @anna.berg`.",
  "log.ambiguous": '"{text}" matches several activities. Which did you mean?',
  "log.undone": "↩️ Undone: {amount} on {code} {activity} ({day}){others}.",
  "log.nothingToUndo": "You have nothing logged in the last 24 hours to undo.",
  "log.undoTooLate": "That entry is older than 24 hours or already undone and cannot be undone here.",
  "log.removeOwnPart.button": "Remove my part",
  "log.removeOwnPart.done":
    "🗑️ Your part is removed: {amount} on {code} {activity} ({day}), logged by {name}. The others' parts stay, and {name} sees in /mina that you removed yours (for {days} days).",
  "log.removeOwnPart.nothing": "Nobody has logged anything for you in the last {days} days that you could remove.",
  "log.removeOwnPart.cannot":
    "That part cannot be removed here: it is already removed, was logged more than {days} days ago, or is not yours.",
  "log.form.title": "Log work",
  "log.form.submit": "Save",
  "log.form.intro": "Log work on a citizen promise. Tip: you can also type `/log 1.5h närvaro`.",
  "log.form.activity": "Activity",
  "log.form.day": "Day",
  "log.form.duration": "Time (e.g. 1.5h or 90 min)",
  "log.form.durationRequiredWhen": "required for activities in hours",
  "log.form.count": "Number of occasions",
  "log.form.others": "Others who took part",
  "log.form.note": "Note (no personal identity or registration numbers)",
  "log.form.activityRequired": "Choose an activity.",

  "mine.heading": "My log",
  "mine.week": "This week ({week})",
  "mine.none": "Nothing logged yet.",
  "mine.entry": "{day}: {amount} on {code} {activity}{by}{note}",
  "mine.entry.by": " (logged by {name})",
  "mine.totalWeek": "You this week: {amount}",
  "mine.team": "The team",
  "mine.forMe": "*Logged for you by others (last {days} days)*",
  "mine.forMe.entry": "{amount} on {code} {activity} ({day}) – logged by {name}",
  "mine.forMe.more": "The {shown} newest are shown. `/log remove my part` removes your part of the newest.",
  "mine.removedPart": "{name} removed their part: {amount} on {code} {activity} ({day}).",

  "promises.heading": "Citizen promises that concern you",
  "promises.none": "No citizen promise concerns your groups right now.",
  "promises.period": "{kommun} · {from} – {to}",
  "promises.activity": "{code} {activity} – target {target} per {per}",
  "promises.progress": "target {target} {period} – {parts}",
  "promises.upcoming": "Starts {from} – nothing is logged on it until then.",
  "promises.logHint": "Log: `/log {example}`",

  "help.heading": "Löftesbot – help",
  "help.intro": "I help you log work on the citizen promises, see how it is going and answer staff dialogues.",
  "help.lineFormat":
    "A line may hold a duration (`2h`, `1.5h`, `1h30`, `90 min`), a count (`3st`, `x3`), an activity (code `L2` or a word like `närvaro`), a day (`igår`, `tuesday`, `2026-11-20`), `med @person` and a short note.",

  "bind.done": "🔗 This channel is now bound to {group}. The group's weekly status will be posted here.",
  "bind.usage": "Say which group to bind this channel to, e.g. `/loftesbot koppla ig-1`. Groups: {groups}.",
  "bind.unknownGroup": 'There is no group "{group}". Groups: {groups}.',
  "bind.noChannel": "Bind from the channel you want to bind, not from a private chat.",
  "bind.forbidden": "Only an administrator or the group leader of {group} can bind a channel to the group.",
  "bind.taken":
    "This channel is already bound to {current}. Only an administrator or the group leader of {current} can move it to another group. Nothing was changed.",
  "bind.otherLpo":
    "This channel is bound to a group in another local police area and cannot be bound from here. It becomes free when that group is bound to another channel. Nothing was changed.",
  "bind.changed": "Someone else just changed this channel's binding. Nothing was changed – try again.",
  "trend.unlogged": " (– = before the first entry)",
  "share.group": "{group}: {doneOf}",
  "share.lpo": "whole LPO: {doneOf}",
  "share.ours": "your team: {doneOf}",
  "share.basis.explicit": "Your share as the promise sets it: {part} of {target}",
  "share.basis.members": "Your share by members ({members} of {total} in the {groups} groups): {part} of {target}",
  "share.basis.equal": "Your share, split equally across {groups} groups: {part} of {target}",
  "why.problem": "Why: {text}",
  "why.purpose": "Purpose: {text}",
  "why.effect": "Intended effect: {text}",
  "why.tell": "Tell citizens: “{text}”",
};
