import t from 'tap';
import { join } from 'node:path';
import { displayPath } from '../../src/core/displayPath.js';
import { DEFAULT_SPEC } from '../../src/cli/verifyCommand.js';

t.test('paths inside the working directory are shown relative to it, others as given', async (t) => {
  const root = new URL('../..', import.meta.url).pathname;
  t.equal(displayPath(DEFAULT_SPEC, root), join('specs', 'paper.json'), 'the packaged spec, run from the checkout');
  t.equal(displayPath('/a/b/specs/x.json', '/a/b'), 'specs/x.json');
  t.equal(displayPath('/a/b/specs/x.json', '/a/b/'), 'specs/x.json', 'a trailing slash on the directory');
  t.equal(displayPath('/tmp/x.json', '/a/b'), '/tmp/x.json', 'outside: absolute, as given');
  t.equal(displayPath('/a/bc/x.json', '/a/b'), '/a/bc/x.json', 'a sibling whose name starts alike is outside');
  t.equal(displayPath('/a/b', '/a/b'), '/a/b', 'the directory itself');
  t.equal(displayPath('../x.json', '/a/b'), '../x.json', 'a relative path is already relative to the directory');
  t.equal(displayPath('/a/b/..x/y.json', '/a/b'), '..x/y.json', 'a folder named "..x" is inside');
});
