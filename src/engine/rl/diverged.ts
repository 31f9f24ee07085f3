/**
 * Training produced NaN or ±∞ (a loss became non-finite): the run cannot go on as it is. Its own
 * type, so the UI can tell it apart from other failures by class rather than by message.
 */
export class TrainingDivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingDivergedError';
  }
}
