import t from 'tap';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseVerificationSpec } from '../../src/verify/verificationSpec.js';
import { runVerification } from '../../src/verify/runVerification.js';
import type { ExperimentSources } from '../../src/verify/experimentSources.js';
import { writeReport } from '../../src/report/writeReport.js';

// Opens report.html from disk in headless Chromium (Debian `chromium`, installed by .ci/run) and
// checks, in the DOM the browser built, that every plot figure holds a rendered SVG with marks.
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

const sources: ExperimentSources = {
  construct: (unit, _t, _d, widths) =>
    widths.map((n) => ({
      n,
      params: 3 * n + 1,
      rmse: n ** (unit.form.name === 'mlp' ? -2 : -3),
      localOrder: null,
      ratioToPredicted: 1,
    })),
  async measure() {
    return [];
  },
};

t.test(
  'report.html renders its plots in headless Chromium',
  { skip: CHROMIUM ? false : 'chromium is not installed here (apt-get install chromium; .ci/run installs it)' },
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'approx-order-html-'));
    const spec = parseVerificationSpec({
      name: 'html',
      units: ['mlp', 'glu'],
      targets: ['sin(x)'],
      widths: [4, 6, 8, 12, 16, 24, 32, 48, 64], // four doublings, so the verdicts can be PASS
      methods: [{ name: 'construct' }],
    });
    await writeReport(await runVerification(spec, { sources }), dir);
    const profile = mkdtempSync(join(tmpdir(), 'approx-order-chromium-'));
    writeFileSync(join(profile, '.keep'), '');
    const r = spawnSync(
      CHROMIUM!,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        `--user-data-dir=${profile}`,
        '--dump-dom',
        `file://${join(dir, 'report.html')}`,
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    t.equal(r.status, 0, r.status === 0 ? 'chromium exits 0' : `chromium failed: ${(r.stderr ?? '').slice(-500)}`);
    const dom = r.stdout;
    const figures = dom.match(/<figure class="plot"[\s\S]*?<\/figure>/g) ?? [];
    t.equal(figures.length, 3, 'three plots');
    for (const f of figures) {
      t.match(f, /<svg[^>]*class="marks"/, 'an SVG in the figure');
      t.ok((f.match(/<path/g) ?? []).length > 10, 'with drawn marks');
    }
    t.match(dom, /<td><span class="v-PASS">PASS<\/span><\/td>/, 'verdict cells are styled');
  },
);
