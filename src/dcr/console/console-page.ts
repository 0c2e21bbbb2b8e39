/**
 * The console's page: a shell that loads the script and style (no inline code, as the
 * Content-Security-Policy demands); the script builds everything else.
 * @internal
 */
export function consolePage(assetPrefix: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Technical clients · Admin console</title>
<link rel="icon" href="${assetPrefix}icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${assetPrefix}app.css">
<script src="${assetPrefix}app.js" defer></script>
</head>
<body>
<noscript><p>The admin console needs JavaScript.</p></noscript>
<div id="app"></div>
</body>
</html>
`;
}

/** The console's icon (browsers ask for one; without it they log a failed `/favicon.ico`). @internal */
export const CONSOLE_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#24292f"/>' +
  '<path d="M16 6l9 4v6c0 5-4 9-9 10-5-1-9-5-9-10v-6z" fill="#ffffff"/></svg>';
