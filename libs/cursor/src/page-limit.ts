/** Items per page of every keyset list (the contract's `limit`: 1–100, 20 when not asked). */
export const PAGE_LIMIT_MIN = 1;
export const PAGE_LIMIT_MAX = 100;
export const PAGE_LIMIT_DEFAULT = 20;
