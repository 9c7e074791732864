export { decodeCursor, encodeCursor, MAX_CURSOR_LENGTH } from './keyset-cursor';
export type { CursorKind, CursorPosition } from './keyset-cursor';
export { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, PAGE_LIMIT_MIN } from './page-limit';
