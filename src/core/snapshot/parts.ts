/**
 * A report's JSON text cut into parts small enough to be documents of the Extension Data Service: each part, as
 * the JSON string a document carries it in (quotes, backslashes and control characters escaped), stays under the
 * part size with room for the document's other members. Cuts fall between code points, never inside a surrogate
 * pair, so every part is valid text on its own and the parts joined are the report again.
 */

/** A snapshot document's largest size (issue 10: documents of at most 512 KB). */
export const SNAPSHOT_DOCUMENT_BYTES = 512 * 1024;
/** Room for a part document's other members: id, snapshot id, index, __etag and the JSON around them. */
const PART_ENVELOPE_BYTES = 1024;
export const PART_TEXT_BYTES = SNAPSHOT_DOCUMENT_BYTES - PART_ENVELOPE_BYTES;

/** The UTF-8 bytes a UTF-16 code unit takes inside a JSON string, at most (an escaped control character: \u00XX). */
function escapedBytes(code: number): number {
  if (code === 0x22 || code === 0x5c) return 2;
  if (code < 0x20) return 6;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  // A lone surrogate is written \uXXXX; a pair is handled by the caller (4 bytes for both).
  if (code >= 0xd800 && code <= 0xdfff) return 6;
  return 3;
}

/** The text in parts whose JSON-escaped UTF-8 size is at most maxBytes each (the last may be smaller; '' gives ['']). */
export function splitText(text: string, maxBytes = PART_TEXT_BYTES): string[] {
  if (maxBytes < 6) throw new Error('a part must hold at least one escaped character');
  const parts: string[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    const units = pair ? 2 : 1;
    const bytes = pair ? 4 : escapedBytes(code);
    if (size + bytes > maxBytes) {
      parts.push(text.slice(start, i));
      start = i;
      size = 0;
    }
    size += bytes;
    i += units;
  }
  parts.push(text.slice(start));
  return parts;
}
