// How Keyward's tests and benchmarks start Chromium: the system's browser, with the flags that
// keep it from reaching out to Google's services (tests must never need a network). Even with
// background networking off, Chromium looks up Google's hosts as it starts; the resolver rule
// answers every name but 127.0.0.1 with "not found", so no name is ever looked up.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
