# showclock 简体中文。键与英文文件一一对应。

language-name = 简体中文
language-aliases = 简体中文, 中文, 汉语, 华语, Chinese, Simplified Chinese
date-locale = zh_CN
date-day = %-m月%-d日 周%a
date-weekday = 周%a
time-24h = %H:%M
time-24h-seconds = %H:%M:%S
time-12h = %p%-I:%M
time-12h-seconds = %p%-I:%M:%S

## 共用：阶段、消息对象、进度

phase-before = 未开始
phase-live = 进行中
phase-over = 已结束
audience-moderator = 给主持人
audience-speakers = 给全体发言人
audience-speaker = 仅给 { $name }
audience-everyone = 给所有人
drift-on-time = 准点
drift-behind = 落后 { $time }
drift-ahead = 提前 { $time }
clock-time = { $clock } { $time }
clock-time-on-day = { $clock } { $day } { $time }
clock-time-on-day-of-year = { $clock } { $year }年{ $day } { $time }
person-moderated-by = 主持人
person-role-organization = { $name }，{ $organization } { $role }
person-role = { $name }，{ $role }
person-organization = { $name }，{ $organization }
drift-late = 晚了 { $time }
drift-early = 提前 { $time }
timer-overrun = 超时 +{ $time }

## status

status-message = 消息（{ $audience }）：{ $text }
status-elapsed-of = 已用 { $time } / 共 { $allotment }
status-remaining = 剩余 { $time }
status-stage-shows-clock = { $timer }（台上显示当前时间）
status-stage-shows-nothing = { $timer }（台上不显示计时）
status-now = 当前：{ $number }/{ $count } { $title } — { $timer }
status-started = {"      "}实际开始 { $started }（计划 { $planned }）
status-run-of-segment = {"      "}本环节第 { $run } 次进行；之前：{ $before }；累计 { $total }，计划 { $planned }
status-ends = {"      "}结束于 { $at }
status-break = 当前：环节间休息
status-next = 下一项：{ $number }/{ $count } { $title } — { $in_time } 后，{ $at }
status-show-over = 全场：已结束；结束于 { $ended }（计划 { $planned }），{ $drift }
status-show = 全场：{ $drift }；预计结束 { $ends }
status-on-schedule = 按计划自动进行（尚未手动切换）
status-cued = 由导播手动切换

## report

report-segment = 环节
report-planned-start = 计划开始（{ $clock }）
report-actual-start = 实际开始（{ $clock }）
report-planned = 计划时长
report-actual = 实际时长
report-over-under = 超时/提前
report-runs = 次数
report-not-run = 未进行
report-running = 进行中
report-total = 合计
report-now = 现在
report-runs-note = 第 { $number } 个环节（{ $title }）共进行 { $runs } 次：{ $each }；累计 { $total }，计划 { $planned }（{ $difference }）。
report-nothing-recorded = 日志中没有任何记录：没有操作被记录，因此不报告任何环节已进行（完全按计划自动进行、未按任何键的节目不会留下记录）。
report-ends = 计划结束：{ $planned }。实际结束：{ $actual }。
report-not-ended = 节目尚未结束。

## 导出：流程单与日历邀请

date-long = %Y年%-m月%-d日 %A
export-speakers = 发言人：
export-notes = 备注：{ $notes }
export-contact = 联系人：
export-contact-heading = 联系人
export-your-part = 您参与的环节（共 { $all } 个环节中的 { $yours } 个）。
export-length = 时长
export-segment = 环节
export-bold-date = **粗体**日期表示该时钟与{ $clock }不在同一天。
export-cue = 提示：{ $cue }

## 屏幕：状态标签、时钟、计时、全场进度

badge-disconnected = 连接中断：{ $seconds } 秒前最后更新
badge-disconnected-never = 连接中断：从未收到更新
badge-following = 跟随中
badge-following-read-only = 跟随中 · 只读
badge-screens-dark = 发言人屏幕已黑屏
badge-flash = 闪屏
badge-bell-off = 提示音关
badge-actions-waiting = {" · "}{ $count } 个操作待同步
badge-sync-lost = 同步中断 { $lost }{ $waiting }
badge-synced-read-only = 已同步 · 只读
badge-syncing = 同步中{ $waiting }
badge-synced = 已同步
badge-set-aside = { $count } 个操作被搁置
badge-clock-behind = 本机时钟比服务器慢 { $seconds } 秒
badge-clock-ahead = 本机时钟比服务器快 { $seconds } 秒
badge-on-schedule-long = 按计划进行 · 空格键接管
badge-on-schedule = 按计划
badge-cued-long = 导播手动控制
badge-cued = 手动
people-on-since = { $place }时间 { $weekday } { $time } 开始
people-speaks = { $place }时间 { $weekday } { $time } 发言
show-over = 全场结束
show-ended = 结束于 { $ended } · 计划 { $planned }
show-label = 全场
show-ends = 预计结束 { $at }
timer-elapsed-of = 已用（共 { $allotment }）
timer-time-in = { $clock }时间
timer-none = 不计时
timer-remaining-of = 剩余（共 { $allotment }）
timer-until-start = 距开场
timer-break = 休息：距下一环节
timer-show-over = 节目已结束
keys-read-only = 只读：本屏跟随节目 · v 切换视图 · ? 帮助 · q 退出
keys-read-only-short = 只读 · ? 帮助 · q 退出
keys-over = p 撤销结束 · r 彩排 · m 消息 · c 清除 · v 切换视图 · ? 帮助 · q 退出
keys-over-short = ? 帮助 · p 撤销 · r 彩排 · q 退出
keys-short = ? 帮助 · 空格 下一项 · p 撤销 · m 消息 · q 退出

## 主持人屏幕

moderator-now = 当前 { $number }/{ $count }
moderator-run = 第 { $run } 次 · 之前已用 { $earlier }
moderator-started = 开始于 { $at }
moderator-extended = 已延长 +{ $time }
moderator-shortened = 已缩短 { $time }
moderator-planned = 计划 { $span }
moderator-due-now = 应立即开始
moderator-in = { $time } 后
moderator-next = 下一项 { $number }/{ $count }
moderator-due-since = 应于 { $at } 开始
moderator-starts = 开始 { $at }
moderator-keys = 空格 下一项 · p 撤销 · g 跳转 · +/- 1 分钟 · e 结束 · m 消息 · c 清除 · b 提示音 · v 切换视图 · ? 帮助 · q 退出
moderator-keys-before = 空格 立即开始 · p 撤销 · g 跳转 · e 结束 · m 消息 · c 清除 · b 提示音 · v 切换视图 · ? 帮助 · q 退出
moderator-keys-on-schedule = 空格 接管 · n 下一项 · p 撤销 · g 跳转 · +/- 1 分钟 · e 结束 · m 消息 · c 清除 · v 切换视图 · ? 帮助
moderator-message-everyone = 消息（给所有人）：{ $text }
moderator-message = 消息：{ $text }

## 导播屏幕

canned-wrap-up = 请收尾
canned-two-minutes = 还剩 2 分钟
canned-mic-muted = 您的麦克风已静音
canned-speak-up = 请大声一点
canned-look-at-camera = 请看镜头
producer-to-everyone = 发给所有人：
producer-keys = 空格 下一项 · p 撤销 · g 跳转 · +/- 1 分钟 · e 结束 · m 消息 · 1-5 快捷消息 · c 清除 · v 切换视图 · ? 帮助 · q 退出
producer-keys-on-schedule = 空格 接管 · p 撤销 · g 跳转 · +/- 1 分钟 · e 结束 · m 消息 · 1-5 快捷消息 · c 清除 · v 切换视图 · ? 帮助 · q 退出
producer-expected = 预计
producer-latest = 最晚
producer-title = 环节
producer-speakers = 发言人
producer-actual = 实际开始
producer-ran = 用时
producer-rundown = 流程 { $shown } / 共 { $count }
producer-watcher-control = 可控制
producer-watcher-watching = 仅观看
producer-following = 正在关注本节目 · { $count }
producer-none-yet = 暂无
producer-showing = 显示中
producer-cleared = 已清除
producer-messages = 消息 · 最新在前
producer-journal = 操作记录 · 最新在前
producer-no-cues = 无提示或备注
producer-cues-now = 当前 { $number }
producer-cues-next = 下一项 { $number }
producer-nothing-coming = 没有进行中或即将开始的环节：节目已结束。
producer-cues-overdue = 提示 · 下一提示应立即执行（已超 +{ $time }）
producer-cues-in = 提示 · { $time } 后下一提示
producer-cues = 提示
action-start = 开始
action-next = 下一项
action-undo = 撤销 (p)
action-goto = 跳转到 { $number }
action-extend = 延长 +{ $time }
action-shorten = 缩短 { $time }
action-message = 消息 { $audience }「{ $text }」
action-clear-message = 清除消息
action-end = 结束节目
action-flash = 闪屏 (f)
action-blackout = 发言人屏幕黑屏 (d)
action-unblackout = 发言人屏幕恢复 (d)

## 帮助与对话框

help-space = 开始 / 从计划接管，之后为下一项
help-quit = 退出（节目进行中会先确认）
help-next = 下一环节
help-undo = 撤销上一次切换（回到上一环节）
help-goto = 跳转到第 N 个环节
help-extend = 当前环节延长或缩短 1 分钟
help-end = 结束节目（会先确认）
help-bell = 提示音开 / 关
help-view = 切换主持人 / 导播视图
help-message = 写消息：Tab 选择对象，Enter 发送
help-canned = 导播视图：发送快捷消息给所有人
help-clear = 清除消息
help-flash = 导播视图：所有屏幕闪烁 3 秒
help-dark = 导播视图：发言人屏幕黑屏 / 恢复
help-rehearse = 彩排（节目结束后）
help-links = 浏览器页面链接及二维码
help-close = 关闭帮助
help-scroll = ↑ ↓ 滚动 · 第 { $first }-{ $last } 项，共 { $count } 项
help-title = 按键
compose-shown-moderator = 显示在主持人屏幕（及导播屏幕）上；发言人页面不显示。
compose-shown-speakers = 显示在每位发言人的页面（及导播屏幕）上；主持人屏幕不显示。
compose-shown-everyone = 显示在主持人屏幕和每位发言人的页面上。
compose-shown-speaker = 只显示在 { $name } 本人的页面（/speaker?name=…）及导播屏幕上。
compose-title = 消息 { $audience }
compose-keys = Tab 选择对象 · Enter 发送 · Esc 取消
quit-title = 退出？
quit-question = 节目正在进行。确定退出 showclock？
quit-follower = 本屏仅跟随显示：节目在服务端继续进行。
quit-journal-saved = 操作记录已保存：重新启动即可继续节目。
quit-keys = y 退出 · 按其他任意键留下
end-title = 结束节目？
end-question = 现在结束节目？所有屏幕将显示“节目已结束”。
end-undo = 之后可按 p 撤销（恢复最后一个环节）。
end-keys = y 结束节目 · 按其他任意键返回
goto-title = 跳转到环节
goto-prompt = 环节编号（1-{ $count }）：{ $typed }
goto-keys = Enter 立即切换 · Esc 取消
rehearse-title = 节目已结束
rehearse-ended = { $title } 已于 { $at } 结束。
rehearse-question = 现在用模拟时钟彩排一遍吗（彩排记录单独保存）？
rehearse-keys = r 彩排 · q 退出 · Esc 仅查看
links-title = 浏览器页面
links-keys = 按任意键关闭

## 启动：跟随端连接中、操作记录损坏

connecting-to = 正在连接 { $url }…
connecting-not-yet = 尚未连上：{ $problem }
connecting-wait = 收到节目状态之前不显示内容。按 q 退出。
damaged-title = 操作记录 { $journal } 有 { $count } 行损坏
damaged-line = 第 { $line } 行：{ $why }
damaged-more = … 还有 { $count } 行（用 showclock journal check 可查看全部）
damaged-repair = r  修复：按顺序保留 { $valid } 条有效记录，损坏的行移到 { $journal }.rejected，原文件保留为 { $journal }.bak-…
damaged-quit = q  退出，不改动操作记录

## 全屏程序的提示

badge-rehearsal = 彩排 x{ $speed } · 模拟时钟
notice-repaired = 操作记录已修复：保留 { $kept } 条；{ $count } 行移到 { $file }
notice-repaired-torn = 操作记录已修复：{ $why }
notice-not-done = 未执行：{ $why }
notice-no-links = 没有链接：本屏未共享节目（请用 --share 启动）
notice-follower-rehearses = 未执行：跟随端请在服务端彩排
notice-cannot-rehearse = 无法彩排：{ $why }
notice-resumed-rehearsal-at = 已继续未完成的彩排，当前 x{ $speed }（--fresh 重新开始）
notice-resumed-rehearsal = 已继续未完成的彩排（--fresh 重新开始）
notice-fresh-rehearsal = 已开始新的彩排：上一次保留为 { $file }

## check

check-segments = 共 { $count } 个环节，从第一个开始到最后一个结束共 { $length }
check-length = 时长
check-title = 环节
check-more = … 另有 { $count } 个
sharing-token = 令牌 { $token }
sharing-token-given = 使用指定的令牌
sharing-token-environment = 令牌来自 SHOWCLOCK_TOKEN
sharing-viewing-open = 本机回环地址可直接观看
sharing-viewing-token = 观看需要令牌
sharing-banner = 共享中 { $url } · { $token } · { $viewing }
notice-not-written = 未执行：{ $why }
notice-no-such-segment = 没有第 { $typed } 个环节：请输入 1 到 { $count } 之间的数字
notice-follower-no-rehearsal = 跟随端不能自行开始彩排
notice-synced-rehearsal = 同步的节目在自己的流上彩排：请用 --rehearse --sync URL 启动

## 浏览器页面链接

links-what-speaker = 每位发言人的提词/计时屏
links-what-overlay = 直播叠加层（OBS 浏览器源）
links-what-screens = 所有页面，以及每位发言人的链接
links-what-producer = 流程与控制（控制令牌：仅限导播）
links-no-view-token = 只读链接不带令牌：只能在允许直接观看的地方打开（本机）。其他设备请用 --view-token 共享，并在此处给出该令牌。
links-no-view-token-short = （未设 --view-token：只读链接仅能在本机打开）
links-scan = 扫码打开发言人页面：
links-page-speaker = 发言人
links-page-overlay = 叠加层
links-page-screens = 所有页面
links-page-producer = 导播

## 多地同步（--sync）

sync-read-only = 只读：本机的 NATS 用户只能观看节目（如需操作，请申请有操作权限的用户）
sync-left-out = 节目流中的一条消息被略过：{ $why }
sync-not-recorded = 来自节目流的操作未能记录：{ $why }
sync-set-aside-failed = 无法写入搁置文件（{ $why }）：本机的操作保留在操作记录中
sync-cannot-adopt = 无法采用节目的共享记录：{ $why }
sync-may-not-act = 此 NATS 用户无权操作节目：{ $why }
sync-not-on-broker = 节目 { $show } 尚未在服务器上
sync-lost-at-start = 同步中断：{ $why }；节目在本机继续，服务器恢复后会补发操作

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

## 多会场总览（`showclock board`）。

board-title = 总览 · { $count } 个会场 · { $order }
board-order-attention = 按紧急程度
board-order-room = 按会场
board-keys = ↑↓ ←→ 选择 · Enter 进入会场 · Esc 返回 · s 排序 · q 退出
board-keys-short = Enter 进入 · s 排序 · q 退出
board-source-down = 连接不上：{ $why }
board-source-empty = 已连接，暂无场次
board-source-connecting = 连接中…
board-empty-hint = 各会场开始计时后会出现在这里：`showclock agenda.toml --sync nats://HOST/GROUP.ROOM`。
board-connecting = 连接中…
board-over = 已结束
board-before = 未开场
board-break = 休息
board-remaining = 剩余
board-disconnected = 已断开 { $age }
board-disconnected-never = 已断开
board-next = 下一项
board-more = { $above ->
    [0] {""}
   *[other] ↑ 上面还有 { $above } 个{" "}
  }{ $below ->
    [0] {""}
   *[other] ↓ 下面还有 { $below } 个{" "}
  }（↑↓ 滚动）
board-rehearsal = 彩排
board-opening = 正在进入 { $room }…
board-cannot-open = 无法进入 { $room }：{ $why }
board-back = Esc：返回总览

# 多会场总览（/board）：每个会场一块。
page-board = 全部会场
page-board-rooms = 共 { $count } 个
page-board-sort-by-room = 按会场排序
page-board-sort-by-attention = 紧急的排前面
page-board-none = 这台服务器没有多会场总览
page-board-clock = { $weekday } { $time }
page-board-source-down = { $source } 连不上：{ $problem }
page-board-source-connecting = 正在连接 { $source }…
page-board-empty = 还没有会场：{ $sources } 上的活动一有消息就会出现在这里。
page-board-next = 下一项
page-board-break = 休息中
page-board-ended = { $time } 结束
page-board-on-schedule = 按时间表
page-board-cued = 手动切换
page-board-status = { $mode } · { $drift }
page-board-disconnected = 连接中断 { $age }
page-board-disconnected-now = 连接中断
page-board-age-seconds = { $seconds } 秒
page-board-age-minutes = { $minutes } 分钟
page-board-age-hours = { $hours } 小时 { $minutes } 分
page-board-about = 多会场总览：这台服务器关注的所有会场一屏看全，适合挂在墙上的大屏。
