/** The first line of every recording: says what the file is, so a wrong file is refused at line 1. */
export interface RecordingHeader {
  readonly kind: 'meta';
  readonly format: typeof RECORDING_FORMAT;
  readonly version: typeof RECORDING_VERSION;
  /** ISO time the recording started (wall clock). */
  readonly createdAt: string;
}

export const RECORDING_FORMAT = 'switchboard-inspection';
export const RECORDING_VERSION = 1;
