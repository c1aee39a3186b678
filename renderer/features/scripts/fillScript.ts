/**
 * Fills a CRM script's {{field}} placeholders (e.g. "{{name}} 고객님") with what the panel knows.
 * A field it does not know stays as written, so the agent sees a gap instead of reading out an
 * empty phrase; values are plain text (the panel renders text, never markup).
 */
export function fillScript(
  body: string,
  fields: Readonly<Record<string, string | null | undefined>>,
): string {
  return body.replace(
    /\{\{\s*([A-Za-z][A-Za-z0-9_]{0,31})\s*\}\}/g,
    (placeholder, name: string) => {
      const value = fields[name];
      return value ? value : placeholder;
    },
  );
}
