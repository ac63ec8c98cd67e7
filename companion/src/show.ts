// What `GET /v1/live` sends, as the module reads it. The server computes
// the show; these are its words (field names are showclock's public
// contract: README, "The HTTP API").

export interface AgendaClock {
	label: string
	/** An IANA zone, e.g. "Asia/Shanghai". */
	timezone: string
	hour_format: '24h' | '12h'
}

export interface AgendaSegment {
	title: string
	start: string
	end: string
}

export interface Agenda {
	title: string
	clocks: AgendaClock[]
	alerts: { warning_seconds: number; final_seconds: number }
	segments: AgendaSegment[]
}

/** The `show` event: first on every stream. */
export interface ShowEvent {
	agenda: Agenda
	/** The producer's canned messages ("Wrap up", ...). */
	canned: string[]
	/** What the stream's token allows: only a `controller` can cue. */
	role: 'controller' | 'viewer' | 'anyone'
	instance: string
}

export interface CurrentDoc {
	index: number
	title: string
	/** Who chairs the segment, apart from its speakers (null if nobody). */
	moderator?: string | null
	speakers: string[]
	planned_end: string
	started: string
	ends: string
	remaining_seconds: number
	overrun: boolean
}

export interface NextDoc {
	index: number
	title: string
	moderator?: string | null
	speakers: string[]
	expected_start: string
	starts_in_seconds: number
}

export interface SegmentDoc {
	index: number
	title: string
	speakers: string[]
	planned_start: string
	planned_end: string
	/** "overrun" (the default) or "next": it moves on by itself at its end. */
	on_end?: string
}

/** The state document, as `GET /v1/state` and `status --json` give it. */
export interface StateDoc {
	event: string
	now: string
	phase: 'before' | 'live' | 'after'
	current: CurrentDoc | null
	next: NextDoc | null
	drift_seconds: number
	projected_end: string
	message: string | null
	segments: SegmentDoc[]
	following_schedule: boolean
	ended_at: string | null
	journal_entries: number
	signals?: { flash: boolean; flash_until: string | null; blackout: boolean }
}

/** The show's clock: show time = show_start_ms + (real - real_start_ms) * speed. */
export interface LiveClock {
	real_now_ms: number
	now_ms: number
	real_start_ms: number
	show_start_ms: number
	speed: number
}

/** The `state` event. */
export interface StateEvent {
	state: StateDoc
	clock: LiveClock
}

/** The `tick` event, every second: the server's clocks. */
export interface TickEvent {
	real_now_ms: number
	now_ms: number
}
