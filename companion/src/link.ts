// The link to a showclock server: its live stream (`GET /v1/live`, read
// as the browser screens read it), reconnected with backoff, and control
// POSTs with the control token. The token goes only into the
// Authorization header: no message this file makes contains it.

import http from 'node:http'
import https from 'node:https'
import tls from 'node:tls'
import { createParser } from 'eventsource-parser'
import type { ShowEvent, StateEvent, TickEvent } from './show.js'
import { inert } from './view.js'

/** Where the show is and how to reach it. */
export interface LinkOptions {
	/** The show's URL as checked by `parseShowUrl`. */
	url: URL
	/** The control (or view) token; empty: watch only, where viewing is open. */
	token: string
	/** PEM certificates of a private CA to trust besides the system's. */
	ca?: string
}

export type LinkStatus =
	| { kind: 'connecting' }
	| { kind: 'ok'; role: ShowEvent['role'] }
	/** The stream was up and dropped; reconnecting. */
	| { kind: 'lost'; message: string }
	| { kind: 'bad_token'; message: string }
	| { kind: 'unreachable'; message: string }
	/** The server answers, but not as a showclock at this URL would (421, 404...). */
	| { kind: 'refused'; message: string }

export interface LinkEvents {
	status(status: LinkStatus): void
	show(show: ShowEvent): void
	state(state: StateEvent): void
	tick(tick: TickEvent): void
}

/** Backoff between attempts: 0.5 s doubling to 8 s, as the browser screens. */
export function backoffMs(failures: number): number {
	return Math.min(500 * 2 ** Math.max(failures - 1, 0), 8000)
}

/** A stream silent this long is cut and opened again (ticks come every second). */
export const STALL_MS = 6000
/** Silence longer than this means the link is down. */
export const SILENCE_MS = 2500
/** How long a request may take to be answered. */
const REQUEST_TIMEOUT_MS = 5000
/** The most one event may hold (a show event carries the whole agenda). */
const MAX_EVENT_BYTES = 8 * 1024 * 1024

/**
 * Checks the show's URL: http or https, a host, optionally a base path
 * (behind a proxy); no credentials, query or fragment.
 */
export function parseShowUrl(text: string): URL | string {
	let url: URL
	try {
		url = new URL(text.trim())
	} catch {
		return `"${inert(text)}" is not a URL: give the show's address as the server printed it, e.g. http://192.168.1.20:8080`
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return `${url.protocol} is not served: give an http:// or https:// URL`
	}
	if (url.username || url.password) {
		return 'the URL holds a user name or password: give the control token in its own field instead'
	}
	if (url.search || url.hash) {
		return 'the URL has a query or fragment (?… or #…): give only the address and, behind a proxy, its path'
	}
	return url
}

/** What a failed request says, made readable; never the token. */
function describeError(error: NodeJS.ErrnoException): string {
	const code = error.code ?? ''
	const certificate: Record<string, string> = {
		SELF_SIGNED_CERT_IN_CHAIN: 'signed by a CA this machine does not trust',
		DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
		UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'signed by a CA this machine does not trust',
		UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'signed by a CA this machine does not trust',
		CERT_HAS_EXPIRED: 'expired',
		ERR_TLS_CERT_ALTNAME_INVALID: 'made for another name',
	}
	if (code in certificate) {
		const hint =
			code === 'CERT_HAS_EXPIRED' || code === 'ERR_TLS_CERT_ALTNAME_INVALID'
				? ''
				: '; if it comes from a private CA (Caddy\'s tls internal, a company CA), turn on "Trust a private CA" and give its certificate'
		return `the server's certificate is ${certificate[code]}${hint}`
	}
	const words: Record<string, string> = {
		ECONNREFUSED: 'connection refused (is showclock serving on this port?)',
		ENOTFOUND: 'no such host',
		EAI_AGAIN: 'the host name cannot be looked up now',
		EHOSTUNREACH: 'no route to the host',
		ENETUNREACH: 'the network is unreachable',
		ECONNRESET: 'the connection was reset',
		ETIMEDOUT: 'no answer in time',
		EPROTO: 'the TLS handshake failed (is this an https:// URL for a plain http server?)',
	}
	return words[code] ?? inert(error.message)
}

/** The server's `{"error": ...}` text, or what the status says. */
function serverError(status: number, body: string): string {
	try {
		const parsed: unknown = JSON.parse(body)
		if (parsed && typeof parsed === 'object' && 'error' in parsed && typeof parsed.error === 'string') {
			return inert(parsed.error).slice(0, 300)
		}
	} catch {
		// Not JSON: a proxy's page, say.
	}
	return `the server answered ${status}`
}

export class Link {
	readonly #options: LinkOptions
	readonly #events: LinkEvents
	/** For control requests: kept alive, so a press costs no handshake. */
	readonly #agent: http.Agent
	/** For the stream: its own connection, which the server closes at the end. */
	readonly #streamAgent: http.Agent
	#stopped = false
	#failures = 0
	#request: http.ClientRequest | null = null
	#retry: NodeJS.Timeout | null = null
	#watchdog: NodeJS.Timeout | null = null
	#linked = false
	#heardAt = 0
	/** (local - server) wall-clock differences of the last few ticks. */
	#offsets: number[] = []
	#clock: StateEvent['clock'] | null = null

	constructor(options: LinkOptions, events: LinkEvents) {
		this.#options = options
		this.#events = events
		const agent = (keepAlive: boolean): http.Agent =>
			options.url.protocol === 'https:'
				? new https.Agent({ keepAlive, ca: options.ca ? [...tls.rootCertificates, options.ca] : undefined })
				: new http.Agent({ keepAlive })
		this.#agent = agent(true)
		this.#streamAgent = agent(false)
	}

	/** Opens the stream; it reconnects by itself until `stop`. */
	start(): void {
		this.#connect()
	}

	stop(): void {
		this.#stopped = true
		if (this.#retry) clearTimeout(this.#retry)
		if (this.#watchdog) clearInterval(this.#watchdog)
		const request = this.#request
		this.#request = null
		request?.destroy()
		this.#agent.destroy()
		this.#streamAgent.destroy()
	}

	/** Whether the stream is up and has been heard from lately. */
	linked(): boolean {
		return this.#linked && localMs() - this.#heardAt <= SILENCE_MS
	}

	/** The show's time now (the server's clock, or a rehearsal's), in ms. */
	showNowMs(): number {
		const offset = this.#offsets.length ? Math.min(...this.#offsets) : 0
		const serverReal = localMs() - offset
		const clock = this.#clock
		if (!clock) return serverReal
		return clock.show_start_ms + (serverReal - clock.real_start_ms) * clock.speed
	}

	/** The show clock's speed (1 but in a fast rehearsal). */
	speed(): number {
		return this.#clock?.speed || 1
	}

	#url(path: string): URL {
		const url = new URL(this.#options.url.href)
		url.pathname = this.#options.url.pathname.replace(/\/+$/, '') + path
		return url
	}

	#headers(extra: Record<string, string>): Record<string, string> {
		const headers: Record<string, string> = { ...extra }
		if (this.#options.token) headers.Authorization = `Bearer ${this.#options.token}`
		return headers
	}

	#send(url: URL, options: http.RequestOptions, agent = this.#agent): http.ClientRequest {
		const make = url.protocol === 'https:' ? https.request : http.request
		return make(url, { ...options, agent })
	}

	#connect(): void {
		if (this.#stopped) return
		this.#events.status({ kind: 'connecting' })
		// The producer's stream: every message, the moderator's too, with
		// whom it is for (a bare /v1/live is a speaker page's).
		const live = this.#url('/v1/live')
		live.searchParams.set('page', 'producer')
		const request = this.#send(
			live,
			{ headers: this.#headers({ Accept: 'text/event-stream', 'Cache-Control': 'no-cache' }) },
			this.#streamAgent,
		)
		this.#request = request
		// Everything that ends this attempt comes here, once.
		const done = (status: LinkStatus, waitMs?: number): void => {
			if (this.#request !== request) return
			if (this.#watchdog) clearInterval(this.#watchdog)
			this.#watchdog = null
			request.destroy()
			const lost = this.#linked
			this.#again(lost ? { kind: 'lost', message: 'the link to the show dropped; reconnecting' } : status, waitMs)
		}
		request.setTimeout(REQUEST_TIMEOUT_MS, () =>
			done({ kind: 'unreachable', message: `cannot reach ${this.#options.url.href}: no answer in time` }),
		)
		request.on('error', (error: NodeJS.ErrnoException) =>
			done({ kind: 'unreachable', message: `cannot reach ${this.#options.url.href}: ${describeError(error)}` }),
		)
		request.on('response', (response) => {
			const type = String(response.headers['content-type'] ?? '')
			if (response.statusCode === 200 && type.startsWith('text/event-stream')) {
				request.setTimeout(0)
				this.#read(request, response, done)
			} else if (response.statusCode === 200) {
				response.resume()
				done({
					kind: 'refused',
					message: `no showclock show at ${this.#options.url.href}: ${this.#url('/v1/live').pathname} is not an event stream (${inert(type) || 'no type'})`,
				})
			} else {
				this.#refused(response, done)
			}
		})
		request.end()
	}

	#refused(response: http.IncomingMessage, done: (status: LinkStatus, waitMs?: number) => void): void {
		const status = response.statusCode ?? 0
		let body = ''
		response.setEncoding('utf8')
		response.on('data', (chunk: string) => {
			if (body.length < 16 * 1024) body += chunk
		})
		response.on('error', () => undefined)
		response.on('end', () => {
			const said = serverError(status, body)
			if (status === 401 || status === 403) {
				done({ kind: 'bad_token', message: `the token is not accepted: ${said}` })
			} else if (status === 503) {
				const after = Number(response.headers['retry-after'])
				done(
					{ kind: 'unreachable', message: `the server is busy: ${said}` },
					Number.isFinite(after) ? after * 1000 : undefined,
				)
			} else if (status >= 500) {
				done({ kind: 'unreachable', message: `the server failed: ${said}` })
			} else {
				done({ kind: 'refused', message: `no showclock show at ${this.#options.url.href} (${status}): ${said}` })
			}
		})
	}

	#read(request: http.ClientRequest, response: http.IncomingMessage, done: (status: LinkStatus) => void): void {
		this.#heardAt = localMs()
		let open = false
		// The last stream's offsets serve until this one's first tick.
		let ticks = 0
		const parser = createParser({
			maxBufferSize: MAX_EVENT_BYTES,
			onEvent: (event) => {
				if (this.#request !== request) return
				this.#heardAt = localMs()
				let data: unknown
				try {
					data = JSON.parse(event.data)
				} catch {
					return
				}
				if (event.event === 'show') {
					open = true
					this.#failures = 0
					this.#linked = true
					const show = data as ShowEvent
					this.#events.show(show)
					this.#events.status({ kind: 'ok', role: show.role })
				} else if (event.event === 'state' && open) {
					const state = data as StateEvent
					this.#clock = state.clock
					this.#events.state(state)
				} else if (event.event === 'tick' && open) {
					const tick = data as TickEvent
					if (ticks++ === 0) this.#offsets = []
					this.#offsets.push(localMs() - tick.real_now_ms)
					if (this.#offsets.length > 10) this.#offsets.shift()
					this.#events.tick(tick)
				}
			},
			onError: () => done({ kind: 'unreachable', message: `${this.#options.url.href} sent a broken event stream` }),
		})
		this.#watchdog = setInterval(() => {
			if (localMs() - this.#heardAt > STALL_MS) {
				done({ kind: 'unreachable', message: `${this.#options.url.href} fell silent` })
			}
		}, 1000)
		response.setEncoding('utf8')
		response.on('data', (chunk: string) => parser.feed(chunk))
		const ended = (): void => done({ kind: 'unreachable', message: `${this.#options.url.href} sent no show` })
		response.on('end', ended)
		response.on('close', ended)
		response.on('error', ended)
	}

	#again(status: LinkStatus, waitMs?: number): void {
		this.#request = null
		this.#linked = false
		if (this.#stopped) return
		this.#failures += 1
		this.#events.status(status)
		this.#retry = setTimeout(() => this.#connect(), waitMs ?? backoffMs(this.#failures))
	}

	/**
	 * `POST /v1/control/ACTION` with the control token. Resolves once the
	 * server has journalled the action; rejects with what to fix.
	 */
	post(action: string, body: Record<string, unknown> = {}): Promise<void> {
		if (!this.#options.token) {
			return Promise.reject(
				new Error(`${action}: watching only; give the control token in the connection's settings to cue the show`),
			)
		}
		const payload = JSON.stringify(body)
		return new Promise((resolve, reject) => {
			const request = this.#send(this.#url(`/v1/control/${action}`), {
				method: 'POST',
				headers: this.#headers({
					'Content-Type': 'application/json',
					'Content-Length': String(Buffer.byteLength(payload)),
				}),
			})
			request.setTimeout(REQUEST_TIMEOUT_MS, () =>
				request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
			)
			request.on('error', (error: NodeJS.ErrnoException) =>
				reject(new Error(`${action}: cannot reach the show: ${describeError(error)}`)),
			)
			request.on('response', (response) => {
				let text = ''
				response.setEncoding('utf8')
				response.on('data', (chunk: string) => {
					if (text.length < 16 * 1024) text += chunk
				})
				response.on('end', () => {
					const status = response.statusCode ?? 0
					if (status >= 200 && status < 300) resolve()
					else reject(new Error(`${action}: ${serverError(status, text)}`))
				})
				response.on('error', (error: NodeJS.ErrnoException) => reject(new Error(`${action}: ${describeError(error)}`)))
			})
			request.end(payload)
		})
	}
}

/** A local clock that never jumps (the wall clock may be set). */
function localMs(): number {
	return performance.timeOrigin + performance.now()
}
