# showclock 简体中文。键与英文文件一一对应。

language-name = 简体中文
date-locale = zh_CN
date-day = %-m月%-d日 周%a
date-weekday = 周%a
time-24h = %H:%M
time-24h-seconds = %H:%M:%S
time-12h = %p%-I:%M
time-12h-seconds = %p%-I:%M:%S
