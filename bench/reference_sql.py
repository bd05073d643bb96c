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
# read in full; the total is counted once, apart. Keep this the best plan known: Conduit's SQL
# took it first.
_PAGE = """
SELECT {columns}, a.id, (SELECT count(*) FROM articles WHERE {where}) AS total
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

LIST_ARTICLES = _PAGE.format(columns=_ARTICLE, where=_PUBLIC)
FEED = _PAGE.format(
    columns=_ARTICLE,
    where=f"{_PUBLIC} AND author_id IN (SELECT followee_id FROM follows WHERE follower_id = $1)",  # noqa: S608 (constants)
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
