import { effectiveStatus } from '@parley/identity';
import type { AuditEntry, AuditPage } from '@parley/audit';
import type {
  DecisionOutcome,
  ModeratedComment,
  ModeratedCommentPage,
  ProfileNote,
  SanctionResult,
  UserProfile,
} from '@parley/moderation';
import { AuditEntryView, AuditPageView } from './dto/audit-entry.view';
import {
  DecisionView,
  ModeratedCommentView,
  ModerationQueueView,
} from './dto/moderated-comment.view';
import { NoteView } from './dto/note.view';
import { RevisionsView } from './dto/revisions.view';
import { SanctionView } from './dto/sanction.view';
import { UserProfileView } from './dto/user-profile.view';

export function toModeratedCommentView({
  comment,
  author,
  reportCounts,
  latestNotes,
}: ModeratedComment): ModeratedCommentView {
  return {
    id: comment.id,
    articleId: comment.articleId,
    parentId: comment.parentId,
    depth: comment.depth,
    author: author && { ...author, subscriberSince: author.subscriberSince?.toISOString() ?? null },
    body: comment.body,
    status: comment.status,
    holdReason: comment.holdReason,
    score: comment.score,
    pinned: comment.pinned,
    createdAt: comment.createdAt.toISOString(),
    editedAt: comment.editedAt?.toISOString() ?? null,
    likeCount: comment.likeCount,
    replyCount: comment.replyCount,
    openReportCount: comment.openReportCount,
    reportedAt: comment.reportedAt?.toISOString() ?? null,
    reportCounts: { ...reportCounts },
    latestNotes: latestNotes.map((note) => ({
      reason: note.reason,
      note: note.note,
      createdAt: note.createdAt.toISOString(),
    })),
  };
}

export function toModerationQueueView(page: ModeratedCommentPage): ModerationQueueView {
  return { items: page.items.map(toModeratedCommentView), nextCursor: page.nextCursor };
}

export function toDecisionView(outcome: DecisionOutcome): DecisionView {
  return { changed: outcome.changed, comment: toModeratedCommentView(outcome.comment) };
}

export function toSanctionView({ user, changed, removedComments }: SanctionResult): SanctionView {
  const status = effectiveStatus(user);
  return {
    id: user.id,
    status,
    suspendedUntil: status === 'suspended' ? (user.suspendedUntil?.toISOString() ?? null) : null,
    changed,
    removedComments,
  };
}

export function toAuditEntryView(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    actor: entry.actorId === null ? null : { id: entry.actorId },
    action: entry.action,
    target: entry.target,
    reasonCode: entry.reasonCode,
    reason: entry.reason,
    metadata: entry.metadata,
    createdAt: entry.createdAt.toISOString(),
  };
}

export function toAuditPageView(page: AuditPage): AuditPageView {
  return { items: page.items.map(toAuditEntryView), nextCursor: page.nextCursor };
}

export function toNoteView(note: ProfileNote): NoteView {
  return {
    id: note.id,
    userId: note.subjectId,
    author: note.author,
    note: note.body,
    createdAt: note.createdAt.toISOString(),
  };
}

export function toUserProfileView(profile: UserProfile): UserProfileView {
  const { user, tenure } = profile;
  const status = effectiveStatus(user);
  const { visible, pending, removed, deleted } = profile.commentCounts;
  return {
    user: {
      id: user.id,
      displayName: user.displayName ?? '',
      role: user.role,
      status,
      suspendedUntil: status === 'suspended' ? (user.suspendedUntil?.toISOString() ?? null) : null,
      emailVerified: user.emailVerifiedAt !== null,
    },
    memberSince: profile.memberSince.toISOString(),
    subscriberSince: tenure?.since.toISOString() ?? null,
    plan: tenure && { source: tenure.source, priceId: tenure.priceId },
    commentCounts: { visible, pending, removed, deleted },
    reports: { ...profile.reports },
    sanctions: profile.sanctions.map((sanction) => ({
      action: sanction.action,
      actorId: sanction.actorId,
      reason: sanction.reason,
      until: sanction.until?.toISOString() ?? null,
      createdAt: sanction.createdAt.toISOString(),
    })),
    notes: profile.notes.map(toNoteView),
    notesTotal: profile.notesTotal,
  };
}

export function toRevisionsView(revisions: { body: string; createdAt: Date }[]): RevisionsView {
  return {
    items: revisions.map((revision) => ({
      body: revision.body,
      createdAt: revision.createdAt.toISOString(),
    })),
  };
}
