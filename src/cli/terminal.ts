/**
 * Text from Azure DevOps (error messages, names) shown on a terminal: a server, or anyone who can name a pipeline,
 * must not be able to move the cursor, rewrite earlier lines, set the window title or hide text with escape sequences.
 */

/** ESC-introduced sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC (… ST), and two-byte ones. */
const ESCAPE_SEQUENCES =
  /\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[PX^_][^\x1b]*(?:\x1b\\)?|\x1b[ -/]*[0-~]?|\x9b[0-?]*[ -/]*[@-~]?|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?/g;
/** C0 and C1 controls (line breaks and tabs become spaces), and the bidirectional overrides that reorder text. */
const LINE_BREAKS = /[\t\n\v\f\r\u2028\u2029]+/g;
const CONTROLS = /[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The text with every terminal escape sequence and control character removed, on one line. */
export function forTerminal(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(LINE_BREAKS, ' ').replace(CONTROLS, '');
}
