/**
 * A signed-in reader's first page is the cached anonymous page with their own likes marked. The
 * page's JSON is kept as rendered, and only the `false` of each liked item's `"likedByMe"` is
 * replaced, instead of copying the page and serialising it again for every such reader.
 */
const FIELD = '"likedByMe":';
const UNLIKED = 'false';

/**
 * Where each item's `"likedByMe":false` has its `false` in the page's JSON, in item order, or
 * null when they cannot be told apart (a count that is not one per item). A key is preceded by
 * `{` or `,`; inside a string value its quote would be escaped (`\"`), so text cannot fake one.
 */
export function likeMarkOffsets(body: string, itemCount: number): number[] | null {
  const offsets: number[] = [];
  for (let at = body.indexOf(FIELD); at >= 0; at = body.indexOf(FIELD, at + FIELD.length)) {
    const before = body[at - 1];
    if (before !== ',' && before !== '{') continue;
    const value = at + FIELD.length;
    if (!body.startsWith(UNLIKED, value)) return null;
    offsets.push(value);
  }
  return offsets.length === itemCount ? offsets : null;
}

/** The page's JSON with `likedByMe` true on the items whose id is in `liked`. */
export function markLiked(
  body: string,
  offsets: number[],
  items: readonly { id: string }[],
  liked: ReadonlySet<string>,
): string {
  let marked = '';
  let from = 0;
  items.forEach((item, index) => {
    if (!liked.has(item.id)) return;
    marked += body.slice(from, offsets[index]) + 'true';
    from = offsets[index] + UNLIKED.length;
  });
  return marked + body.slice(from);
}
