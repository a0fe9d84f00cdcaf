// Guest routes (guest-service.ts). The clinician's, under the room (session, clinician, the
// appointment's host; anyone else 404 as for the room itself, S2):
//   POST   /api/consult/:appointmentId/guests                 invite {name, email, kind}
//   GET    /api/consult/:appointmentId/guests                 list
//   POST   /api/consult/:appointmentId/guests/:guestId/admit  admit a waiting guest
//   DELETE /api/consult/:appointmentId/guests/:guestId        revoke (closes its sockets)
// The guest's, under /api/guest (no account: public routes that read the guest cookie themselves,
// so a guest session opens nothing else in the app):
//   POST /api/guest/link {token} -> emails a code;  POST /api/guest/code {token, code} -> cookie
//   GET  /api/guest/room, POST /api/guest/check-in, GET|POST /api/guest/devices,
//   GET  /api/guest/turn-credentials, POST /api/guest/sign-out
// Audit: consult.guest-invite, .guest-list, .guest-admit, .guest-revoke (the clinician);
// consult.guest-link, .guest-join (the code entered), .guest-check-in, .guest-device-register
// (the guest, as actor with role `guest`); the socket's joins and leaves as for everyone.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  ConsultDevice,
  ConsultDeviceList,
  ConsultParams,
  DeviceRegisterBody,
  ErrorBody,
  GuestCodeBody,
  GuestCodeSent,
  GuestInviteBody,
  GuestLinkBody,
  GuestList,
  GuestParams,
  GuestRoomView,
  GuestView,
  TurnCredentials,
} from '@tessera/contracts'
import { Type } from 'typebox'
import { actorOf } from '../access/route-access.ts'
import type { AppContext } from '../context.ts'
import { isWellFormedToken } from '../identity/tokens.ts'
import { AppError } from '../platform/errors.ts'
import { GUEST_COOKIE, type GuestCaller } from './guest-service.ts'
import type { RoomAppointment } from './room-service.ts'
import { issueTurnCredentials } from './turn-credentials.ts'

const Done = Type.Object({ ok: Type.Boolean() })

export function guestRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  const { rooms, guests, devices } = ctx.consult
  const errors = { '4xx': ErrorBody }
  const host = { session: 'full', roles: ['clinician'] } as const
  const open = { public: true } as const
  // Guessing links and codes is slow on top of the per-link limits (guest-service.ts).
  const guessing = { max: 20, timeWindow: '1 minute' }

  const hostOf = async (req: FastifyRequest, appointmentId: string): Promise<RoomAppointment> => {
    const a = await rooms.appointmentFor(actorOf(req), appointmentId)
    req.auditEntities = [`Appointment/${a.id}`]
    req.auditPatients = [a.patientId]
    req.auditPurpose = 'care-team'
    if (a.role !== 'host') throw new AppError('not-found', 'No such consultation.')
    return a
  }

  /** The guest of this request's cookie; 401 when there is none (or it ended). */
  const guestOf = async (req: FastifyRequest): Promise<GuestCaller> => {
    const token = req.cookies[GUEST_COOKIE]
    const guest = token && isWellFormedToken(token) ? await guests.resolve(token) : null
    if (!guest)
      throw new AppError('unauthenticated', 'Your invitation has ended. Ask the clinician for a new one.', [
        { path: 'session', message: 'no guest session' },
      ])
    await subjectOf(req, guest)
    return guest
  }

  const subjectOf = async (req: FastifyRequest, guest: GuestCaller): Promise<void> => {
    req.auditSubject = { id: guest.guestId, role: 'guest' }
    req.auditEntities = [`ConsultGuest/${guest.guestId}`, `Appointment/${guest.appointmentId}`]
    req.auditPurpose = 'guest'
    const a = await guests.appointmentOf(guest)
    req.auditPatients = [a.patientId]
  }

  const setCookie = (reply: FastifyReply, token: string, expiresAt: Date) =>
    reply.setCookie(GUEST_COOKIE, token, {
      path: '/',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      expires: expiresAt,
    })

  return async (app) => {
    // ---------- the clinician ----------
    app.post(
      '/api/consult/:appointmentId/guests',
      {
        config: { audit: 'consult.guest-invite', access: host },
        schema: { params: ConsultParams, body: GuestInviteBody, response: { 201: GuestView, ...errors } },
      },
      async (req, reply) => {
        const a = await hostOf(req, req.params.appointmentId)
        const guest = await guests.invite(actorOf(req), a, req.body)
        req.auditEntities = [...(req.auditEntities ?? []), `ConsultGuest/${guest.id}`]
        return reply.code(201).send(guest)
      },
    )

    app.get(
      '/api/consult/:appointmentId/guests',
      {
        config: { audit: 'consult.guest-list', access: host },
        schema: { params: ConsultParams, response: { 200: GuestList, ...errors } },
      },
      async (req) => ({ guests: await guests.list(await hostOf(req, req.params.appointmentId)) }),
    )

    app.post(
      '/api/consult/:appointmentId/guests/:guestId/admit',
      {
        config: { audit: 'consult.guest-admit', access: host },
        schema: { params: GuestParams, response: { 200: GuestView, ...errors } },
      },
      async (req) => {
        const a = await hostOf(req, req.params.appointmentId)
        req.auditEntities = [...(req.auditEntities ?? []), `ConsultGuest/${req.params.guestId}`]
        return guests.admit(actorOf(req), a, req.params.guestId)
      },
    )

    app.delete(
      '/api/consult/:appointmentId/guests/:guestId',
      {
        config: { audit: 'consult.guest-revoke', access: host },
        schema: { params: GuestParams, response: { 200: GuestView, ...errors } },
      },
      async (req) => {
        const a = await hostOf(req, req.params.appointmentId)
        req.auditEntities = [...(req.auditEntities ?? []), `ConsultGuest/${req.params.guestId}`]
        return guests.revoke(a, req.params.guestId)
      },
    )

    // ---------- the guest ----------
    app.post(
      '/api/guest/link',
      {
        config: { audit: 'consult.guest-link', access: open, rateLimit: guessing },
        schema: { body: GuestLinkBody, response: { 200: GuestCodeSent, ...errors } },
      },
      async (req) => {
        const { guestId, patientId, sent } = await guests.openLink(req.body.token)
        req.auditSubject = { id: guestId, role: 'guest' }
        req.auditEntities = [`ConsultGuest/${guestId}`]
        req.auditPatients = [patientId]
        req.auditPurpose = 'guest'
        return sent
      },
    )

    app.post(
      '/api/guest/code',
      {
        config: { audit: 'consult.guest-join', access: open, rateLimit: guessing },
        schema: { body: GuestCodeBody, response: { 200: GuestRoomView, ...errors } },
      },
      async (req, reply) => {
        const { guest, sessionToken, expiresAt } = await guests.enterCode(req.body.token, req.body.code)
        await subjectOf(req, guest)
        setCookie(reply, sessionToken, expiresAt)
        reply.header('cache-control', 'no-store')
        return guests.room(guest)
      },
    )

    app.get(
      '/api/guest/room',
      {
        // Read on every poll of the waiting page; joins are audited on the socket.
        config: { audit: false, access: open },
        schema: { response: { 200: GuestRoomView, ...errors } },
      },
      async (req) => guests.room(await guestOf(req)),
    )

    app.post(
      '/api/guest/check-in',
      {
        config: { audit: 'consult.guest-check-in', access: open },
        schema: { response: { 200: GuestRoomView, ...errors } },
      },
      async (req) => guests.checkIn(await guestOf(req)),
    )

    app.get(
      '/api/guest/devices',
      {
        config: { audit: false, access: open },
        schema: { response: { 200: ConsultDeviceList, ...errors } },
      },
      async (req) => ({ devices: await devices.listOf({ guestId: (await guestOf(req)).guestId }) }),
    )

    app.post(
      '/api/guest/devices',
      {
        config: { audit: 'consult.guest-device-register', access: open },
        schema: { body: DeviceRegisterBody, response: { 201: ConsultDevice, ...errors } },
      },
      async (req, reply) => {
        const guest = await guestOf(req)
        const device = await devices.registerFor({ guestId: guest.guestId }, req.body)
        req.auditEntities = [...(req.auditEntities ?? []), `ConsultDevice/${device.id}`]
        return reply.code(201).send(device)
      },
    )

    app.get(
      '/api/guest/turn-credentials',
      {
        config: { audit: false, access: open },
        schema: { response: { 200: TurnCredentials, ...errors } },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store')
        await guests.assertInJoinWindow(await guestOf(req))
        return issueTurnCredentials(ctx.config, ctx.clock.now())
      },
    )

    app.post(
      '/api/guest/sign-out',
      {
        config: { audit: 'consult.guest-sign-out', access: open },
        schema: { response: { 200: Done, ...errors } },
      },
      async (req, reply) => {
        await guests.signOut(await guestOf(req))
        reply.clearCookie(GUEST_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'strict' })
        return { ok: true }
      },
    )
  }
}
