/** Each project README ends with its targets and edges as the Nx graph has them (drift check). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HEADING, readGraph, section, syncReadmes, withSection } from './readme-graph.ts';

const graph = {
  nodes: {
    app: { data: { root: 'apps/app', targets: { lint: {}, test: {}, serve: {} } } },
    lib: { data: { root: 'libs/lib', targets: { lint: {} } } },
  },
  dependencies: { app: [{ target: 'lib', type: 'implicit' }], lib: [] },
};

describe('readme-graph', () => {
  it('says which targets are written in project.json and what the project runs', () => {
    const s = section(graph, 'app', ['serve']);
    assert.match(s, /`lint`, `test` \(inferred/);
    assert.match(s, /; `serve` \(in project\.json\)/);
    assert.match(s, /Runs the code of `lib` \(implicit dependencies\)\. Nothing depends on it\./);
    assert.match(section(graph, 'lib', []), /Used by `app`\./);
  });

  it('replaces the section, or appends it once', () => {
    const body = `${HEADING}\n\nnew\n`;
    assert.equal(withSection('# x\n\ntext\n', body), `# x\n\ntext\n\n${body}`);
    assert.equal(withSection(`# x\n\n${HEADING}\n\nold\n`, body), `# x\n\n${body}`);
  });

  it('every project README in this workspace matches the graph (node tools/src/readme-graph.ts)', () => {
    assert.deepEqual(syncReadmes(readGraph(), true), []);
  });
});
