export { decodeCursor, encodeCursor } from './keyset-cursor';
export type { CursorKind, CursorPosition } from './keyset-cursor';
