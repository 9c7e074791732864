import { likeMarkOffsets, markLiked } from './liked-marks';

interface Item {
  id: string;
  body: string;
  author: { displayName: string };
  likedByMe: boolean;
}

const item = (id: string, body: string): Item => ({
  id,
  body,
  author: { displayName: `{"likedByMe":false} ${id}` },
  likedByMe: false,
});

// Texts that spell the field out, escaped or not, as readers may type them.
const items = [
  item('a', 'plain'),
  item('b', '"likedByMe":false'),
  item('c', ',"likedByMe":false\\'),
  item('d', '{"likedByMe":false}'),
];
const render = (list: Item[]) => JSON.stringify({ items: list, nextCursor: 'x' });

describe('liked marks', () => {
  it('marks exactly the liked items, as rendering the marked page would', () => {
    const body = render(items);
    const offsets = likeMarkOffsets(body, items.length);
    expect(offsets).toHaveLength(items.length);
    for (const liked of [new Set(['a']), new Set(['b', 'd']), new Set(['a', 'b', 'c', 'd'])]) {
      const expected = render(items.map((i) => (liked.has(i.id) ? { ...i, likedByMe: true } : i)));
      expect(markLiked(body, offsets!, items, liked)).toBe(expected);
    }
    expect(markLiked(body, offsets!, items, new Set(['zzz']))).toBe(body);
  });

  it('gives up (null) when the marks are not one per item', () => {
    expect(likeMarkOffsets(render(items), items.length + 1)).toBeNull();
    expect(likeMarkOffsets(render([{ ...items[0], likedByMe: true }]), 1)).toBeNull();
    expect(likeMarkOffsets(JSON.stringify({ items: [{ id: 'a' }] }), 1)).toBeNull();
  });
});
