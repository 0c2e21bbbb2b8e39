'use strict';

/** A markdown table from rows of objects, columns in the given order. */
function markdownTable(columns, rows) {
  const header = `| ${columns.map((c) => c.title).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.align === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  const body = rows.map((row) => `| ${columns.map((c) => String(row[c.key] ?? '')).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}

module.exports = { markdownTable };
