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
