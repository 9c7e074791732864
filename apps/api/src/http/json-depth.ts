/** JSON bodies nest at most this deep (the API's deepest body has 2 levels). */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when the raw JSON text nests objects/arrays deeper than `max`. One pass, before anything
 * is parsed, so a body of 40,000 `[` never reaches JSON.parse, class-transformer or
 * class-validator (whose recursion would overflow the stack). Brackets inside strings do not
 * count. Takes UTF-8 bytes (continuation bytes are never ASCII, so scanning bytes is exact) or a
 * decoded string (for the other UTF charsets). Malformed text is left to JSON.parse.
 */
export function jsonNestsDeeperThan(raw: Uint8Array | string, max = MAX_JSON_DEPTH): boolean {
  const unit = typeof raw === 'string' ? (i: number) => raw.charCodeAt(i) : (i: number) => raw[i];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = unit(i);
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}
