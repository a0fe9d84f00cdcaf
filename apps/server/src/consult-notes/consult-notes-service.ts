// The clinician's note of a consultation and the Encounter it belongs to. Only the appointment's
// clinician (the room's host) reaches any of this; anyone else gets the consultation's 404 (S2).
// Every change runs in one transaction that first locks the appointment row, so two tabs (or two
// instances) cannot create twin Encounters or interleave a save with a signature.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Composition, Encounter } from '@medplum/fhirtypes'
import type {
  ConsultEncounterView,
  ConsultNoteView,
  NoteAmendBody,
  NoteSaveBody,
  NoteSignBody,
} from '@tessera/contracts'
import type { Actor } from '../access/actor.ts'
import type { RoomAppointment } from '../consult/room-service.ts'
import { consultNotFound } from '../consult/consult-rules.ts'
import type { FhirStore } from '../fhir/fhir-store.ts'
import type { ResourceType } from '../fhir/resource-types.ts'
import type { Clock } from '../platform/clock.ts'
import type { Database } from '../platform/db/schema.ts'
import { AppError } from '../platform/errors.ts'
import {
  amendedNote,
  amendmentsOf,
  draftNote,
  encounterIdFor,
  encounterView,
  finishedEncounter,
  newEncounter,
  noteIdFor,
  noteStatus,
  noteText,
  signedNote,
  type Person,
} from './note-resources.ts'

export interface ConsultNotesDeps {
  db: Kysely<Database>
  clock: Clock
  store: FhirStore
  /** The consultation's access check (consult/room-service.ts). */
  rooms: {
    appointmentFor(actor: Actor, appointmentId: string): Promise<RoomAppointment>
    end(a: RoomAppointment): Promise<void>
  }
}

type Tx = Transaction<Database>

interface Current<T> {
  version: number
  updatedAt: Date
  resource: T
}

interface Unit {
  tx: Tx
  a: RoomAppointment
  clinician: Person
  encounter: Current<Encounter>
  note: Current<Composition> | undefined
}

export const lockedNote = (): AppError =>
  new AppError('conflict', 'Signed notes are locked; add an amendment.', [
    { path: 'status', message: 'signed' },
  ])

export class ConsultNotesService {
  constructor(private readonly deps: ConsultNotesDeps) {}

  /** The appointment if the actor is its clinician; the patient and everyone else: 404. */
  async hostAppointment(actor: Actor, appointmentId: string): Promise<RoomAppointment> {
    const a = await this.deps.rooms.appointmentFor(actor, appointmentId)
    if (a.role !== 'host') throw consultNotFound()
    return a
  }

  /** The note as it stands; opening it starts the Encounter (in progress) if there is none yet. */
  read(a: RoomAppointment): Promise<ConsultNoteView> {
    return this.unit(a, async (u) => this.view(u))
  }

  /** Autosave of the draft: optimistic concurrency on the note's version. */
  save(a: RoomAppointment, body: NoteSaveBody): Promise<ConsultNoteView> {
    return this.unit(a, async (u) => {
      const status = noteStatus(u.note?.resource)
      if (status === 'signed' || status === 'amended') throw lockedNote()
      const version = u.note?.version ?? 0
      if (body.baseVersion !== version) throw staleVersion(version)
      // An autosave of unchanged text (a blur after a save) writes no new version.
      if (u.note && noteText(u.note.resource) === body.text.replace(/\r\n/g, '\n')) return this.view(u)
      const resource = draftNote({
        patientId: a.patientId,
        encounterId: encounterIdFor(a.id),
        author: u.clinician,
        text: body.text.replace(/\r\n/g, '\n'),
        at: this.deps.clock.now(),
      })
      return this.view({ ...u, note: await this.write(u, 'Composition', noteIdFor(a.id), resource) })
    })
  }

  /** Signs the draft the clinician read (its version): final, and locked from then on. */
  sign(a: RoomAppointment, body: NoteSignBody): Promise<ConsultNoteView> {
    return this.unit(a, async (u) => {
      const status = noteStatus(u.note?.resource)
      if (status === 'signed' || status === 'amended')
        throw new AppError('conflict', 'This note is already signed.', [{ path: 'status', message: status }])
      if (!u.note || !noteText(u.note.resource).trim())
        throw new AppError('conflict', 'Write the note before signing it.', [
          { path: 'text', message: 'empty' },
        ])
      if (body.baseVersion !== u.note.version) throw staleVersion(u.note.version)
      const resource = signedNote(u.note.resource, u.clinician, this.deps.clock.now())
      return this.view({ ...u, note: await this.write(u, 'Composition', noteIdFor(a.id), resource) })
    })
  }

  /** An amendment to a signed note: a new version (status amended) that keeps what was signed. */
  amend(a: RoomAppointment, body: NoteAmendBody): Promise<ConsultNoteView> {
    return this.unit(a, async (u) => {
      const status = noteStatus(u.note?.resource)
      if (!u.note || (status !== 'signed' && status !== 'amended'))
        throw new AppError('conflict', 'Only a signed note can be amended; edit the draft instead.', [
          { path: 'status', message: status },
        ])
      const resource = amendedNote(
        u.note.resource,
        u.clinician,
        body.text,
        body.reason,
        this.deps.clock.now(),
      )
      return this.view({ ...u, note: await this.write(u, 'Composition', noteIdFor(a.id), resource) })
    })
  }

  /**
   * Ending the call closes the Encounter (finished, with its end) and the room (the patient is told);
   * ending it again changes nothing.
   */
  async end(a: RoomAppointment): Promise<ConsultEncounterView> {
    const view = await this.unit(a, async (u) => {
      if (u.encounter.resource.status === 'finished')
        return encounterView(encounterIdFor(a.id), u.encounter.resource)
      const closed = finishedEncounter(u.encounter.resource, this.deps.clock.now())
      const written = await this.write(u, 'Encounter', encounterIdFor(a.id), closed)
      return encounterView(encounterIdFor(a.id), written.resource)
    })
    await this.deps.rooms.end(a)
    return view
  }

  private view(u: Unit): ConsultNoteView {
    const note = u.note
    const c = note?.resource
    const attester = c?.attester?.[0]
    return {
      appointmentId: u.a.id,
      ...(note ? { noteId: noteIdFor(u.a.id) } : {}),
      status: noteStatus(c),
      version: note?.version ?? 0,
      text: c ? noteText(c) : '',
      ...(note ? { updatedAt: note.updatedAt.toISOString() } : {}),
      ...(attester?.time ? { signedAt: attester.time } : {}),
      ...(attester?.party?.display ? { signedBy: attester.party.display } : {}),
      amendments: c ? amendmentsOf(c) : [],
      encounter: encounterView(encounterIdFor(u.a.id), u.encounter.resource),
    }
  }

  /** One locked unit of work: the appointment row, the clinician, the Encounter (made if missing), the note. */
  private unit<T>(a: RoomAppointment, work: (u: Unit) => Promise<T>): Promise<T> {
    return this.deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .selectFrom('appointment')
        .select('id')
        .where('id', '=', a.id)
        .where('status', '=', 'booked')
        .forUpdate()
        .executeTakeFirst()
      if (!row) throw consultNotFound()
      const account = await tx
        .selectFrom('account')
        .select('display_name')
        .where('id', '=', a.clinicianId)
        .executeTakeFirstOrThrow()
      const clinician = { id: a.clinicianId, displayName: account.display_name }
      const partial = { tx, a, clinician }
      const encounter =
        (await this.load<Encounter>(tx, 'Encounter', encounterIdFor(a.id))) ??
        (await this.write(
          partial,
          'Encounter',
          encounterIdFor(a.id),
          newEncounter({ appointmentId: a.id, patientId: a.patientId }, clinician, this.deps.clock.now()),
        ))
      const note = await this.load<Composition>(tx, 'Composition', noteIdFor(a.id))
      return work({ ...partial, encounter, note })
    })
  }

  private async load<T>(tx: Tx, type: ResourceType, id: string): Promise<Current<T> | undefined> {
    const row = await tx
      .selectFrom('fhir_resource')
      .select([
        'id',
        'version_id',
        'last_updated',
        'patient_id',
        'deleted',
        sql<string | null>`content::text`.as('json'),
      ])
      .where('resource_type', '=', type)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row || row.deleted) return undefined
    const opened = await this.deps.store.fromRow(type, row, tx)
    return {
      version: opened.versionId,
      updatedAt: opened.lastUpdated,
      resource: JSON.parse(opened.json!) as T,
    }
  }

  private async write<T>(
    u: { tx: Tx; a: RoomAppointment },
    type: ResourceType,
    id: string,
    resource: T,
  ): Promise<Current<T>> {
    const written = await this.deps.store.writeManaged(u.tx, type, id, resource, u.a.patientId)
    return {
      version: written.versionId,
      updatedAt: written.lastUpdated,
      resource: JSON.parse(written.json!) as T,
    }
  }
}

function staleVersion(current: number): AppError {
  return new AppError(
    'conflict',
    `The note was saved elsewhere since you loaded it (now version ${current}); reload it to continue.`,
    [{ path: 'body/baseVersion', message: `stale; the note is at version ${current}` }],
  )
}
