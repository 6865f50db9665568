// Tauri's isolation pattern: every message from the window to Rust passes through this
// sandboxed frame before it is encrypted and sent. Accord's window calls only its own commands
// (`plugin:__app__` is implied for those) and the notification plugin's permission query; any
// other command is dropped here as well as refused by the capabilities.
const ALLOWED_PLUGIN_COMMANDS = new Set([
  "plugin:notification|is_permission_granted",
  "plugin:event|listen",
  "plugin:event|unlisten",
]);

window.__TAURI_ISOLATION_HOOK__ = (payload) => {
  const cmd = String(payload.cmd || "");
  if (cmd.startsWith("plugin:") && !ALLOWED_PLUGIN_COMMANDS.has(cmd)) {
    // Returning a command nobody serves makes the call fail with an error, visibly.
    return { ...payload, cmd: "plugin:accord-isolation|refused" };
  }
  return payload;
};
