-- reply_count now counts shown direct replies: visible ones and placeholders (deleted/removed
-- comments that have shown replies themselves), so a chain of placeholders still leads to the
-- visible replies below it. Recomputed bottom-up; depth-3 comments never have replies.
UPDATE comments p SET reply_count = (
  SELECT count(*) FROM comments c
  WHERE c.parent_id = p.id AND (c.status = 'visible' OR (c.status IN ('deleted', 'removed') AND c.reply_count > 0))
) WHERE p.depth = 2;

UPDATE comments p SET reply_count = (
  SELECT count(*) FROM comments c
  WHERE c.parent_id = p.id AND (c.status = 'visible' OR (c.status IN ('deleted', 'removed') AND c.reply_count > 0))
) WHERE p.depth = 1;

UPDATE comments p SET reply_count = (
  SELECT count(*) FROM comments c
  WHERE c.parent_id = p.id AND (c.status = 'visible' OR (c.status IN ('deleted', 'removed') AND c.reply_count > 0))
) WHERE p.depth = 0;
