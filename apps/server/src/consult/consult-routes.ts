// Consultation HTTP routes: devices, room state, check-in, admit, the waiting list, TURN
// credentials, call records; and the two WebSocket endpoints (socket-server.ts), which answer a
// plain GET with 426. Thin: the services decide; a room the caller is not in is 404 (S2).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import {
  ConsultDevice,
  ConsultDeviceList,
  ConsultParams,
  ConsultRecord,
  ConsultRoomView,
  DeviceParams,
  DeviceRegisterBody,
  ErrorBody,
  TurnCredentials,
  WaitingList,
} from '@tessera/contracts'
import { actorOf } from '../access/route-access.ts'
import type { AppContext } from '../context.ts'
import { AppError } from '../platform/errors.ts'
import { guestRoutes } from './guest-routes.ts'
import { SignalConnection } from './signal-connection.ts'
import { installConsultSockets } from './socket-server.ts'
import { issueTurnCredentials } from './turn-credentials.ts'
import { clientAddress } from './upgrade-guard.ts'
import type { RoomAppointment } from './room-service.ts'

export function consultRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const { devices, rooms, guests, calls, hub, lobby, deps } = ctx.consult
  const errors = { '4xx': ErrorBody }
  const callers = { session: 'full', roles: ['patient', 'clinician'] } as const
  const patient = { session: 'full', roles: ['patient'] } as const
  const clinician = { session: 'full', roles: ['clinician'] } as const

  const audited = (req: FastifyRequest, a: RoomAppointment) => {
    req.auditEntities = [`Appointment/${a.id}`]
    req.auditPatients = [a.patientId]
    req.auditPurpose = a.role === 'patient' ? 'self' : 'care-team'
  }

  return async (app) => {
    await app.register(guestRoutes(ctx))
    installConsultSockets(app, {
      deps,
      sessions: ctx.identity.sessions,
      rooms,
      guests,
      publicUrl: ctx.config.publicUrl,
      trustProxy: ctx.config.trustProxy,
      keeper: ctx.consult.sockets,
      guard: ctx.consult.upgrades,
      handlers: {
        room: (ws, caller, appointment, req) =>
          new SignalConnection({
            keeper: ctx.consult.sockets,
            deps,
            hub,
            calls,
            devices,
            ws,
            caller,
            appointment,
            admittedGuests: (id) => guests.admittedGuestIds(id),
            ip: clientAddress(req, ctx.config.trustProxy),
            userAgent: req.headers['user-agent'] ?? null,
          }),
        lobby: (ws, actor) =>
          void lobby.attach(ws, actor).catch((err: unknown) => {
            deps.log.warn({ err }, 'consult: lobby attach failed')
            ws.close(1011, 'unavailable')
          }),
      },
      closeAll: async () => {
        lobby.closeAll(1001, 'server shutting down')
        await hub.closeAll(1001, 'server shutting down')
      },
    })

    app.get(
      '/api/consult/devices',
      {
        // Public keys of the caller's own devices: no patient data.
        config: { audit: false, access: callers },
        schema: { response: { 200: ConsultDeviceList, ...errors } },
      },
      async (req) => ({ devices: await devices.list(actorOf(req)) }),
    )

    app.post(
      '/api/consult/devices',
      {
        config: { audit: 'consult.device-register', access: callers },
        schema: { body: DeviceRegisterBody, response: { 201: ConsultDevice, ...errors } },
      },
      async (req, reply) => {
        const device = await devices.register(actorOf(req), req.body)
        req.auditEntities = [`ConsultDevice/${device.id}`]
        return reply.code(201).send(device)
      },
    )

    app.delete(
      '/api/consult/devices/:deviceId',
      {
        config: { audit: 'consult.device-revoke', access: callers },
        schema: { params: DeviceParams, response: { 200: ConsultDeviceList, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        await devices.revoke(actor, req.params.deviceId)
        req.auditEntities = [`ConsultDevice/${req.params.deviceId}`]
        return { devices: await devices.list(actor) }
      },
    )

    app.get(
      '/api/consult/waiting',
      {
        config: { audit: 'consult.waiting-list', access: clinician },
        schema: { response: { 200: WaitingList, ...errors } },
      },
      async (req) => {
        const waiting = await rooms.waiting(actorOf(req))
        req.auditPatients = [...new Set(waiting.map((w) => w.patientId))]
        return { waiting }
      },
    )

    app.get(
      '/api/consult/turn-credentials',
      {
        // Short-lived relay credentials; they name nobody (turn-credentials.ts). Only for someone
        // with a consultation in its join window (room-service.ts `assertInJoinWindow`).
        config: { audit: false, access: callers },
        schema: { response: { 200: TurnCredentials, ...errors } },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store')
        await rooms.assertInJoinWindow(actorOf(req))
        return issueTurnCredentials(ctx.config, ctx.clock.now())
      },
    )

    app.get(
      '/api/consult/:appointmentId',
      {
        config: { audit: 'consult.read', access: callers },
        schema: { params: ConsultParams, response: { 200: ConsultRoomView, ...errors } },
      },
      async (req) => {
        const a = await rooms.appointmentFor(actorOf(req), req.params.appointmentId)
        audited(req, a)
        return rooms.viewOf(a)
      },
    )

    app.post(
      '/api/consult/:appointmentId/check-in',
      {
        config: { audit: 'consult.check-in', access: patient },
        schema: { params: ConsultParams, response: { 200: ConsultRoomView, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        audited(req, await rooms.appointmentFor(actor, req.params.appointmentId))
        return rooms.checkIn(actor, req.params.appointmentId)
      },
    )

    app.post(
      '/api/consult/:appointmentId/admit',
      {
        config: { audit: 'consult.admit', access: clinician },
        schema: { params: ConsultParams, response: { 200: ConsultRoomView, ...errors } },
      },
      async (req) => {
        const actor = actorOf(req)
        audited(req, await rooms.appointmentFor(actor, req.params.appointmentId))
        return rooms.admit(actor, req.params.appointmentId)
      },
    )

    app.get(
      '/api/consult/:appointmentId/record',
      {
        config: { audit: 'consult.record-read', access: callers },
        schema: { params: ConsultParams, response: { 200: ConsultRecord, ...errors } },
      },
      async (req) => {
        const a = await rooms.appointmentFor(actorOf(req), req.params.appointmentId)
        audited(req, a)
        return { appointmentId: a.id, calls: await calls.record(a.id) }
      },
    )

    // The WebSocket endpoints, asked for without an upgrade (socket-server.ts serves the upgrade).
    // Not audited: they answer 400 and touch nothing; joins and leaves on the socket are audited.
    const upgradeRequired = async () => {
      throw new AppError('invalid', 'Connect to this address with a WebSocket.', [
        { path: 'header/upgrade', message: 'websocket expected' },
      ])
    }
    app.get(
      '/api/consult/:appointmentId/socket',
      { config: { audit: false, access: callers }, schema: { params: ConsultParams, response: errors } },
      upgradeRequired,
    )
    app.get(
      '/api/consult/lobby',
      { config: { audit: false, access: callers }, schema: { response: errors } },
      upgradeRequired,
    )
  }
}
