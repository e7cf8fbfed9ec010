/**
 * SyncDesk's own flags (--port, --listener-port, --sandbox / --no-sandbox) follow a `--` on Electron's command line:
 * `electron . -- --port 8080`, which is how scripts/start.mjs passes them. Chromium stops reading switches at `--`,
 * and that matters here: to Chromium `--no-sandbox` would switch off the renderer sandbox, to SyncDesk it means
 * "no simulators". Anything before the `--` belongs to Electron and Chromium and is ignored.
 */
export function syncdeskArgv(argv: readonly string[]): string[] {
  const separator = argv.indexOf('--');
  return separator === -1 ? [] : argv.slice(separator + 1);
}
