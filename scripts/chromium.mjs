// How Keyward's tests and benchmarks start Chromium: the system's browser, with the flags that
// keep it from reaching out to Google's services (this machine's network is closed).
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
