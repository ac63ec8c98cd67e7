import type { CompanionActionDefinitions } from '@companion-module/base'
import type { Moment } from './view.js'

/** The longest message the moderator's screen takes (the server's limit too). */
export const MAX_MESSAGE_CHARS = 200

export type ActionsSchema = {
	advance: { options: Record<string, never> }
	start: { options: Record<string, never> }
	next: { options: Record<string, never> }
	prev: { options: Record<string, never> }
	goto: { options: { segment: number } }
	extend: { options: { minutes: number } }
	shorten: { options: { minutes: number } }
	end: { options: Record<string, never> }
	message: { options: { text: string } }
	clear_message: { options: Record<string, never> }
	flash: { options: Record<string, never> }
	blackout: { options: Record<string, never> }
	unblackout: { options: Record<string, never> }
	blackout_toggle: { options: Record<string, never> }
}

/** What the actions need of the instance. */
export interface Controls {
	/** `POST /v1/control/ACTION`: resolves once the server took it, rejects saying why not. */
	act(action: string, body?: Record<string, unknown>): Promise<void>
	/** The show now, as the buttons show it (null before the first state). */
	now(): Moment | null
	/** How many segments the show has (0 before the first state). */
	segments(): number
}

/** Seconds for N minutes, to the second (0.5 is 30 s). */
function seconds(minutes: number): number {
	const value = Math.round(Number(minutes) * 60)
	if (!Number.isFinite(value) || value <= 0) {
		throw new Error(`${minutes} minutes: give a number of minutes above 0, e.g. 1 or 0.5`)
	}
	return value
}

const minutesOption = {
	type: 'number',
	id: 'minutes',
	label: 'Minutes',
	default: 1,
	min: 0.5,
	max: 120,
	step: 0.5,
} as const

export function actionDefinitions(controls: Controls): CompanionActionDefinitions<ActionsSchema> {
	const simple = (name: string, action: string, description: string) => ({
		name,
		description,
		options: [],
		callback: async (): Promise<void> => controls.act(action),
	})
	return {
		advance: {
			name: 'Start / next (as Space)',
			description:
				'As the Space key: starts the show (takes over from the schedule) while the schedule drives it, then cues the next segment',
			options: [],
			callback: async () => {
				const now = controls.now()
				const start = now === null || (now.followingSchedule && now.phase !== 'after')
				await controls.act(start ? 'start' : 'next')
			},
		},
		start: simple(
			'Start / take over',
			'start',
			'Starts the show now, or takes over from the schedule: the live segment starts again now, with its full time',
		),
		next: simple('Next segment', 'next', 'Cues the next segment (after the last one, ends the show)'),
		prev: simple(
			'Previous (undo the latest cue)',
			'prev',
			'Undoes the latest cue: the previous segment comes back with its start and extensions',
		),
		goto: {
			name: 'Go to segment N',
			description: 'Cues segment N, numbered from 1 as on the moderator’s screen',
			options: [
				{ type: 'number', id: 'segment', label: 'Segment (from 1)', default: 1, min: 1, max: 1000, asInteger: true },
			],
			callback: async (action) => {
				const number = Number(action.options.segment)
				const count = controls.segments()
				if (!Number.isInteger(number) || number < 1 || (count > 0 && number > count)) {
					throw new Error(`go to segment ${number}: the show has ${count} segments, numbered 1 to ${count}`)
				}
				await controls.act('goto', { index: number - 1 })
			},
		},
		extend: {
			name: 'Extend by N minutes',
			description: 'Gives the current slot more time',
			options: [minutesOption],
			callback: async (action) => controls.act('extend', { seconds: seconds(action.options.minutes) }),
		},
		shorten: {
			name: 'Shorten by N minutes',
			description: 'Takes time from the current slot',
			options: [minutesOption],
			callback: async (action) => controls.act('extend', { seconds: -seconds(action.options.minutes) }),
		},
		end: simple('End the show', 'end', 'Ends the show now (Previous undoes it)'),
		message: {
			name: 'Message to the moderator',
			description: 'Shows a message on the moderator’s screen (Companion variables in it are filled in)',
			options: [
				{
					type: 'textinput',
					id: 'text',
					label: 'Message',
					default: 'Wrap up',
					useVariables: true,
				},
			],
			callback: async (action) => {
				const text = String(action.options.text ?? '').trim()
				if (!text) throw new Error('message: the text is empty; to remove the message, use "Clear the message"')
				const length = [...text].length
				if (length > MAX_MESSAGE_CHARS) {
					throw new Error(
						`message: the text is ${length} characters; at most ${MAX_MESSAGE_CHARS} fit the moderator's screen`,
					)
				}
				await controls.act('message', { text })
			},
		},
		clear_message: simple('Clear the message', 'clear_message', 'Removes the message from the moderator’s screen'),
		flash: simple(
			'Flash the speakers’ screens',
			'flash',
			'Every speaker’s screen flashes for 3 s: "wrap up now", without words',
		),
		blackout: simple('Blackout', 'blackout', 'Turns the speakers’ screens dark'),
		unblackout: simple('Unblackout', 'unblackout', 'Brings the speakers’ screens back'),
		blackout_toggle: {
			name: 'Blackout on / off',
			description: 'Turns the speakers’ screens dark, or back on if they are dark',
			options: [],
			callback: async () => controls.act(controls.now()?.blackout ? 'unblackout' : 'blackout'),
		},
	}
}
