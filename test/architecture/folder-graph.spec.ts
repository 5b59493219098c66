import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCycle, findCycles, folderGraph } from './folder-graph';

const ROOT = join(__dirname, '..', '..');
/** Source roots and how deep their folders nest: the config service has features with capabilities inside. */
const SOURCES = [
  ...readdirSync(join(ROOT, 'apps')).map((app) => ({
    root: join(ROOT, 'apps', app, 'src'),
    depths: app === 'config-service' ? [1, 2] : [1],
  })),
  ...readdirSync(join(ROOT, 'libs')).map((lib) => ({ root: join(ROOT, 'libs', lib, 'src'), depths: [1] })),
];

const cyclesOf = (root: string, depth: number): string[] =>
  findCycles(folderGraph(root, depth)).map(describeCycle);

describe('folder graph', () => {
  for (const { root, depths } of SOURCES) {
    for (const depth of depths) {
      it(`${root.slice(ROOT.length + 1)}: no import cycle between folders of depth ${depth}`, () => {
        expect(cyclesOf(root, depth)).toEqual([]);
      });
    }
  }

  describe('fails on a cycle and names it', () => {
    const fixture = mkdtempSync(join(tmpdir(), 'folder-graph-'));
    afterAll(() => rmSync(fixture, { recursive: true, force: true }));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(fixture, path)), { recursive: true });
      writeFileSync(join(fixture, path), text);
    };
    // catalogue/secrets -> serving/rendering (through serving's index) -> catalogue/secrets: the old secret box.
    write('catalogue/secrets/secret-box.ts', 'export class SecretBox {}\n');
    write('catalogue/secrets/secrets.service.ts', "import { Renderer } from '../../serving';\n");
    write('catalogue/index.ts', "export { SecretBox } from './secrets/secret-box';\n");
    write(
      'serving/index.ts',
      "export { Renderer } from './rendering/renderer';\nexport * from './serving.module';\n",
    );
    write('serving/serving.module.ts', "import { Renderer } from './rendering/renderer';\n");
    write(
      'serving/rendering/renderer.ts',
      "import type { SecretBox } from '../../catalogue';\nexport class Renderer {}\n",
    );
    write('serving/reads/reads.ts', "import { Renderer } from '../rendering/renderer';\n");
    write('main.ts', "import { SecretBox } from './catalogue';\nimport { Renderer } from './serving';\n");

    it('between features', () => {
      expect(cyclesOf(fixture, 1)).toEqual(['catalogue -> serving -> catalogue']);
    });

    it('between capability folders, seen through an index', () => {
      expect(cyclesOf(fixture, 2)).toEqual(['catalogue/secrets -> serving/rendering -> catalogue/secrets']);
    });
  });

  it('names the shortest way round a larger cycle', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c', 'd'])],
      ['c', new Set(['a'])],
      ['d', new Set<string>()],
    ]);
    expect(findCycles(graph).map(describeCycle)).toEqual(['a -> b -> c -> a']);
  });
});
