// The installable package: its manifest passes the Companion tools' own
// checks, `companion-module-build` makes it, and the bundle it holds runs
// against a real show.
//
// The checks are `validateManifest` of @companion-module/base, strict: what
// companion-module-build runs on the manifest it writes (it fails the build
// otherwise) and what companion-module-check runs. (That script of
// @companion-module/tools 3.0.2 stops before checking anything: it passes a
// file:// URL to fs.stat. So the test calls the check itself.)

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { test } from 'node:test'
import { validateManifest } from '@companion-module/base/manifest'
import { FakeCompanion, MODULE_DIR, Served, TOKEN } from './harness.mjs'

const tool = (name) => path.join(MODULE_DIR, 'node_modules', '@companion-module', 'tools', 'dist', 'scripts', name)
const run = (script) =>
	execFileSync(process.execPath, [tool(script)], {
		cwd: MODULE_DIR,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	})

test('the manifest passes the tools’ strict check, which refuses a broken one', () => {
	const manifest = JSON.parse(readFileSync(path.join(MODULE_DIR, 'companion', 'manifest.json'), 'utf8'))
	validateManifest(manifest, false)
	const { runtime: _runtime, ...noRuntime } = manifest
	assert.throws(() => validateManifest(noRuntime, false), /runtime/)
	assert.throws(() => validateManifest({ ...manifest, legacyIds: [manifest.id] }, false), /legacyIds/)
})

test('companion-module-build makes the package, and its bundle runs against a real show', async () => {
	run('build-connection.js')
	const pkg = JSON.parse(readFileSync(path.join(MODULE_DIR, 'package.json'), 'utf8'))
	const base = JSON.parse(
		readFileSync(path.join(MODULE_DIR, 'node_modules', '@companion-module', 'base', 'package.json'), 'utf8'),
	)
	const tgz = path.join(MODULE_DIR, `showclock-${pkg.version}.tgz`)
	assert.ok(existsSync(tgz), `${tgz} was written`)
	const listing = execFileSync('tar', ['tzf', tgz], { encoding: 'utf8' }).split('\n').filter(Boolean).sort()
	assert.deepEqual(listing, [
		'showclock/',
		'showclock/companion/',
		'showclock/companion/HELP.md',
		'showclock/companion/manifest.json',
		'showclock/main.js',
		'showclock/package.json',
	])
	const manifest = JSON.parse(
		readFileSync(path.join(MODULE_DIR, 'pkg', 'showclock', 'companion', 'manifest.json'), 'utf8'),
	)
	assert.equal(manifest.version, pkg.version, 'the version stamped from package.json')
	assert.equal(manifest.runtime.apiVersion, base.version, 'the API version stamped from @companion-module/base')
	assert.equal(manifest.runtime.type, 'node22')
	assert.equal(manifest.runtime.entrypoint, '../main.js')
	validateManifest(manifest, false)

	// The bundle alone (no node_modules beside it), as Companion loads it.
	const bundle = await import(pathToFileURL(path.join(MODULE_DIR, 'pkg', 'showclock', 'main.js')).href)
	assert.ok(Array.isArray(bundle.UpgradeScripts))
	const served = await Served.start({ args: ['--at', '2030-01-01T09:05:00Z'] })
	const companion = new FakeCompanion()
	try {
		await companion.host(bundle.default, { url: served.url, private_ca: false, ca_cert: '' }, { token: TOKEN })
		await companion.until(
			() => companion.lastStatus()?.status === 'ok' && companion.values.current_title === 'Opening',
			3000,
			'the show',
		)
		await companion.press('next')
		await companion.until(() => companion.values.current_title === 'Panel', 1000, 'the cue')
		assert.ok(companion.presets.remaining, 'the presets are there')
		assert.deepEqual(
			companion.structure.map((s) => s.id),
			['control', 'show', 'clocks', 'signals', 'segments'],
		)
	} finally {
		await companion.destroy()
		await served.close()
	}
})
