/** Read by vite-plugin-svelte, svelte-check and eslint-plugin-svelte. Runes only: no legacy component syntax. */
export default {
  compilerOptions: {
    runes: true,
  },
};
