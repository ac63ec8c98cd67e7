# showclock in English. Every message a person reads; the keys are shared by
# every language file (a test fails when one is missing or unused).

# The language's own name, as a menu would list it.
language-name = English
# What a spreadsheet header may call the language: `Title (English)`.
language-aliases = English, 英文, 英语
# chrono's locale for weekday and month names, and AM/PM.
date-locale = en_US
# chrono patterns: the day, the weekday, times of day.
date-day = %a %-d %b
date-weekday = %a
time-24h = %H:%M
time-24h-seconds = %H:%M:%S
time-12h = %-I:%M %p
time-12h-seconds = %-I:%M:%S %p

## Shared: the phase, who a message is for, the show against its plan

phase-before = BEFORE THE SHOW
phase-live = LIVE
phase-over = OVER
audience-moderator = to the moderator
audience-speakers = to every speaker
audience-speaker = to { $name } only
audience-everyone = to everyone
drift-on-time = on time
drift-behind = { $time } behind
drift-ahead = { $time } ahead
# An instant on a clock: `09:00 Beijing`, `6:00 PM Pacific (Tue 31 May)`.
clock-time = { $time } { $clock }
clock-time-on-day = { $time } { $clock } ({ $day })
clock-time-on-day-of-year = { $time } { $clock } ({ $day } { $year })
person-moderated-by = Moderated by
person-role-organization = { $name }, { $role } – { $organization }
person-role = { $name }, { $role }
person-organization = { $name } – { $organization }
drift-late = { $time } late
drift-early = { $time } early
timer-overrun = OVERRUN +{ $time }

## status

status-message = MESSAGE { $audience }: { $text }
status-elapsed-of = { $time } elapsed of { $allotment }
status-remaining = { $time } remaining
status-stage-shows-clock = { $timer } (the stage shows the time of day)
status-stage-shows-nothing = { $timer } (the stage shows no timer)
status-now = Now:  { $number }/{ $count } { $title } — { $timer }
status-started = {"      "}started { $started } (planned { $planned })
status-run-of-segment = {"      "}run { $run } of this segment; before: { $before }; { $total } in all of { $planned } planned
status-ends = {"      "}ends { $at }
status-break = Now:  a break between segments
status-next = Next: { $number }/{ $count } { $title } — in { $in_time }, at { $at }
status-show-over = Show: over; ended { $ended } (planned { $planned }), { $drift }
status-show = Show: { $drift }; ends { $ends }
status-on-schedule = ON SCHEDULE (no cue yet: the schedule drives the show)
status-cued = CUED BY THE OPERATOR

## report

report-segment = segment
report-planned-start = planned start ({ $clock })
report-actual-start = actual start ({ $clock })
report-planned = planned
report-actual = actual
report-over-under = over/under
report-runs = runs
report-not-run = not run
report-running = running
report-total = total
report-now = now
report-runs-note = Segment { $number } ({ $title }) ran { $runs } times: { $each }; { $total } in all against { $planned } planned ({ $difference }).
report-nothing-recorded = The journal has no entries: nothing was recorded, so nothing is reported as run (a show left to its schedule, without a key pressed, leaves no record).
report-ends = Planned end: { $planned }. Actual end: { $actual }.
report-not-ended = The show has not ended yet.

## exports: the run-of-show and calendar invitations

date-long = %A %-d %B %Y
export-speakers = Speakers:
export-notes = Notes: { $notes }
export-contact = Contact:
export-contact-heading = Contact
export-your-part = Your part of the show ({ $yours } of { $all } segments).
export-length = Length
export-segment = Segment
export-bold-date = A date in **bold** marks a clock that is on another day than { $clock }.
export-cue = Cue: { $cue }

## screens: badges, clocks, timer, show line

badge-disconnected = DISCONNECTED: last update { $seconds } s ago
badge-disconnected-never = DISCONNECTED: last update never
badge-following = FOLLOWING
badge-following-read-only = FOLLOWING · READ-ONLY
badge-screens-dark = SPEAKERS' SCREENS DARK
badge-flash = FLASH
badge-bell-off = BELL OFF
badge-actions-waiting = { $count ->
    [one] {" · "}1 action waiting
   *[other] {" · "}{ $count } actions waiting
}
badge-sync-lost = SYNC LOST { $lost }{ $waiting }
badge-synced-read-only = SYNCED · READ-ONLY
badge-syncing = SYNCING{ $waiting }
badge-synced = SYNCED
badge-set-aside = { $count } SET ASIDE
badge-clock-behind = CLOCK { $seconds } s BEHIND THE BROKER'S
badge-clock-ahead = CLOCK { $seconds } s AHEAD OF THE BROKER'S
badge-on-schedule-long = ON SCHEDULE · Space takes over
badge-on-schedule = ON SCHEDULE
badge-cued-long = CUED BY OPERATOR
badge-cued = CUED
people-on-since = on since { $time } { $weekday }, { $place } time
people-speaks = speaks { $time } { $weekday }, { $place } time
show-over = SHOW OVER
show-ended = ended { $ended } · planned { $planned }
show-label = SHOW
show-ends = ends { $at }
timer-elapsed-of = elapsed of { $allotment }
timer-time-in = time in { $clock }
timer-none = no timer
timer-remaining-of = remaining of { $allotment }
timer-until-start = until the show starts
timer-break = break: next segment starts in
timer-show-over = THE SHOW IS OVER
keys-read-only = read-only: this screen follows the show · v view · ? help · q quit
keys-read-only-short = read-only · ? help · q quit
keys-over = p undo the end · r rehearse · m message · c clear · v view · ? help · q quit
keys-over-short = ? help · p undo · r rehearse · q quit
keys-short = ? help · Space next · p undo · m message · q quit

## the moderator's screen

moderator-now = NOW { $number }/{ $count }
moderator-run = run { $run } · { $earlier } in earlier runs
moderator-started = started { $at }
moderator-extended = extended +{ $time }
moderator-shortened = shortened { $time }
moderator-planned = planned { $span }
moderator-due-now = due now
moderator-in = in { $time }
moderator-next = NEXT { $number }/{ $count }
moderator-due-since = due since { $at }
moderator-starts = starts { $at }
moderator-keys = Space next · p undo · g go to · +/- 1 min · e end · m message · c clear · b bell · v view · ? help · q quit
moderator-keys-before = Space start now · p undo · g go to · e end · m message · c clear · b bell · v view · ? help · q quit
moderator-keys-on-schedule = Space take over · n next · p undo · g go to · +/- 1 min · e end · m message · c clear · v view · ? help
moderator-message-everyone = MESSAGE to everyone: { $text }
moderator-message = MESSAGE: { $text }

## the producer's screen

canned-wrap-up = Wrap up
canned-two-minutes = 2 minutes
canned-mic-muted = Your mic is muted
canned-speak-up = Speak up
canned-look-at-camera = Look at the camera
producer-to-everyone = To everyone:
producer-keys = Space next · p undo · g go to · +/- 1 min · e end · m message · 1-5 canned · c clear · v view · ? help · q quit
producer-keys-on-schedule = Space take over · p undo · g go to · +/- 1 min · e end · m message · 1-5 canned · c clear · v view · ? help · q quit
producer-expected = Exp
producer-latest = Latest
producer-title = Title
producer-speakers = Speakers
producer-actual = Actual
producer-ran = Ran
producer-rundown = Rundown { $shown } of { $count }
producer-watcher-control = control
producer-watcher-watching = watching
producer-following = Following this show · { $count }
producer-none-yet = none yet
producer-showing = showing
producer-cleared = cleared
producer-messages = Messages · latest first
producer-journal = Journal · latest first
producer-no-cues = no cues or notes
producer-cues-now = Now { $number }
producer-cues-next = Next { $number }
producer-nothing-coming = Nothing live or coming: the show is over.
producer-cues-overdue = Cues · next cue due now (overdue +{ $time })
producer-cues-in = Cues · next cue in { $time }
producer-cues = Cues
action-start = start
action-next = next
action-undo = undo (p)
action-goto = go to { $number }
action-extend = extend +{ $time }
action-shorten = shorten { $time }
action-message = message { $audience } "{ $text }"
action-clear-message = clear message
action-end = end the show
action-flash = flash (f)
action-blackout = speakers dark (d)
action-unblackout = speakers back (d)

## help and dialogs

help-space = start / take over from the schedule, then next
help-quit = quit (asks while the show is live)
help-next = next segment
help-undo = undo the latest cue (previous segment)
help-goto = go to segment N
help-extend = extend or shorten the current slot by a minute
help-end = end the show (asks first)
help-bell = bell on or off
help-view = switch moderator / producer view
help-message = write a message: Tab says who for, Enter sends
help-canned = producer view: a canned message, to everyone
help-clear = clear the message
help-flash = producer view: flash every screen for 3 s
help-dark = producer view: speakers' screens dark / back
help-rehearse = rehearse (when the show is over)
help-links = links to the browser screens, with a QR code
help-close = close this help
help-scroll = ↑ ↓ scroll · { $first }-{ $last } of { $count } keys
help-title = Keys
compose-shown-moderator = Shown on the moderator's screen (and the producer's); no speaker's page shows it.
compose-shown-speakers = Shown on every speaker's page (and the producer's); not on the moderator's screen.
compose-shown-everyone = Shown on the moderator's screen and every speaker's page.
compose-shown-speaker = Shown only on { $name }'s own page (/speaker?name=…) and the producer's.
compose-title = Message { $audience }
compose-keys = Tab: who it is for · Enter sends · Esc cancels
quit-title = Quit?
quit-question = The show is live. Quit showclock?
quit-follower = This screen only follows: the show goes on where it is served.
quit-journal-saved = The journal is saved: starting again resumes the show.
quit-keys = y quit · any other key stays
end-title = End the show?
end-question = End the show now? Every screen will say THE SHOW IS OVER.
end-undo = p undoes it afterwards (the last segment comes back).
end-keys = y end the show · any other key goes back
goto-title = Go to segment
goto-prompt = Segment number (1-{ $count }): { $typed }
goto-keys = Enter cues it now · Esc cancels
rehearse-title = The show is over
rehearse-ended = { $title } ended { $at }.
rehearse-question = Rehearse it now with a simulated clock (separate rehearsal journal)?
rehearse-keys = r rehearse · q quit · Esc just look
links-title = Browser screens
links-keys = any key closes

## starting: a follower connecting, a damaged journal

connecting-to = Connecting to { $url }…
connecting-not-yet = Not yet: { $problem }
connecting-wait = Nothing is shown until the show's state arrives. q quits.
damaged-title = { $count ->
    [one] THE JOURNAL { $journal } HAS 1 DAMAGED LINE
   *[other] THE JOURNAL { $journal } HAS { $count } DAMAGED LINES
}
damaged-line = line { $line }: { $why }
damaged-more = … and { $count } more (showclock journal check lists them all)
damaged-repair = r  repair: keep the { $valid } valid entries in order, set the damaged lines aside in { $journal }.rejected, keep the original as { $journal }.bak-…
damaged-quit = q  quit and leave the journal as it is

## notices of the full-screen app

badge-rehearsal = REHEARSAL x{ $speed } · SIMULATED CLOCK
notice-repaired = { $count ->
    [one] Journal repaired: kept { $kept } entries; 1 line set aside in { $file }
   *[other] Journal repaired: kept { $kept } entries; { $count } lines set aside in { $file }
}
notice-repaired-torn = Journal repaired: { $why }
notice-not-done = Not done: { $why }
notice-no-links = No links: this screen does not share the show (start it with --share)
notice-follower-rehearses = Not done: a follower rehearses on the serving instance
notice-cannot-rehearse = Cannot rehearse: { $why }
notice-resumed-rehearsal-at = Resumed the unfinished rehearsal, now at x{ $speed } (--fresh starts over)
notice-resumed-rehearsal = Resumed the unfinished rehearsal (--fresh starts over)
notice-fresh-rehearsal = Started a fresh rehearsal: the last one is kept as { $file }

## check

check-segments = { $count ->
    [one] 1 segment, { $length } from first start to last end
   *[other] { $count } segments, { $length } from first start to last end
}
check-length = length
check-title = title
check-more = … and { $count } more
sharing-token = token { $token }
sharing-token-given = token as given
sharing-token-environment = token from SHOWCLOCK_TOKEN
sharing-viewing-open = viewing open on loopback
sharing-viewing-token = viewing needs a token
sharing-banner = SHARING { $url } · { $token } · { $viewing }
notice-not-written = NOT DONE: { $why }
notice-no-such-segment = there is no segment { $typed }: give a number from 1 to { $count }
notice-follower-no-rehearsal = a follower cannot start a rehearsal of its own
notice-synced-rehearsal = a synced show rehearses on its own stream: start with --rehearse --sync URL

## the links to the browser screens

links-what-speaker = confidence monitor for every speaker
links-what-overlay = streaming overlay (OBS browser source)
links-what-screens = every screen, and a link per speaker
links-what-producer = rundown and controls (control token: the producer only)
links-no-view-token = The read-only links carry no token: they open only where viewing is open (on this machine). For other devices, share with --view-token and give it here.
links-no-view-token-short = (no --view-token: the read-only links open on this machine only)
links-scan = Scan for the speaker page:
links-page-speaker = speaker
links-page-overlay = overlay
links-page-screens = screens
links-page-producer = producer

## a show across cities (--sync)

sync-read-only = read-only: this instance's NATS user may only watch the show (ask for a user that may act)
sync-left-out = a message in the show's stream was left out: { $why }
sync-not-recorded = an action from the stream was not recorded: { $why }
sync-set-aside-failed = cannot write the set-aside file ({ $why }): this instance's actions stay in its journal
sync-cannot-adopt = cannot adopt the show's history: { $why }
sync-may-not-act = this NATS user may not act on the show: { $why }
sync-not-on-broker = the show { $show } is not on the broker yet
sync-lost-at-start = SYNC LOST: { $why }; the show runs here, and its actions are appended when the broker is back

## Pages
# The browser pages (web/). A page fills in each `{ $name }` itself; numbers
# come to these messages as text (no plural selectors here).

# Dates and times, from the browser's own names for this language (Intl):
# `$month` is the month as the browser shortens it (`Jun`; `6` in Chinese),
# `$dayPeriod` its AM or PM.
page-date-day = { $weekday } { $day } { $month }
page-date-weekday = { $weekday }
page-time-24h = { $hour }:{ $minute }
page-time-24h-seconds = { $hour }:{ $minute }:{ $second }
page-time-12h = { $hour }:{ $minute } { $dayPeriod }
page-time-12h-seconds = { $hour }:{ $minute }:{ $second } { $dayPeriod }
# An instant on one of the show's clocks, with the weekday where that is
# not the clock's today: `09:40 Beijing`, `6:40 PM Pacific (Tue)`.
page-clock-time = { $time } { $clock }
page-clock-time-on-day = { $time } { $clock } ({ $weekday })
page-list-comma = {", "}

page-connecting = Connecting…
page-speaker = Speaker
page-producer = Producer
page-overlay = Overlay
page-disconnected = DISCONNECTED · last update { $seconds } s ago · reconnecting…
page-refused = This link cannot open the show
page-refused-help = Ask the producer for a new link (in showclock: press l, or run showclock links).
page-server-answered = the server answered { $status }
page-server-unreachable = the server cannot be reached
page-moderated-by = Moderated by
page-to-moderator = to the moderator
page-to-speakers = to every speaker
page-to-everyone = to everyone
page-to-speaker = to { $name } only

# The speaker's page.
page-your-clock = Your time { $time }
page-show-clocks = The show's clocks
page-overrun = OVERRUN
page-overrun-name = OVERRUN · { $name }
page-on-now-name = ON NOW · { $name }
page-last-segment = Last segment
page-next = NEXT
page-in = in { $time }
page-your-time = { $time } your time
page-before-show = Before the show
page-before-show-next = Before the show: { $title }
page-starts-in = STARTS IN
page-show-over = The show is over
page-thank-you = Thank you
page-no-speaker = No speaker is named “{ $name }” in this show
page-speakers-are = The speakers are:
page-you = ▶ { $name } (you)
page-you-are-on-in = YOU ARE ON IN
page-you-label = YOU
page-at-your-time = at { $time } your time
page-at-your-time-clocks = at { $time } your time ({ $clocks })

# The producer's page.
page-start = Start
page-next-button = Next
page-undo = Undo
page-minus-minute = −1 min
page-plus-minute = +1 min
page-end-show = End show…
page-end-show-ask = End the show?
page-end-show-yes = Yes, end the show
page-cancel = Cancel
page-for = For
page-who-sees = Who sees the message
page-option-moderator = the moderator only
page-option-speakers = every speaker's page
page-option-everyone = everyone (moderator and speakers)
page-option-speaker = { $name } only (their own page)
page-message-to = Message { $audience }
page-send-to = Send { $audience }
page-message-shown = Message { $audience }: { $text }
page-canned-label = To everyone:
page-clear-message = Clear message
page-controls = Controls
page-messages = Messages
page-cues = Cues: { $cues }
page-go = Go
page-go-to = Go to { $number }: { $title }
page-phase-before = BEFORE THE SHOW
page-phase-live = LIVE
page-phase-over = OVER
page-phase-of = { $phase } · { $number } of { $total }
page-overrun-by = OVERRUN { $time }
page-next-at = Next: { $title } · { $when }
page-on-time = on time
page-behind = { $time } behind
page-ahead = { $time } ahead
page-drift-ends = { $drift } · ends { $when }
page-column-segment = Segment
page-column-planned = Planned ({ $clocks })
page-column-expected = Expected
page-column-actual = Actual
page-until-now = now

# The landing page.
page-screens = The screens of this show. Each link keeps this page's token; open them on any device that can reach this server.
page-speaker-about = The confidence monitor: the countdown as large as the screen allows, the producer's message, what comes next in your time and the show's clocks.
page-producer-about = The rundown with planned, expected and actual times in every clock; with the control token, the controls.
page-overlay-about = For a streaming program's browser source (OBS): a transparent page with a compact countdown and a "Next" lower third.
page-one-speaker = One speaker's screen
page-one-speaker-about = Before their slot it says when they are on, in their own time; during it, their countdown.

## The board of many rooms (`showclock board`).

# `BOARD · 5 rooms · by attention`
board-title = BOARD · { $count ->
    [one] 1 room
   *[other] { $count } rooms
  } · { $order }
board-order-attention = what needs attention first
board-order-room = by room
board-keys = ↑↓ ←→ choose · Enter open the room · Esc back · s sort · q quit
board-keys-short = Enter open · s sort · q quit
board-source-down = cannot reach it: { $why }
board-source-empty = reached; no show on it yet
board-source-connecting = connecting…
board-empty-hint = Rooms appear here as their shows start: `showclock agenda.toml --sync nats://HOST/GROUP.ROOM`.
board-connecting = CONNECTING…
board-over = OVER
board-before = BEFORE THE SHOW
board-break = BREAK
board-remaining = remaining
board-disconnected = DISCONNECTED { $age }
board-disconnected-never = DISCONNECTED
board-next = NEXT
board-more = { $above ->
    [0] {""}
   *[other] ↑ { $above } above{" "}
  }{ $below ->
    [0] {""}
   *[other] ↓ { $below } more{" "}
  }(↑↓ scroll)
board-rehearsal = REHEARSALS
board-opening = Opening { $room }…
board-cannot-open = Cannot open { $room }: { $why }
board-back = Esc: back to the board

# The board of many rooms (/board): a tile per room.
page-board = Every room
page-board-rooms = { $count } on the board
page-board-sort-by-room = Sort by room
page-board-sort-by-attention = Most urgent first
page-board-none = This server has no board of rooms
page-board-clock = { $weekday } { $time }
page-board-source-down = { $source } does not answer: { $problem }
page-board-source-connecting = Connecting to { $source }…
page-board-empty = No room yet: every show on { $sources } appears here once it is heard from.
page-board-next = NEXT
page-board-break = BREAK
page-board-ended = Ended { $time }
# Whether the schedule still drives the room (nobody has cued yet), and how
# late it runs: `cued · 02:00 behind`.
page-board-on-schedule = on schedule
page-board-cued = cued
page-board-status = { $mode } · { $drift }
# A room whose link is lost, and for how long: `DISCONNECTED for 12 s`.
page-board-disconnected = DISCONNECTED for { $age }
page-board-disconnected-now = DISCONNECTED
page-board-age-seconds = { $seconds } s
page-board-age-minutes = { $minutes } min
page-board-age-hours = { $hours } h { $minutes } min
page-board-about = The board of many rooms: every room this server watches, at once, for a wall screen.
