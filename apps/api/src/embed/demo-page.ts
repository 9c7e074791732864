/** articleId as the API accepts it; anything else falls back to the demo article. */
const ARTICLE_ID = /^[A-Za-z0-9._:/-]{1,200}$/;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/**
 * A publisher-like article page embedding the widget the way the README tells publishers to,
 * except that the script is named relatively: /embed/demo loads /embed/parley.js and
 * /api/v1/embed/demo loads /api/v1/embed/parley.js.
 */
export function demoPage(articleIdParam: unknown): string {
  const articleId = escapeHtml(
    typeof articleIdParam === 'string' && ARTICLE_ID.test(articleIdParam) ? articleIdParam : 'demo',
  );
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>The Daily Example: a demo article</title>
    <script src="parley.js" defer></script>
  </head>
  <body style="font-family: Georgia, serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem">
    <main>
      <article>
        <h1>A demo article</h1>
        <p>This page stands in for a publisher's article. The discussion below is Parley's widget,
        embedded with one script tag and one element.</p>
      </article>
      <parley-comments article-id="${articleId}" article-title="A demo article" api="/api/v1"></parley-comments>
    </main>
  </body>
</html>
`;
}
