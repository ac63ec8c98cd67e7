// The connection: follows one showclock show and lends it to the buttons.

import {
	InstanceBase,
	InstanceStatus,
	type CompanionVariableValues,
	type SomeCompanionConfigField,
} from '@companion-module/base'
import { actionDefinitions, type ActionsSchema } from './actions.js'
import { configFields, linkOptions, type ModuleConfig, type ModuleSecrets } from './config.js'
import { feedbackDefinitions, type FeedbackId, type FeedbacksSchema } from './feedbacks.js'
import { Link, type LinkStatus } from './link.js'
import { presetDefinitions } from './presets.js'
import type { ShowEvent, StateEvent } from './show.js'
import { UpgradeScripts } from './upgrades.js'
import { changed, variableDefinitions } from './variables.js'
import { moment, nextChange, type Moment } from './view.js'

export type ModuleSchema = {
	config: ModuleConfig
	secrets: ModuleSecrets
	actions: ActionsSchema
	feedbacks: FeedbacksSchema
	variables: CompanionVariableValues
}

export { UpgradeScripts }

/** What each feedback reads of a moment: it is checked again when that changes. */
const FEEDBACK_INPUTS: [FeedbackId[], (m: Moment | null) => unknown][] = [
	[['timer_colours', 'timer_phase'], (m) => m?.timer],
	[['show_mode'], (m) => m?.followingSchedule],
	[['message_showing'], (m) => m?.message],
	[['blackout'], (m) => m?.blackout],
	[['flashing'], (m) => m?.flashing],
	[['segment_current'], (m) => m?.currentIndex],
]

/** How Companion shows each way the link can fail. */
const FAILURES: Record<Exclude<LinkStatus['kind'], 'ok' | 'connecting'>, InstanceStatus> = {
	lost: InstanceStatus.Disconnected,
	bad_token: InstanceStatus.AuthenticationFailure,
	unreachable: InstanceStatus.ConnectionFailure,
	refused: InstanceStatus.BadConfig,
}

export default class ShowclockInstance extends InstanceBase<ModuleSchema> {
	#link: Link | null = null
	#show: ShowEvent | null = null
	#live: StateEvent | null = null
	#now: Moment | null = null
	#shown: CompanionVariableValues = {}
	#timer: NodeJS.Timeout | null = null
	#linked = false
	#status = ''
	/** The agenda the definitions were made for (they change only with it). */
	#definedFor = ''

	async init(config: ModuleConfig, _isFirstInit: boolean, secrets: ModuleSecrets | undefined): Promise<void> {
		this.setActionDefinitions(
			actionDefinitions({
				act: async (action, body) => this.#act(action, body),
				now: () => this.#now,
				segments: () => this.#live?.state.segments.length ?? 0,
			}),
		)
		this.setFeedbackDefinitions(feedbackDefinitions({ now: () => this.#now, linked: () => this.#linked }))
		this.#define(true)
		this.#connect(config, secrets)
	}

	async configUpdated(config: ModuleConfig, secrets: ModuleSecrets | undefined): Promise<void> {
		// The label may have changed: the presets name it in their variables.
		this.#define(true)
		this.#connect(config, secrets)
	}

	async destroy(): Promise<void> {
		this.#disconnect()
	}

	getConfigFields(): SomeCompanionConfigField[] {
		return configFields()
	}

	#disconnect(): void {
		this.#link?.stop()
		this.#link = null
		if (this.#timer) clearTimeout(this.#timer)
		this.#timer = null
	}

	#connect(config: ModuleConfig, secrets: ModuleSecrets | undefined): void {
		this.#disconnect()
		this.#live = null
		this.#setLinked(false)
		const options = linkOptions(config, secrets)
		if (typeof options === 'string') {
			this.#report(InstanceStatus.BadConfig, options)
			return
		}
		const link = new Link(options, {
			status: (status) => this.#onStatus(status, options.token !== ''),
			show: (show) => {
				this.#show = show
				this.#define(false)
			},
			state: (live) => {
				this.#live = live
				this.#refresh()
			},
			tick: () => this.#refresh(),
		})
		this.#link = link
		link.start()
		this.#refresh()
	}

	#onStatus(status: LinkStatus, hasToken: boolean): void {
		if (status.kind === 'connecting') {
			this.#report(InstanceStatus.Connecting, null)
		} else if (status.kind === 'ok') {
			this.#setLinked(true)
			if (status.role === 'controller') this.#report(InstanceStatus.Ok, null)
			else if (hasToken)
				this.#report(InstanceStatus.Ok, 'Watching only: this is a view token; cueing needs the control token')
			else this.#report(InstanceStatus.Ok, 'Watching only: no control token given')
		} else {
			this.#setLinked(false)
			this.#report(FAILURES[status.kind], status.message)
		}
		this.#refresh()
	}

	/** Updates the status, and logs it once when it changes. */
	#report(status: InstanceStatus, message: string | null): void {
		this.updateStatus(status, message)
		const line = message ? `${status}: ${message}` : status
		if (line !== this.#status) {
			this.#status = line
			// Connecting again and again after a failure says nothing new.
			if (status !== InstanceStatus.Connecting) this.log(status === InstanceStatus.Ok ? 'info' : 'warn', line)
		}
	}

	#setLinked(linked: boolean): void {
		if (linked === this.#linked) return
		this.#linked = linked
		this.checkFeedbacks('link_down')
	}

	/** Variables, feedbacks and presets for the show the stream described. */
	#define(force: boolean): void {
		const agenda = this.#show?.agenda ?? null
		const key = JSON.stringify([agenda?.clocks, agenda?.segments.map((s) => s.title), this.#show?.canned])
		if (!force && key === this.#definedFor) return
		this.#definedFor = key
		this.setVariableDefinitions(variableDefinitions(agenda?.clocks ?? []))
		const [structure, presets] = presetDefinitions(this.label, agenda, this.#show?.canned ?? [])
		this.setPresetDefinitions(structure, presets)
		// New definitions: every value goes again.
		this.#shown = {}
		this.#refresh()
	}

	async #act(action: string, body?: Record<string, unknown>): Promise<void> {
		const link = this.#link
		if (!link) throw new Error(`${action}: not connected to a show (see the connection's status)`)
		try {
			await link.post(action, body)
		} catch (error) {
			this.log('warn', (error as Error).message)
			throw error
		}
	}

	/** Works out the moment now, tells Companion what changed, and waits for the next change. */
	#refresh(): void {
		if (this.#timer) clearTimeout(this.#timer)
		this.#timer = null
		const link = this.#link
		if (link) this.#setLinked(link.linked())
		const before = this.#now
		const values: CompanionVariableValues = { link: this.#linked ? 'up' : 'down', role: this.#show?.role ?? '' }
		let wait = 1000
		if (link && this.#show && this.#live) {
			const nowMs = link.showNowMs()
			this.#now = moment(this.#show, this.#live, nowMs)
			Object.assign(values, this.#now.values)
			// Just after the next change (show time runs `speed` times as fast as real time).
			wait = (nextChange(nowMs) - nowMs) / link.speed() + 2
		}
		const fresh = changed(this.#shown, values)
		if (Object.keys(fresh).length) {
			this.setVariableValues(fresh)
			Object.assign(this.#shown, fresh)
		}
		const now = this.#now
		const recheck = FEEDBACK_INPUTS.filter(([, read]) => read(before) !== read(now)).flatMap(([ids]) => ids)
		if (recheck.length) this.checkFeedbacks(...(recheck as [FeedbackId, ...FeedbackId[]]))
		// At least once a second: a link that falls silent shows as down.
		if (link) this.#timer = setTimeout(() => this.#refresh(), Math.min(Math.max(wait, 5), 1000))
	}
}
