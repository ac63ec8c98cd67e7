import { combineRgb, type CompanionFeedbackDefinitions } from '@companion-module/base'
import type { Moment, TimerPhase } from './view.js'

export type FeedbacksSchema = {
	timer_colours: {
		type: 'advanced'
		options: {
			running_bg: number
			running_fg: number
			warning_bg: number
			warning_fg: number
			final_bg: number
			final_fg: number
			overrun_bg: number
			overrun_fg: number
		}
	}
	timer_phase: { type: 'boolean'; options: { phase: Exclude<TimerPhase, 'none'> } }
	show_mode: { type: 'boolean'; options: { mode: 'schedule' | 'cued' } }
	message_showing: { type: 'boolean'; options: Record<string, never> }
	blackout: { type: 'boolean'; options: Record<string, never> }
	flashing: { type: 'boolean'; options: Record<string, never> }
	segment_current: { type: 'boolean'; options: { segment: number } }
	link_down: { type: 'boolean'; options: Record<string, never> }
}

export type FeedbackId = keyof FeedbacksSchema

/** What the feedbacks read of the instance. */
export interface Watch {
	now(): Moment | null
	linked(): boolean
}

const WHITE = combineRgb(255, 255, 255)
const BLACK = combineRgb(0, 0, 0)

/** The timer's colours by default: green, yellow at the warning, orange at the final threshold, red over. */
export const PHASE_COLOURS = {
	running: { bg: combineRgb(0x15, 0x80, 0x3d), fg: WHITE },
	warning: { bg: combineRgb(0xfa, 0xcc, 0x15), fg: BLACK },
	final: { bg: combineRgb(0xf9, 0x73, 0x16), fg: BLACK },
	overrun: { bg: combineRgb(0xb0, 0x00, 0x20), fg: WHITE },
} as const

const PHASES = [
	{ id: 'running', label: 'Running (before the warning)' },
	{ id: 'warning', label: 'Warning (the agenda’s [alerts] warning)' },
	{ id: 'final', label: 'Final (the agenda’s [alerts] final)' },
	{ id: 'overrun', label: 'Overrun' },
] as const

export function feedbackDefinitions(watch: Watch): CompanionFeedbackDefinitions<FeedbacksSchema> {
	const colour = (id: keyof FeedbacksSchema['timer_colours']['options'], label: string, value: number) =>
		({ type: 'colorpicker', id, label, default: value, returnType: 'number' }) as const
	const flag = (name: string, description: string, test: (now: Moment) => boolean, bgcolor: number, color = WHITE) => ({
		type: 'boolean' as const,
		name,
		description,
		options: [],
		defaultStyle: { bgcolor, color },
		callback: () => {
			const now = watch.now()
			return now !== null && test(now)
		},
	})
	return {
		timer_colours: {
			type: 'advanced',
			name: 'Timer: colours by phase',
			description:
				'Colours the button as the slot runs: green, yellow at the warning, orange at the final threshold, red over',
			options: [
				colour('running_bg', 'Running: background', PHASE_COLOURS.running.bg),
				colour('running_fg', 'Running: text', PHASE_COLOURS.running.fg),
				colour('warning_bg', 'Warning: background', PHASE_COLOURS.warning.bg),
				colour('warning_fg', 'Warning: text', PHASE_COLOURS.warning.fg),
				colour('final_bg', 'Final: background', PHASE_COLOURS.final.bg),
				colour('final_fg', 'Final: text', PHASE_COLOURS.final.fg),
				colour('overrun_bg', 'Overrun: background', PHASE_COLOURS.overrun.bg),
				colour('overrun_fg', 'Overrun: text', PHASE_COLOURS.overrun.fg),
			],
			callback: (feedback) => {
				const phase = watch.now()?.timer ?? 'none'
				if (phase === 'none') return {}
				const o = feedback.options
				const chosen = {
					running: [o.running_bg, o.running_fg],
					warning: [o.warning_bg, o.warning_fg],
					final: [o.final_bg, o.final_fg],
					overrun: [o.overrun_bg, o.overrun_fg],
				}[phase]
				return { bgcolor: Number(chosen[0]), color: Number(chosen[1]) }
			},
		},
		timer_phase: {
			type: 'boolean',
			name: 'Timer: phase is',
			description: 'On while the current slot is in this phase',
			options: [{ type: 'dropdown', id: 'phase', label: 'Phase', choices: [...PHASES], default: 'overrun' }],
			defaultStyle: { bgcolor: PHASE_COLOURS.overrun.bg, color: PHASE_COLOURS.overrun.fg },
			callback: (feedback) => watch.now()?.timer === feedback.options.phase,
		},
		show_mode: {
			type: 'boolean',
			name: 'Show: on schedule or cued',
			description: 'On while the schedule drives the show (before the first cue), or once the operator cues it',
			options: [
				{
					type: 'dropdown',
					id: 'mode',
					label: 'Mode',
					choices: [
						{ id: 'schedule', label: 'On schedule' },
						{ id: 'cued', label: 'Cued by operator' },
					],
					default: 'schedule',
				},
			],
			defaultStyle: { bgcolor: combineRgb(0x1e, 0x40, 0xaf), color: WHITE },
			callback: (feedback) => {
				const now = watch.now()
				if (now === null) return false
				return now.followingSchedule === (feedback.options.mode === 'schedule')
			},
		},
		message_showing: flag(
			'Message showing',
			'On while a message is on the moderator’s screen',
			(now) => now.message !== null,
			PHASE_COLOURS.warning.bg,
			BLACK,
		),
		blackout: flag(
			'Blackout on',
			'On while the speakers’ screens are dark',
			(now) => now.blackout,
			combineRgb(0x40, 0x40, 0x40),
		),
		flashing: flag(
			'Flashing',
			'On while the speakers’ screens flash (3 s after a flash)',
			(now) => now.flashing,
			WHITE,
			BLACK,
		),
		segment_current: {
			type: 'boolean',
			name: 'Segment N is current',
			description: 'On while segment N (numbered from 1) is live',
			options: [
				{ type: 'number', id: 'segment', label: 'Segment (from 1)', default: 1, min: 1, max: 1000, asInteger: true },
			],
			defaultStyle: { bgcolor: PHASE_COLOURS.running.bg, color: WHITE },
			callback: (feedback) => {
				const index = watch.now()?.currentIndex
				return index !== null && index !== undefined && index + 1 === Number(feedback.options.segment)
			},
		},
		link_down: {
			type: 'boolean',
			name: 'Link to the show down',
			description: 'On while the module is not receiving the show (the server is unreachable or silent for 2.5 s)',
			options: [],
			defaultStyle: { bgcolor: combineRgb(0x55, 0x00, 0x55), color: WHITE },
			callback: () => !watch.linked(),
		},
	}
}
