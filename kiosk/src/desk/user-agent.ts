/** "Chrome 156 · Linux" from a User-Agent header: enough to recognise one's own computers. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return '—';
  const browser =
    match(userAgent, /Edg\/(\d+)/, 'Edge') ??
    match(userAgent, /OPR\/(\d+)/, 'Opera') ??
    match(userAgent, /YaBrowser\/(\d+)/, 'Yandex Browser') ??
    match(userAgent, /Firefox\/(\d+)/, 'Firefox') ??
    match(userAgent, /(?:Chrome|Chromium|HeadlessChrome)\/(\d+)/, 'Chrome') ??
    match(userAgent, /Version\/(\d+).*Safari/, 'Safari');
  const os = /Windows/.test(userAgent)
    ? 'Windows'
    : /Android/.test(userAgent)
      ? 'Android'
      : /iPhone|iPad/.test(userAgent)
        ? 'iOS'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  if (!browser && !os) return userAgent.slice(0, 60);
  return [browser, os].filter(Boolean).join(' · ');
}

function match(userAgent: string, pattern: RegExp, name: string): string | null {
  const found = pattern.exec(userAgent);
  return found ? `${name} ${found[1]}` : null;
}
