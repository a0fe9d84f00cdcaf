// PLACEHOLDER until the notes module lands: consultation notes and closing the encounter.
export const consultNotesApi = {
  /** The host ends the consultation: the Encounter is closed (finished). */
  endConsultation: async (_appointmentId: string): Promise<void> => {},
}
