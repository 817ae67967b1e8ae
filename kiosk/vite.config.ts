import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
/** `npm run dev -w kiosk` talks to a station started with `npm start` (or the one named here). */
const station = process.env.PITWALL_DEV_STATION ?? 'http://127.0.0.1:8080';

/** In development, as the station does in production: /board/… and /lift/… open their own app. */
function appFallback(): Plugin {
  return {
    name: 'pitwall-app-fallback',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.headers.accept?.includes('text/html')) {
          const app = /^\/(board|lift)(?:[/?#]|$)/.exec(req.url ?? '')?.[1];
          if (app) req.url = `/${app}/index.html`;
        }
        next();
      });
    },
  };
}

/**
 * One workspace, three apps: the desk at `/`, the bay board at `/board`, the lift kiosk at `/lift`.
 * Each app is an HTML entry under src/; the server serves kiosk/dist with an SPA fallback per app.
 */
export default defineConfig({
  root: here('./src'),
  base: '/',
  publicDir: false,
  plugins: [svelte({ configFile: here('./svelte.config.js') }), appFallback()],
  resolve: {
    alias: {
      $contracts: here('../server/src/contracts'),
      $lib: here('./src/lib'),
    },
  },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    rolldownOptions: {
      input: {
        desk: here('./src/index.html'),
        board: here('./src/board/index.html'),
        lift: here('./src/lift/index.html'),
      },
      // The libraries every app loads (svelte, socket.io) in one long-cached chunk; code the apps
      // share otherwise goes to `shared-…` chunks rather than being named after its first module.
      output: {
        codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] },
        chunkFileNames: (chunk) =>
          chunk.name === 'vendor' ? 'assets/vendor-[hash].js' : 'assets/shared-[hash].js',
        assetFileNames: (asset) =>
          asset.names.some((name) => /^(desk|board|lift)\.css$/.test(name))
            ? 'assets/[name]-[hash][extname]'
            : `assets/${asset.names.some((name) => name.endsWith('.css')) ? 'shared' : '[name]'}-[hash][extname]`,
      },
    },
  },
  server: {
    proxy: {
      '/api': station,
      '/socket.io': { target: station, ws: true },
    },
  },
});
