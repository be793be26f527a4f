// Chinese-aware search for mdBook's search box.
//
// mdBook's index splits text on whitespace only, so a Chinese paragraph is
// one long "word" and a query such as 交叉熵 matches nothing. This script
// keeps mdBook's search UI (toolbar button, the `s` key, result list,
// highlighting) and replaces only the matching: every section whose text
// contains every query term (as a substring, case-insensitive) is a hit.
// The book is small, so scanning every section per keystroke is instant.
//
// Ranking: sections of the numbered chapters (titles "第 N 章　…") come
// before the pages around them (preface, course map, glossary), which
// mention every topic but teach none; within each group a section named
// after the term comes first.
(() => {
  "use strict";
  if (typeof elasticlunr === "undefined") return;

  const TEASER_CHARS = 120;
  const CHAPTER = /^第\s*\d+\s*章/;

  const count = (text, term) => {
    let n = 0;
    for (let i = text.indexOf(term); i !== -1; i = text.indexOf(term, i + 1)) {
      n += 1;
    }
    return n;
  };

  // A short piece of `body` around the first hit, so the result list shows
  // the term in context.
  const teaser = (body, term) => {
    const at = body.toLowerCase().indexOf(term);
    if (at === -1) return body.slice(0, TEASER_CHARS);
    const start = Math.max(0, at - TEASER_CHARS / 3);
    const piece = body.slice(start, start + TEASER_CHARS);
    return (start > 0 ? "… " : "") + piece + " …";
  };

  elasticlunr.Index.prototype.search = function (query) {
    const terms = query.toLowerCase().split(/\s+/).filter((t) => t.length);
    if (terms.length === 0) return [];
    const docs = this.documentStore.docs;
    const hits = [];
    let order = 0;
    for (const ref of Object.keys(docs)) {
      const doc = docs[ref];
      const title = (doc.title || "").toLowerCase();
      const body = (doc.body || "").toLowerCase();
      const crumbs = (doc.breadcrumbs || "").toLowerCase();
      let score = 0;
      let all = true;
      for (const term of terms) {
        const inTitle = count(title, term);
        const inBody = count(body, term);
        if (inTitle + inBody + count(crumbs, term) === 0) {
          all = false;
          break;
        }
        // A section named after the term is where it is taught.
        score += 20 * inTitle + 4 * count(crumbs, term) + Math.min(inBody, 10);
      }
      if (all) {
        hits.push({
          ref,
          score,
          aside: !CHAPTER.test(doc.breadcrumbs || ""),
          order: order++,
          doc: Object.assign({}, doc, { body: teaser(doc.body || "", terms[0]) }),
        });
      }
    }
    hits.sort(
      (a, b) => a.aside - b.aside || b.score - a.score || a.order - b.order
    );
    return hits;
  };
})();
