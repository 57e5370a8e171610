/**
 * Rows of plain-text cells laid out in aligned columns, two spaces apart, no
 * trailing blanks: the tables of terminal output. Cells must already be
 * escaped (escapeText); widths count UTF-16 units, which is what a terminal
 * shows for the ASCII and Latin text gitota writes.
 */
export function alignColumns(rows: ReadonlyArray<readonly string[]>, indent = ''): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, cell.length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
  );
}
