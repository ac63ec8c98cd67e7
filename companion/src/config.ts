import { readFileSync } from 'node:fs'
import type { SomeCompanionConfigField } from '@companion-module/base'
import { parseShowUrl, type LinkOptions } from './link.js'

export type ModuleConfig = {
	/** The show's URL: http(s)://host:port, with a path behind a proxy. */
	url: string
	/** Trust the certificate of a private CA (Caddy's `tls internal`, a company CA). */
	private_ca: boolean
	/** That CA's certificate: PEM text, or the path of a PEM file on the Companion machine. */
	ca_cert: string
}

/** Kept in Companion's secrets store, never in the exported config. */
export type ModuleSecrets = {
	token: string
}

export function configFields(): SomeCompanionConfigField[] {
	return [
		{
			type: 'static-text',
			id: 'info',
			width: 12,
			label: 'showclock',
			value:
				'Follows a show that showclock serves (showclock serve, or the app with --share). ' +
				'Without the control token the buttons only watch the show.',
		},
		{
			type: 'textinput',
			id: 'url',
			width: 8,
			label: 'Show URL',
			description:
				'As the server printed it (url: …), e.g. http://127.0.0.1:8080 or, behind a proxy, https://show.example.org/showclock',
			default: 'http://127.0.0.1:8080',
			regex: '/^https?:\\/\\/[^\\s]+$/',
		},
		{
			type: 'secret-text',
			id: 'token',
			width: 8,
			label: 'Control token',
			description:
				'Shown where the server started (control token: …). Leave empty to watch only (open on the same machine); a view token also only watches.',
		},
		{
			type: 'checkbox',
			id: 'private_ca',
			width: 4,
			label: 'Trust a private CA',
			description: "For https:// with a certificate from a private CA (Caddy's tls internal, a company CA)",
			default: false,
		},
		{
			type: 'textinput',
			id: 'ca_cert',
			width: 12,
			label: "The CA's certificate",
			description:
				"Its PEM text (-----BEGIN CERTIFICATE-----…), or the path of the file on the Companion machine (Caddy's: ~/.local/share/caddy/pki/authorities/local/root.crt)",
			default: '',
			multiline: true,
			isVisibleExpression: '$(options:private_ca)',
		},
	]
}

/** The link's options from the settings, or what to fix in them. */
export function linkOptions(config: ModuleConfig, secrets: ModuleSecrets | undefined): LinkOptions | string {
	const url = parseShowUrl(config.url ?? '')
	if (typeof url === 'string') return url
	const token = (secrets?.token ?? '').trim()
	if (!config.private_ca) return { url, token }
	if (url.protocol !== 'https:') return { url, token }
	const given = (config.ca_cert ?? '').trim()
	if (!given) return '"Trust a private CA" is on: give the CA\'s certificate (its PEM text or the path of its file)'
	if (given.includes('-----BEGIN')) return { url, token, ca: given }
	const path = given.replace(/^~(?=\/)/, process.env.HOME ?? '~')
	try {
		const ca = readFileSync(path, 'utf8')
		if (!ca.includes('-----BEGIN')) return `${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`
		return { url, token, ca }
	} catch (error) {
		return `cannot read the CA's certificate ${path}: ${(error as Error).message}`
	}
}
