// Builds consult/ from its parts (explicit wiring; see consult-deps.ts for what it needs).
import { CallStore } from './call-store.ts'
import type { ConsultDeps } from './consult-deps.ts'
import { DeviceService } from './device-service.ts'
import { GuestService } from './guest-service.ts'
import { LobbyHub } from './lobby-hub.ts'
import { RoomService } from './room-service.ts'
import { SignalHub } from './signal-hub.ts'
import { SocketKeeper } from './socket-keeper.ts'
import { UpgradeGuard } from './upgrade-guard.ts'

export interface ConsultModule {
  deps: ConsultDeps
  devices: DeviceService
  rooms: RoomService
  /** Interpreters and carers the clinician invites (guest-service.ts). */
  guests: GuestService
  calls: CallStore
  /** This instance's signalling sockets, per room. */
  hub: SignalHub
  lobby: LobbyHub
  /** Session re-checks and keep-alive of every consultation socket here (socket-keeper.ts). */
  sockets: SocketKeeper
  /** Audit and per-address limit of refused socket upgrades (upgrade-guard.ts). */
  upgrades: UpgradeGuard
}

export function createConsult(deps: ConsultDeps): ConsultModule {
  const rooms = new RoomService(deps)
  const calls = new CallStore(deps, rooms)
  return {
    deps,
    devices: new DeviceService(deps),
    rooms,
    guests: new GuestService(deps, rooms),
    calls,
    hub: new SignalHub(deps, calls),
    lobby: new LobbyHub(deps, rooms),
    sockets: new SocketKeeper(deps),
    upgrades: new UpgradeGuard(deps),
  }
}
