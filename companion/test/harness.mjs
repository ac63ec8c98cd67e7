// What the tests share: a real `showclock serve` on a random loopback port,
// and a stand-in for Companion that hosts the module as Companion does
// (through the host API's InstanceContext) and records what it is told.

import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const REPO = path.resolve(here, '..', '..')
export const MODULE_DIR = path.resolve(here, '..')

/** The binary `cargo build` made (SHOWCLOCK_BIN overrides it). */
export function binary() {
	const bin = process.env.SHOWCLOCK_BIN ?? path.join(REPO, 'target', 'debug', 'showclock')
	if (!existsSync(bin)) throw new Error(`${bin} is missing: run cargo build in ${REPO} first`)
	return bin
}

export const TOKEN = 'companion-test-token-4f9a1c'

/** The shipped show (Beijing and Pacific clocks). */
export const SHIPPED_AGENDA = readFileSync(path.join(REPO, 'agenda.toml'), 'utf8')

/** A short show whose thresholds come seconds apart. */
export function quickAgenda({ warning = '6s', final = '3s' } = {}) {
	return `[event]
title = "Quick show"
date = 2030-01-01
timezone = "UTC"

[[clock]]
label = "UTC"
timezone = "UTC"

[[clock]]
label = "Pacific"
timezone = "America/Los_Angeles"
hour_format = "12h"

[alerts]
warning = "${warning}"
final = "${final}"

[[segment]]
title = "Opening"
start = "09:00"
end = "09:10"
speakers = [{ name = "Ada Lovelace" }]

[[segment]]
title = "Panel"
start = "09:10"
end = "09:30"
speakers = [{ name = "Grace Hopper" }, { name = "Alan Turing" }]

[[segment]]
title = "Closing"
start = "09:30"
end = "09:40"
`
}

/** A running `showclock serve`. */
export class Served {
	/** @param {{agenda?: string, args?: string[], token?: string | null}} options */
	static async start({ agenda = quickAgenda(), args = [], token = TOKEN } = {}) {
		const dir = mkdtempSync(path.join(tmpdir(), 'showclock-companion-'))
		writeFileSync(path.join(dir, 'agenda.toml'), agenda)
		const served = new Served(dir, args, token)
		try {
			await served.#spawn('127.0.0.1:0')
		} catch (error) {
			rmSync(dir, { recursive: true, force: true })
			throw error
		}
		return served
	}

	constructor(dir, args, token) {
		this.dir = dir
		this.args = args
		this.token = token
		// A rehearsal keeps a journal of its own beside the agenda.
		const rehearsal = args.includes('--at') || args.includes('--rehearse')
		this.journal = path.join(dir, rehearsal ? 'agenda.rehearsal.jsonl' : 'agenda.jsonl')
		this.process = null
		this.url = ''
		this.port = 0
	}

	async #spawn(share) {
		const args = ['serve', path.join(this.dir, 'agenda.toml'), '--share', share, ...this.args]
		if (this.token) args.push('--token', this.token)
		const child = spawn(binary(), args, { stdio: ['ignore', 'pipe', 'pipe'] })
		this.process = child
		let out = ''
		let err = ''
		child.stderr.on('data', (chunk) => (err += chunk))
		this.url = await new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`showclock serve did not start: ${err}`)), 15000)
			child.stdout.on('data', (chunk) => {
				out += chunk
				const url = /^url: (\S+)$/m.exec(out)
				if (url && /^stop with/m.test(out)) {
					clearTimeout(timer)
					resolve(url[1])
				}
			})
			child.on('exit', (code) => {
				clearTimeout(timer)
				reject(new Error(`showclock serve exited (${code}): ${err}`))
			})
		})
		this.port = Number(new URL(this.url).port)
	}

	/** Stops the server (SIGTERM) and waits for it to go. */
	async stop() {
		const child = this.process
		if (!child || child.exitCode !== null) return
		const gone = new Promise((resolve) => child.once('exit', resolve))
		child.kill('SIGTERM')
		await gone
	}

	/** Starts it again on the same port and journal (a rehearsal: where it stood, with `--rehearse`). */
	async restart(args = this.args) {
		this.args = args
		await this.#spawn(`127.0.0.1:${this.port}`)
	}

	async close() {
		await this.stop()
		rmSync(this.dir, { recursive: true, force: true })
	}

	/** GET /v1/state, as any script would read it. */
	async state() {
		const response = await fetch(`${this.url}/v1/state`, { headers: { Authorization: `Bearer ${TOKEN}` } })
		if (!response.ok) throw new Error(`GET /v1/state: ${response.status}`)
		return response.json()
	}

	/** POST /v1/control/ACTION, as curl would. */
	async post(action, body = {}) {
		const response = await fetch(`${this.url}/v1/control/${action}`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		})
		if (!response.ok) throw new Error(`POST ${action}: ${response.status} ${await response.text()}`)
	}

	/** The journal's actions, without their instants. */
	journalActions() {
		if (!existsSync(this.journal)) return []
		return readFileSync(this.journal, 'utf8')
			.split('\n')
			.filter((line) => line.trim())
			.map((line) => JSON.parse(line))
			.filter((entry) => entry.action)
			.map(({ at: _at, ...rest }) => rest)
	}
}

/** Every log line of every module in this process (Companion's logger hook). */
export const logs = []
globalThis.COMPANION_LOGGER = (source, level, message) => logs.push({ source, level, message })

/** Stands in for Companion: the host API's InstanceContext, recorded. */
export class FakeCompanion {
	constructor(label = 'showclock') {
		this.label = label
		this.statuses = []
		this.values = {}
		/** [local ms, {id: value}] for each setVariableValues. */
		this.valueLog = []
		this.variableDefinitions = {}
		this.actions = {}
		this.feedbacks = {}
		this.presets = null
		this.structure = null
		this.checked = []
		this.waiters = new Set()
		const self = this
		this.context = {
			_isInstanceContext: true,
			id: 'test-connection',
			get label() {
				return self.label
			},
			upgradeScripts: [],
			saveConfig: () => undefined,
			updateStatus: (status, message) => {
				self.statuses.push({ at: performance.now(), status, message })
				self.#poke()
			},
			oscSend: () => undefined,
			recordAction: () => undefined,
			setActionDefinitions: (actions) => (self.actions = actions),
			subscribeActions: () => undefined,
			unsubscribeActions: () => undefined,
			setFeedbackDefinitions: (feedbacks) => (self.feedbacks = feedbacks),
			unsubscribeFeedbacks: () => undefined,
			checkFeedbacks: (ids) => {
				self.checked.push({ at: performance.now(), ids })
				self.#poke()
			},
			checkAllFeedbacks: () => undefined,
			checkFeedbacksById: () => undefined,
			setPresetDefinitions: (structure, presets) => {
				self.structure = structure
				self.presets = presets
			},
			setVariableDefinitions: (definitions) => (self.variableDefinitions = definitions),
			setVariableValues: (values) => {
				self.valueLog.push([performance.now(), values])
				Object.assign(self.values, values)
				self.#poke()
			},
			getVariableValue: (id) => self.values[id],
			sharedUdpSocketHandlers: new Map(),
			sharedUdpSocketJoin: async () => '',
			sharedUdpSocketLeave: async () => undefined,
			sharedUdpSocketSend: async () => undefined,
		}
	}

	#poke() {
		for (const waiter of this.waiters) waiter()
	}

	/** Creates the module's instance and runs its init, as Companion does. */
	async host(ModuleClass, config, secrets) {
		this.instance = new ModuleClass(this.context)
		await this.instance.init(config, true, secrets)
		return this.instance
	}

	/** Runs an action as a button press does (options already parsed, as Companion 4.3 passes them). */
	async press(actionId, options = {}) {
		const definition = this.actions[actionId]
		if (!definition) throw new Error(`no action ${actionId}`)
		return definition.callback(
			{ id: 'a1', controlId: 'bank:1', actionId, options, surfaceId: 'streamdeck:test' },
			{ setCustomVariableValue: () => undefined },
		)
	}

	/** A feedback's value now, as Companion would get it when checking. */
	feedback(feedbackId, options = {}) {
		const definition = this.feedbacks[feedbackId]
		if (!definition) throw new Error(`no feedback ${feedbackId}`)
		return definition.callback(
			{ type: definition.type, id: 'f1', controlId: 'bank:1', feedbackId, options, previousOptions: null },
			{},
		)
	}

	lastStatus() {
		return this.statuses.at(-1)
	}

	/** Resolves once `test()` holds (checked at every call from the module), or fails after `ms`. */
	until(test, ms = 5000, what = 'the condition') {
		return new Promise((resolve, reject) => {
			const check = () => {
				let result
				try {
					result = test()
				} catch (error) {
					finish()
					reject(error)
					return
				}
				if (result) {
					finish()
					resolve(result)
				}
			}
			const timer = setTimeout(() => {
				finish()
				reject(
					new Error(`timed out after ${ms} ms waiting for ${what}; last status ${JSON.stringify(this.lastStatus())}`),
				)
			}, ms)
			const finish = () => {
				clearTimeout(timer)
				this.waiters.delete(check)
			}
			this.waiters.add(check)
			check()
		})
	}

	async destroy() {
		await this.instance?.destroy()
	}
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
