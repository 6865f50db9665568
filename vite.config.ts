import { defineConfig } from "vite";

// The front end lives in ui/; Tauri embeds ui/dist. No remote resources: everything is bundled.
export default defineConfig({
  root: "ui",
  clearScreen: false,
  server: { port: 1420, strictPort: true, host: "127.0.0.1" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    // One stylesheet file and no inline scripts: the CSP allows only 'self'.
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  esbuild: { jsx: "automatic" },
  test: {
    root: ".",
    include: ["ui/src/**/*.test.ts", "ui/src/**/*.test.tsx"],
    environment: "jsdom",
  },
});
