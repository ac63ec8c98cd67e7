// The buttons' values at fixed instants of a hand-made state: counting to
// the server's instants, never planning the show.

import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
	clockDigits,
	countdownSeconds,
	driftWords,
	inert,
	moment,
	nextChange,
	signedClock,
	timeOfDay,
} from '../dist/view.js'

const T = (text) => Date.parse(text)

/** The values `expected` names, from a moment's. */
const pick = (values, expected) => Object.fromEntries(Object.keys(expected).map((id) => [id, values[id]]))
const shows = (m, expected) => assert.deepEqual(pick(m.values, expected), expected)

const show = {
	agenda: {
		title: 'T',
		clocks: [
			{ label: 'Beijing', timezone: 'Asia/Shanghai', hour_format: '24h' },
			{ label: 'Pacific', timezone: 'America/Los_Angeles', hour_format: '12h' },
		],
		alerts: { warning_seconds: 120, final_seconds: 30 },
		segments: [],
	},
	canned: ['Wrap up'],
	role: 'controller',
	instance: 'x',
}

/** Segment 2 of 3 cued at 01:10:00Z for 15 min (ends 01:25:00Z), the state made at 01:20:00.500Z. */
function cued({ followingSchedule = false, onEnd = 'overrun' } = {}) {
	return {
		state: {
			event: 'Show\u001b[31m',
			now: '2022-06-01T01:20:00Z',
			phase: 'live',
			current: {
				index: 1,
				title: 'Pathways',
				speakers: ['Baha', 'Owen\u0007'],
				planned_end: '2022-06-01T01:25:00Z',
				started: '2022-06-01T01:10:00Z',
				ends: '2022-06-01T01:25:00Z',
				remaining_seconds: 300,
				overrun: false,
			},
			next: {
				index: 2,
				title: 'Panel',
				speakers: ['Yin Qiu'],
				expected_start: '2022-06-01T01:25:00Z',
				starts_in_seconds: 300,
			},
			drift_seconds: 0,
			projected_end: '2022-06-01T02:30:00Z',
			message: null,
			segments: [
				{ index: 0, on_end: 'overrun' },
				{ index: 1, on_end: onEnd },
				{ index: 2, on_end: 'overrun' },
			],
			following_schedule: followingSchedule,
			ended_at: null,
			journal_entries: 1,
			signals: { flash: false, flash_until: null, blackout: false },
		},
		clock: { real_now_ms: 0, now_ms: T('2022-06-01T01:20:00.500Z'), real_start_ms: 0, show_start_ms: 0, speed: 1 },
	}
}

test('the countdown counts as the engine does: up to the next second, then toward zero', () => {
	assert.equal(countdownSeconds(0, 1), 1)
	assert.equal(countdownSeconds(0, 1000), 1)
	assert.equal(countdownSeconds(0, 1001), 2)
	assert.equal(countdownSeconds(0, 0), 0)
	assert.equal(countdownSeconds(999, 0), 0)
	assert.equal(countdownSeconds(1000, 0), -1)
	assert.equal(clockDigits(250), '04:10')
	assert.equal(clockDigits(-65), '01:05')
	assert.equal(clockDigits(3723), '1:02:03')
	assert.equal(signedClock(90), '+01:30')
	assert.equal(signedClock(-45), '-00:45')
	assert.equal(signedClock(0), '00:00')
	assert.equal(driftWords(150), '2:30 behind')
	assert.equal(driftWords(-45), '0:45 ahead')
	assert.equal(driftWords(0), 'on time')
	assert.equal(inert('a\u001b[2Jb\nc\u2028'), 'a[2Jbc')
})

test('clocks show the time of day as the terminal writes it, in their own zones', () => {
	const at = T('2022-06-01T01:40:05Z')
	assert.equal(timeOfDay(at, show.agenda.clocks[0], false), '09:40')
	assert.equal(timeOfDay(at, show.agenda.clocks[0], true), '09:40:05')
	assert.equal(timeOfDay(at, show.agenda.clocks[1], false), '6:40 PM')
	assert.equal(timeOfDay(T('2022-06-01T07:05:00Z'), show.agenda.clocks[1], true), '12:05:00 AM')
	assert.equal(timeOfDay(at, { label: 'X', timezone: 'Mars/Olympus', hour_format: '24h' }, false), '01:40')
})

test('a running slot: time left, elapsed, next, clocks', () => {
	const live = cued()
	const m = moment(show, live, T('2022-06-01T01:20:00.500Z'))
	assert.equal(m.timer, 'running')
	assert.equal(m.values.remaining, '05:00')
	assert.equal(moment(show, live, T('2022-06-01T01:20:00.000Z')).values.remaining, '05:00')
	assert.equal(moment(show, live, T('2022-06-01T01:20:00.001Z')).values.remaining, '05:00')
	assert.equal(moment(show, live, T('2022-06-01T01:20:01.000Z')).values.remaining, '04:59')
	shows(m, {
		remaining_seconds: 300,
		elapsed: '10:00',
		current_number: 2,
		current_speakers: 'Baha · Owen',
		event: 'Show[31m',
		next_number: 3,
		next_starts_in: '05:00',
		next_start: '09:25',
		next_start_clocks: '09:25 Beijing · 6:25 PM Pacific',
		clock_1_label: 'Beijing',
		clock_1_time_s: '09:20:00',
		clock_2_time: '6:20 PM',
		expected_end: '10:30',
		end_delay: '00:00',
		show_mode: 'CUED BY OPERATOR',
	})
	// The warning from 2:00 left (the terminal's remaining_seconds <= 120), the final from 0:30.
	assert.equal(moment(show, live, T('2022-06-01T01:22:59.999Z')).timer, 'running')
	assert.equal(moment(show, live, T('2022-06-01T01:23:00.000Z')).timer, 'warning')
	assert.equal(moment(show, live, T('2022-06-01T01:24:29.999Z')).timer, 'warning')
	assert.equal(moment(show, live, T('2022-06-01T01:24:30.000Z')).timer, 'final')
	// At the end itself: 00:00, not yet over (the engine: over once now > ends).
	assert.equal(moment(show, live, T('2022-06-01T01:25:00.000Z')).values.remaining, '00:00')
	assert.equal(moment(show, live, T('2022-06-01T01:25:00.000Z')).timer, 'final')
	assert.equal(moment(show, live, T('2022-06-01T01:25:00.001Z')).timer, 'overrun')
	assert.equal(moment(show, live, T('2022-06-01T01:25:00.001Z')).values.remaining, '+00:00')
	assert.equal(moment(show, live, T('2022-06-01T01:25:01.000Z')).values.remaining, '+00:01')
})

test('an overrun counts up, and pushes the next start and the show’s end with the clock', () => {
	const live = cued()
	const m = moment(show, live, T('2022-06-01T01:26:05.300Z'))
	assert.equal(m.timer, 'overrun')
	shows(m, {
		remaining: '+01:05',
		remaining_seconds: -65,
		elapsed: '16:05',
		overrun: true,
		overrun_time: '+01:05',
		overrun_seconds: 65,
		// The engine: an overrunning slot is projected to end now.
		end_delay: '+01:05',
		end_delay_words: '1:05 behind',
		expected_end: '10:31',
		next_starts_in: '00:00',
		next_start: '09:26',
	})
})

test('on schedule, or a slot that moves on by itself, never shows an overrun: it waits for the server', () => {
	for (const live of [cued({ followingSchedule: true }), cued({ onEnd: 'next' })]) {
		const m = moment(show, live, T('2022-06-01T01:25:03Z'))
		assert.equal(m.timer, 'final')
		assert.equal(m.values.remaining, '00:00')
		assert.equal(m.values.overrun, false)
	}
	assert.equal(
		moment(show, cued({ followingSchedule: true }), T('2022-06-01T01:20:00Z')).values.show_mode,
		'ON SCHEDULE',
	)
})

test('before the show and after it', () => {
	const before = cued()
	before.state.phase = 'before'
	before.state.current = null
	before.state.next = {
		index: 0,
		title: 'Welcome',
		speakers: [],
		expected_start: '2022-06-01T01:00:00Z',
		starts_in_seconds: 90,
	}
	const m = moment(show, before, T('2022-06-01T00:58:30Z'))
	assert.equal(m.timer, 'none')
	assert.equal(m.values.remaining, '01:30')
	assert.equal(m.values.remaining_seconds, 90)
	assert.equal(m.values.current_title, '')
	assert.equal(m.values.next_title, 'Welcome')
	assert.equal(m.values.elapsed, '--:--')

	const after = cued()
	after.state.phase = 'after'
	after.state.next = null
	const done = moment(show, after, T('2022-06-01T03:00:00Z'))
	assert.equal(done.values.remaining, '--:--')
	assert.equal(done.timer, 'none')
	assert.equal(done.currentIndex, null)
})

test('signals and the message', () => {
	const live = cued()
	live.state.message = 'Wrap\u001b up'
	live.state.signals = { flash: true, flash_until: '2022-06-01T01:20:03Z', blackout: true }
	const m = moment(show, live, T('2022-06-01T01:20:02.999Z'))
	assert.equal(m.message, 'Wrap up')
	assert.equal(m.values.message, 'Wrap up')
	assert.equal(m.blackout, true)
	assert.equal(m.flashing, true)
	assert.equal(moment(show, live, T('2022-06-01T01:20:03.000Z')).flashing, false)
})

test('the next change is the next whole second of the show', () => {
	assert.equal(nextChange(T('2022-06-01T01:20:00.100Z')), T('2022-06-01T01:20:01.000Z'))
	assert.equal(nextChange(T('2022-06-01T01:20:00.000Z')), T('2022-06-01T01:20:01.000Z'))
	assert.equal(nextChange(T('2022-06-01T01:20:00.999Z')), T('2022-06-01T01:20:01.000Z'))
})
