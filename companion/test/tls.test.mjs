// https behind a proxy with a base path, signed by a private CA (as with
// Caddy's `tls internal`): trusted only when the module is told to.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import http from 'node:http'
import https from 'node:https'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, test } from 'node:test'
import ShowclockInstance from '../dist/main.js'
import { FakeCompanion, Served, TOKEN } from './harness.mjs'

let served
let proxy
let dir
let showUrl
const hosted = []

/** A private CA and a certificate it signs for localhost and 127.0.0.1. */
function makeCertificates(into) {
	const run = (...args) => execFileSync('openssl', args, { cwd: into, stdio: 'pipe' })
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
	run(
		'req',
		'-x509',
		...ec,
		'-keyout',
		'ca.key',
		'-out',
		'ca.crt',
		'-days',
		'2',
		'-subj',
		'/CN=showclock test CA',
		'-addext',
		'basicConstraints=critical,CA:TRUE',
		'-addext',
		'keyUsage=critical,keyCertSign',
	)
	run('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost')
	writeFileSync(path.join(into, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n')
	run(
		'x509',
		'-req',
		'-in',
		'server.csr',
		'-CA',
		'ca.crt',
		'-CAkey',
		'ca.key',
		'-CAcreateserial',
		'-out',
		'server.crt',
		'-days',
		'2',
		'-extfile',
		'ext.cnf',
	)
}

before(async () => {
	dir = mkdtempSync(path.join(tmpdir(), 'showclock-companion-tls-'))
	makeCertificates(dir)
	served = await Served.start({ args: ['--at', '2030-01-01T09:05:00Z'] })
	const upstream = new URL(served.url)
	// The show at https://localhost:PORT/show/, passed on as it streams.
	proxy = https.createServer(
		{ key: readFileSync(path.join(dir, 'server.key')), cert: readFileSync(path.join(dir, 'server.crt')) },
		(request, response) => {
			if (!request.url.startsWith('/show/')) {
				response.writeHead(404).end('not here')
				return
			}
			const forward = http.request(
				{
					host: upstream.hostname,
					port: upstream.port,
					method: request.method,
					path: request.url.slice('/show'.length),
					headers: { ...request.headers, host: upstream.host },
				},
				(answer) => {
					response.writeHead(answer.statusCode, answer.headers)
					answer.pipe(response)
				},
			)
			forward.on('error', () => response.destroy())
			request.pipe(forward)
		},
	)
	await new Promise((resolve) => proxy.listen(0, '127.0.0.1', resolve))
	showUrl = `https://localhost:${proxy.address().port}/show`
})

after(async () => {
	for (const companion of hosted) await companion.destroy()
	proxy?.closeAllConnections()
	await new Promise((resolve) => proxy?.close(resolve))
	await served?.close()
	rmSync(dir, { recursive: true, force: true })
})

async function host(config) {
	const companion = new FakeCompanion()
	hosted.push(companion)
	await companion.host(ShowclockInstance, { url: showUrl, private_ca: false, ca_cert: '', ...config }, { token: TOKEN })
	return companion
}

test('trusting the private CA (its file): OK through the proxy, and a press reaches the show', async () => {
	const companion = await host({ private_ca: true, ca_cert: path.join(dir, 'ca.crt') })
	await companion.until(() => companion.lastStatus()?.status === 'ok', 3000, 'OK')
	await companion.until(() => companion.values.current_number === 1, 2000, 'the show')
	await companion.press('message', { text: 'Through the proxy' })
	assert.equal((await served.state()).message, 'Through the proxy')
	await companion.until(() => companion.feedback('message_showing'), 1000, 'the message feedback')
})

test('trusting the private CA (its PEM text pasted in)', async () => {
	const companion = await host({ private_ca: true, ca_cert: readFileSync(path.join(dir, 'ca.crt'), 'utf8') })
	await companion.until(() => companion.lastStatus()?.status === 'ok', 3000, 'OK')
})

test('not trusting it: a connection failure that says what to turn on', async () => {
	const companion = await host({})
	await companion.until(() => companion.lastStatus()?.status === 'connection_failure', 3000, 'the connection failure')
	assert.match(
		companion.lastStatus().message,
		/certificate is signed by a CA this machine does not trust; .*Trust a private CA/,
	)
})

test('trusting a private CA without giving it, or giving a file that is not one: bad config', async () => {
	const none = await host({ private_ca: true, ca_cert: '' })
	assert.equal(none.lastStatus().status, 'bad_config')
	assert.match(none.lastStatus().message, /give the CA's certificate/)
	const wrong = await host({ private_ca: true, ca_cert: path.join(dir, 'ext.cnf') })
	assert.match(wrong.lastStatus().message, /holds no PEM certificate/)
	const missing = await host({ private_ca: true, ca_cert: path.join(dir, 'nope.crt') })
	assert.match(missing.lastStatus().message, /cannot read the CA's certificate/)
})
