/** `text` as one word of a POSIX shell: as it is when it needs no quoting, else in `'…'`. */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9@%+=:,./_-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
