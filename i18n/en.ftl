# showclock in English. Every message a person reads; the keys are shared by
# every language file (a test fails when one is missing or unused).

# The language's own name, as a menu would list it.
language-name = English
# chrono's locale for weekday and month names, and AM/PM.
date-locale = en_US
# chrono patterns: the day, the weekday, times of day.
date-day = %a %-d %b
date-weekday = %a
time-24h = %H:%M
time-24h-seconds = %H:%M:%S
time-12h = %-I:%M %p
time-12h-seconds = %-I:%M:%S %p

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
