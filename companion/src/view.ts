// What the buttons show at a moment of the show: a function of the latest
// `show` and `state` events and the show's time. Nothing here plans the
// show: it counts to the instants the server gave (the slot's end, the next
// start), as the terminal and the browser screens count to them.

import type { AgendaClock, ShowEvent, StateEvent } from './show.js'

/** How urgent the current slot is, by the agenda's `[alerts]`. */
export type TimerPhase = 'running' | 'warning' | 'final' | 'overrun' | 'none'

export interface Moment {
	phase: 'before' | 'live' | 'after'
	timer: TimerPhase
	followingSchedule: boolean
	/** 0-based, as the server numbers segments. */
	currentIndex: number | null
	message: string | null
	blackout: boolean
	flashing: boolean
	values: Values
}

export type Values = Record<string, string | number | boolean>

/** Text from the network, as text: no control characters. */
export function inert(text: string): string {
	return text.replace(/[\p{Cc}\u2028\u2029]/gu, '')
}

/** Whole seconds from `now` to `until`: up while ahead, toward zero once past (the engine's countdown). */
export function countdownSeconds(nowMs: number, untilMs: number): number {
	const left = Math.trunc(untilMs - nowMs)
	if (left > 0) return Math.ceil(left / 1000)
	const past = Math.floor(-left / 1000)
	return past === 0 ? 0 : -past
}

/** 04:10, or 1:02:03 from an hour on (the sign is the caller's). */
export function clockDigits(seconds: number): string {
	const total = Math.abs(seconds)
	const h = Math.floor(total / 3600)
	const m = Math.floor(total / 60) % 60
	const s = total % 60
	const two = (n: number): string => String(n).padStart(2, '0')
	return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`
}

/** +01:30, -00:45, 00:00 (over or under the plan). */
export function signedClock(seconds: number): string {
	return (seconds > 0 ? '+' : seconds < 0 ? '-' : '') + clockDigits(seconds)
}

/** M:SS, or H:MM:SS, without a leading zero. */
function shortDigits(seconds: number): string {
	const digits = clockDigits(seconds)
	return digits.startsWith('0') && digits.length === 5 ? digits.slice(1) : digits
}

/** "on time", "2:30 behind", "0:45 ahead" (the terminal's words). */
export function driftWords(seconds: number): string {
	if (seconds === 0) return 'on time'
	return `${shortDigits(seconds)} ${seconds > 0 ? 'behind' : 'ahead'}`
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** A time of day on one of the show's clocks, as the terminal writes it: 09:27, 9:27 PM, with seconds if asked. */
export function timeOfDay(atMs: number, clock: AgendaClock, withSeconds: boolean): string {
	let format = formatters.get(clock.timezone)
	if (!format) {
		const options: Intl.DateTimeFormatOptions = {
			hour: 'numeric',
			minute: '2-digit',
			second: '2-digit',
			hourCycle: 'h23',
		}
		try {
			format = new Intl.DateTimeFormat('en-US', { ...options, timeZone: clock.timezone })
		} catch {
			// A zone this Node.js does not know (newer than its ICU): UTC, not a crash.
			format = new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' })
		}
		formatters.set(clock.timezone, format)
	}
	const parts = format.formatToParts(new Date(atMs))
	const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '00'
	const hour = Number(part('hour')) % 24
	const rest = withSeconds ? `:${part('minute')}:${part('second')}` : `:${part('minute')}`
	if (clock.hour_format === '12h') return `${hour % 12 || 12}${rest} ${hour < 12 ? 'AM' : 'PM'}`
	return `${String(hour).padStart(2, '0')}${rest}`
}

/** "09:40 Beijing · 6:40 PM Pacific" */
function everyClock(atMs: number, clocks: AgendaClock[]): string {
	return clocks.map((c) => `${timeOfDay(atMs, c, false)} ${inert(c.label)}`).join(' · ')
}

/** The segment's people, its moderator first, as the terminal lists them. */
const speakerLine = ({ moderator, speakers }: { moderator?: string | null; speakers: string[] }): string =>
	(moderator ? [moderator, ...speakers] : speakers).map(inert).join(' · ')

/**
 * The instants of a state, in ms. Whole seconds are exact: the journal
 * keeps its entries to the second and the agenda its times to the minute.
 */
function instantsOf({ state }: StateEvent): {
	started: number | null
	ends: number | null
	nextStart: number | null
	flashUntil: number | null
} {
	const parse = (text: string | null | undefined): number | null => (text ? Date.parse(text) : null)
	return {
		started: parse(state.current?.started),
		ends: parse(state.current?.ends),
		nextStart: parse(state.next?.expected_start),
		flashUntil: parse(state.signals?.flash_until),
	}
}

/**
 * Whether the current slot can run over: only once the operator cues the
 * show, and only if it does not move on by itself at its end. Otherwise the
 * server's next state (sent at that very end) moves the show on; until it
 * comes, the count holds at zero.
 */
function canOverrun(live: StateEvent): boolean {
	const { state } = live
	if (state.following_schedule || !state.current) return false
	return (state.segments[state.current.index]?.on_end ?? 'overrun') !== 'next'
}

/** The moment `nowMs` (the show's time) of the show as `show` and `live` describe it. */
export function moment(show: ShowEvent, live: StateEvent, nowMs: number): Moment {
	const { state } = live
	const { alerts, clocks } = show.agenda
	const at = instantsOf(live)
	const current = state.phase === 'live' ? state.current : null
	const overrunnable = canOverrun(live)

	let timer: TimerPhase = 'none'
	let remaining = 0
	let overrunSeconds = 0
	let elapsed = 0
	// How much later than the state says everything after the slot comes:
	// an overrun pushes the next start and the show's end with the clock.
	let shift = 0
	if (current && at.ends !== null) {
		remaining = countdownSeconds(nowMs, at.ends)
		if (nowMs > at.ends && overrunnable) {
			timer = 'overrun'
			overrunSeconds = -remaining
			shift = nowMs - Math.max(live.clock.now_ms, at.ends)
		} else {
			remaining = Math.max(remaining, 0)
			timer = remaining <= alerts.final_seconds ? 'final' : remaining <= alerts.warning_seconds ? 'warning' : 'running'
		}
		if (at.started !== null) elapsed = Math.max(Math.trunc((nowMs - at.started) / 1000), 0)
	}

	const next = state.phase === 'after' ? null : state.next
	const nextStart = next && at.nextStart !== null ? at.nextStart + shift : null
	const startsIn = nextStart !== null ? Math.max(countdownSeconds(nowMs, nextStart), 0) : 0

	let shown: string
	let shownSeconds: number
	if (current) {
		shown = timer === 'overrun' ? `+${clockDigits(overrunSeconds)}` : clockDigits(remaining)
		shownSeconds = timer === 'overrun' ? -overrunSeconds : remaining
	} else if (next) {
		// Before the show or in a break: the time until the next segment.
		shown = clockDigits(startsIn)
		shownSeconds = startsIn
	} else {
		shown = '--:--'
		shownSeconds = 0
	}

	// The show's expected end: as the server projects it, the overrun
	// counted on (the engine projects an overrunning slot to end now).
	let drift = state.drift_seconds
	const plannedEnd = Date.parse(state.projected_end) - state.drift_seconds * 1000
	if (timer === 'overrun' && state.current) {
		drift = Math.trunc((nowMs - Date.parse(state.current.planned_end)) / 1000)
	}
	const expectedEnd = plannedEnd + drift * 1000

	const flashing = at.flashUntil !== null && at.flashUntil > nowMs
	const message = state.message === null ? null : inert(state.message)
	const values: Values = {
		event: inert(state.event),
		show_phase: state.phase,
		show_mode: state.following_schedule ? 'ON SCHEDULE' : 'CUED BY OPERATOR',
		timer_phase: timer,
		remaining: shown,
		remaining_seconds: shownSeconds,
		overrun: timer === 'overrun',
		overrun_time: timer === 'overrun' ? `+${clockDigits(overrunSeconds)}` : '',
		overrun_seconds: overrunSeconds,
		elapsed: current ? clockDigits(elapsed) : '--:--',
		elapsed_seconds: elapsed,
		current_number: current ? current.index + 1 : '',
		current_title: current ? inert(current.title) : '',
		current_speakers: current ? speakerLine(current) : '',
		next_number: next ? next.index + 1 : '',
		next_title: next ? inert(next.title) : '',
		next_speakers: next ? speakerLine(next) : '',
		next_starts_in: next ? clockDigits(startsIn) : '',
		next_starts_in_seconds: startsIn,
		next_start: nextStart !== null && clocks.length ? timeOfDay(nextStart, clocks[0], false) : '',
		next_start_clocks: nextStart !== null ? everyClock(nextStart, clocks) : '',
		expected_end: clocks.length ? timeOfDay(expectedEnd, clocks[0], false) : '',
		expected_end_clocks: everyClock(expectedEnd, clocks),
		end_delay: signedClock(drift),
		end_delay_seconds: drift,
		end_delay_words: driftWords(drift),
		message: message ?? '',
		blackout: state.signals?.blackout ?? false,
		flashing,
	}
	clocks.forEach((clock, i) => {
		values[`clock_${i + 1}_label`] = inert(clock.label)
		values[`clock_${i + 1}_time`] = timeOfDay(nowMs, clock, false)
		values[`clock_${i + 1}_time_s`] = timeOfDay(nowMs, clock, true)
	})
	return {
		phase: state.phase,
		timer,
		followingSchedule: state.following_schedule,
		currentIndex: current ? current.index : null,
		message,
		blackout: state.signals?.blackout ?? false,
		flashing,
		values,
	}
}

/**
 * The next instant (show time, after `nowMs`) at which what `moment` shows
 * can change without a new event: the next whole second, as every instant
 * it counts to is a whole second.
 */
export function nextChange(nowMs: number): number {
	return Math.floor(nowMs / 1000) * 1000 + 1000
}
