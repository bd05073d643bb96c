"""The reference server's SQL: one hand-written statement per endpoint.

``$1`` is always the viewer's user id (NULL when anonymous), so ``favorited`` and
``following`` come out false for anonymous readers, as in Conduit.
"""

_ARTICLE = """
    a.slug, a.title, a.description, a.created_at, a.updated_at, a.meta, a.word_count,
    ARRAY(SELECT t.name FROM article_tags l JOIN tags t ON t.id = l.tag_id
          WHERE l.article_id = a.id ORDER BY t.name COLLATE "C") AS tag_list,
    (SELECT count(*) FROM favorites f WHERE f.article_id = a.id) AS favorites_count,
    EXISTS(SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = $1) AS favorited,
    u.username, u.bio, u.image,
    EXISTS(SELECT 1 FROM follows w WHERE w.follower_id = $1 AND w.followee_id = u.id) AS following
"""
# Published, not deleted: written as the partial index's predicate so the planner uses it.
_PUBLIC = "deleted_at IS NULL AND status = 'published'"
# The page's ids come from the partial (created_at, id) index alone and only the rows shown are
# read in full; the total comes from the counts kept with the articles (``article_counts``:
# overall at tag '' and author 0, per author at tag ''), as Conduit's does. Keep this the best
# plan known: Conduit's SQL took it first.
_PAGE = """
SELECT {columns}, a.id, ({total}) AS total
FROM (
    SELECT id
    FROM articles
    WHERE {where}
    ORDER BY created_at DESC, id DESC
    LIMIT $2 OFFSET $3
) page
JOIN articles a ON a.id = page.id
JOIN users u ON u.id = a.author_id
ORDER BY a.created_at DESC, a.id DESC
"""

_FOLLOWED = "SELECT followee_id FROM follows WHERE follower_id = $1"
LIST_ARTICLES = _PAGE.format(
    columns=_ARTICLE,
    where=_PUBLIC,
    total="SELECT coalesce(sum(articles), 0) FROM article_counts WHERE tag = '' AND author_id = 0",
)
FEED = _PAGE.format(
    columns=_ARTICLE,
    where=f"{_PUBLIC} AND author_id IN ({_FOLLOWED})",
    total="SELECT coalesce(sum(articles), 0) FROM article_counts "  # noqa: S608 (constants)
    f"WHERE tag = '' AND author_id IN ({_FOLLOWED})",
)
ARTICLE = f"""
SELECT {_ARTICLE}, a.body, a.status, a.version
FROM articles a JOIN users u ON u.id = a.author_id
WHERE a.slug = $2 AND a.deleted_at IS NULL AND a.status = 'published'
"""  # noqa: S608 (constant SQL fragments; every value is a bind parameter)
PROFILE = """
SELECT u.username, u.bio, u.image,
       EXISTS(SELECT 1 FROM follows w WHERE w.follower_id = $1 AND w.followee_id = u.id)
         AS following
FROM users u
WHERE u.username = $2
"""
COMMENTS = """
SELECT c.id, c.body, c.created_at, c.updated_at, u.username, u.bio, u.image,
       EXISTS(SELECT 1 FROM follows w WHERE w.follower_id = $1 AND w.followee_id = u.id)
         AS following
FROM articles a
LEFT JOIN comments c ON c.article_id = a.id AND c.deleted_at IS NULL
LEFT JOIN users u ON u.id = c.author_id
WHERE a.slug = $2 AND a.deleted_at IS NULL AND a.status = 'published'
ORDER BY c.created_at, c.id
"""
TAGS = """
SELECT t.name FROM tags t
WHERE (SELECT 1 FROM article_tags l JOIN articles a ON a.id = l.article_id
       WHERE l.tag_id = t.id AND a.deleted_at IS NULL AND a.status = 'published' LIMIT 1)
      IS NOT NULL
ORDER BY t.name COLLATE "C"
"""
LOGIN = "SELECT id, email, username, bio, image, password_hash FROM users WHERE email = $1"
# Conduit's work for a new article, in one statement (so one transaction and one round trip):
# the author's default language into the metadata, the article, new tags and every link, the
# kept counts (overall, the author's, each tag's; in key order, as Conduit locks them; always
# shard 0: its locks last one statement, so it has no queue to spread), the
# audit entry and the outbox event, and the answer read back with the author. The tags are
# looked up twice because a statement does not see the rows its own CTEs insert. The summaries
# are Conduit's (``application.audit.article_summary``, ``domain.events.ArticlePublished``).
CREATE_ARTICLE = """
WITH article AS (
    INSERT INTO articles (slug, title, description, body, author_id, created_at, updated_at,
                          status, published_at, word_count, meta)
    VALUES ($1, $2, $3, $4, $5, $6, $6, 'published', $6, $8,
            (SELECT jsonb_build_object('language', s.default_language) FROM user_settings s
             WHERE s.user_id = $5 AND s.default_language IS NOT NULL))
    ON CONFLICT (slug) DO NOTHING
    RETURNING id, slug, title, description, body, author_id, created_at, updated_at, status,
              version, meta, word_count
), new_tags AS (
    INSERT INTO tags (name) SELECT unnest($7::text[])
    ON CONFLICT (name) DO NOTHING
    RETURNING id
), links AS (
    INSERT INTO article_tags (article_id, tag_id)
    SELECT article.id, tag.id
    FROM article,
         (SELECT id FROM new_tags UNION SELECT id FROM tags WHERE name = ANY($7::text[])) tag
), counts AS (
    INSERT INTO article_counts (tag, author_id, articles)
    SELECT key.tag, key.author_id, 1
    FROM article,
         LATERAL (SELECT '' AS tag, 0 AS author_id
                  UNION ALL SELECT '', article.author_id
                  UNION ALL SELECT DISTINCT unnest($7::text[]), 0) key
    ORDER BY key.tag, key.author_id
    ON CONFLICT (tag, author_id, shard) DO UPDATE SET articles = article_counts.articles + 1
), audit AS (
    INSERT INTO audit_entries (id, occurred_at, actor_id, entity, entity_id, action, after)
    SELECT gen_random_uuid(), $6, article.author_id, 'article', article.id::text, 'create',
           json_build_object('slug', article.slug, 'title', article.title,
                             'description', article.description, 'tags', $7::text[],
                             'status', article.status, 'deletedAt', NULL,
                             'version', article.version)
    FROM article
), event AS (
    INSERT INTO outbox (id, name, payload, occurred_at, available_at, attempts)
    SELECT gen_random_uuid()::text, 'ArticlePublished',
           json_build_object('article_id', article.id, 'slug', article.slug,
                             'title', article.title, 'author_id', article.author_id),
           $6, $6, 0
    FROM article
)
SELECT article.*, u.username, u.bio, u.image
FROM article JOIN users u ON u.id = article.author_id
"""
# An edit by the author, as Conduit makes it: the row locked and read (its tags for the audit
# summaries), updated with a new version, the audit entry (before and after) and the event.
UPDATE_ARTICLE = """
WITH old AS (
    SELECT a.id, a.slug, a.title, a.description, a.status, a.version,
           ARRAY(SELECT t.name FROM article_tags l JOIN tags t ON t.id = l.tag_id
                 WHERE l.article_id = a.id ORDER BY t.name COLLATE "C") AS tags
    FROM articles a
    WHERE a.slug = $1 AND a.author_id = $2 AND a.deleted_at IS NULL
    FOR UPDATE
), article AS (
    UPDATE articles a
    SET title = COALESCE($3, a.title), description = COALESCE($4, a.description),
        body = COALESCE($5, a.body), word_count = COALESCE($7, a.word_count),
        updated_at = $6, version = a.version + 1
    FROM old WHERE a.id = old.id
    RETURNING a.id, a.slug, a.title, a.description, a.body, a.author_id, a.created_at,
              a.updated_at, a.status, a.version, a.meta, a.word_count
), audit AS (
    INSERT INTO audit_entries (id, occurred_at, actor_id, entity, entity_id, action, before, after)
    SELECT gen_random_uuid(), $6, article.author_id, 'article', article.id::text, 'update',
           json_build_object('slug', old.slug, 'title', old.title,
                             'description', old.description, 'tags', old.tags,
                             'status', old.status, 'deletedAt', NULL, 'version', old.version),
           json_build_object('slug', article.slug, 'title', article.title,
                             'description', article.description, 'tags', old.tags,
                             'status', article.status, 'deletedAt', NULL,
                             'version', article.version)
    FROM article, old
), event AS (
    INSERT INTO outbox (id, name, payload, occurred_at, available_at, attempts)
    SELECT gen_random_uuid()::text, 'ArticleEdited',
           json_build_object('article_id', article.id, 'slug', article.slug,
                             'author_id', article.author_id),
           $6, $6, 0
    FROM article
)
SELECT article.*, old.tags AS tag_list,
       (SELECT count(*) FROM favorites f WHERE f.article_id = article.id) AS favorites_count,
       EXISTS(SELECT 1 FROM favorites f WHERE f.article_id = article.id AND f.user_id = $2)
         AS favorited,
       u.username, u.bio, u.image, false AS following
FROM article JOIN old ON old.id = article.id JOIN users u ON u.id = article.author_id
"""
# A comment, its audit entry and its event; the answer from what the insert returned.
ADD_COMMENT = """
WITH article AS (
    SELECT id, slug, title, author_id FROM articles
    WHERE slug = $1 AND deleted_at IS NULL AND status = 'published'
), comment AS (
    INSERT INTO comments (article_id, author_id, body, created_at, updated_at)
    SELECT article.id, $2, $3, $4, $4 FROM article
    RETURNING id, article_id, body, created_at, updated_at
), audit AS (
    INSERT INTO audit_entries (id, occurred_at, actor_id, entity, entity_id, action, after)
    SELECT gen_random_uuid(), $4, $2, 'comment', comment.id::text, 'create',
           json_build_object('articleId', comment.article_id, 'body', left(comment.body, 200),
                             'deletedAt', NULL)
    FROM comment
), event AS (
    INSERT INTO outbox (id, name, payload, occurred_at, available_at, attempts)
    SELECT gen_random_uuid()::text, 'CommentAdded',
           json_build_object('comment_id', comment.id, 'article_id', article.id,
                             'slug', article.slug, 'title', article.title,
                             'article_author_id', article.author_id, 'author_id', $2::integer,
                             'body', comment.body),
           $4, $4, 0
    FROM comment, article
)
SELECT comment.*, u.username, u.bio, u.image, false AS following
FROM comment JOIN users u ON u.id = $2
"""
# (Un)favoriting: the relation, its audit entry and its event, and the article read back. The
# final SELECT sees the data as it was before the statement, so the change is added to it.
_FAVORITE = """
WITH article AS (
    SELECT id, slug, title, author_id FROM articles
    WHERE slug = $2 AND deleted_at IS NULL AND status = 'published'
), changed AS (
    {change}
), audit AS (
    INSERT INTO audit_entries (id, occurred_at, actor_id, entity, entity_id, action, {side})
    SELECT gen_random_uuid(), $3, $1, 'favorite', changed.article_id::text, '{action}',
           json_build_object('userId', $1::integer, 'articleId', changed.article_id)
    FROM changed
), event AS (
    INSERT INTO outbox (id, name, payload, occurred_at, available_at, attempts)
    SELECT gen_random_uuid()::text, '{event}', json_build_object({payload}), $3, $3, 0
    FROM changed, article
)
SELECT a.slug, a.title, a.description, a.created_at, a.updated_at, a.meta, a.word_count,
    ARRAY(SELECT t.name FROM article_tags l JOIN tags t ON t.id = l.tag_id
          WHERE l.article_id = a.id ORDER BY t.name COLLATE "C") AS tag_list,
    (SELECT count(*) FROM favorites f WHERE f.article_id = a.id)
      {sign} (SELECT count(*) FROM changed) AS favorites_count,
    {favorited} AS favorited,
    u.username, u.bio, u.image,
    EXISTS(SELECT 1 FROM follows w WHERE w.follower_id = $1 AND w.followee_id = u.id) AS following,
    a.body, a.status, a.version
FROM article JOIN articles a ON a.id = article.id JOIN users u ON u.id = a.author_id
"""
FAVORITE = _FAVORITE.format(
    change="INSERT INTO favorites (user_id, article_id, created_at)"
    " SELECT $1, article.id, $3 FROM article ON CONFLICT DO NOTHING RETURNING article_id",
    side="after",
    action="create",
    event="ArticleFavorited",
    payload="'article_id', article.id, 'slug', article.slug, 'title', article.title,"
    " 'article_author_id', article.author_id, 'user_id', $1::integer",
    sign="+",
    favorited="true",
)
UNFAVORITE = _FAVORITE.format(
    change="DELETE FROM favorites f USING article"
    " WHERE f.article_id = article.id AND f.user_id = $1 RETURNING f.article_id",
    side="before",
    action="delete",
    event="ArticleUnfavorited",
    payload="'article_id', article.id, 'slug', article.slug, 'user_id', $1::integer",
    sign="-",
    favorited="false",
)
