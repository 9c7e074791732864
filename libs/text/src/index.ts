export {
  codePointLength,
  findUnstorableText,
  hasInvisibleCharacter,
  isBlankText,
  isStorableText,
  lacksVisibleBase,
  NUL_MESSAGE,
  removeInvisible,
  SURROGATE_MESSAGE,
  trimText,
  unstorableReason,
} from './text-safety';
export type { TextProblem } from './text-safety';
