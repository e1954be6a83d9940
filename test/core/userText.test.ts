// User text in messages (core/userText) and the bounds on expression text (core/expressionText).
import t from 'tap';
import { quoteUserText, escapeControlCharacters, clipMessage, ECHO_LIMIT } from '../../src/core/userText.js';
import { expressionTextProblem, nestingDepth, MAX_NESTING } from '../../src/core/expressionText.js';

t.test('quoted user text is one line of bounded length', async (t) => {
  t.equal(quoteUserText('sin(x)'), '"sin(x)"');
  t.equal(quoteUserText('x\n+1'), '"x\\n+1"');
  t.equal(quoteUserText('a"b\\c'), '"a\\"b\\\\c"');
  t.equal(quoteUserText('\u001b[31mred'), '"\\x1b[31mred"');
  t.equal(quoteUserText('\u202eevil'), '"\\u202eevil"', 'a bidirectional override is escaped');
  const long = quoteUserText('x+'.repeat(60000));
  t.equal(long, `"${'x+'.repeat(ECHO_LIMIT / 2)}…" (120000 characters)`);
  t.equal(quoteUserText('\n'.repeat(100)).length < ECHO_LIMIT + 30, true, 'an escape is never cut in half');
  t.equal(escapeControlCharacters('a\tb\u0007'), 'a\\tb\\x07');
  t.equal(clipMessage('y'.repeat(500), 10), `${'y'.repeat(10)}…`);
});

t.test('expression text bounds', async (t) => {
  t.equal(expressionTextProblem('target', 'sin(x)', 1000), null);
  t.equal(expressionTextProblem('target', '  ', 1000), 'target is empty');
  t.match(
    expressionTextProblem('unit', 'u*'.repeat(200), 200),
    /^unit ".*…" \(400 characters\) is longer than 200 characters$/,
  );
  t.match(expressionTextProblem('target', 'x\u0000', 1000), /contains a control character/);
  t.equal(nestingDepth('((x)+[(y)])'), 3);
  const deep = '('.repeat(MAX_NESTING + 1) + 'x' + ')'.repeat(MAX_NESTING + 1);
  t.match(expressionTextProblem('target', deep, 1000), /nests brackets 101 deep; at most 100 levels are accepted/);
  t.equal(expressionTextProblem('target', '('.repeat(MAX_NESTING) + 'x' + ')'.repeat(MAX_NESTING), 1000), null);
});
