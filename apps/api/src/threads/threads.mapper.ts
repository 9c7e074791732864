import type { ArticleWithCount, CommentPage, PublicComment, ReportResult } from '@parley/threads';
import { ArticleView } from './dto/article.view';
import { CommentPageView, CommentView } from './dto/comment.view';
import { ReportView } from './dto/report.view';

export function toArticleView(article: ArticleWithCount, now = new Date()): ArticleView {
  const { id, title, url, state, moderation, commentCount, audience, plans } = article;
  const surging = article.premoderatedUntil && article.premoderatedUntil > now;
  return {
    id,
    title,
    url,
    state,
    moderation,
    commentCount,
    audience,
    plans,
    closesAt: article.closesAt?.toISOString() ?? null,
    slowModeSeconds: article.slowModeSeconds,
    premoderatedUntil: surging ? article.premoderatedUntil!.toISOString() : null,
  };
}

export function toCommentView(comment: PublicComment): CommentView {
  return {
    ...comment,
    createdAt: comment.createdAt.toISOString(),
    editedAt: comment.editedAt?.toISOString() ?? null,
  };
}

export function toCommentPageView(page: CommentPage): CommentPageView {
  return { items: page.items.map(toCommentView), nextCursor: page.nextCursor };
}

export function renderCommentPage(page: CommentPage): string {
  return JSON.stringify(toCommentPageView(page));
}

export function toReportView(report: ReportResult['report']): ReportView {
  return { ...report, createdAt: report.createdAt.toISOString() };
}
