/**
 * Turns a `tel:` or `sip:` link (from a browser, a CRM page or the command line) into a dial
 * target for the renderer, or null when it is not one. The renderer validates the target again
 * before dialling; this only strips the scheme and URI parameters and refuses anything odd.
 */
export function parseDialLink(link: string): string | null {
  if (link.length > 512) return null;
  const match = /^(tel|sips?):(?:\/\/)?(.+)$/i.exec(link.trim());
  if (!match) return null;
  const scheme = match[1]!.toLowerCase();
  let rest: string;
  try {
    rest = decodeURIComponent(match[2]!);
  } catch {
    return null;
  }
  if (scheme === 'tel') {
    // RFC 3966: visual separators allowed; parameters after ';' are dropped.
    const number = rest.split(';')[0]!.replace(/[\s().-]/g, '');
    return /^\+?[0-9*#]{2,32}$/.test(number) ? number : null;
  }
  const uri = `${scheme}:${rest.split(/[;?]/)[0]}`;
  return /^sips?:[A-Za-z0-9._~%!$&'()*+,=-]+@[A-Za-z0-9.-]+(?::\d{1,5})?$/.test(uri) ? uri : null;
}

/** The first dial link among command-line arguments (Windows/Linux hand the URL over in argv). */
export function findDialLinkInArgs(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const target = /^(tel|sips?):/i.test(arg) ? parseDialLink(arg) : null;
    if (target) return target;
  }
  return null;
}
