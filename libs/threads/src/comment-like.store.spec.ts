import type { INestApplicationContext } from '@nestjs/common';
import { PrismaService } from '@parley/database';
import { createStoreTestContext } from '@parley/testing';
import { randomUUID } from 'node:crypto';
import { CommentLikeStore } from './comment-like.store';

describe(CommentLikeStore.name, () => {
  let context: INestApplicationContext;
  let likes: CommentLikeStore;
  let prisma: PrismaService;

  beforeAll(async () => {
    context = await createStoreTestContext([CommentLikeStore]);
    likes = context.get(CommentLikeStore);
    prisma = context.get(PrismaService);
  });
  afterAll(() => context.close());

  const user = async () => (await prisma.user.create({ data: { displayName: 'Reader' } })).id;
  const comment = async () => {
    const authorId = await user();
    const article = await prisma.article.create({ data: { id: `a-${randomUUID()}`, title: 'S' } });
    return (
      await prisma.comment.create({
        data: { articleId: article.id, authorId, body: 'b', status: 'visible' },
      })
    ).id;
  };
  const likeCount = async (id: string) =>
    (await prisma.comment.findUniqueOrThrow({ where: { id } })).likeCount;

  it('keeps like_count equal to the like rows when the same like races itself', async () => {
    const [commentId, userId] = await Promise.all([comment(), user()]);
    const added = await Promise.all(Array.from({ length: 5 }, () => likes.add(commentId, userId)));
    expect(added.filter(Boolean)).toHaveLength(1);
    expect(await likeCount(commentId)).toBe(1);
    const removed = await Promise.all(
      Array.from({ length: 5 }, () => likes.remove(commentId, userId)),
    );
    expect(removed.filter(Boolean)).toHaveLength(1);
    expect(await likeCount(commentId)).toBe(0);
  });

  it('answers with the comment as the like or unlike left it, null when it changed nothing', async () => {
    const [commentId, userId] = await Promise.all([comment(), user()]);
    expect(await likes.add(commentId, userId)).toMatchObject({ id: commentId, likeCount: 1 });
    expect(await likes.add(commentId, userId)).toBeNull();
    expect(await likes.remove(commentId, userId)).toMatchObject({ id: commentId, likeCount: 0 });
    expect(await likes.remove(commentId, userId)).toBeNull();
  });

  it("answers which of a page's comments the user likes", async () => {
    const [a, b, userId] = await Promise.all([comment(), comment(), user()]);
    await likes.add(b, userId);
    expect(await likes.likedAmong(userId, [a, b])).toEqual(new Set([b]));
    expect((await likes.listByUser(userId)).map((like) => like.commentId)).toEqual([b]);
  });
});
