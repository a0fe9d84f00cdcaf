/** Thrown by a protected action when the person closes the "confirm it's you" dialog. */
export class StepUpCancelled extends Error {
  override readonly name = 'StepUpCancelled'
  constructor() {
    super('Nothing was changed: the confirmation was cancelled.')
  }
}
