// Every action against a real `showclock serve`: it changes the show as
// the same POST would (the same journal entry), read back through
// GET /v1/state.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import ShowclockInstance from '../dist/main.js'
import { FakeCompanion, Served, TOKEN } from './harness.mjs'

let served
let companion

before(async () => {
	// A rehearsal at 09:05 of the quick show: the schedule has "Opening" live.
	served = await Served.start({ args: ['--at', '2030-01-01T09:05:00Z'] })
	companion = new FakeCompanion()
	await companion.host(ShowclockInstance, { url: served.url, private_ca: false, ca_cert: '' }, { token: TOKEN })
	await companion.until(() => companion.values.current_number === 1, 5000, 'the first state')
})

after(async () => {
	await companion?.destroy()
	await served?.close()
})

test('every action does what its POST does', async () => {
	let state = await served.state()
	assert.equal(state.following_schedule, true)

	state = await pressAndRead('advance')
	assert.equal(state.following_schedule, false, 'Start / next while on schedule takes over')
	assert.equal(state.current.index, 0)
	assert.equal(state.current.remaining_seconds, 600, 'the slot starts again with its full time')

	state = await pressAndRead('advance')
	assert.equal(state.current.index, 1, 'then it cues the next segment')

	state = await pressAndRead('prev')
	assert.equal(state.current.index, 0, 'previous undoes the latest cue')

	state = await pressAndRead('next')
	assert.equal(state.current.index, 1)

	state = await pressAndRead('goto', { segment: 3 })
	assert.equal(state.current.index, 2, 'go to segment 3 (numbered from 1)')

	state = await pressAndRead('extend', { minutes: 2 })
	assert.equal(state.current.extension_seconds, 120)

	state = await pressAndRead('shorten', { minutes: 0.5 })
	assert.equal(state.current.extension_seconds, 90)

	state = await pressAndRead('message', { text: 'Wrap up: 2 min left' })
	assert.equal(state.message, 'Wrap up: 2 min left')

	state = await pressAndRead('clear_message')
	assert.equal(state.message, null)

	state = await pressAndRead('flash')
	assert.equal(state.signals.flash, true)

	state = await pressAndRead('blackout_toggle')
	assert.equal(state.signals.blackout, true, 'blackout on / off: on')
	state = await pressAndRead('blackout_toggle')
	assert.equal(state.signals.blackout, false, 'blackout on / off: off again')

	state = await pressAndRead('blackout')
	assert.equal(state.signals.blackout, true)
	state = await pressAndRead('unblackout')
	assert.equal(state.signals.blackout, false)

	state = await pressAndRead('start')
	assert.equal(state.current.index, 2, 'start once the operator cues changes nothing')

	state = await pressAndRead('end')
	assert.equal(state.phase, 'after')

	// The journal holds what the same POSTs would have written.
	assert.deepEqual(served.journalActions(), [
		{ action: 'start' },
		{ action: 'next' },
		{ action: 'prev' },
		{ action: 'next' },
		{ action: 'goto', index: 2 },
		{ action: 'extend', seconds: 120 },
		{ action: 'extend', seconds: -30 },
		{ action: 'message', text: 'Wrap up: 2 min left' },
		{ action: 'clear_message' },
		{ action: 'flash' },
		{ action: 'blackout' },
		{ action: 'unblackout' },
		{ action: 'blackout' },
		{ action: 'unblackout' },
		{ action: 'start' },
		{ action: 'end' },
	])
})

test('a press the show cannot take says why, and writes nothing', async () => {
	const before = served.journalActions().length
	await assert.rejects(companion.press('goto', { segment: 4 }), /the show has 3 segments, numbered 1 to 3/)
	await assert.rejects(companion.press('goto', { segment: 0 }), /numbered 1 to 3/)
	await assert.rejects(companion.press('message', { text: '   ' }), /the text is empty/)
	await assert.rejects(companion.press('message', { text: 'é'.repeat(201) }), /201 characters; at most 200/)
	await assert.rejects(companion.press('extend', { minutes: 0 }), /above 0/)
	assert.equal(served.journalActions().length, before)
	const fits = 'é'.repeat(200)
	await companion.press('message', { text: fits })
	assert.equal((await served.state()).message, fits)
})

/** Presses, then reads the state back once the module shows the new entry too. */
async function pressAndRead(actionId, options = {}) {
	const count = served.journalActions().length
	await companion.press(actionId, options)
	assert.equal(served.journalActions().length, count + 1, `${actionId} wrote one journal entry`)
	const state = await served.state()
	// The module follows: the state it shows is built from the same journal.
	// Everything the action can change, as the module shows it (a press
	// that reads the module's state, Start / next, needs the latest).
	const live = state.phase === 'live' && state.current
	const v = companion.values
	const shown = () =>
		v.show_phase === state.phase &&
		v.show_mode === (state.following_schedule ? 'ON SCHEDULE' : 'CUED BY OPERATOR') &&
		v.current_number === (live ? state.current.index + 1 : '') &&
		(!live || Math.abs(v.remaining_seconds - state.current.remaining_seconds) <= 1) &&
		v.message === (state.message ?? '') &&
		v.blackout === state.signals.blackout
	await companion.until(shown, 2000, `${actionId} seen by the module`)
	return state
}

test('the presets make the ready page, with only defined actions, feedbacks and variables', async () => {
	const { presets, structure } = companion
	const names = structure.flatMap((section) => section.definitions.map((id) => presets[id].name))
	for (const wanted of [
		'Start / Next (as Space)',
		'Previous (undo)',
		'+1 min',
		'-1 min',
		'Time left, coloured by phase',
		'Next speaker',
		'Clock: UTC',
		'Clock: Pacific',
		'Message: Wrap up',
		'Flash the speakers’ screens',
		'Blackout on / off',
		'Go to 2: Panel',
	]) {
		assert.ok(names.includes(wanted), `a preset "${wanted}" (there are: ${names.join(', ')})`)
	}
	for (const [id, preset] of Object.entries(presets)) {
		for (const step of preset.steps) {
			const actions = Object.values(step).flatMap((group) => (Array.isArray(group) ? group : group.actions))
			for (const action of actions) {
				const definition = companion.actions[action.actionId]
				assert.ok(definition, `${id}: action ${action.actionId}`)
				const known = definition.options.map((o) => o.id)
				for (const option of Object.keys(action.options)) assert.ok(known.includes(option), `${id}: option ${option}`)
			}
		}
		for (const feedback of preset.feedbacks) {
			const definition = companion.feedbacks[feedback.feedbackId]
			assert.ok(definition, `${id}: feedback ${feedback.feedbackId}`)
			const known = definition.options.map((o) => o.id)
			for (const option of Object.keys(feedback.options)) assert.ok(known.includes(option), `${id}: option ${option}`)
		}
		for (const [, label, variable] of preset.style.text.matchAll(/\$\(([^:)]+):([^)]+)\)/g)) {
			assert.equal(label, 'showclock')
			assert.ok(companion.variableDefinitions[variable], `${id}: variable ${variable}`)
			assert.notEqual(companion.values[variable], undefined, `${id}: ${variable} has a value`)
		}
	}

	// A connection labelled otherwise names its own variables.
	companion.label = 'deck'
	await companion.instance.configUpdated({ url: served.url, private_ca: false, ca_cert: '' }, { token: TOKEN })
	assert.equal(companion.presets.remaining.style.text, '$(deck:remaining)')
	await companion.until(() => companion.lastStatus()?.status === 'ok', 3000, 'OK again')
})
