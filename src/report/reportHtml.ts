/**
 * report.html: the Markdown report rendered to one self-contained page that opens from disk:
 * no scripts, no external files, the SVG plots inlined where the Markdown links them.
 * The converter covers exactly the Markdown that renderMarkdown writes (headings, paragraphs,
 * pipe tables, lists, **bold**, `code`, images), so the two reports never say different things.
 */
import type { ReportPlot } from './convergencePlots.js';

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function inline(text: string): string {
  return escape(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/\\\*/g, '*')
    .replace(/\b(PASS|FAIL|INCONCLUSIVE)\b/g, '<span class="v-$1">$1</span>');
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

const STYLE = `body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}th,td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{background:#f5f5f5;padding:0 3px}figure{margin:1.5em 0}figure svg{max-width:100%;height:auto}
.v-PASS{color:#11772d;font-weight:600}.v-FAIL{color:#b00020;font-weight:600}.v-INCONCLUSIVE{color:#a36100;font-weight:600}`;

export function renderHtml(markdown: string, plots: readonly ReportPlot[], title: string): string {
  const svgByFile = new Map(plots.map((p) => [p.file, p.svg]));
  const lines = markdown.split('\n');
  const body: string[] = [];
  for (let i = 0; i < lines.length;) {
    const line = lines[i];
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    const image = /^!\[([^\]]*)\]\(([^)]+)\)$/.exec(line);
    if (line.trim() === '') {
      i++;
    } else if (heading) {
      body.push(`<h${heading[1].length}>${inline(heading[2])}</h${heading[1].length}>`);
      i++;
    } else if (image) {
      const svg = svgByFile.get(image[2]);
      body.push(
        svg
          ? `<figure class="plot" data-file="${escape(image[2])}">${svg}</figure>`
          : `<p>(missing plot ${escape(image[2])})</p>`,
      );
      i++;
    } else if (line.startsWith('|')) {
      const block: string[] = [];
      while (i < lines.length && lines[i].startsWith('|')) block.push(lines[i++]);
      const [head, , ...rows] = block;
      body.push(
        '<table><thead><tr>' +
          cells(head)
            .map((c) => `<th>${inline(c)}</th>`)
            .join('') +
          '</tr></thead><tbody>' +
          rows
            .map(
              (r) =>
                '<tr>' +
                cells(r)
                  .map((c) => `<td>${inline(c)}</td>`)
                  .join('') +
                '</tr>',
            )
            .join('') +
          '</tbody></table>',
      );
    } else if (line.startsWith('- ')) {
      const items: string[] = [];
      while (i < lines.length && lines[i].startsWith('- ')) items.push(lines[i++].slice(2));
      body.push('<ul>' + items.map((t) => `<li>${inline(t)}</li>`).join('') + '</ul>');
    } else {
      const para: string[] = [];
      while (i < lines.length && lines[i].trim() !== '' && !/^(#|\||- |!\[)/.test(lines[i])) para.push(lines[i++]);
      body.push(`<p>${inline(para.join(' '))}</p>`);
    }
  }
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title><style>${STYLE}</style></head>\n<body>\n${body.join('\n')}\n</body></html>\n`;
}
