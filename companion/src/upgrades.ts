import type { CompanionStaticUpgradeScript } from '@companion-module/base'
import type { ModuleConfig, ModuleSecrets } from './config.js'

/**
 * Scripts that carry buttons made with an older version of this module to
 * the current one (renamed options, split actions). Append only: Companion
 * remembers how many a connection has run. None yet: this is the first
 * version.
 */
export const UpgradeScripts: CompanionStaticUpgradeScript<ModuleConfig, ModuleSecrets>[] = []
