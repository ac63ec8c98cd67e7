// The connection's status, as Companion shows it: OK, watching only, a
// wrong token, nothing listening, a server that goes away and comes back;
// and the token never in a log line or a status message.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import ShowclockInstance from '../dist/main.js'
import { FakeCompanion, Served, TOKEN, logs } from './harness.mjs'

const VIEW_TOKEN = 'watch-only-token-8d2e'
const WRONG_TOKEN = 'not-the-token-77ab3c'
let served
const hosted = []

before(async () => {
	served = await Served.start({ args: ['--at', '2030-01-01T09:05:00Z', '--view-token', VIEW_TOKEN] })
})

after(async () => {
	for (const companion of hosted) await companion.destroy()
	await served?.close()
	// Nothing any module logged or said in its status holds a token.
	const said = [...logs.map((l) => l.message), ...hosted.flatMap((c) => c.statuses.map((s) => s.message ?? ''))].join(
		'\n',
	)
	for (const token of [TOKEN, VIEW_TOKEN, WRONG_TOKEN])
		assert.ok(!said.includes(token), `a log or status holds ${token}`)
	assert.ok(logs.length > 0, 'the modules logged their statuses')
})

async function host(config, secrets) {
	const companion = new FakeCompanion()
	hosted.push(companion)
	await companion.host(ShowclockInstance, { private_ca: false, ca_cert: '', ...config }, secrets)
	return companion
}

const statusIs = (companion, status) => () => companion.lastStatus()?.status === status

test('the control token: OK, and every button can cue', async () => {
	const companion = await host({ url: served.url }, { token: TOKEN })
	assert.equal(companion.statuses[0].status, 'connecting', 'connecting first')
	await companion.until(statusIs(companion, 'ok'), 3000, 'OK')
	assert.equal(companion.lastStatus().message, null)
	await companion.until(() => companion.values.role === 'controller', 1000, 'the role')
	assert.equal(companion.feedback('link_down'), false)
	assert.equal(companion.values.link, 'up')
})

test('no token, or the view token: OK, watching only, and saying so; a press is refused', async () => {
	const before = served.journalActions().length
	const none = await host({ url: served.url }, { token: '' })
	await none.until(statusIs(none, 'ok'), 3000, 'OK')
	assert.match(none.lastStatus().message, /Watching only: no control token/)
	await assert.rejects(none.press('next'), /watching only; give the control token/)

	const viewer = await host({ url: served.url }, { token: VIEW_TOKEN })
	await viewer.until(statusIs(viewer, 'ok'), 3000, 'OK')
	assert.match(viewer.lastStatus().message, /view token/)
	await viewer.until(() => viewer.values.current_number === 1, 2000, 'the show')
	await assert.rejects(viewer.press('next'), /this is the view token: it can watch but not control/)
	assert.equal(served.journalActions().length, before, 'nothing was cued')
})

test('a wrong token: authentication failure, saying what to do', async () => {
	const companion = await host({ url: served.url }, { token: WRONG_TOKEN })
	await companion.until(statusIs(companion, 'authentication_failure'), 3000, 'the authentication failure')
	assert.match(companion.lastStatus().message, /the token is not accepted: wrong token/)
	assert.equal(companion.feedback('link_down'), true)
})

test('a wrong URL: bad config; nothing listening: connection failure', async () => {
	const typo = await host({ url: 'htp:/127.0.0.1' }, { token: TOKEN })
	assert.equal(typo.lastStatus().status, 'bad_config')
	assert.match(typo.lastStatus().message, /htp: is not served|is not a URL/)

	const path = await host({ url: `${served.url}/showclock` }, { token: TOKEN })
	await path.until(statusIs(path, 'bad_config'), 3000, 'bad config')
	assert.match(path.lastStatus().message, /no showclock show at .*\/showclock \(404\)/)

	// Another web server at that address: its pages are no show.
	const { createServer: createWeb } = await import('node:http')
	const web = createWeb((_request, response) =>
		response.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>Welcome</h1>'),
	)
	await new Promise((resolve) => web.listen(0, '127.0.0.1', resolve))
	const other = await host({ url: `http://127.0.0.1:${web.address().port}` }, { token: TOKEN })
	await other.until(statusIs(other, 'bad_config'), 3000, 'bad config')
	assert.match(other.lastStatus().message, /\/v1\/live is not an event stream \(text\/html\)/)
	await other.destroy()
	web.closeAllConnections()
	await new Promise((resolve) => web.close(resolve))

	// A port nothing listens on (the server's, once it has moved on: bound and closed by us).
	const { createServer } = await import('node:net')
	const probe = createServer()
	await new Promise((resolve) => probe.listen(0, '127.0.0.1', resolve))
	const port = probe.address().port
	await new Promise((resolve) => probe.close(resolve))
	const nothing = await host({ url: `http://127.0.0.1:${port}` }, { token: TOKEN })
	await nothing.until(statusIs(nothing, 'connection_failure'), 3000, 'the connection failure')
	assert.match(nothing.lastStatus().message, /connection refused/)
})

test('a server that goes away and comes back: disconnected, then OK again, and the buttons follow', async () => {
	const companion = await host({ url: served.url }, { token: TOKEN })
	await companion.until(statusIs(companion, 'ok'), 3000, 'OK')
	await companion.until(() => companion.values.current_number === 1, 2000, 'the show')

	const stopped = performance.now()
	await served.stop()
	await companion.until(() => companion.feedback('link_down'), 3000, 'the link down')
	const noticed = performance.now() - stopped
	assert.ok(
		companion.statuses.some((s) => s.status === 'disconnected'),
		'disconnected',
	)
	await companion.until(statusIs(companion, 'connection_failure'), 3000, 'the connection failure')
	assert.equal(companion.values.link, 'down')

	await served.restart(['--rehearse', '--view-token', VIEW_TOKEN])
	const restarted = performance.now()
	await companion.until(statusIs(companion, 'ok'), 10000, 'OK again')
	const back = performance.now() - restarted
	assert.equal(companion.feedback('link_down'), false)
	console.log(`link down noticed in ${noticed.toFixed(0)} ms; back ${back.toFixed(0)} ms after the restart`)

	await served.post('next')
	await companion.until(() => companion.values.current_number === 2, 1000, 'the cue after the restart')
	await companion.press('prev')
	assert.equal((await served.state()).current.index, 0)
})
