import {
	combineRgb,
	type CompanionButtonStyleProps,
	type CompanionPresetDefinitions,
	type CompanionPresetSection,
	type CompanionSimplePresetDefinition,
} from '@companion-module/base'
import type { ModuleSchema } from './main.js'
import { PHASE_COLOURS } from './feedbacks.js'
import type { Agenda } from './show.js'
import { inert } from './view.js'

type Preset = CompanionSimplePresetDefinition<ModuleSchema>
type Step = Preset['steps'][number]
type Action = Step['down'][number]
type Feedback = Preset['feedbacks'][number]

const WHITE = combineRgb(255, 255, 255)
const BLACK = combineRgb(0, 0, 0)
const GREY = combineRgb(0x33, 0x33, 0x33)
const LINK_DOWN = combineRgb(0x55, 0x00, 0x55)

const style = (text: string, extra: Partial<CompanionButtonStyleProps> = {}): CompanionButtonStyleProps => ({
	text,
	size: '18',
	color: WHITE,
	bgcolor: BLACK,
	alignment: 'center:center',
	...extra,
})

const press = (...actions: Action[]): Step[] => [{ down: actions, up: [] }]

/** Every button that shows the show goes purple when the link is down (its values are stale). */
const linkDown: Feedback = { feedbackId: 'link_down', options: {}, style: { bgcolor: LINK_DOWN, color: WHITE } }

/**
 * The ready page: Start/Next, Previous, +1 min, -1 min, the remaining time
 * coloured by phase, the next speaker, each clock, Wrap up, Flash,
 * Blackout; and a button per segment. `label` is the connection's label,
 * as Companion names its variables: $(label:remaining).
 */
export function presetDefinitions(
	label: string,
	agenda: Agenda | null,
	canned: string[],
): [CompanionPresetSection<ModuleSchema>[], CompanionPresetDefinitions<ModuleSchema>] {
	const v = (id: string): string => `$(${label}:${id})`
	const presets: Record<string, Preset> = {}
	const add = (id: string, preset: Omit<Preset, 'type'>): string => {
		presets[id] = { type: 'simple', ...preset }
		return id
	}
	const wrapUp = canned[0] ?? 'Wrap up'

	const control = [
		add('advance', {
			name: 'Start / Next (as Space)',
			style: style('START\nNEXT', { bgcolor: combineRgb(0x15, 0x80, 0x3d) }),
			steps: press({ actionId: 'advance', options: {} }),
			feedbacks: [linkDown],
		}),
		add('prev', {
			name: 'Previous (undo)',
			style: style('PREV\nundo', { bgcolor: GREY }),
			steps: press({ actionId: 'prev', options: {} }),
			feedbacks: [linkDown],
		}),
		add('extend_1', {
			name: '+1 min',
			style: style('+1 min', { size: '24', bgcolor: GREY }),
			steps: press({ actionId: 'extend', options: { minutes: 1 } }),
			feedbacks: [linkDown],
		}),
		add('shorten_1', {
			name: '-1 min',
			style: style('-1 min', { size: '24', bgcolor: GREY }),
			steps: press({ actionId: 'shorten', options: { minutes: 1 } }),
			feedbacks: [linkDown],
		}),
		add('end', {
			name: 'End the show (hold 1 s)',
			style: style('END\nhold 1 s', { size: '14', bgcolor: combineRgb(0x7f, 0x1d, 0x1d) }),
			// A long press, so that a brush of the key does not end the show.
			steps: [
				{ down: [], up: [], 1000: { actions: [{ actionId: 'end', options: {} }], options: { runWhileHeld: true } } },
			],
			feedbacks: [linkDown],
		}),
	]

	const show = [
		add('remaining', {
			name: 'Time left, coloured by phase',
			style: style(v('remaining'), { size: '30' }),
			steps: [],
			feedbacks: [{ feedbackId: 'timer_colours', options: timerColourOptions() }, linkDown],
		}),
		add('current', {
			name: 'Current segment and speakers',
			style: style(`${v('current_number')} ${v('current_title')}\n${v('current_speakers')}`, {
				size: '7',
				alignment: 'left:top',
			}),
			steps: [],
			feedbacks: [linkDown],
		}),
		add('next_speaker', {
			name: 'Next speaker',
			style: style(`NEXT ${v('next_starts_in')}\n${v('next_speakers')}`, { size: '14' }),
			steps: [],
			feedbacks: [linkDown],
		}),
		add('expected_end', {
			name: 'Expected end and delay',
			style: style(`END ${v('expected_end')}\n${v('end_delay')}`, { size: '14' }),
			steps: [],
			feedbacks: [linkDown],
		}),
	]

	const clocks = (agenda?.clocks ?? []).map((clock, i) =>
		add(`clock_${i + 1}`, {
			name: `Clock: ${inert(clock.label)}`,
			style: style(`${v(`clock_${i + 1}_label`)}\n${v(`clock_${i + 1}_time`)}`, { size: '18' }),
			steps: [],
			feedbacks: [linkDown],
		}),
	)

	const signals = [
		add('wrap_up', {
			name: `Message: ${wrapUp}`,
			style: style(wrapUp.toUpperCase(), { size: '14', bgcolor: GREY }),
			steps: press({ actionId: 'message', options: { text: wrapUp } }),
			feedbacks: [
				{ feedbackId: 'message_showing', options: {}, style: { bgcolor: PHASE_COLOURS.warning.bg, color: BLACK } },
				linkDown,
			],
		}),
		add('clear_message', {
			name: 'Clear the message',
			style: style('CLEAR\nMSG', { size: '14', bgcolor: GREY }),
			steps: press({ actionId: 'clear_message', options: {} }),
			feedbacks: [linkDown],
		}),
		add('flash', {
			name: 'Flash the speakers’ screens',
			style: style('FLASH', { bgcolor: GREY }),
			steps: press({ actionId: 'flash', options: {} }),
			feedbacks: [{ feedbackId: 'flashing', options: {}, style: { bgcolor: WHITE, color: BLACK } }, linkDown],
		}),
		add('blackout', {
			name: 'Blackout on / off',
			style: style('BLACK\nOUT', { bgcolor: GREY }),
			steps: press({ actionId: 'blackout_toggle', options: {} }),
			feedbacks: [
				{
					feedbackId: 'blackout',
					options: {},
					style: { bgcolor: BLACK, color: combineRgb(0x80, 0x80, 0x80), text: 'DARK\n(press: back)' },
				},
				linkDown,
			],
		}),
	]

	const segments = (agenda?.segments ?? []).map((segment, i) =>
		add(`segment_${i + 1}`, {
			name: `Go to ${i + 1}: ${inert(segment.title)}`,
			style: style(`${i + 1}\n${inert(segment.title)}`, { size: '7', bgcolor: GREY }),
			steps: press({ actionId: 'goto', options: { segment: i + 1 } }),
			feedbacks: [
				{
					feedbackId: 'segment_current',
					options: { segment: i + 1 },
					style: { bgcolor: PHASE_COLOURS.running.bg, color: WHITE },
				},
			],
		}),
	)

	const structure: CompanionPresetSection<ModuleSchema>[] = [
		{ id: 'control', name: 'Show control', definitions: control },
		{ id: 'show', name: 'The show now', definitions: show },
		{ id: 'clocks', name: 'Clocks', description: 'One per clock of the agenda', definitions: clocks },
		{ id: 'signals', name: 'Messages and signals', definitions: signals },
		{
			id: 'segments',
			name: 'Segments',
			description: 'A button per segment: press to go to it; green while it is live',
			definitions: segments,
		},
	]
	return [structure.filter((s) => s.definitions.length > 0), presets]
}

function timerColourOptions() {
	return {
		running_bg: PHASE_COLOURS.running.bg,
		running_fg: PHASE_COLOURS.running.fg,
		warning_bg: PHASE_COLOURS.warning.bg,
		warning_fg: PHASE_COLOURS.warning.fg,
		final_bg: PHASE_COLOURS.final.bg,
		final_fg: PHASE_COLOURS.final.fg,
		overrun_bg: PHASE_COLOURS.overrun.bg,
		overrun_fg: PHASE_COLOURS.overrun.fg,
	}
}
