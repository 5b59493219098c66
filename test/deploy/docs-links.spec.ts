import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './manifests';

/** README.md is the map; the manual lives in docs/. */
const README_LIMIT_BYTES = 15 * 1024;

/**
 * Pages other branches write, linked before they are merged. An entry that exists fails the test below, so the
 * list is emptied as they land instead of hiding a broken link for ever.
 */
const PENDING: string[] = [];

function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(join(ROOT, path)).isDirectory()) {
      return markdownFiles(path);
    }
    return entry.endsWith('.md') ? [path] : [];
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules' || entry === 'results') {
      return [];
    }
    if (statSync(join(ROOT, path)).isDirectory()) {
      return sourceFiles(path);
    }
    return /\.(ts|mjs|sh)$/.test(entry) ? [path] : [];
  });
}

const pages = (): string[] => ['README.md', 'bench/README.md', ...markdownFiles('docs')];

/** Markdown without its code: links in fenced blocks and inline code are examples, not links. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Inline links and images `[text](target)`, with the line each is on. */
function links(text: string): { target: string; line: number }[] {
  const lines = prose(text).split('\n');
  return lines.flatMap((content, index) =>
    [...content.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => ({ target: m[1], line: index + 1 })),
  );
}

/** GitHub's heading anchors: lowercased, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of text.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** Every relative link of a page that does not resolve to a file (and, for `#anchor`, to a heading). */
function brokenLinks(page: string, text = readFileSync(join(ROOT, page), 'utf8')): string[] {
  return links(text).flatMap(({ target, line }) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
      return [];
    }
    const [pathPart, anchor] = target.split('#', 2);
    const file =
      pathPart === '' ? page : relative(ROOT, join(ROOT, dirname(page), decodeURIComponent(pathPart)));
    const where = `${page}:${line} → ${target}`;
    if (file.startsWith('..')) {
      return [`${where}: outside the repository`];
    }
    if (PENDING.includes(file.replace(/\/$/, ''))) {
      return [];
    }
    if (!existsSync(join(ROOT, file))) {
      return [`${where}: no such file`];
    }
    if (
      anchor !== undefined &&
      file.endsWith('.md') &&
      !anchors(readFileSync(join(ROOT, file), 'utf8')).has(anchor)
    ) {
      return [`${where}: no heading with that anchor`];
    }
    return [];
  });
}

describe('documentation', () => {
  it(`keeps README.md under ${README_LIMIT_BYTES / 1024} KB`, () => {
    expect(statSync(join(ROOT, 'README.md')).size).toBeLessThan(README_LIMIT_BYTES);
  });

  it('links only to files and headings that exist', () => {
    const all = pages();
    expect(all).toEqual(expect.arrayContaining(['docs/README.md', 'docs/contract.md']));
    expect(all.flatMap((page) => brokenLinks(page))).toEqual([]);
  });

  it('finds a broken link, a missing anchor and a link out of the repository', () => {
    const text = [
      '[fine](contract.md#what-we-answer) [d](x.md) `[in code](x.md)`',
      '[a](nowhere.md)',
      '[b](contract.md#no-such-heading) [c](../../elsewhere.md) [e](#neither-here)',
    ].join('\n');
    expect(brokenLinks('docs/README.md', text.replace('[d](x.md) ', ''))).toEqual([
      'docs/README.md:2 → nowhere.md: no such file',
      'docs/README.md:3 → contract.md#no-such-heading: no heading with that anchor',
      'docs/README.md:3 → ../../elsewhere.md: outside the repository',
      'docs/README.md:3 → #neither-here: no heading with that anchor',
    ]);
    expect(anchors('# What we answer\n## A `code` heading, twice\n## A code heading twice')).toEqual(
      new Set(['what-we-answer', 'a-code-heading-twice', 'a-code-heading-twice-1']),
    );
  });

  it('points source comments at docs/contract.md sections that exist, not at a file outside the clone', () => {
    const headings = anchors(readFileSync(join(ROOT, 'docs/contract.md'), 'utf8'));
    const problems: string[] = [];
    let pointers = 0;
    for (const file of ['apps', 'libs', 'test', 'scripts', 'bench'].flatMap(sourceFiles)) {
      if (file === 'test/deploy/docs-links.spec.ts') {
        continue;
      }
      const text = readFileSync(join(ROOT, file), 'utf8');
      if (/CONTRACT\.md|shared\/flotta/.test(text)) {
        problems.push(`${file}: points outside the repository (CONTRACT.md); use docs/contract.md`);
      }
      for (const [, anchor] of text.matchAll(/docs\/contract\.md#([a-z0-9-]+)/g)) {
        pointers += 1;
        if (!headings.has(anchor)) {
          problems.push(`${file}: docs/contract.md#${anchor} is no heading`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(pointers).toBeGreaterThan(10);
  });

  it('lists as pending only pages that are not there yet', () => {
    expect(PENDING.filter((path) => existsSync(join(ROOT, path)))).toEqual([]);
  });

  it('points every page of docs/ from the docs index', () => {
    const index = readFileSync(join(ROOT, 'docs/README.md'), 'utf8');
    const linked = new Set(
      links(index).map((l) => relative(ROOT, join(ROOT, 'docs', l.target.split('#')[0]))),
    );
    const unlisted = markdownFiles('docs').filter(
      (page) => !linked.has(page) && !page.startsWith('docs/decisions/') && page !== 'docs/README.md',
    );
    expect(unlisted).toEqual([]);
  });
});
