# showclock 简体中文。键与英文文件一一对应。

language-name = 简体中文
date-locale = zh_CN
date-day = %-m月%-d日 周%a
date-weekday = 周%a
time-24h = %H:%M
time-24h-seconds = %H:%M:%S
time-12h = %p%-I:%M
time-12h-seconds = %p%-I:%M:%S

## Pages
# 浏览器页面（web/）。{ $name } 之类由页面自己填入。

page-date-day = { $month }月{ $day }日 { $weekday }
page-date-weekday = { $weekday }
page-time-24h = { $hour }:{ $minute }
page-time-24h-seconds = { $hour }:{ $minute }:{ $second }
page-time-12h = { $dayPeriod }{ $hour }:{ $minute }
page-time-12h-seconds = { $dayPeriod }{ $hour }:{ $minute }:{ $second }
page-clock-time = { $clock } { $time }
page-clock-time-on-day = { $clock } { $weekday } { $time }
page-list-comma = 、

page-connecting = 正在连接…
page-speaker = 发言人
page-producer = 导演台
page-overlay = 直播叠加
page-disconnected = 连接中断 · { $seconds } 秒前最后更新 · 正在重连…
page-refused = 此链接无法打开本场活动
page-refused-help = 请向导演要一个新链接（在 showclock 中按 l，或运行 showclock links）。
page-server-answered = 服务器返回 { $status }
page-server-unreachable = 连不上服务器
page-moderated-by = 主持
page-to-moderator = 主持人
page-to-speakers = 全体发言人
page-to-everyone = 所有人
page-to-speaker = { $name }（仅本人）

page-your-clock = 你的时间 { $time }
page-show-clocks = 活动时钟
page-overrun = 超时
page-overrun-name = 超时 · { $name }
page-on-now-name = 正在发言 · { $name }
page-last-segment = 最后一项
page-next = 下一位
page-in = { $time } 后
page-your-time = 你的时间 { $time }
page-before-show = 活动尚未开始
page-before-show-next = 即将开始：{ $title }
page-starts-in = 距开始
page-show-over = 活动已结束
page-thank-you = 谢谢
page-no-speaker = 本场没有叫“{ $name }”的发言人
page-speakers-are = 本场发言人：
page-you = ▶ { $name }（你）
page-you-are-on-in = 距你上场
page-you-label = 你的场次
page-at-your-time = 你的时间 { $time } 上场
page-at-your-time-clocks = 你的时间 { $time } 上场（{ $clocks }）

page-start = 开始
page-next-button = 下一项
page-undo = 撤销
page-minus-minute = −1 分钟
page-plus-minute = +1 分钟
page-end-show = 结束活动…
page-end-show-ask = 确定结束活动？
page-end-show-yes = 确定结束
page-cancel = 取消
page-for = 发给
page-who-sees = 谁能看到这条消息
page-option-moderator = 仅主持人
page-option-speakers = 所有发言人页面
page-option-everyone = 所有人（主持人和发言人）
page-option-speaker = 仅 { $name }（本人页面）
page-message-to = 给{ $audience }的消息
page-send-to = 发给{ $audience }
page-message-shown = 给{ $audience }的消息：{ $text }
page-canned-label = 发给所有人：
page-clear-message = 清除消息
page-controls = 控制
page-messages = 消息
page-cues = 提示：{ $cues }
page-go = 跳到
page-go-to = 跳到第 { $number } 项：{ $title }
page-phase-before = 未开始
page-phase-live = 进行中
page-phase-over = 已结束
page-phase-of = { $phase } · 第 { $number } 项，共 { $total } 项
page-overrun-by = 超时 { $time }
page-next-at = 下一项：{ $title } · { $when }
page-on-time = 准点
page-behind = 落后 { $time }
page-ahead = 提前 { $time }
page-drift-ends = { $drift } · 预计 { $when } 结束
page-column-segment = 环节
page-column-planned = 计划（{ $clocks }）
page-column-expected = 预计
page-column-actual = 实际
page-until-now = 现在

page-screens = 本场活动的各个页面。每个链接都带着本页的口令，能连上这台服务器的设备都可以打开。
page-speaker-about = 发言人提示屏：尽可能大的倒计时、导演的消息、按你的时间显示的下一项，以及活动的各个时钟。
page-producer-about = 流程表：各时钟下的计划、预计和实际时间；持控制口令时还有操作按钮。
page-overlay-about = 供直播软件（OBS）的浏览器源使用：透明页面，带小号倒计时和“下一位”字幕条。
page-one-speaker = 单个发言人的页面
page-one-speaker-about = 上场前显示何时上场（按本人的时间）；发言时显示本人的倒计时。
