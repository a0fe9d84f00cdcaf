// Which master key provider an installation uses (vault/README.md, "Master keys").
import { join } from 'node:path'
import type { Config } from '../../platform/config.ts'
import type { SecretBox } from '../../platform/secret-box.ts'
import { LocalMasterKeys } from './local-master-keys.ts'
import type { MasterKeyProvider } from './master-key-provider.ts'

/**
 * Key files in <data>/keys/master.v<N>.key. When the operator supplies the server master key
 * (TESSERA_MASTER_KEY or TESSERA_MASTER_KEY_FILE), version 1 is derived from it, so every
 * instance given that key agrees with no extra file; otherwise (the default, a master.key made on
 * first start) version 1 is a random file of its own, which `keys rotate --retire` can destroy.
 */
export function loadMasterKeys(config: Config, box: SecretBox): MasterKeyProvider {
  const supplied = Boolean(config.masterKey ?? config.masterKeyFile)
  return new LocalMasterKeys({ dir: join(config.dataDir, 'keys'), base: supplied ? box : undefined })
}
