/** History routing for the desk: the server answers every desk path with the desk's index.html. */
class Router {
  path = $state(location.pathname);

  constructor() {
    addEventListener('popstate', () => {
      this.path = location.pathname;
    });
  }

  navigate(to: string, options: { replace?: boolean } = {}): void {
    if (to === this.path) return;
    if (options.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    this.path = to;
    scrollTo(0, 0);
  }
}

export const router = new Router();
