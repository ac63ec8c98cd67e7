// The buttons follow the show: variables within 1 s of a cue, each
// feedback on and off at the moment the server says, on the shipped show
// (Beijing and Pacific clocks) and on a show whose thresholds come seconds
// apart.

import assert from 'node:assert/strict'
import { after, test } from 'node:test'
import ShowclockInstance from '../dist/main.js'
import { FakeCompanion, SHIPPED_AGENDA, Served, TOKEN, quickAgenda, sleep } from './harness.mjs'

const open = []
after(async () => {
	for (const item of open.reverse()) await (item.destroy ?? item.close).call(item)
})

async function follow(served) {
	const companion = new FakeCompanion()
	open.push(companion)
	await companion.host(ShowclockInstance, { url: served.url, private_ca: false, ca_cert: '' }, { token: TOKEN })
	await companion.until(() => companion.values.show_phase, 5000, 'the first state')
	return companion
}

/** "2022-06-01T09:07:59+08:00" → its time of day, with seconds. */
const timeIn = (rfc3339) => rfc3339.slice(11, 19)

test('the variables show what the server computes, and follow a cue within 1 s', async () => {
	// 09:07:50 in Beijing: "Welcome and Introduction" on schedule, 2:10 left.
	const served = await Served.start({ agenda: SHIPPED_AGENDA, args: ['--at', '2022-06-01T09:07:50+08:00'] })
	open.push(served)
	const companion = await follow(served)
	const state = await served.state()
	const v = companion.values
	assert.equal(v.event, state.event)
	assert.equal(v.show_phase, 'live')
	assert.equal(v.show_mode, 'ON SCHEDULE')
	assert.equal(v.current_number, 1)
	assert.equal(v.current_title, 'Welcome and Introduction')
	assert.equal(v.current_speakers, 'Cristiano Façanha · Huiming Gong')
	assert.equal(v.next_number, 2)
	assert.equal(v.next_title, state.next.title)
	assert.equal(v.next_speakers, 'Baha M. Al-Alawi, PhD. · Owen MacDonnell')
	assert.ok(
		Math.abs(v.remaining_seconds - state.current.remaining_seconds) <= 1,
		`${v.remaining_seconds} vs ${state.current.remaining_seconds}`,
	)
	assert.match(v.remaining, /^0[12]:\d\d$/)
	assert.equal(v.clock_1_label, 'Beijing')
	assert.equal(v.clock_2_label, 'Pacific')
	const clockNow = await served.state()
	const beijing = timeIn(clockNow.clocks[0].time)
	assert.ok(Math.abs(toSeconds(v.clock_1_time_s) - toSeconds(beijing)) <= 1, `${v.clock_1_time_s} vs ${beijing}`)
	assert.match(v.clock_2_time, /^6:0\d PM$/)
	assert.equal(v.expected_end, '10:30')
	assert.equal(v.expected_end_clocks, '10:30 Beijing · 7:30 PM Pacific')
	assert.equal(v.end_delay, '00:00')
	assert.ok(companion.variableDefinitions.clock_2_time, 'each clock has its variables')

	// Cues as a script would send them; the buttons follow.
	const lags = []
	for (const [action, body, check] of [
		['next', {}, () => v.current_number === 2 && v.current_title.startsWith('Technology')],
		['extend', { seconds: 120 }, () => v.remaining_seconds > 15 * 60],
		['goto', { index: 3 }, () => v.current_number === 4 && v.current_speakers.startsWith('Yin Qiu · Yunshi WANG')],
		['message', { text: 'Wrap up' }, () => v.message === 'Wrap up'],
		['prev', {}, () => v.current_number === 2],
	]) {
		const start = performance.now()
		await served.post(action, body)
		await companion.until(check, 1000, `${action} on the buttons`)
		lags.push(performance.now() - start)
	}
	const fresh = await served.state()
	assert.equal(v.show_mode, 'CUED BY OPERATOR')
	assert.equal(v.end_delay_seconds, fresh.drift_seconds)
	assert.equal(v.next_starts_in_seconds, fresh.next.starts_in_seconds)
	console.log(`cue to variables: ${lags.map((ms) => ms.toFixed(1)).join(', ')} ms`)
	assert.ok(Math.max(...lags) < 1000)
})

const toSeconds = (hms) => hms.split(':').reduce((total, part) => total * 60 + Number(part), 0)

test('feedbacks turn on and off as the server says: warning, final, overrun, message, blackout, flash', async () => {
	// Warning at 4 s left, final at 2 s.
	const served = await Served.start({
		agenda: quickAgenda({ warning: '4s', final: '2s' }),
		args: ['--at', '2030-01-01T09:02:00Z'],
	})
	open.push(served)
	const companion = await follow(served)
	const phaseIs = (phase) => companion.feedback('timer_phase', { phase })
	assert.equal(phaseIs('running'), true, 'on schedule, 8 min left')
	assert.equal(companion.feedback('show_mode', { mode: 'schedule' }), true)

	await served.post('start')
	// 6 s left in the slot (5 to 6: the cue counts from its whole second).
	await served.post('extend', { seconds: -594 })
	await companion.until(() => companion.values.remaining_seconds <= 6, 1000, 'the shortened slot')
	assert.equal(companion.feedback('show_mode', { mode: 'cued' }), true)
	assert.equal(companion.feedback('segment_current', { segment: 1 }), true)

	// When the module turns each phase on, and when the server (polled) says it.
	const module = {}
	const server = {}
	const watchModule = companion.until(
		() => {
			for (const phase of ['warning', 'final', 'overrun']) {
				if (module[phase] === undefined && phaseIs(phase)) module[phase] = performance.now()
			}
			return module.overrun
		},
		15000,
		'the overrun',
	)
	const poll = (async () => {
		while (server.overrun === undefined) {
			const at = performance.now()
			const { current } = await served.state()
			if (server.warning === undefined && current.remaining_seconds <= 4) server.warning = at
			if (server.final === undefined && current.remaining_seconds <= 2) server.final = at
			if (current.overrun) server.overrun = at
			await sleep(20)
		}
	})()
	await Promise.all([watchModule, poll])
	for (const phase of ['warning', 'final', 'overrun']) {
		const gap = module[phase] - server[phase]
		console.log(`${phase}: the button ${gap.toFixed(0)} ms from the server's poll`)
		// The poll sees it up to ~20 ms plus a request late; the button no earlier than the server.
		assert.ok(gap > -150 && gap < 150, `${phase} turned on ${gap.toFixed(0)} ms from the server`)
	}
	assert.equal(phaseIs('warning'), false, 'one phase at a time')
	assert.equal(phaseIs('final'), false)
	const colours = companion.feedback(
		'timer_colours',
		companion.feedbacks.timer_colours.options.reduce((o, f) => ({ ...o, [f.id]: f.default }), {}),
	)
	assert.equal(colours.bgcolor, companion.feedbacks.timer_colours.options.find((f) => f.id === 'overrun_bg').default)
	assert.equal(companion.values.overrun, true)
	assert.match(companion.values.remaining, /^\+00:0\d$/)
	assert.ok(companion.values.remaining_seconds <= 0)

	// The next cue ends the overrun at once.
	await served.post('next')
	await companion.until(() => !phaseIs('overrun') && phaseIs('running'), 1000, 'the overrun to end')
	assert.equal(companion.feedback('segment_current', { segment: 2 }), true)
	assert.equal(companion.feedback('segment_current', { segment: 1 }), false)

	for (const [on, off, feedback] of [
		['message', 'clear_message', 'message_showing'],
		['blackout', 'unblackout', 'blackout'],
	]) {
		assert.equal(companion.feedback(feedback), false)
		await served.post(on, on === 'message' ? { text: 'Speak up' } : {})
		await companion.until(() => companion.feedback(feedback), 1000, `${feedback} on`)
		await served.post(off)
		await companion.until(() => !companion.feedback(feedback), 1000, `${feedback} off`)
	}

	// A flash lasts 3 s; the button goes off when the server's does.
	await served.post('flash')
	await companion.until(() => companion.feedback('flashing'), 1000, 'the flash')
	const flashed = performance.now()
	await companion.until(() => !companion.feedback('flashing'), 5000, 'the flash to end')
	const lasted = performance.now() - flashed
	assert.ok(lasted > 1900 && lasted < 3200, `the flash showed for ${lasted.toFixed(0)} ms`)
	assert.equal((await served.state()).signals.flash, false)
})
