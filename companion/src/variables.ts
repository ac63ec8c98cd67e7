import type { CompanionVariableDefinitions, CompanionVariableValues } from '@companion-module/base'
import type { AgendaClock } from './show.js'
import { inert } from './view.js'

/** The variables of every show; each clock of the agenda adds three more. */
const FIXED: Record<string, string> = {
	event: 'Show title',
	show_phase: 'Show phase: before, live or after',
	show_mode: 'Who drives the show: ON SCHEDULE or CUED BY OPERATOR',
	timer_phase: 'Timer phase: running, warning, final, overrun (none between slots)',
	remaining:
		'Time left in the slot (MM:SS; +MM:SS in an overrun; before the show or in a break, until the next segment; --:-- after the show)',
	remaining_seconds: 'Time left in seconds (negative in an overrun)',
	overrun: 'Overrun: true while the slot runs over',
	overrun_time: 'How long the slot has run over (+MM:SS; empty if it has not)',
	overrun_seconds: 'How long the slot has run over, in seconds',
	elapsed: 'Time since the slot started (MM:SS)',
	elapsed_seconds: 'Time since the slot started, in seconds',
	current_number: 'Current segment: its number (from 1)',
	current_title: 'Current segment: its title',
	current_speakers: 'Current segment: its moderator and speakers',
	next_number: 'Next segment: its number (from 1)',
	next_title: 'Next segment: its title',
	next_speakers: 'Next segment: its moderator and speakers',
	next_starts_in: 'Next segment: time until it starts (MM:SS)',
	next_starts_in_seconds: 'Next segment: seconds until it starts',
	next_start: 'Next segment: when it is expected to start (first clock)',
	next_start_clocks: 'Next segment: when it is expected to start, in every clock',
	expected_end: 'The show’s expected end (first clock)',
	expected_end_clocks: 'The show’s expected end, in every clock',
	end_delay: 'The expected end against the plan (+MM:SS late, -MM:SS early)',
	end_delay_seconds: 'The expected end against the plan, in seconds (positive: late)',
	end_delay_words: 'The expected end against the plan, in words (2:30 behind)',
	message: 'The message on the moderator’s screen (empty if none)',
	blackout: 'Blackout: true while the speakers’ screens are dark',
	flashing: 'Flashing: true while the speakers’ screens flash',
	link: 'The link to the show: up or down',
	role: 'What the token allows: controller, viewer or anyone (watching only)',
}

export function variableDefinitions(clocks: AgendaClock[]): CompanionVariableDefinitions {
	const definitions: CompanionVariableDefinitions = {}
	for (const [id, name] of Object.entries(FIXED)) definitions[id] = { name }
	clocks.forEach((clock, i) => {
		const label = inert(clock.label)
		definitions[`clock_${i + 1}_label`] = { name: `Clock ${i + 1}: its label (${label})` }
		definitions[`clock_${i + 1}_time`] = { name: `Clock ${i + 1}: time of day in ${label} (HH:MM)` }
		definitions[`clock_${i + 1}_time_s`] = { name: `Clock ${i + 1}: time of day in ${label}, with seconds` }
	})
	return definitions
}

/** The values of `next` that differ from `shown` (what Companion last got). */
export function changed(shown: CompanionVariableValues, next: CompanionVariableValues): CompanionVariableValues {
	const out: CompanionVariableValues = {}
	for (const [id, value] of Object.entries(next)) {
		if (shown[id] !== value) out[id] = value
	}
	return out
}
